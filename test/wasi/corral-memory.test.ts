// Host functions over Corral's own Memory: they copy in and out (read/write)
// instead of viewing the memory, so an instance that grows while it calls
// WASI leaves no external memory for V8 to collect (a view per size would
// stay counted until collected: flite paid a collection per run for them);
// results still land where the guest asked, ranges are checked against the
// size at the call, and a released instance's memory answers nothing.
// Only the test runner imports this.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { Wasi } from '../../src/wasi/index.js';
import { checkGrowingMemory } from '../growing-memory.js';


test('WASI over a growing Corral memory: results in place, EFAULT past the end, no external memory', async () => {
  const written: Buffer[] = [];
  const stdout = new Writable({ write(chunk: Buffer, _enc, done) { written.push(chunk); done(); } });
  const wasi = new Wasi({ args: ['prog', 'arg'], stdout });
  const f = wasi.imports.wasi_snapshot_preview1;
  await checkGrowingMemory({
    bind: (mem) => wasi.bindMemory(mem),
    atSize: async (mem, end) => {
      const u32 = (at: number) => { const b = new Uint8Array(4); mem.read(at, b); return new DataView(b.buffer).getUint32(0, true); };
      assert.equal(f['args_sizes_get']!(end - 8, end - 4), 0);
      assert.deepEqual([u32(end - 8), u32(end - 4)], [2, 9]);
      assert.equal(f['args_sizes_get']!(end - 2, 0), 21, 'EFAULT straddling the end');
      // One iovec at end - 16 pointing at "hi" at end - 24; the count lands at end - 4.
      const iov = new Uint8Array(8);
      new DataView(iov.buffer).setUint32(0, end - 24, true);
      new DataView(iov.buffer).setUint32(4, 2, true);
      mem.write(end - 16, iov);
      mem.write(end - 24, new TextEncoder().encode('hi'));
      assert.equal(await f['fd_write']!(1, end - 16, 1, end - 4), 0);
      assert.equal(u32(end - 4), 2);
    },
    released: () => assert.notEqual(f['args_sizes_get']!(0, 4), 0, 'a released memory is refused'),
  });
  assert.equal(Buffer.concat(written).toString(), 'hi'.repeat(16));
});
