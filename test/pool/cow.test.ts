// Copy-on-write memory images (issue 5; memory-image.ts, pool.ts): a module
// with enough constant data maps its initial memory from a memfd instead of
// writing it. In both memory modes: an instance sees exactly what V8 (the
// oracle) sees, its writes are its own, memory.grow past the image works, a
// released slot shows nothing of its tenant to the same module (a ready shell
// keeping the mapping) or to another module (the mapping is gone), small
// modules still copy, and a short mapping budget makes instances copy and
// then fail with PoolExhausted, never crash.
// Only the test runner imports this.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Engine, Memory, PoolExhausted } from '../../src/index.js';
import { COW_MIN_DATA_BYTES } from '../../src/runtime/memory-image.js';
import { native } from '../../src/runtime/native.js';
import { watToBinary } from '../../src/wasm/text.js';
import { V8 } from '../../bench/lib/v8.js';

type Fn = (...a: unknown[]) => Promise<unknown>;
const fns = (x: { exports: object }) => x.exports as Record<string, Fn>;

const SECRET = [0x5e, 0xc7, 0x37, 0xa1, 0x9b, 0x42, 0xd0, 0x0d];
const DATA_BYTES = COW_MIN_DATA_BYTES + 8000;

const pattern = (seed: number, n: number) => Uint8Array.from({ length: n }, (_, i) => (Math.imul(i ^ Math.imul(seed, 0x5bd1e995), 0x9e3779b1) >>> 24) | 1);
const escape = (b: Uint8Array) => Array.from(b, (x) => `\\${x.toString(16).padStart(2, '0')}`).join('');

/** A module whose data crosses page boundaries at unaligned offsets, with a later segment overwriting part of an earlier one. */
function cowModule(seed: number): string {
  return `(module
  (memory (export "memory") 2 8)
  (data (i32.const 1000) "${escape(pattern(seed, DATA_BYTES))}")
  (data (i32.const 5000) "overlap wins")
  (data (i32.const 70000) "tail on the second page")
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "load8") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "store8") (param i32 i32) (i32.store8 (local.get 0) (local.get 1)))
  (func (export "fill") (param $i i32) (param $n i32)
    (loop $l
      (i64.store (local.get $i) (i64.const 0x0dd0429ba137c75e))
      (local.set $i (i32.add (local.get $i) (i32.const 8)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))))`;
}

const SMALL = `(module
  (memory (export "memory") 1 8)
  (data (i32.const 0) "B")
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))`;

function indexOf(hay: Uint8Array, needle: ArrayLike<number>): number {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let k = 0; k < needle.length; k++) if (hay[i + k] !== needle[k]) continue outer;
    return i;
  }
  return -1;
}

async function v8Memory(wat: string): Promise<Uint8Array> {
  const x = new V8.Instance(new V8.Module(await watToBinary(wat)), {});
  return new Uint8Array((x.exports['memory'] as { buffer: ArrayBuffer }).buffer).slice();
}

const bytesOf = (x: { exports: object }) => new Uint8Array(((x.exports as Record<string, unknown>)['memory'] as Memory).buffer);

