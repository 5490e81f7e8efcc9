// Memory.read/write (the host's copying access, which makes no view of the
// memory) and Memory.renew (a ready shell's memory back to the module's
// initial state): bounds at every edge, refusal after release, no external
// memory per access, and a recycled small memory — zeroed by writing rather
// than madvise — showing nothing of the previous tenant, in both modes.
// Only the test runner imports this.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Engine, Memory } from '../../src/index.js';
import { isNativeError, native } from '../../src/runtime/native.js';
import { PROT } from '../../src/abi/vmctx.js';

type Fn = (...a: unknown[]) => Promise<unknown>;
const fns = (x: { exports: object }) => x.exports as Record<string, Fn>;

const SECRET = 0x0dd0429ba137c75en;

/** Fills [0, n) with SECRET; grows by its argument. */
const TENANT = (memory: string, data: string) => `(module
  (memory (export "memory") ${memory})
  ${data}
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "fill") (param $n i32) (local $i i32)
    (loop $l
      (i64.store (local.get $i) (i64.const ${SECRET}))
      (local.set $i (i32.add (local.get $i) (i32.const 8)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))))`;

function readAll(mem: Memory): Uint8Array {
  const out = new Uint8Array(mem.byteLength);
  mem.read(0, out);
  return out;
}

for (const memoryMode of ['guarded', 'checked'] as const) {
  test(`${memoryMode}: read and write copy at every edge, refuse outside the memory and after release`, async () => {
    const engine = new Engine({ memoryMode });
    try {
      const x = await engine.instantiate(await engine.compile(TENANT('1 2', '(data (i32.const 65532) "\\01\\02\\03\\04")')));
      const mem = x.exports.memory as Memory;
      const last = new Uint8Array(4);
      mem.read(65532, last);
      assert.deepEqual([...last], [1, 2, 3, 4], 'the last bytes are readable');
      mem.write(65535, new Uint8Array([9]));
      mem.read(65532, last);
      assert.deepEqual([...last], [1, 2, 3, 9]);
      mem.read(65536, new Uint8Array(0));
      for (const [offset, length] of [[65533, 4], [65536, 1], [-1, 1], [0.5, 1], [2 ** 32, 1]] as const) {
        assert.throws(() => mem.read(offset, new Uint8Array(length)), RangeError, `read [${offset}, +${length})`);
        assert.throws(() => mem.write(offset, new Uint8Array(length)), RangeError, `write [${offset}, +${length})`);
      }
      assert.equal(await fns(x).grow!(1), 1);
      mem.write(2 * 65536 - 2, new Uint8Array([7, 8]));
      const grown = new Uint8Array(2);
      mem.read(2 * 65536 - 2, grown);
      assert.deepEqual([...grown], [7, 8], 'growth is seen at once');
      assert.equal(new Uint8Array(mem.buffer)[2 * 65536 - 1], 8, 'the same bytes as the buffer shows');
      x.release();
      assert.throws(() => mem.read(0, new Uint8Array(1)), /released/);
      assert.throws(() => mem.write(0, new Uint8Array(1)), /released/);
    } finally {
      engine.close();
    }
  });

  test(`${memoryMode}: read and write make no external memory, unlike buffer`, async () => {
    const engine = new Engine({ memoryMode });
    try {
      const m = await engine.compile(TENANT('16 16', ''));
      const external = () => process.memoryUsage().external;
      const scratch = new Uint8Array(64);
      // The engine's first instance views its runtime-data heap once (native-heap.ts): not counted here.
      (await engine.instantiate(m)).release();
      const before = external();
      for (let i = 0; i < 20; i++) {
        const x = await engine.instantiate(m);
        const mem = x.exports.memory as Memory;
        mem.write(1000, scratch);
        mem.read(16 * 65536 - 64, scratch);
        x.release();
      }
      const copying = external() - before;
      assert.ok(copying < 1 << 20, `20 instances read and written: external memory grew by ${copying} bytes`);
      // The control: a buffer of each 1 MiB memory is counted (so the check above can fail).
      const kept: ArrayBuffer[] = [];
      const start = external();
      for (let i = 0; i < 4; i++) kept.push(((await engine.instantiate(m)).exports.memory as Memory).buffer);
      assert.ok(external() - start >= 3 << 20, `four buffers of 1 MiB: external memory grew by ${external() - start} bytes`);
    } finally {
      engine.close();
    }
  });

  test(`${memoryMode}: a recycled one-page memory (zeroed by writing) shows only the module's data`, async () => {
    const engine = new Engine({ memoryMode });
    try {
      const m = await engine.compile(TENANT('1 1', '(data (i32.const 100) "init")'));
      const expected = new Uint8Array(65536);
      expected.set(new TextEncoder().encode('init'), 100);
      for (const takeBuffer of [false, true]) {
        const a = await engine.instantiate(m);
        const memA = a.exports.memory as Memory;
        await fns(a).fill!(65536);
        const oldBuffer = takeBuffer ? memA.buffer : undefined;
        const base = memA.baseAddress;
        a.release();
        if (oldBuffer !== undefined) assert.equal(oldBuffer.byteLength, 0, 'the old tenant\'s buffer is detached');
        assert.throws(() => memA.byteLength, /released/, 'the old handle is revoked');
        const b = await engine.instantiate(m);
        const memB = b.exports.memory as Memory;
        assert.equal(memB.baseAddress, base, 'the shell was reused');
        assert.notEqual(memB, memA, 'the new tenant gets a new handle');
        assert.deepEqual(readAll(memB), expected, `zeros and the data segment only (buffer taken: ${takeBuffer})`);
        b.release();
      }
    } finally {
      engine.close();
    }
  });

  test(`${memoryMode}: a memory grown from 0 to 1 page is zeroed before it is cut back`, async () => {
    const engine = new Engine({ memoryMode });
    try {
      const m = await engine.compile(TENANT('0 1', ''));
      const a = await engine.instantiate(m);
      assert.equal(await fns(a).grow!(1), 0);
      await fns(a).fill!(65536);
      const base = (a.exports.memory as Memory).baseAddress;
      a.release();
      const b = await engine.instantiate(m);
      const memB = b.exports.memory as Memory;
      assert.equal(memB.baseAddress, base, 'the shell was reused');
      assert.equal(memB.byteLength, 0, 'back to no pages');
      assert.throws(() => memB.read(0, new Uint8Array(1)), RangeError);
      assert.equal(await fns(b).grow!(1), 0);
      assert.ok(readAll(memB).every((x) => x === 0), 'the regrown page is all zero');
    } finally {
      engine.close();
    }
  });

  test(`${memoryMode}: a recycled memory larger than a page is decommitted, then shows only the module's data`, async () => {
    const engine = new Engine({ memoryMode });
    try {
      const m = await engine.compile(TENANT('2 3', '(data (i32.const 70000) "init")'));
      const a = await engine.instantiate(m);
      assert.equal(await fns(a).grow!(1), 2);
      await fns(a).fill!(3 * 65536);
      a.release();
      const b = await engine.instantiate(m);
      const memB = b.exports.memory as Memory;
      assert.equal(memB.byteLength, 2 * 65536);
      const expected = new Uint8Array(2 * 65536);
      expected.set(new TextEncoder().encode('init'), 70000);
      assert.deepEqual(readAll(memB), expected);
      assert.equal(await fns(b).grow!(1), 2);
      assert.ok(readAll(memB).subarray(2 * 65536).every((x) => x === 0), 'the regrown page is all zero');
    } finally {
      engine.close();
    }
  });
}

