// The `corral` command as users run it: child processes of the built
// dist/src/cli/main.js, checked for stdout, stderr and exit status. Each test
// uses its own cache directory (CORRAL_CACHE_DIR), never the user's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ExitCode } from '../../src/cli/exit-codes.js';

const MAIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'corral-cli-test-'));
const cacheDir = path.join(work, 'cache');
process.on('exit', () => fs.rmSync(work, { recursive: true, force: true }));

interface Outcome { code: number; stdout: string; stderr: string; ms: number }

function corral(args: string[], env: Record<string, string> = {}): Promise<Outcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(process.execPath, [MAIN, ...args], { env: { ...process.env, CORRAL_CACHE_DIR: cacheDir, ...env }, timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, stdout, stderr, ms: performance.now() - started });
    });
  });
}

function file(name: string, text: string | Uint8Array): string {
  const p = path.join(work, name);
  fs.writeFileSync(p, text);
  return p;
}

const SAMPLE = file('sample.wat', `(module $sample
  (func $add (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func $inner (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0)))
  (func $outer (export "crash") (param i32) (result i32) (call $inner (local.get 0)))
  (func $spin (export "spin") (loop $l (br $l)))
  (func (export "mixed") (param i64 f64 f32) (result i64 f64 f32) (local.get 0) (f64.sqrt (local.get 1)) (local.get 2))
  (memory (export "memory") 1 1000)
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))`);

const HELLO = file('hello.wat', `(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "hello from corral\\n")
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 18))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    (drop (call $args_sizes_get (i32.const 100) (i32.const 104)))
    (call $proc_exit (i32.load (i32.const 100)))))`);

test('--help for every command, and usage errors', async () => {
  for (const args of [['--help'], ['help'], ['run', '--help'], ['help', 'run'], ['compile', '--help'], ['inspect', '-h']]) {
    const r = await corral(args);
    assert.equal(r.code, 0, args.join(' '));
    assert.match(r.stdout, /^Usage: corral/, args.join(' '));
    assert.equal(r.stderr, '');
  }
  assert.match((await corral(['run', '--help'])).stdout, /--timeout MS[\s\S]*Exit status:[\s\S]*5 +time or fuel limit/);
  assert.match((await corral(['compile', '--help'])).stdout, /-o, --output FILE/);
  const none = await corral([]);
  assert.equal(none.code, ExitCode.usage);
  const unknown = await corral(['frobnicate']);
  assert.equal(unknown.code, ExitCode.usage);
  assert.match(unknown.stderr, /unknown command 'frobnicate'/);
  const badOption = await corral(['run', '--bogus', SAMPLE]);
  assert.equal(badOption.code, ExitCode.usage);
  assert.match(badOption.stderr, /--bogus/);
  const badSize = await corral(['run', '--max-memory', 'lots', '--invoke', 'add', SAMPLE, '1', '2']);
  assert.equal(badSize.code, ExitCode.usage);
  assert.match(badSize.stderr, /--max-memory: 'lots' is not a size/);
  const noExport = await corral(['run', '--invoke', 'nope', SAMPLE]);
  assert.equal(noExport.code, ExitCode.usage);
  assert.match(noExport.stderr, /no exported function 'nope' \(exported functions: add, crash, spin, mixed, grow\)/);
  const badArg = await corral(['run', '--invoke', 'add', SAMPLE, '1', 'two']);
  assert.equal(badArg.code, ExitCode.usage);
  assert.match(badArg.stderr, /argument 2 \('two'\) is not a valid i32/);
});

test('run --invoke on a .wat prints the results, one per line', async () => {
  const r = await corral(['run', '--invoke', 'add', SAMPLE, '40', '2']);
  assert.deepEqual(r, { ...r, code: 0, stdout: '42\n', stderr: '' });
  const wrap = await corral(['run', '--invoke', 'add', SAMPLE, '--', '0xffffffff', '-1']);
  assert.equal(wrap.stdout, '-2\n');
  const mixed = await corral(['run', '--invoke', 'mixed', SAMPLE, '--', '-9007199254740993', '2', '-inf']);
  assert.equal(mixed.code, 0, mixed.stderr);
  assert.equal(mixed.stdout, '-9007199254740993\n1.4142135623730951\n-inf\n');
});

