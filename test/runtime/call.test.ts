// The call loop with hand-built code: results, traps with codes and frames,
// host calls (sync, async, throwing), Val round trips bit for bit, the
// per-call deadline and the re-entrance refusal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { helperOffset, VMCTX } from '../../src/abi/vmctx.js';
import { Alu } from '../../src/compiler/x64/assembler.js';
import { NO_INDEX } from '../../src/compiler/x64/operands.js';
import { Cond, RAX, RDI, RSI, R15 } from '../../src/compiler/x64/registers.js';
import { Engine, Trap, type Val } from '../../src/index.js';
import { handModule, type Emitter } from './hand.js';

const ret42: Emitter = (t) => { t.enter(); t.a.movRI(32, RAX, 42); t.leave(); };
const identity: Emitter = (t) => { t.enter(); t.a.movRR(64, RAX, RDI); t.leave(); }; // i32/i64: rdi → rax; f32/f64: xmm0 untouched
const add: Emitter = (t) => { t.enter(); t.a.movRR(32, RAX, RDI); t.a.addRR(32, RAX, RSI); t.leave(); };
const unreachable: Emitter = (t) => { t.enter(); t.trap('unreachable'); };

test('exported functions return results through the entry thunk', async () => {
  const engine = new Engine();
  try {
    const m = await handModule(engine, `(module
      (func (export "answer") (result i32) unreachable)
      (func (export "add") (param i32 i32) (result i32) unreachable)
      (func (export "nothing")))`, [ret42, add, (t) => { t.enter(); t.leave(); }]);
    assert.deepEqual(m.exports(), [{ name: 'answer', kind: 'function' }, { name: 'add', kind: 'function' }, { name: 'nothing', kind: 'function' }]);
    const inst = await engine.instantiate(m);
    const e = inst.exports as Record<string, (...a: unknown[]) => Promise<unknown>>;
    assert.equal(await e.answer!(), 42);
    assert.equal(await e.add!(40, 2), 42);
    assert.equal(await e.add!(0x7fffffff, 1), -0x80000000); // i32 wraps, comes back signed
    assert.equal(await e.add!('3', 4.9), 7); // ToInt32 of the JS API
    assert.equal(await e.nothing!(), undefined);
    assert.deepEqual(await inst.call('add', [{ type: 'i32', value: -5 }, { type: 'i32', value: 3 }]), [{ type: 'i32', value: -2 }]);
    assert.equal(inst.exports.add, inst.exports.add, 'one wrapper per function');
    await assert.rejects(inst.call('add', [{ type: 'i64', value: 1n }, { type: 'i32', value: 1 }]), TypeError);
    await assert.rejects(inst.call('add', []), TypeError);
  } finally {
    engine.close();
  }
});

test('a trap rejects with its code, message and a backtrace with names', async () => {
  const engine = new Engine();
  try {
    const m = await handModule(engine, `(module
      (func $boom (export "boom") unreachable)
      (func $outer (export "outer") call $boom))`, [
      unreachable,
      (t) => { t.enter(); t.a.movRM(64, RAX, R15, NO_INDEX, 1, VMCTX.funcrefs); t.a.movRM(64, RAX, RAX, NO_INDEX, 1, 0); t.a.callM(RAX, NO_INDEX, 1, 0); t.leave(); },
    ]);
    const inst = await engine.instantiate(m);
    await assert.rejects(inst.call('boom'), (e: unknown) => {
      assert.ok(e instanceof Trap);
      assert.equal(e.code, 'unreachable');
      assert.equal(e.message, 'unreachable');
      assert.equal(e.frames.length, 1);
      assert.equal(e.frames[0]!.funcIndex, 0);
      assert.equal(e.frames[0]!.funcName, 'boom');
      assert.ok(e.frames[0]!.codeOffset > 0);
      return true;
    });
    await assert.rejects(inst.call('outer'), (e: unknown) => {
      assert.ok(e instanceof Trap);
      assert.deepEqual(e.frames.map((f) => [f.funcIndex, f.funcName]), [[0, 'boom'], [1, 'outer']]);
      return true;
    });
    // The instance is usable after a trap.
    await assert.rejects(inst.call('boom'), Trap);
  } finally {
    engine.close();
  }
});

