// The runtime with real compiled code (the baseline tier), in both memory
// modes: recursion, imports, call_indirect through a table shared by two
// instances, every runtime call (table.grow/fill/copy/init, elem.drop,
// memory.init, data.drop), traps with names and wasm offsets, V8 as oracle.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine, Table, Trap, Unsupported } from '../../src/index.js';
import { watToBinary } from '../../src/wasm/text.js';
import { handModule } from './hand.js';

type Fn = (...a: unknown[]) => Promise<unknown>;
const fns = (x: { exports: object }) => x.exports as Record<string, Fn>;

/** Node's own WebAssembly as the oracle (tsconfig has no WebAssembly lib). */
const V8 = (globalThis as unknown as {
  WebAssembly: { instantiate(b: Uint8Array, i?: object): Promise<{ instance: { exports: Record<string, (...a: unknown[]) => unknown> } }> };
}).WebAssembly;

const FACTORIAL = `(module
  (func $fac (export "fac") (param i64) (result i64)
    local.get 0 i64.eqz
    if (result i64) i64.const 1
    else local.get 0 local.get 0 i64.const 1 i64.sub call $fac i64.mul end)
  (func $sum (export "sum") (param i32) (result i32) (local i32)
    block loop
      local.get 0 i32.eqz br_if 1
      local.get 1 local.get 0 i32.add local.set 1
      local.get 0 i32.const 1 i32.sub local.set 0
      br 0
    end end
    local.get 1))`;