test('a trap reports its code, message and a named wasm backtrace (exit 4)', async () => {
  const r = await corral(['run', '--invoke', 'crash', SAMPLE, '0']);
  assert.equal(r.code, ExitCode.trap);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /trap: integer divide by zero \[integer_divide_by_zero\]\nwasm backtrace \(innermost first\):\n  0: func\[1\] <inner> at wasm offset 0x[0-9a-f]+\n  1: func\[2\] <outer> at wasm offset 0x[0-9a-f]+\n$/);
});

test('--timeout ends an infinite loop with exit 5', async () => {
  const r = await corral(['run', '--timeout', '300', '--invoke', 'spin', SAMPLE]);
  assert.equal(r.code, ExitCode.limit, r.stderr);
  assert.match(r.stderr, /timed out after 300 ms \[interrupted\]\n/);
  assert.ok(r.ms < 10_000, `took ${r.ms} ms`);
});

test('--fuel ends an infinite loop with exit 5', async () => {
  const r = await corral(['run', '--fuel', '100000', '--invoke', 'spin', SAMPLE]);
  assert.equal(r.code, ExitCode.limit, r.stderr);
  assert.match(r.stderr, /out of fuel \[out_of_fuel\]/);
});

test('--max-memory caps memory.grow', async () => {
  const free = await corral(['run', '--invoke', 'grow', SAMPLE, '5']);
  assert.equal(free.stdout, '1\n', free.stderr);
  const capped = await corral(['run', '--max-memory', '128KiB', '--invoke', 'grow', SAMPLE, '5']);
  assert.equal(capped.stdout, '-1\n', capped.stderr);
});

test('compile errors give the byte offset and the reason (exit 2)', async () => {
  const bad = file('bad.wasm', Uint8Array.of(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00));
  const r = await corral(['run', '--invoke', 'f', bad]);
  assert.equal(r.code, ExitCode.compile);
  assert.match(r.stderr, /bad\.wasm: compile error at byte offset \d+ \(0x[0-9a-f]+\): length out of bounds/);
  const invalid = file('invalid.wat', '(module (func (result i32) (i64.const 1)))');
  const v = await corral(['compile', invalid, '-o', path.join(work, 'never.cwasm')]);
  assert.equal(v.code, ExitCode.compile);
  assert.match(v.stderr, /compile error at byte offset \d+ .*: type mismatch/);
  assert.equal(fs.existsSync(path.join(work, 'never.cwasm')), false);
  const text = file('broken.wat', '(module (func (result i32) (i32.const)))');
  assert.match((await corral(['inspect', text])).stderr, /text format error: .*line 1/);
});

test('a missing import is a link error (exit 3); a missing file is a file error (exit 7)', async () => {
  const needs = file('needs.wat', '(module (import "env" "f" (func)) (func (export "g") (call 0)))');
  const r = await corral(['run', '--invoke', 'g', needs]);
  assert.equal(r.code, ExitCode.link);
  assert.match(r.stderr, /link error: .*env.*f/);
  const gone = await corral(['run', '--invoke', 'g', path.join(work, 'no-such.wasm')]);
  assert.equal(gone.code, ExitCode.io);
  assert.match(gone.stderr, /no-such\.wasm: no such file or directory/);
});

test('compile, then run the artifact: same results; a corrupt or mismatched artifact is rejected (exit 6)', async () => {
  const artifact = path.join(work, 'sample.cwasm');
  const c = await corral(['compile', SAMPLE, '-o', artifact, '--memory', 'checked']);
  assert.deepEqual([c.code, c.stdout, c.stderr], [0, '', '']);
  const bytes = fs.readFileSync(artifact);
  assert.equal(bytes.subarray(1, 7).toString('latin1'), 'CORRAL');
  const r = await corral(['run', '--invoke', 'add', artifact, '40', '2']);
  assert.deepEqual([r.code, r.stdout, r.stderr], [0, '42\n', '']);
  const t = await corral(['run', '--invoke', 'crash', artifact, '0']);
  assert.equal(t.code, ExitCode.trap);
  assert.match(t.stderr, /<inner>[\s\S]*<outer>/);
  const mismatch = await corral(['run', '--memory', 'guarded', '--invoke', 'add', artifact, '1', '2']);
  assert.equal(mismatch.code, ExitCode.artifact);
  assert.match(mismatch.stderr, /invalid artifact \(config\): compiled for memory mode 'checked', the engine uses 'guarded'/);
  const corrupt = Buffer.from(bytes);
  corrupt[corrupt.length - 10]! ^= 0x40;
  const r2 = await corral(['run', '--invoke', 'add', file('corrupt.cwasm', corrupt), '1', '2']);
  assert.equal(r2.code, ExitCode.artifact);
  assert.match(r2.stderr, /invalid artifact \(checksum\)/);
  const r3 = await corral(['run', '--invoke', 'add', file('short.cwasm', bytes.subarray(0, 300)), '1', '2']);
  assert.equal(r3.code, ExitCode.artifact);
  assert.match(r3.stderr, /invalid artifact \(truncated\): 300 of \d+ bytes present/);
});