test('host calls: sync and async imports, arguments and results converted', async () => {
  const engine = new Engine();
  try {
    const m = await handModule(engine, `(module
      (import "env" "twice" (func $twice (param i32) (result i32)))
      (import "env" "slow" (func $slow (param i64) (result i64)))
      (func (export "twice") (param i32) (result i32) unreachable)
      (func (export "slow") (param i64) (result i64) unreachable))`, [
      (t) => { t.enter(); t.callImport(0); t.a.addRI(32, RAX, 1); t.leave(); },
      (t) => { t.enter(); t.callImport(1); t.leave(); },
    ]);
    const seen: unknown[] = [];
    const inst = await engine.instantiate(m, {
      env: {
        twice: (x: number) => { seen.push(x); return x * 2; },
        slow: async (x: bigint) => { seen.push(x); await new Promise((r) => setTimeout(r, 5)); return x * 3n; },
      },
    });
    const e = inst.exports as Record<string, (...a: unknown[]) => Promise<unknown>>;
    assert.equal(await e.twice!(20), 41);
    assert.equal(await e.slow!(-7n), -21n);
    assert.equal(await e.slow!(2n ** 62n), BigInt.asIntN(64, 3n * 2n ** 62n));
    assert.deepEqual(seen, [20, -7n, 2n ** 62n]);
    // Concurrent calls into one instance queue behind each other.
    const results = await Promise.all([1n, 2n, 3n].map((x) => e.slow!(x)));
    assert.deepEqual(results, [3n, 6n, 9n]);
  } finally {
    engine.close();
  }
});

test('an import that throws abandons the guest and rejects with that error', async () => {
  const engine = new Engine();
  try {
    const m = await handModule(engine, `(module
      (import "env" "f" (func (param i32) (result i32)))
      (func (export "g") (param i32) (result i32) unreachable))`, [(t) => { t.enter(); t.callImport(0); t.leave(); }]);
    let mode = 'throw';
    const boom = new RangeError('from the host');
    const inst = await engine.instantiate(m, {
      env: {
        f: async (x: number) => {
          if (mode === 'throw') throw boom;
          return x + 100;
        },
      },
    });
    await assert.rejects(inst.call('g', [{ type: 'i32', value: 1 }]), (e) => e === boom);
    mode = 'ok';
    assert.deepEqual(await inst.call('g', [{ type: 'i32', value: 1 }]), [{ type: 'i32', value: 101 }]);
  } finally {
    engine.close();
  }
});

