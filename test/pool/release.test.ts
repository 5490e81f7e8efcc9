// Release and recycling (issue 5): explicit release, release on collection,
// the group rule (nothing a live instance can reach is freed), PoolExhausted,
// and the tenant-data scan: a recycled slot never shows its previous tenant's
// bytes, in either memory mode.
// Only the test runner imports this.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Engine, Memory, PoolExhausted, Table } from '../../src/index.js';

type Fn = (...a: unknown[]) => Promise<unknown>;
const fns = (x: { exports: object }) => x.exports as Record<string, Fn>;

const SECRET = [0x5e, 0xc7, 0x37, 0xa1, 0x9b, 0x42, 0xd0, 0x0d];

const TENANT_A = `(module
  (memory (export "memory") 1 4)
  (data (i32.const 64) "tenant A data")
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "fill") (param $n i32) (local $i i32)
    (loop $l
      (i64.store (local.get $i) (i64.const 0x0dd0429ba137c75e))
      (local.set $i (i32.add (local.get $i) (i32.const 8)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))))`;

const TENANT_B = `(module
  (memory (export "memory") 1 4)
  (data (i32.const 0) "B")
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))`;

function findSecret(bytes: Uint8Array): number {
  for (let i = 0; i + SECRET.length <= bytes.length; i++) {
    let k = 0;
    while (k < SECRET.length && bytes[i + k] === SECRET[k]) k++;
    if (k === SECRET.length) return i;
  }
  return -1;
}

for (const memoryMode of ['guarded', 'checked'] as const) {
  test(`${memoryMode}: a recycled slot never shows the previous tenant's data`, async () => {
    const engine = new Engine({ memoryMode, maxInstances: 1 });
    try {
      const a = await engine.instantiate(await engine.compile(TENANT_A));
      assert.equal(await fns(a).grow!(2), 1, 'tenant A grows to 3 pages');
      await fns(a).fill!(3 * 65536);
      const memA = a.exports.memory as Memory;
      const oldBuffer = memA.buffer;
      assert.equal(findSecret(new Uint8Array(oldBuffer)), 0, 'the secret is written');
      assert.ok(findSecret(new Uint8Array(oldBuffer, 2 * 65536)) >= 0, 'in the grown pages too');
      const slotBase = memA.baseAddress;
      a.release();
      assert.equal(engine.liveInstances, 0, 'the release returned the slot');
      assert.equal(oldBuffer.byteLength, 0, 'the old tenant\'s buffer is detached');
      assert.throws(() => memA.buffer, /released/, 'the old Memory object is revoked');
      await assert.rejects(fns(a).fill!(8), /released/, 'the old exports refuse calls');

      // Another module takes the only slot: the same memory and guest.
      const b = await engine.instantiate(await engine.compile(TENANT_B));
      const memB = b.exports.memory as Memory;
      assert.equal(memB.baseAddress, slotBase, 'tenant B got the recycled slot');
      assert.equal(memB.buffer.byteLength, 65536, 'B starts at its own initial size');
      assert.equal(await fns(b).grow!(3), 1, 'B grows over the pages A had used');
      const all = new Uint8Array(memB.buffer);
      assert.equal(all.length, 4 * 65536);
      assert.equal(findSecret(all), -1, 'no secret anywhere in B\'s memory');
      assert.equal(all[0], 'B'.charCodeAt(0));
      assert.equal(all.subarray(1).every((x) => x === 0), true, 'every other byte is zero');
    } finally {
      engine.close();
    }
  });
}

test('PoolExhausted names the numbers and clears after release', async () => {
  const engine = new Engine({ memoryMode: 'checked', maxInstances: 2 });
  try {
    const m = await engine.compile('(module (memory (export "memory") 1))');
    const a = await engine.instantiate(m);
    const b = await engine.instantiate(m);
    await assert.rejects(engine.instantiate(m), (e: unknown) => {
      assert.ok(e instanceof PoolExhausted, String(e));
      assert.equal(e.live, 2);
      assert.equal(e.max, 2);
      assert.match(e.message, /2 of 2 instance slots/);
      return true;
    });
    a.release();
    a.release(); // idempotent
    assert.deepEqual(engine.poolStats, { live: 1, maxInstances: 2, readyShells: 1, pendingHostCalls: 0 }, 'the released instance waits as a ready shell');
    const c = await engine.instantiate(m);
    assert.equal(engine.liveInstances, 2);
    assert.equal(engine.poolStats.readyShells, 0, 'and was taken by the next instantiation');
    b.release();
    c.release();
    assert.equal(engine.liveInstances, 0);
  } finally {
    engine.close();
  }
});

test('an instance another live instance imports from is kept until both are released', async () => {
  const engine = new Engine();
  try {
    const lib = await engine.instantiate(await engine.compile(`(module
      (memory (export "memory") 1)
      (func (export "get") (result i32) (i32.load (i32.const 0)))
      (func (export "set") (param i32) (i32.store (i32.const 0) (local.get 0))))`));
    const user = await engine.instantiate(await engine.compile(`(module
      (import "lib" "get" (func $get (result i32)))
      (func (export "twice") (result i32) (i32.mul (call $get) (i32.const 2))))`), { lib: lib.exports });
    await fns(lib).set!(21);
    lib.release();
    await assert.rejects(fns(lib).get!(), /released/, 'JS may not call the released instance');
    assert.equal(engine.liveInstances, 2, 'its resources stay: the user still calls it');
    assert.equal(await fns(user).twice!(), 42, 'through the import, it still works');
    user.release();
    assert.equal(engine.liveInstances, 0, 'the group is freed when its last instance goes');
  } finally {
    engine.close();
  }
});