for (const memoryMode of ['guarded', 'checked'] as const) {
  test(`${memoryMode}: factorial and a loop agree with V8`, async () => {
    const engine = new Engine({ memoryMode });
    try {
      const inst = await engine.instantiate(await engine.compile(FACTORIAL));
      const v8 = (await V8.instantiate(await watToBinary(FACTORIAL))).instance.exports;
      for (const n of [0n, 1n, 5n, 20n, 25n]) assert.equal(await fns(inst).fac!(n), v8.fac!(n), `fac(${n})`);
      for (const n of [0, 1, 100, 100000]) assert.equal(await fns(inst).sum!(n), v8.sum!(n), `sum(${n})`);
    } finally {
      engine.close();
    }
  });

  test(`${memoryMode}: call_indirect through a table shared by two instances`, async () => {
    const engine = new Engine({ memoryMode });
    try {
      const a = await engine.instantiate(await engine.compile(`(module
        (type $ii (func (param i32) (result i32)))
        (table (export "tab") 4 funcref)
        (func $double (type $ii) local.get 0 i32.const 2 i32.mul)
        (func $neg (param i64) (result i64) i64.const 0 local.get 0 i64.sub)
        (elem (i32.const 0) $double $neg)
        (func (export "call") (param i32 i32) (result i32)
          local.get 1 local.get 0 call_indirect (type $ii)))`));
      const b = await engine.instantiate(await engine.compile(`(module
        (type $ii (func (param i32) (result i32)))
        (import "a" "tab" (table 4 funcref))
        (import "env" "host" (func $host (type $ii)))
        (func $square (type $ii) local.get 0 local.get 0 i32.mul)
        (elem (i32.const 2) $square $host)
        (func (export "call") (param i32 i32) (result i32)
          local.get 1 local.get 0 call_indirect (type $ii)))`), { a: { tab: a.exports.tab! }, env: { host: (x: number) => x + 1000 } });
      assert.equal(await fns(a).call!(0, 21), 42);
      assert.equal(await fns(a).call!(2, 9), 81, "A calls B's function through the shared table");
      assert.equal(await fns(b).call!(0, 5), 10, "B calls A's function");
      assert.equal(await fns(a).call!(3, 1), 1001, "A calls B's host import through the table");
      await assert.rejects(fns(a).call!(1, 1), (e: unknown) => e instanceof Trap && e.code === 'indirect_call_signature');
      await assert.rejects(fns(b).call!(4, 1), (e: unknown) => e instanceof Trap && e.code === 'indirect_call_out_of_bounds' && e.message === 'undefined element');
      (a.exports.tab as Table).set(1, null);
      await assert.rejects(fns(b).call!(1, 1), (e: unknown) => e instanceof Trap && e.code === 'indirect_call_null');
    } finally {
      engine.close();
    }
  });

  test(`${memoryMode}: table runtime calls: grow, fill, copy, init, elem.drop`, async () => {
    const engine = new Engine({ memoryMode });
    try {
      const inst = await engine.instantiate(await engine.compile(`(module
        (table $t (export "t") 2 6 funcref)
        (table $e (export "e") 0 externref)
        (func $f1 (export "f1") (result i32) i32.const 1)
        (func $f2 (export "f2") (result i32) i32.const 2)
        (elem $seg func $f1 $f2 $f1)
        (elem declare func $f2)
        (func (export "grow") (param i32) (result i32) ref.func $f2 local.get 0 table.grow $t)
        (func (export "growExt") (param externref i32) (result i32) local.get 0 local.get 1 table.grow $e)
        (func (export "getExt") (param i32) (result externref) local.get 0 table.get $e)
        (func (export "fill") (param i32 i32) local.get 0 ref.null func local.get 1 table.fill $t)
        (func (export "copy") (param i32 i32 i32) local.get 0 local.get 1 local.get 2 table.copy $t $t)
        (func (export "init") (param i32 i32 i32) local.get 0 local.get 1 local.get 2 table.init $t $seg)
        (func (export "drop") elem.drop $seg))`));
      const f = fns(inst);
      const t = inst.exports.t as Table;
      assert.equal(await f.grow!(2), 2);
      assert.equal(t.length, 4);
      assert.equal(t.get(3), inst.exports.f2);
      assert.equal(await f.grow!(3), -1, 'past the maximum');
      assert.equal(await f.growExt!('x', 3), 0);
      assert.equal(await f.getExt!(2), 'x');
      await f.init!(0, 0, 3);
      assert.deepEqual([0, 1, 2, 3].map((i) => t.get(i)), [inst.exports.f1, inst.exports.f2, inst.exports.f1, inst.exports.f2]);
      await assert.rejects(f.init!(2, 1, 3), (e: unknown) => e instanceof Trap && e.code === 'table_out_of_bounds');
      await f.copy!(0, 1, 3);
      assert.deepEqual([0, 1, 2, 3].map((i) => t.get(i)), [inst.exports.f2, inst.exports.f1, inst.exports.f2, inst.exports.f2]);
      await assert.rejects(f.copy!(2, 0, 3), (e: unknown) => e instanceof Trap && e.code === 'table_out_of_bounds');
      await f.fill!(1, 2);
      assert.deepEqual([0, 1, 2, 3].map((i) => t.get(i)), [inst.exports.f2, null, null, inst.exports.f2]);
      await assert.rejects(f.fill!(3, 2), (e: unknown) => e instanceof Trap && e.code === 'table_out_of_bounds');
      await f.drop!();
      await f.init!(0, 0, 0); // a dropped segment has length 0
      await assert.rejects(f.init!(0, 0, 1), (e: unknown) => e instanceof Trap && e.code === 'table_out_of_bounds');
    } finally {
      engine.close();
    }
  });

  test(`${memoryMode}: memory.init and data.drop; passive segments wait, active ones are dropped`, async () => {
    const engine = new Engine({ memoryMode });
    try {
      const inst = await engine.instantiate(await engine.compile(`(module
        (memory (export "mem") 1)
        (data $p "hello")
        (data $a (i32.const 0) "AB")
        (func (export "init") (param i32 i32 i32) local.get 0 local.get 1 local.get 2 memory.init $p)
        (func (export "initActive") (param i32) local.get 0 i32.const 0 i32.const 1 memory.init $a)
        (func (export "drop") data.drop $p))`));
      const f = fns(inst);
      const bytes = () => new Uint8Array((inst.exports.mem as { buffer: ArrayBuffer }).buffer);
      assert.equal(String.fromCharCode(...bytes().subarray(0, 2)), 'AB');
      await f.init!(10, 1, 4);
      assert.equal(String.fromCharCode(...bytes().subarray(10, 14)), 'ello');
      await assert.rejects(f.init!(65534, 0, 3), (e: unknown) => e instanceof Trap && e.code === 'memory_out_of_bounds');
      await assert.rejects(f.init!(0, 3, 3), (e: unknown) => e instanceof Trap && e.code === 'memory_out_of_bounds');
      await assert.rejects(f.initActive!(0), (e: unknown) => e instanceof Trap && e.code === 'memory_out_of_bounds', 'active segments are dropped after instantiation');
      await f.drop!();
      await f.init!(0, 0, 0);
      await assert.rejects(f.init!(0, 0, 1), (e: unknown) => e instanceof Trap && e.code === 'memory_out_of_bounds');
    } finally {
      engine.close();
    }
  });

  test(`${memoryMode}: traps carry function names and wasm offsets; unbounded recursion exhausts the stack`, async () => {
    const engine = new Engine({ memoryMode, stackBytes: 256 * 1024 });
    try {
      const bytes = await watToBinary(`(module
        (func $inner (param i32) (result i32) local.get 0 i32.const 0 i32.div_u)
        (func $outer (export "outer") (param i32) (result i32) local.get 0 call $inner)
        (func $rec (export "rec") (param i32) (result i32) local.get 0 call $rec))`);
      const inst = await engine.instantiate(await engine.compile(bytes));
      await assert.rejects(fns(inst).outer!(1), (e: unknown) => {
        assert.ok(e instanceof Trap);
        assert.equal(e.code, 'integer_divide_by_zero');
        assert.deepEqual(e.frames.map((fr) => fr.funcName), ['inner', 'outer']);
        assert.equal(bytes[e.frames[0]!.wasmOffset!], 0x6e, 'the inner frame points at i32.div_u');
        assert.equal(bytes[e.frames[1]!.wasmOffset!], 0x10, 'the outer frame points at its call');
        return true;
      });
      await assert.rejects(fns(inst).rec!(1), (e: unknown) => e instanceof Trap && e.code === 'stack_overflow' && e.message === 'call stack exhausted');
      assert.equal(await fns(inst).outer!(0).catch((e: unknown) => (e as Trap).code), 'integer_divide_by_zero');
    } finally {
      engine.close();
    }
  });

  test(`${memoryMode}: globals and multi-value results through the compiled code`, async () => {
    const engine = new Engine({ memoryMode });
    try {
      const inst = await engine.instantiate(await engine.compile(`(module
        (global $g (export "g") (mut f64) (f64.const -0))
        (func (export "swap") (param i32 i64 f32 f64) (result f64 f32 i64 i32)
          local.get 3 local.get 2 local.get 1 local.get 0)
        (func (export "bump") (result f64) global.get $g f64.const 1.5 f64.add global.set $g global.get $g))`));
      const out = await inst.call('swap', [
        { type: 'i32', value: -7 }, { type: 'i64', value: -(2n ** 63n) }, { type: 'f32', bits: 0x7fa00001 }, { type: 'f64', bits: 0x7ff4000000000001n },
      ]);
      assert.deepEqual(out, [
        { type: 'f64', bits: 0x7ff4000000000001n }, { type: 'f32', bits: 0x7fa00001 }, { type: 'i64', value: -(2n ** 63n) }, { type: 'i32', value: -7 },
      ]);
      assert.deepEqual(await fns(inst).swap!(1, 2n, 3, 4), [4, 3, 2n, 1]);
      assert.deepEqual(inst.getGlobal('g'), { type: 'f64', bits: 0x8000000000000000n });
      assert.equal(await fns(inst).bump!(), 1.5);
      assert.equal((inst.exports.g as { value: unknown }).value, 1.5);
    } finally {
      engine.close();
    }
  });
}