for (const memoryMode of ['guarded', 'checked'] as const) {
  test(`${memoryMode}: a copy-on-write instance sees V8's memory; writes are private; grow past the image works`, async () => {
    const engine = new Engine({ memoryMode });
    const pool = engine.runtime.pool;
    try {
      const wat = cowModule(1);
      const expected = await v8Memory(wat);
      const m = await engine.compile(wat);
      const a = await engine.instantiate(m);
      assert.equal(pool.imagesMapped, 1, 'the image was mapped, not copied');
      assert.notEqual(m.memoryImage, null);
      assert.deepEqual(bytesOf(a), expected, 'every byte as V8 lays it out (overlap order, unaligned ends, zeros)');

      const b = await engine.instantiate(m);
      assert.equal(pool.imagesMapped, 2);
      await fns(a).store8!(1000, 0xab);
      await fns(a).fill!(8192, 16384); // whole image pages
      assert.equal(await fns(b).load8!(1000), expected[1000], 'a write in one instance is not seen by another');
      assert.deepEqual(bytesOf(b), expected);
      assert.equal(await fns(a).load8!(1000), 0xab);

      assert.equal(await fns(a).grow!(3), 2, 'grows from 2 to 5 pages');
      const grown = bytesOf(a);
      assert.equal(grown.length, 5 * 65536);
      assert.equal(grown.subarray(2 * 65536).every((x) => x === 0), true, 'the new pages are zero');
      await fns(a).fill!(3 * 65536, 5 * 65536);
      assert.equal(indexOf(bytesOf(a).subarray(3 * 65536), SECRET), 0, 'and writable');
      assert.deepEqual(bytesOf(a).subarray(16384, 2 * 65536), expected.subarray(16384), 'the image beyond the writes is intact');
      a.release();
      b.release();
    } finally {
      engine.close();
    }
    assert.equal(native.stats().images, 0, 'engine.close closed the memfd');
  });

  test(`${memoryMode}: a recycled copy-on-write slot never shows its tenant's data, to the same module or another`, async () => {
    const engine = new Engine({ memoryMode, maxInstances: 1 });
    const pool = engine.runtime.pool;
    try {
      const watA = cowModule(2), watC = cowModule(3);
      const expectedA = await v8Memory(watA), expectedC = await v8Memory(watC);
      const mA = await engine.compile(watA);
      const a = await engine.instantiate(mA);
      const slotBase = (a.exports.memory as Memory).baseAddress;
      await fns(a).fill!(0, 2 * 65536); // secrets over every image page (private copies now)
      assert.equal(await fns(a).grow!(2), 2);
      await fns(a).fill!(2 * 65536, 4 * 65536);
      const oldBuffer = (a.exports.memory as Memory).buffer;
      assert.equal(indexOf(new Uint8Array(oldBuffer), SECRET), 0);
      a.release();
      assert.equal(oldBuffer.byteLength, 0, 'the tenant\'s buffer is detached');

      // The same module: a ready shell, the image still mapped, restored by madvise alone.
      const a2 = await engine.instantiate(mA);
      assert.equal((a2.exports.memory as Memory).baseAddress, slotBase, 'the shell was reused');
      assert.equal(pool.imagesMapped, 1, 'its slot kept the image');
      assert.deepEqual(bytesOf(a2), expectedA, 'exactly the initial image, no secret');
      assert.equal(await fns(a2).grow!(6), 2);
      assert.equal(indexOf(bytesOf(a2), SECRET), -1, 'nothing in the regrown pages either');
      await fns(a2).fill!(0, 8 * 65536);
      a2.release();

      // Another module without an image: the shell is broken up and the slot loses the mapping.
      const b = await engine.instantiate(await engine.compile(SMALL));
      assert.equal((b.exports.memory as Memory).baseAddress, slotBase, 'the other module got the slot');
      assert.equal(pool.imagesMapped, 0, 'the image was unmapped');
      assert.equal(await fns(b).grow!(7), 1);
      const all = bytesOf(b);
      assert.equal(indexOf(all, SECRET), -1, 'no secret');
      assert.equal(indexOf(all, expectedA.subarray(2000, 2032)), -1, 'and none of A\'s image');
      assert.equal(all[0], 'B'.charCodeAt(0));
      assert.equal(all.subarray(1).every((x) => x === 0), true, 'every other byte is zero');
      b.release();

      // Another module with an image of its own.
      const c = await engine.instantiate(await engine.compile(watC));
      assert.equal((c.exports.memory as Memory).baseAddress, slotBase);
      assert.equal(pool.imagesMapped, 1);
      assert.deepEqual(bytesOf(c), expectedC, 'its own image only');
      assert.equal(await fns(c).grow!(6), 2);
      assert.equal(indexOf(bytesOf(c), SECRET), -1);
      assert.equal(indexOf(bytesOf(c), expectedA.subarray(2000, 2032)), -1);
      c.release();
    } finally {
      engine.close();
    }
  });

  test(`${memoryMode}: a short mapping budget makes instances copy, then fail with PoolExhausted; nothing crashes`, async () => {
    const engine = new Engine({ memoryMode });
    const pool = engine.runtime.pool;
    const wat = cowModule(4);
    const expected = await v8Memory(wat);
    const m = await engine.compile(wat);
    const kept = [await engine.instantiate(m)]; // slots, heap and stacks exist before the budget shrinks
    const used = native.stats().mappings;
    const prev = native.testSetMappingLimit(2 * (used + 6)); // images may use the first ~6 mappings above today's
    try {
      let exhausted: unknown;
      for (let i = 0; i < 1000 && exhausted === undefined; i++) {
        if (pool.imagesDeclined > 0) native.testSetMappingLimit(native.stats().mappings); // now nothing more may be mapped
        try {
          kept.push(await engine.instantiate(m));
        } catch (e) {
          exhausted = e;
        }
      }
      assert.ok(exhausted instanceof PoolExhausted, `PoolExhausted, not ${String(exhausted)}`);
      assert.match(exhausted.message, /mapping/);
      assert.ok(pool.imagesMapped >= 2, `some instances mapped the image (${pool.imagesMapped})`);
      assert.ok(pool.imagesDeclined >= 1, 'past half the budget, instances copied');
      assert.ok(native.stats().mappings <= native.stats().mappingLimit, 'the budget was never exceeded');
      for (const x of kept) assert.deepEqual(bytesOf(x), expected, 'mapped and copied instances alike see the data');
    } finally {
      native.testSetMappingLimit(prev);
    }
    for (const x of kept) x.release();
    const again = await engine.instantiate(m);
    assert.deepEqual(bytesOf(again), expected, 'after release, instantiation works again');
    engine.close();
  });
}

test('small or import-dependent data is copied, not mapped', async () => {
  const engine = new Engine();
  try {
    const small = await engine.compile(SMALL);
    await engine.instantiate(small);
    assert.equal(small.memoryImage, null, 'a few bytes of data: copied');
    const data = escape(pattern(5, DATA_BYTES));
    const viaGlobal = await engine.compile(`(module
      (import "env" "base" (global i32))
      (memory (export "memory") 2)
      (data (global.get 0) "${data}"))`);
    const x = await engine.instantiate(viaGlobal, { env: { base: 4096 } });
    assert.equal(viaGlobal.memoryImage, null, 'an offset from an imported global: copied');
    assert.deepEqual(bytesOf(x).subarray(4096, 4096 + DATA_BYTES), pattern(5, DATA_BYTES));
    assert.equal(engine.runtime.pool.imagesMapped, 0);
  } finally {
    engine.close();
  }
});
