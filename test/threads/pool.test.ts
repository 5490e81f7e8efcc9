// ThreadedEngine as Engine's twin: a module compiled once and loaded from its
// artifact in every worker; exports, Vals, host imports, traps and errors
// equal to the single-thread Engine's; what cannot cross threads is refused
// with a reason; a WASI command runs in a worker with its own WASI world.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CompileError, Engine, LinkError, Memory, ThreadedEngine, Trap, type ExportedFunction, type Instance, type ThreadModule, type Val } from '../../src/index.js';

const VALUES = `(module
  (import "env" "echo" (func $echo (param f64) (result f64)))
  (import "env" "pair" (func $pair (param i64 f32) (result i64 f32)))
  (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
  (func (export "mul64") (param i64 i64) (result i64) local.get 0 local.get 1 i64.mul)
  (func (export "id64") (param f64) (result f64) local.get 0)
  (func (export "id32") (param f32) (result f32) local.get 0)
  (func (export "bits64") (param f64) (result i64) local.get 0 i64.reinterpret_f64)
  (func (export "viaHost") (param f64) (result i64) local.get 0 call $echo i64.reinterpret_f64)
  (func (export "viaPair") (param i64 f32) (result i64 i32) local.get 0 local.get 1 call $pair i32.reinterpret_f32)
  (func (export "multi") (param i32) (result i32 i64 f64)
    local.get 0 local.get 0 i64.extend_i32_s local.get 0 f64.convert_i32_s)
  (func (export "idRef") (param externref) (result externref) local.get 0)
  (global (export "g") i64 (i64.const -5)))`;

const TRAPS = `(module
  (memory 1)
  (func $div (export "div") (param i32 i32) (result i32) local.get 0 local.get 1 i32.div_s)
  (func $oob (export "oob") (param i32) (result i32) local.get 0 i32.load)
  (func $rec (export "rec") (param i32) (result i32) local.get 0 i32.const 1 i32.add call $rec)
  (func $unreach (export "unreach") call $inner)
  (func $inner unreachable)
  (func $conv (export "conv") (param f64) (result i32) local.get 0 i32.trunc_f64_s))`;

const fib = readFileSync(new URL('../../../bench/kernels/fib.wasm', import.meta.url));

/** A single-thread instance's exported function (its exports also hold memories and globals). */
const fn = (i: Instance, name: string) => i.exports[name] as ExportedFunction;

// One pool for the whole file (a worker's start costs a few hundred ms on a busy machine); the first test sees it fresh.
const pool = new ThreadedEngine({ threads: 2 });
after(() => pool.close());

const hostImports = { env: { echo: (x: number) => x, pair: (a: bigint, b: number) => [a * 2n, b] } };

test('a module is compiled once and loaded from its artifact in every worker; instances spread over the threads', async () => {
  const m = await pool.compile(fib);
  assert.ok(m.artifact.length > 0);
  const stats = await pool.workerStats();
  assert.equal(stats.reduce((a, s) => a + s.compiled, 0), 1, 'compiled in exactly one worker');
  assert.deepEqual(stats.map((s) => s.compiled + s.loaded), [1, 1], 'every worker holds the module');
  const a = await pool.instantiate(m), b = await pool.instantiate(m);
  assert.deepEqual([a.thread, b.thread].sort(), [0, 1], 'the least-loaded worker gets the next instance');
  assert.deepEqual(await Promise.all([a.exports['run']!(20), b.exports['run']!(21)]), [6765, 10946]);
  assert.deepEqual(m.exports(), [{ name: 'memory', kind: 'memory' }, { name: 'run', kind: 'function' }]);
  assert.deepEqual(Object.keys(a.exports), ['run'], 'a memory stays in its worker');
  assert.deepEqual((await pool.workerStats()).map((s) => s.liveInstances), [1, 1]);
});