test('signatures too wide for the area are Unsupported, not crashes', async () => {
  const engine = new Engine();
  try {
    const params = Array.from({ length: 33 }, () => 'i32').join(' ');
    const inst = await engine.instantiate(await engine.compile(`(module (func (export "wide") (param ${params}) (result i32) local.get 32))`));
    await assert.rejects(fns(inst).wide!(...Array.from({ length: 33 }, (_, i) => i)), (e: unknown) => e instanceof Unsupported);
    const m = await engine.compile(`(module (import "h" "wide" (func (param ${params}))))`);
    await assert.rejects(engine.instantiate(m, { h: { wide: () => {} } }), (e: unknown) => e instanceof Unsupported);
  } finally {
    engine.close();
  }
});

test('fuel: each call gets the budget; running out traps with out_of_fuel', async () => {
  const engine = new Engine({ fuel: 10_000 });
  try {
    const inst = await engine.instantiate(await engine.compile(`(module
      (func (export "spin") (loop br 0))
      ${FACTORIAL.slice('(module'.length)}`));
    await assert.rejects(fns(inst).spin!(), (e: unknown) => e instanceof Trap && e.code === 'out_of_fuel' && e.message === 'all fuel consumed');
    assert.equal(await fns(inst).sum!(100), 5050, 'a fresh budget for the next call');
    await assert.rejects(fns(inst).sum!(100_000), (e: unknown) => e instanceof Trap && e.code === 'out_of_fuel');
    assert.equal(await fns(inst).fac!(20n), 2432902008176640000n);
    const unmetered = await handModule(engine, '(module (func (export "f")))', [(t) => { t.enter(); t.leave(); }]);
    await assert.rejects(engine.instantiate(unmetered), /compiled without fuel metering/);
  } finally {
    engine.close();
  }
});
