// Capability security under Corral: hostile paths from a guest — `..`,
// absolute paths, symlinks planted by the host pointing out (absolute,
// relative, through `.`), loops, NUL bytes, bad UTF-8, overlong paths — never
// reach outside the pre-open, and mutating calls leave the outside untouched.
// Errnos: ENOTCAPABLE 76, ELOOP 32, ENOTDIR 54, EINVAL 28, EILSEQ 25,
// ENOENT 44, ENAMETOOLONG 37.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Engine } from '../../src/index.js';
import { openShim, type Shim } from './shim-runner.js';
import { snapshot } from './harness.js';

const engine = new Engine();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'corral-wasi-hostile-'));
const sandbox = path.join(tmp, 'sandbox'), outside = path.join(tmp, 'outside');
let outsideBefore: Record<string, string>;
let shim: Shim;
const STR = 1024, STR2 = 4096 + 1024;
const FD_READ = 2n, PATH_OPEN = 1n << 13n, FD_READDIR = 1n << 14n;
const O_DIRECTORY = 2;
const FOLLOW = 1;

before(async () => {
  fs.mkdirSync(path.join(sandbox, 'sub'), { recursive: true });
  fs.mkdirSync(outside);
  fs.writeFileSync(path.join(outside, 'secret.txt'), 'secret');
  fs.writeFileSync(path.join(sandbox, 'file.txt'), 'inside');
  fs.writeFileSync(path.join(sandbox, 'sub', 'inner.txt'), 'inner');
  const links: [string, string][] = [
    ['esc_abs', outside], ['esc_rel', '../outside'], ['esc_deep', 'sub/../../outside/secret.txt'],
    ['loop1', 'loop2'], ['loop2', 'loop1'], ['inner_ok', 'sub/inner.txt'], ['self', '.'],
    ['sub/up', '..'], ['sub/upup', '../..'],
  ];
  for (const [name, target] of links) fs.symlinkSync(target, path.join(sandbox, name));
  outsideBefore = snapshot(tmp + '/outside');
  shim = await openShim('corral', sandbox, engine);
});
after(() => {
  engine.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function open(p: string | Uint8Array, lookup = FOLLOW, oflags = 0, rights = FD_READ, dir = 3, inheriting = 0n): Promise<number> {
  const bytes = typeof p === 'string' ? new TextEncoder().encode(p) : p;
  shim.poke(STR, bytes);
  return shim.call('open', dir, STR, bytes.length, lookup, oflags, rights, inheriting);
}

async function readAll(fd: number): Promise<string> {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setUint32(0, 2048, true);
  new DataView(b.buffer).setUint32(4, 256, true);
  shim.poke(16, b);
  assert.equal(await shim.call('read', fd, 16, 1, 8), 0);
  return new TextDecoder().decode(shim.peek(2048, shim.u32(8)));
}

const escapes: [string, string, number][] = [
  ['dotdot', '../outside/secret.txt', 76],
  ['dotdot after a real dir', 'sub/../../outside/secret.txt', 76],
  ['dotdot only', '..', 76],
  ['absolute', '/etc/passwd', 76],
  ['absolute to the sandbox itself', sandbox + '/file.txt', 76],
  ['absolute symlink', 'esc_abs/secret.txt', 76],
  ['relative symlink out', 'esc_rel/secret.txt', 76],
  ['symlink whose target climbs out', 'esc_deep', 76],
  ['symlink to . then ..', 'self/../outside/secret.txt', 76],
  ['symlink to .. from a subdir, twice', 'sub/up/sub/upup/outside/secret.txt', 76],
  ['symlink loop', 'loop1', 32],
  ['file as a directory', 'file.txt/x', 54],
  ['empty path', '', 44],
  ['overlong path', 'a/'.repeat(2500), 37],
];

for (const [name, p, errno] of escapes) {
  test(`path_open ${name} (${p.slice(0, 40)}) → ${errno}`, async () => {
    assert.equal(await open(p), errno);
  });
}

test('path_open: a NUL byte is EINVAL, bad UTF-8 EILSEQ', async () => {
  assert.equal(await open(new Uint8Array([0x66, 0, 0x2e, 0x2e])), 28);
  assert.equal(await open(new Uint8Array([0x66, 0xff, 0xfe])), 25);
});

test('path_open: the ways in that are allowed still work', async () => {
  for (const [p, text] of [['file.txt', 'inside'], ['sub/inner.txt', 'inner'], ['inner_ok', 'inner'], ['sub/../file.txt', 'inside'], ['sub/up/file.txt', 'inside'], ['self/sub/inner.txt', 'inner']] as const) {
    assert.equal(await open(p), 0, p);
    const fd = shim.u32(0);
    assert.equal(await readAll(fd), text, p);
    assert.equal(await shim.call('close', fd), 0);
  }
});

test('path_open without FOLLOW on a symlink does not follow it (ELOOP)', async () => {
  assert.equal(await open('esc_abs', 0), 32);
  assert.equal(await open('inner_ok', 0), 32);
});

test('a directory fd from path_open cannot climb above the pre-open', async () => {
  assert.equal(await open('sub', FOLLOW, O_DIRECTORY), 0);
  assert.equal(await open('x', FOLLOW, 0, FD_READ, shim.u32(0)), 76, 'opened with FD_READ only, the directory fd has no PATH_OPEN');
  assert.equal(await shim.call('close', shim.u32(0)), 0);
  assert.equal(await open('sub', FOLLOW, O_DIRECTORY, PATH_OPEN | FD_READDIR, 3, FD_READ), 0, 'with directory rights');
  const sub = shim.u32(0);
  assert.equal(await open('../file.txt', FOLLOW, 0, FD_READ, sub), 0, 'up to the pre-open root is allowed, as node:wasi allows');
  assert.equal(await shim.call('close', shim.u32(0)), 0);
  assert.equal(await open('../../outside/secret.txt', FOLLOW, 0, FD_READ, sub), 76);
  assert.equal(await open('up/../outside/secret.txt', FOLLOW, 0, FD_READ, sub), 76);
  assert.equal(await shim.call('close', sub), 0);
});

test('rights: a file opened for reading cannot be written (ENOTCAPABLE)', async () => {
  assert.equal(await open('file.txt', FOLLOW, 0, FD_READ), 0);
  const fd = shim.u32(0);
  shim.poke(2048, 'x');
  const b = new Uint8Array(8);
  new DataView(b.buffer).setUint32(0, 2048, true);
  new DataView(b.buffer).setUint32(4, 1, true);
  shim.poke(16, b);
  assert.equal(await shim.call('write', fd, 16, 1, 8), 76);
  assert.equal(await shim.call('close', fd), 0);
  assert.equal(fs.readFileSync(path.join(sandbox, 'file.txt'), 'utf8'), 'inside');
});

async function two(name: string, a: string, b: string, ...rest: number[]): Promise<number> {
  shim.poke(STR, a);
  shim.poke(STR2, b);
  const la = Buffer.byteLength(a), lb = Buffer.byteLength(b);
  switch (name) {
    case 'rename': return shim.call('rename', 3, STR, la, 3, STR2, lb);
    case 'link': return shim.call('link', 3, rest[0] ?? 0, STR, la, 3, STR2, lb);
    case 'symlink': return shim.call('symlink', STR, la, 3, STR2, lb);
    default: throw new Error(name);
  }
}
async function one(name: string, p: string): Promise<number> {
  shim.poke(STR, p);
  return shim.call(name, 3, STR, Buffer.byteLength(p));
}

test('mutating calls cannot reach outside, and cannot remove the pre-open itself', async () => {
  assert.equal(await one('unlink', '../outside/secret.txt'), 76);
  assert.equal(await one('unlink', 'esc_rel/secret.txt'), 76);
  assert.equal(await one('mkdir', '../newdir'), 76);
  assert.equal(await one('mkdir', 'esc_abs/newdir'), 76);
  assert.equal(await one('rmdir', 'esc_rel'), 54, 'rmdir of a symlink to a directory is ENOTDIR, not the target');
  assert.notEqual(await one('rmdir', '.'), 0);
  assert.notEqual(await one('rmdir', 'sub/..'), 0);
  assert.equal(await two('rename', 'file.txt', '../stolen.txt'), 76);
  assert.equal(await two('rename', 'esc_rel/secret.txt', 'got.txt'), 76);
  assert.equal(await two('link', 'esc_rel/secret.txt', 'hard.txt', FOLLOW), 76);
  assert.equal(await two('link', 'esc_deep', 'hard2.txt', FOLLOW), 76);
  assert.equal(await two('symlink', '/etc/passwd', 'abs_link'), 76, 'absolute symlink targets are refused');
  assert.equal(await two('symlink', '../../outside', 'sub/out_link'), 76, 'targets climbing out are refused');
  assert.equal(await two('symlink', '../file.txt', 'sub/ok_link'), 0, 'a target that stays inside is fine');
  assert.equal(await open('sub/ok_link'), 0);
  assert.equal(await readAll(shim.u32(0)), 'inside');
  assert.equal(await shim.call('close', shim.u32(0)), 0);
  assert.ok(fs.existsSync(sandbox), 'the pre-open still exists');
  assert.equal(fs.readFileSync(path.join(sandbox, 'file.txt'), 'utf8'), 'inside');
  assert.deepEqual(snapshot(outside), outsideBefore, 'nothing outside changed');
  assert.deepEqual(fs.readdirSync(tmp).sort(), ['outside', 'sandbox']);
});

test('path_filestat_get and readlink: links inside may be inspected, not followed out', async () => {
  shim.poke(STR, 'esc_abs');
  assert.equal(await shim.call('stat', 3, STR, 7, FOLLOW, 64), 76);
  assert.equal(await shim.call('stat', 3, STR, 7, 0, 64), 0, 'lstat of the link itself is inside');
  assert.equal(shim.peek(64 + 16, 1)[0], 7, 'filetype symbolic_link');
  assert.equal(await shim.call('readlink', 3, STR, 7, 2048, 256, 8), 0);
  assert.equal(new TextDecoder().decode(shim.peek(2048, shim.u32(8))), outside);
});

test('guest fds are not host fds, and sockets are ENOTSUP', async () => {
  assert.equal(await shim.call('fd_fdstat_get', 100, 64), 8, 'an fd never opened is EBADF');
  assert.equal(await shim.call('sock_recv', 3), 58);
  assert.equal(await shim.call('sock_recv', 77), 8);
  assert.equal(await shim.call('proc_raise', 9), 52);
  assert.equal(await shim.call('sched_yield'), 0);
});