test('exports, Vals and host imports give what the single-thread Engine gives, bit for bit (NaN payloads, -0)', async () => {
  const engine = new Engine();
  try {
    const pooled = await pool.instantiate(await pool.compile(VALUES), hostImports);
    const local = await engine.instantiate(await engine.compile(VALUES), hostImports);
    const nan64 = 0x7ff4000000000123n, nan32 = 0x7fa00001;
    const calls: [string, unknown[]][] = [
      ['add', [2147483647, 1]], ['mul64', [-3n, 1n << 62n]], ['bits64', [-0]], ['viaHost', [-0]], ['viaHost', [1.5]],
      ['viaPair', [7n, -0]], ['multi', [-9]], ['id64', [NaN]],
    ];
    for (const [name, args] of calls) {
      const got = await pooled.exports[name]!(...args);
      assert.deepEqual(got, await fn(local, name)(...args), name);
    }
    assert.equal(await pooled.exports['viaHost']!(-0), -(2n ** 63n), '-0 crossed to the host and back');
    assert.ok(Object.is(await pooled.exports['id64']!(-0), -0));
    const vals: [string, Val[]][] = [
      ['id64', [{ type: 'f64', bits: nan64 }]], ['id32', [{ type: 'f32', bits: nan32 }]], ['id64', [{ type: 'f64', bits: 1n << 63n }]],
      ['mul64', [{ type: 'i64', value: -1n }, { type: 'i64', value: 2n ** 63n - 1n }]], ['multi', [{ type: 'i32', value: 3 }]],
      ['viaHost', [{ type: 'f64', bits: nan64 }]], ['viaHost', [{ type: 'f64', bits: 1n << 63n }]],
    ];
    for (const [name, args] of vals) assert.deepEqual(await pooled.call(name, args), await local.call(name, args), name);
    assert.deepEqual(await pooled.call('id64', [{ type: 'f64', bits: nan64 }]), [{ type: 'f64', bits: nan64 }], 'NaN payload kept');
    assert.deepEqual(await pooled.call('id32', [{ type: 'f32', bits: nan32 }]), [{ type: 'f32', bits: nan32 }]);
    // A JS number may quiet a signalling NaN (the Engine's does too: compared above); a quiet NaN keeps its payload.
    const quiet = 0x7ff8000000000123n;
    assert.deepEqual(await pooled.call('viaHost', [{ type: 'f64', bits: quiet }]), [{ type: 'i64', value: quiet }], 'NaN payload kept through the host import and back');
    const f64 = new Float64Array(1), u64 = new BigUint64Array(f64.buffer);
    u64[0] = quiet;
    f64[0] = (await pooled.exports['id64']!(f64[0])) as number;
    assert.equal(u64[0], quiet, 'a NaN payload in a JS number survives the exported function both ways');
    assert.deepEqual(await pooled.getGlobal('g'), local.getGlobal('g'));
    assert.equal(pooled.exports['add']!.length, 2);
    const ref = { tag: 'x', n: 1n };
    const back = await pooled.exports['idRef']!(ref);
    assert.deepEqual(back, ref, 'an externref crosses as a structured clone');
    assert.notEqual(back, ref, '(a copy: identity does not cross threads)');
    assert.equal(await pooled.exports['idRef']!(null), null);
    await assert.rejects(pooled.exports['idRef']!(() => 1), /could not be cloned/);
    await assert.rejects(pooled.call('add', [{ type: 'i32', value: 1 }]), (e: Error) => e instanceof TypeError && /expected 2 argument/.test(e.message));
  } finally {
    engine.close();
  }
});

test('a host import runs on the main thread while the guest waits in its worker; its error is the very error thrown', async () => {
  const m = await pool.compile(`(module (import "env" "work" (func $w (param i32) (result i32)))
    (func (export "f") (param i32) (result i32) local.get 0 call $w i32.const 1 i32.add))`);
  const seen: number[] = [];
  const inst = await pool.instantiate(m, { env: { work: async (x: number) => { seen.push(x); await new Promise((r) => setTimeout(r, 5)); return x * 10; } } });
  assert.equal(await inst.exports['f']!(4), 41);
  assert.deepEqual(seen, [4]);
  const boom = new RangeError('boom from the host');
  const failing = await pool.instantiate(m, { env: { work: () => { throw boom; } } });
  await assert.rejects(failing.exports['f']!(1), (e: unknown) => e === boom);
  const returnsBadValue = await pool.instantiate(m, { env: { work: () => () => 1 } });
  await assert.rejects(returnsBadValue.exports['f']!(1), /cannot cross to the worker thread/);
  // Calling back into the instance whose guest waits for this import would queue forever in its worker: refused, as Engine does.
  const reentrant: { f?: (x: number) => Promise<unknown> } = {};
  const inner = await pool.instantiate(m, { env: { work: (x: number) => reentrant.f!(x) } });
  reentrant.f = inner.exports['f'];
  await assert.rejects(inner.exports['f']!(1), /re-entrant call not supported/);
  assert.equal(await (await pool.instantiate(m, { env: { work: (x: number) => inst.exports['f']!(x) } })).exports['f']!(2), 22, 'calling another instance from an import is fine');
});

