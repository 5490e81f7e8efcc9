// Out-of-range guest pointers and lengths, through a hand-written guest: every
// WASI function must answer EFAULT (21) under Corral — never throw into the
// host, never touch memory outside the guest's. node:wasi confirms each case
// really is out of range: it answers its own bounds errno, EOVERFLOW (61),
// for every one. Memory is one page (65536 bytes).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Engine } from '../../src/index.js';
import { openShim, type Shim } from './shim-runner.js';

const EFAULT = 21;
const END = 65536;
const engine = new Engine();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'corral-wasi-badptr-'));
fs.writeFileSync(path.join(tmp, 'file.txt'), 'contents');
after(() => {
  engine.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

// Each case: [name, setup (writes iovecs etc. at low addresses), export, args].
type Case = [string, ((s: Shim) => void) | null, string, (number | bigint)[]];
const iov = (at: number, ptr: number, len: number) => (s: Shim) => {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setUint32(0, ptr, true);
  new DataView(b.buffer).setUint32(4, len, true);
  s.poke(at, b);
};
const cases: Case[] = [
  ['args_sizes_get count past end', null, 'args_sizes_get', [END - 2, 0]],
  ['args_sizes_get negative pointer', null, 'args_sizes_get', [-16, 0]],
  ['args_get buffer past end', null, 'args_get', [0, END - 3]],
  ['environ_sizes_get size past end', null, 'environ_sizes_get', [0, END - 1]],
  ['environ_get pointers past end', null, 'environ_get', [END - 2, 100]],
  ['clock_time_get straddling the end', null, 'clock_time_get', [1, END - 4]],
  ['clock_res_get at 0xfffffff8', null, 'clock_res_get', [0, -8]],
  ['random_get past end', null, 'random_get', [END - 100, 1000]],
  ['random_get huge length', null, 'random_get', [0, -1]],
  ['fd_write iovec array past end', null, 'write', [1, END - 4, 1, 0]],
  ['fd_write iovec buffer past end', iov(16, END - 10, 100), 'write', [1, 16, 1, 8]],
  ['fd_write many iovecs', null, 'write', [1, 16, 0x10000000, 8]],
  ['fd_write nwritten past end', iov(16, 100, 1), 'write', [1, 16, 1, END]],
  ['fd_read iovec buffer past end', iov(16, END - 1, 2), 'read', [0, 16, 1, 8]],
  ['fd_fdstat_get past end', null, 'fd_fdstat_get', [1, END - 8]],
  ['fd_filestat_get past end', null, 'fd_filestat_get', [3, END - 8]],
  ['fd_prestat_get past end', null, 'fd_prestat_get', [3, END - 4]],
  ['fd_prestat_dir_name past end', null, 'fd_prestat_dir_name', [3, END - 2, 100]],
  ['fd_readdir buffer past end', null, 'fd_readdir', [3, END - 10, 100, 8]],
  ['path_open path past end', null, 'open', [3, END - 3, 10, 0, 0, 2n, 0n]],
  ['path_open path at 0xffffffff', null, 'open', [3, -1, 4, 0, 0, 2n, 0n]],
  ['path_open result past end', (s) => s.poke(1024, 'file.txt'), 'open_at', [3, 1024, 8, END - 2]],
  ['path_filestat_get result past end', (s) => s.poke(1024, 'file.txt'), 'stat', [3, 1024, 8, 0, END - 10]],
  ['path_create_directory path past end', null, 'mkdir', [3, END - 1, 5]],
  ['path_unlink_file path past end', null, 'unlink', [3, END, 1]],
  ['path_symlink target past end', (s) => s.poke(1024, 'lnk'), 'symlink', [END - 1, 4, 3, 1024, 3]],
  ['path_readlink buffer past end', (s) => s.poke(1024, 'file.txt'), 'readlink', [3, 1024, 8, END - 4, 100, 8]],
  ['poll_oneoff subscriptions past end', null, 'poll_oneoff', [END - 40, 0, 1, 8]],
  ['poll_oneoff events past end', null, 'poll_oneoff', [0, END - 16, 1, 8]],
];

/** node:wasi's answer to an out-of-range pointer (it checks bounds, but says EOVERFLOW). */
const NODE_BOUNDS_ERRNO = 61;

for (const kind of ['corral', 'node'] as const) {
  const want = kind === 'corral' ? EFAULT : NODE_BOUNDS_ERRNO;
  test(`${kind}: out-of-range pointers are errno ${want}`, async () => {
    const failures: string[] = [];
    for (const [name, setup, fn, args] of cases) {
      const shim = await openShim(kind, tmp, engine);
      setup?.(shim);
      let got: number | string;
      try {
        got = await shim.call(fn, ...args);
      } catch (e) {
        got = `threw ${(e as Error).message}`;
      }
      if (got !== want) failures.push(`${name}: ${got}`);
    }
    assert.deepEqual(failures, []);
  });
}

test('corral: a failed call leaves the file system alone', async () => {
  const shim = await openShim('corral', tmp, engine);
  shim.poke(1024, 'created.txt');
  // path_open with O_CREAT and a result pointer past the end must not create the file.
  assert.equal(await shim.call('open', 3, 1024, 11, 0, 1, 0x40n, 0n), 0, 'sanity: a good call succeeds');
  fs.rmSync(path.join(tmp, 'created.txt'));
  const r = await (async () => {
    shim.poke(1024, 'created.txt');
    return shim.call('open_at', 3, 1024, 11, END - 1);
  })();
  assert.equal(r, EFAULT);
  assert.equal(fs.existsSync(path.join(tmp, 'created.txt')), false);
});