test('native read, write and fill refuse ranges outside the reservation or not all read-write', () => {
  const res = native.reserve(4 * 65536, false);
  try {
    native.protect(res, 0, 65536, PROT.readWrite);
    native.fill(res, 0, 65536, 0xab);
    const got = new Uint8Array(3);
    native.read(res, 65533, got);
    assert.deepEqual([...got], [0xab, 0xab, 0xab]);
    native.write(res, 65534, new Uint8Array([1, 2]));
    native.read(res, 65533, got);
    assert.deepEqual([...got], [0xab, 1, 2]);
    const refused = (f: () => void, code: 'ERR_CORRAL_STATE' | 'ERR_CORRAL_ARGUMENT', why: string) =>
      assert.throws(f, (e: unknown) => isNativeError(e, code), why);
    refused(() => native.read(res, 65535, new Uint8Array(2)), 'ERR_CORRAL_STATE', 'read into a PROT_NONE page');
    refused(() => native.write(res, 65535, new Uint8Array(2)), 'ERR_CORRAL_STATE', 'write into a PROT_NONE page');
    refused(() => native.fill(res, 0, 65537, 0), 'ERR_CORRAL_STATE', 'fill into a PROT_NONE page');
    refused(() => native.read(res, 4 * 65536, new Uint8Array(1)), 'ERR_CORRAL_ARGUMENT', 'read past the reservation');
    refused(() => native.fill(res, 4 * 65536 - 1, 2, 0), 'ERR_CORRAL_ARGUMENT', 'fill past the reservation');
    refused(() => native.fill(res, 0, 1, 256), 'ERR_CORRAL_ARGUMENT', 'not a byte');
    refused(() => native.read(res, 0, new Uint16Array(1) as unknown as Uint8Array), 'ERR_CORRAL_ARGUMENT', 'not a Uint8Array');
    native.read(res, 65535, new Uint8Array(0));
  } finally {
    native.release(res);
  }
});

test('small reads and writes (through the scratch buffer) copy exactly their bytes at every length and leave the caller arrays distinct', async () => {
  const engine = new Engine();
  try {
    const x = await engine.instantiate(await engine.compile(TENANT('1', '')));
    const mem = x.exports.memory as Memory;
    const pattern = Uint8Array.from({ length: 200 }, (_, i) => (i * 37 + 11) & 0xff);
    mem.write(0, pattern);
    for (let n = 0; n <= 80; n++) {
      const a = new Uint8Array(n), b = new Uint8Array(n);
      mem.read(3, a);
      mem.read(5, b); // a second read must not change the first result
      assert.deepEqual(a, pattern.subarray(3, 3 + n), `read ${n}`);
      assert.deepEqual(b, pattern.subarray(5, 5 + n), `read ${n} again`);
      // A write of n bytes at 1000 changes exactly [1000, 1000 + n): nothing past it from an earlier, longer write.
      const before = new Uint8Array(90);
      mem.read(1000, before);
      const w = Uint8Array.from({ length: n }, (_, i) => (n + i) & 0xff);
      mem.write(1000, w);
      const after = new Uint8Array(90);
      mem.read(1000, after);
      assert.deepEqual(after.subarray(0, n), w, `write ${n}`);
      assert.deepEqual(after.subarray(n), before.subarray(n), `write ${n} stays within its length`);
      mem.write(1000, new Uint8Array(90).fill(0xee)); // the next round starts from a known state
    }
  } finally {
    await engine.close();
  }
});