test('traps cross as Trap with the same code, message and backtrace frames as the single-thread Engine', async () => {
  const engine = new Engine();
  try {
    const pooled = await pool.instantiate(await pool.compile(TRAPS));
    const local = await engine.instantiate(await engine.compile(TRAPS));
    const cases: [string, unknown[], string][] = [
      ['div', [1, 0], 'integer_divide_by_zero'], ['div', [-2147483648, -1], 'integer_overflow'], ['oob', [70000], 'memory_out_of_bounds'],
      ['unreach', [], 'unreachable'], ['conv', [NaN], 'invalid_conversion_to_integer'], ['rec', [0], 'stack_overflow'],
    ];
    for (const [name, args, code] of cases) {
      const theirs = await fn(local, name)(...args).then(() => assert.fail(`${name} returned`), (e: unknown) => e);
      const ours = await pooled.exports[name]!(...args).then(() => assert.fail(`${name} returned`), (e: unknown) => e);
      assert.ok(ours instanceof Trap, `${name}: a Trap`);
      assert.ok(theirs instanceof Trap);
      assert.equal(ours.code, code);
      assert.equal(ours.message, theirs.message);
      assert.deepEqual(ours.frames, theirs.frames, `${name}: frames`);
      if (name === 'unreach') assert.equal(ours.frames.length, 2, 'inner, then the export');
    }
  } finally {
    engine.close();
  }
});

test('CompileError crosses with its offset; what cannot cross threads is refused with a reason', async () => {
  const engine = new Engine();
  try {
    const bad = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 5]);
    const theirs = await engine.compile(bad).then(() => undefined, (e: unknown) => e);
    await assert.rejects(pool.compile(bad), (e: unknown) => e instanceof CompileError && theirs instanceof CompileError && e.offset === theirs.offset && e.message === theirs.message);

    const m = await pool.compile('(module (import "env" "mem" (memory 1)) (import "env" "f" (func)))');
    const memory = new Memory(engine, { initial: 1 });
    await assert.rejects(pool.instantiate(m, { env: { mem: memory, f: () => {} } }), (e: unknown) => e instanceof LinkError && /"env" "mem".*cannot be shared with a worker thread/.test(e.message));
    await assert.rejects(pool.instantiate(m, { env: {} }), (e: unknown) => e instanceof LinkError && /unknown import/.test(e.message));

    const exporter = await pool.instantiate(await pool.compile('(module (func (export "f")))'));
    const importer = await pool.compile('(module (import "env" "f" (func)))');
    await assert.rejects(pool.instantiate(importer, { env: { f: exporter.exports['f']! } }), (e: unknown) => e instanceof LinkError && /pooled instance.*its own worker thread/.test(e.message));
    const refs = await pool.instantiate(await pool.compile('(module (func $f) (elem declare func $f) (func (export "get") (result funcref) ref.func $f))'));
    await assert.rejects(refs.exports['get']!(), /cannot cross to the main thread/);
    await assert.rejects(pool.instantiate((await engine.compile('(module)')) as unknown as ThreadModule), TypeError);
  } finally {
    engine.close();
  }
});

test('a WASI command runs in a worker with the args, env and stdio its instantiate options name', async () => {
  const m = await pool.compile(`(module
    (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "args_sizes_get" (func $sizes (param i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
    (memory (export "memory") 1)
    (data (i32.const 64) "hello from a worker\\n")
    (func (export "_start")
      (i32.store (i32.const 0) (i32.const 64))
      (i32.store (i32.const 4) (i32.const 20))
      (drop (call $write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
      (drop (call $sizes (i32.const 16) (i32.const 20)))
      (call $exit (i32.load (i32.const 16)))))`);
  const inst = await pool.instantiate(m, {}, { wasi: { args: ['prog', 'a', 'b'], stdout: 'capture' } });
  const r = await inst.startWasi();
  assert.equal(r.exitCode, 3, 'argc came back as the exit code');
  assert.equal(Buffer.from(r.stdout!).toString(), 'hello from a worker\n');
  const plain = await pool.instantiate(await pool.compile('(module (memory (export "memory") 1) (func (export "_start")))'));
  await assert.rejects(plain.startWasi(), /without a wasi setup/);
});
