// Host functions against a fake memory (a plain ArrayBuffer-backed object, no
// engine): results land where the guest asked, growth is seen (the buffer is
// re-read on every call, never cached), and pointers are checked against the
// size at the moment of the call.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Wasi } from '../../src/wasi/index.js';

class FakeMemory {
  buffer = new ArrayBuffer(65536);
  grow(pages: number): void {
    const next = new ArrayBuffer(this.buffer.byteLength + pages * 65536);
    new Uint8Array(next).set(new Uint8Array(this.buffer));
    this.buffer = next;
  }
}

test('args and environ land in memory; EFAULT past the end, found again after growth', async () => {
  const wasi = new Wasi({ args: ['prog', 'ä'], env: { A: '1' }, stdin: '', stdout: 1, stderr: 2 });
  const mem = new FakeMemory();
  wasi.bindMemory(mem);
  const f = wasi.imports.wasi_snapshot_preview1;
  assert.equal(f['args_sizes_get']!(0, 4), 0);
  let dv = new DataView(mem.buffer);
  assert.deepEqual([dv.getUint32(0, true), dv.getUint32(4, true)], [2, 5 + 3]);
  assert.equal(f['args_get']!(100, 200), 0);
  dv = new DataView(mem.buffer);
  assert.equal(dv.getUint32(100, true), 200);
  assert.equal(new TextDecoder().decode(new Uint8Array(mem.buffer, 200, 8)), 'prog\0ä\0');
  assert.equal(f['environ_sizes_get']!(65536, 0), 21);
  mem.grow(1);
  assert.equal(f['environ_sizes_get']!(65536, 65540), 0, 'the new page is usable at once');
  dv = new DataView(mem.buffer);
  assert.deepEqual([dv.getUint32(65536, true), dv.getUint32(65540, true)], [1, 4]);
  assert.equal(f['clock_time_get']!(99, 0n, 0), 28, 'unknown clock is EINVAL');
  assert.equal(f['clock_time_get']!(1, 0n, 131072 - 7), 21);
});

test('stdin bytes are read through iovecs, and end of input reads 0', async () => {
  const wasi = new Wasi({ stdin: 'hello', stdout: 1, stderr: 2 });
  const mem = new FakeMemory();
  wasi.bindMemory(mem);
  const f = wasi.imports.wasi_snapshot_preview1;
  const dv = new DataView(mem.buffer);
  dv.setUint32(0, 100, true); dv.setUint32(4, 3, true);
  dv.setUint32(8, 200, true); dv.setUint32(12, 10, true);
  assert.equal(await f['fd_read']!(0, 0, 2, 16), 0);
  assert.equal(dv.getUint32(16, true), 5);
  assert.equal(new TextDecoder().decode(new Uint8Array(mem.buffer, 100, 3)) + new TextDecoder().decode(new Uint8Array(mem.buffer, 200, 2)), 'hello');
  assert.equal(await f['fd_read']!(0, 0, 2, 16), 0);
  assert.equal(dv.getUint32(16, true), 0);
  assert.equal(await f['fd_read']!(9, 0, 2, 16), 8, 'EBADF');
  assert.throws(() => f['proc_exit']!(3), (e: unknown) => (e as { code?: number }).code === 3);
});