test('Val round trips keep NaN payloads, -0 and integer extremes', async () => {
  const engine = new Engine();
  try {
    const m = await handModule(engine, `(module
      (func (export "i32") (param i32) (result i32) unreachable)
      (func (export "i64") (param i64) (result i64) unreachable)
      (func (export "f32") (param f32) (result f32) unreachable)
      (func (export "f64") (param f64) (result f64) unreachable)
      (func (export "ext") (param externref) (result externref) unreachable)
      (func (export "fn") (param funcref) (result funcref) unreachable))`, [identity, identity, identity, identity, identity, identity]);
    const inst = await engine.instantiate(m);
    const cases: Val[] = [
      { type: 'i32', value: -1 }, { type: 'i32', value: -0x80000000 }, { type: 'i32', value: 0x7fffffff },
      { type: 'i64', value: -(2n ** 63n) }, { type: 'i64', value: 2n ** 63n - 1n }, { type: 'i64', value: -1n },
      { type: 'f32', bits: 0x7fa00001 }, { type: 'f32', bits: 0xffc00000 }, { type: 'f32', bits: 0x80000000 }, { type: 'f32', bits: 0x7f800001 },
      { type: 'f64', bits: 0x7ff4000000000001n }, { type: 'f64', bits: 0x8000000000000000n }, { type: 'f64', bits: 0xfff8000000000000n },
    ];
    for (const v of cases) assert.deepEqual(await inst.call(v.type, [v]), [v], JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? String(x) : x)));
    const e = inst.exports as Record<string, (...a: unknown[]) => Promise<unknown>>;
    assert.ok(Object.is(await e.f64!(-0), -0));
    assert.ok(Object.is(await e.f32!(-0), -0));
    assert.equal(await e.f32!(1.1), Math.fround(1.1));
    const obj = { some: 'object' };
    assert.equal(await e.ext!(obj), obj);
    assert.equal(await e.ext!(null), null);
    assert.equal(await e.ext!(undefined), undefined);
    assert.deepEqual(await inst.call('ext', [{ type: 'externref', value: 'str' }]), [{ type: 'externref', value: 'str' }]);
    assert.equal(await e.fn!(e.i32), e.i32, 'funcref identity survives a round trip');
    assert.equal(await e.fn!(null), null);
    await assert.rejects(e.fn!(() => 1), TypeError);
    await assert.rejects(e.i64!(1), TypeError);
  } finally {
    engine.close();
  }
});

test('a call past the engine deadline traps with interrupted', async () => {
  const engine = new Engine({ timeoutMs: 30 });
  try {
    const m = await handModule(engine, `(module (func (export "spin")))`, [(t) => {
      const a = t.a;
      t.enter();
      const top = a.newLabel(), poll = a.newLabel();
      a.bind(top);
      a.aluMI(Alu.Cmp, 32, R15, NO_INDEX, 1, VMCTX.interrupt, 0); // cmp dword [r15+interrupt], 0
      a.jcc(Cond.NE, poll);
      a.jmp(top);
      a.bind(poll);
      a.callM(R15, NO_INDEX, 1, helperOffset('yield'));
      a.jmp(top);
    }]);
    const inst = await engine.instantiate(m);
    const t0 = performance.now();
    await assert.rejects(inst.call('spin'), (e: unknown) => e instanceof Trap && e.code === 'interrupted');
    assert.ok(performance.now() - t0 >= 29);
    await assert.rejects(inst.call('spin'), (e: unknown) => e instanceof Trap && e.code === 'interrupted');
  } finally {
    engine.close();
  }
});

test('calling back into the running instances from an import is refused clearly', async () => {
  const engine = new Engine();
  try {
    const m = await handModule(engine, `(module
      (import "env" "cb" (func (result i32)))
      (func (export "outer") (result i32) unreachable)
      (func (export "inner") (result i32) unreachable))`, [(t) => { t.enter(); t.callImport(0); t.leave(); }, ret42]);
    let inner: (() => Promise<unknown>) | undefined;
    const inst = await engine.instantiate(m, {
      env: {
        cb: async () => {
          await assert.rejects(inner!(), /re-entrant call not supported yet/);
          return 7;
        },
      },
    });
    inner = inst.exports.inner as () => Promise<unknown>;
    assert.equal(await (inst.exports.outer as () => Promise<unknown>)(), 7);
    assert.equal(await inner(), 42); // fine once the outer call is over
  } finally {
    engine.close();
  }
});

test('closing the engine while a call waits in an async import rejects that call cleanly', async () => {
  const engine = new Engine();
  const m = await handModule(engine, `(module
    (import "env" "f" (func (result i32)))
    (func (export "g") (result i32) unreachable))`, [(t) => { t.enter(); t.callImport(0); t.leave(); }]);
  let release!: () => void;
  const inst = await engine.instantiate(m, { env: { f: () => new Promise<number>((r) => { release = () => r(1); }) } });
  const pending = inst.call('g');
  await new Promise((r) => setTimeout(r, 5));
  engine.close();
  release();
  await assert.rejects(pending, /engine is closed/);
});