test('inspect: imports, exports, sections, per-function code sizes; the header of an artifact; --json', async () => {
  const r = await corral(['inspect', SAMPLE]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /exports \(6\):\n  add: func\[0\] \(i32 i32\) -> \(i32\)\n  crash: func\[2\] \(i32\) -> \(i32\)/);
  assert.match(r.stdout, /sections:\n  type +\d+ bytes at \d+/);
  assert.match(r.stdout, /memories: 1\.\.1000 pages/);
  assert.match(r.stdout, /functions \(6 defined\):\n.*\n +0 +\d+ +\d+  add \(i32 i32\) -> \(i32\)\n +1 +\d+ +\d+  inner/);
  const json = JSON.parse((await corral(['inspect', '--json', SAMPLE])).stdout) as { functions: { name: string; codeBytes: number; wasmBytes: number }[]; imports: unknown[] };
  assert.equal(json.functions.length, 6);
  for (const f of json.functions) assert.ok(f.codeBytes > f.wasmBytes, `${f.name}: machine code is larger than its wasm body`);

  const artifact = path.join(work, 'hello.cwasm');
  assert.equal((await corral(['compile', HELLO, '-o', artifact])).code, 0);
  const a = await corral(['inspect', artifact]);
  assert.equal(a.code, 0, a.stderr);
  assert.match(a.stdout, /Corral artifact[\s\S]*format version +1\n +Corral version +\d+\.\d+\.\d+\+[0-9a-f]{12}\n +target +x86-64, CPU features: sse4_1 popcnt lzcnt bmi1\n +engine config +memory guarded, fuel off/);
  assert.match(a.stdout, /imports \(3\):\n  wasi_snapshot_preview1\.fd_write: func \(i32 i32 i32 i32\) -> \(i32\)/);
});

test('a WASI command runs with its arguments; its output and exit status pass through, from .wat and artifact', async () => {
  const r = await corral(['run', HELLO, '--', 'a', 'b']);
  assert.deepEqual([r.code, r.stdout, r.stderr], [3, 'hello from corral\n', '']);
  const artifact = path.join(work, 'hello2.cwasm');
  assert.equal((await corral(['compile', HELLO, '-o', artifact])).code, 0);
  const fromArtifact = await corral(['run', artifact, 'x']);
  assert.deepEqual([fromArtifact.code, fromArtifact.stdout], [2, 'hello from corral\n']);
  const noStart = await corral(['run', SAMPLE]);
  assert.equal(noStart.code, ExitCode.usage);
  assert.match(noStart.stderr, /no _start export.*--invoke NAME/);
});

test('the compile cache: a second run of the same module reuses the first compile', async () => {
  const dir = path.join(work, 'cache-once');
  const module = file('cached.wat', '(module (func (export "one") (result i32) (i32.const 1)))');
  assert.equal((await corral(['run', '--invoke', 'one', module], { CORRAL_CACHE_DIR: dir })).stdout, '1\n');
  const entries = fs.readdirSync(dir);
  assert.equal(entries.length, 1);
  const before = fs.statSync(path.join(dir, entries[0]!)).mtimeMs;
  assert.equal((await corral(['run', '--invoke', 'one', module], { CORRAL_CACHE_DIR: dir })).stdout, '1\n');
  assert.deepEqual(fs.readdirSync(dir), entries);
  assert.equal(fs.statSync(path.join(dir, entries[0]!)).mtimeMs, before, 'the entry was read, not rewritten');
  await corral(['run', '--no-cache', '--invoke', 'one', module], { CORRAL_CACHE_DIR: path.join(work, 'cache-none') });
  assert.equal(fs.existsSync(path.join(work, 'cache-none')), false);
});