test('a host table holding an instance\'s function pins it until the engine closes', async () => {
  const engine = new Engine();
  try {
    const table = new Table(engine, { element: 'funcref', initial: 1 });
    const inst = await engine.instantiate(await engine.compile(`(module
      (import "h" "t" (table 1 funcref))
      (func $f (result i32) (i32.const 7))
      (elem (i32.const 0) func $f))`), { h: { t: table } });
    inst.release();
    assert.equal(engine.liveInstances, 1, 'the table may still reach it');
    assert.notEqual(table.get(0), null);
  } finally {
    engine.close();
  }
});

test('instances nobody references are freed after garbage collection; referenced ones are not', async () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const engine = new Engine({ memoryMode: 'checked' });
  try {
    const m = await engine.compile('(module (memory (export "memory") 1) (func (export "f") (result i32) (i32.const 5)))');
    const kept = fns(await engine.instantiate(m)).f!; // an exported function keeps its instance
    await (async () => {
      for (let i = 0; i < 50; i++) await engine.instantiate(m);
    })();
    assert.equal(engine.liveInstances, 51);
    for (let round = 0; round < 20 && engine.liveInstances > 1; round++) {
      gc();
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.equal(engine.liveInstances, 1, 'the 50 unreachable instances were freed');
    assert.equal(await kept(), 5, 'the one an exported function holds still works');
  } finally {
    engine.close();
  }
});

test('engine.close releases live, suspended and host-owned resources', async () => {
  const engine = new Engine();
  const mem = new Memory(engine, { initial: 1 });
  const inst = await engine.instantiate(await engine.compile(`(module
    (import "h" "wait" (func $w (result i32)))
    (func (export "f") (result i32) (call $w)))`), { h: { wait: () => new Promise(() => undefined) } });
  const pending = fns(inst).f!();
  await new Promise((r) => setImmediate(r));
  engine.close();
  await assert.rejects(pending, /closed/);
  assert.throws(() => mem.buffer, /closed/);
});

const STATEFUL = `(module
  (memory (export "memory") 1 4)
  (data (i32.const 64) "tenant data")
  (global $calls (mut i32) (i32.const 100))
  (table $t 2 8 funcref)
  (elem (i32.const 0) func $one)
  (type $r (func (result i32)))
  (func $one (result i32) (i32.const 1))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "bump") (result i32) (global.set $calls (i32.add (global.get $calls) (i32.const 1))) (global.get $calls))
  (func (export "tableSize") (result i32) (table.size $t))
  (func (export "scribble") (result i32)
    (drop (table.grow $t (ref.null func) (i32.const 3)))
    (table.set $t (i32.const 1) (ref.func $one))
    (call_indirect (type $r) (i32.const 1)))
  (func (export "second") (result i32) (call_indirect (type $r) (i32.const 1)))
  (func (export "fill") (param $n i32) (local $i i32)
    (loop $l
      (i64.store (local.get $i) (i64.const 0x0dd0429ba137c75e))
      (local.set $i (i32.add (local.get $i) (i32.const 8)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))))`;

for (const memoryMode of ['guarded', 'checked'] as const) {
  test(`${memoryMode}: the same module's recycled instance starts exactly as a fresh one (memory, globals, tables)`, async () => {
    const engine = new Engine({ memoryMode });
    try {
      const m = await engine.compile(STATEFUL);
      const fresh = await engine.instantiate(m);
      const expected = new Uint8Array((fresh.exports.memory as Memory).buffer).slice();
      const a = await engine.instantiate(m);
      const slotBase = (a.exports.memory as Memory).baseAddress;
      assert.equal(await fns(a).grow!(2), 1);
      await fns(a).fill!(3 * 65536);
      assert.equal(await fns(a).bump!(), 101);
      assert.equal(await fns(a).scribble!(), 1);
      assert.equal(await fns(a).tableSize!(), 5);
      a.release();

      const b = await engine.instantiate(m);
      const memB = b.exports.memory as Memory;
      assert.equal(memB.baseAddress, slotBase, 'the released instance was recycled');
      const bytes = new Uint8Array(memB.buffer);
      assert.equal(bytes.length, 65536, 'back to the initial size');
      assert.deepEqual(bytes, expected, 'memory is exactly the module\'s initial image');
      assert.equal(await fns(b).grow!(3), 1);
      assert.equal(findSecret(new Uint8Array(memB.buffer)), -1, 'no secret in the regrown pages');
      assert.equal(await fns(b).bump!(), 101, 'globals are back to their initial values');
      assert.equal(await fns(b).tableSize!(), 2, 'tables are back to their initial size');
      await assert.rejects(fns(b).second!(), /uninitialized element/, 'and contents');
      await assert.rejects(fns(a).bump!(), /released/, 'the old tenant\'s exports cannot reach the new one');
      fresh.release();
      b.release();
    } finally {
      engine.close();
    }
  });
}
