// ThreadedEngine across threads: CPU-bound guests in two workers run at the
// same time (shown by overlapping start/end marks, with a one-thread pool as
// the control that must not overlap); kill() reaches a guest spinning in its
// worker with no time slices (only the kill handle can), one suspended in a
// host call, and an idle one; close() ends a pool whose guests are spinning;
// a worker that dies is reported, its calls reject and a new worker serves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Worker } from 'node:worker_threads';
import { ThreadedEngine, Trap, type ThreadExitReport, type ThreadInstance, type ThreadModule } from '../../src/index.js';

const GUEST = `(module
  (import "env" "mark" (func $mark (param i32)))
  (import "env" "wait" (func $wait))
  (import "wasi_snapshot_preview1" "clock_time_get" (func $clock (param i32 i64 i32) (result i32)))
  (memory (export "memory") 1)
  ;; The monotonic clock (process.hrtime in the worker, one clock for every thread) read without
  ;; suspending: a WASI import answers at once, so the worker's event loop never runs in between.
  (func $now (result i64) (drop (call $clock (i32.const 1) (i64.const 0) (i32.const 0))) (i64.load (i32.const 0)))
  (func (export "work") (param $n i32) (result i32 i64 i64) (local $i i32) (local $acc i32) (local $start i64)
    (local.set $start (call $now))
    (loop $l
      (local.set $acc (i32.add (i32.mul (local.get $acc) (i32.const 31)) (local.get $i)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $acc) (local.get $start) (call $now))
  (func (export "spin") (call $mark (i32.const 0)) (loop $l (br $l)))
  (func (export "waitForHost") (call $wait))
  (func (export "ok") (result i32) i32.const 7))`;

/** An instance whose marks (host calls, served on this thread) are timestamped here; `firstMark` resolves at its first. */
async function marked(pool: ThreadedEngine, m: ThreadModule, thread: number) {
  const marks: number[] = [];
  let started!: () => void;
  const firstMark = new Promise<void>((r) => { started = r; });
  const instance = await pool.instantiate(m, {
    env: { mark: () => { marks.push(performance.now()); started(); }, wait: () => new Promise(() => {}) },
  }, { thread, wasi: {} });
  return { instance, marks, firstMark };
}

const call = (i: ThreadInstance, name: string, ...args: unknown[]) => i.exports[name]!(...args);
const isKilled = (e: unknown) => e instanceof Trap && e.code === 'interrupted' && e.limit === 'killed';

/** Iterations of `work` for about `ms` on this machine now (one calibration call). */
async function iterationsFor(pool: ThreadedEngine, m: ThreadModule, ms: number): Promise<number> {
  const { instance } = await marked(pool, m, 0);
  const n = 2_000_000;
  const t = performance.now();
  await call(instance, 'work', n);
  const per = (performance.now() - t) / n;
  instance.kill();
  return Math.min(2 ** 31 - 1, Math.max(n, Math.round(ms / per)));
}

/** Runs `work(n)` on two instances at once; whether their [start, end] intervals (read by the guests) overlapped. */
async function overlapOf(threads: number, n: number): Promise<{ overlapped: boolean; sameThread: boolean }> {
  const pool = new ThreadedEngine({ threads, sliceMs: 0 });
  try {
    const m = await pool.compile(GUEST);
    const a = await marked(pool, m, 0), b = await marked(pool, m, threads - 1);
    const [[ra, sa, ea], [rb, sb, eb]] = (await Promise.all([call(a.instance, 'work', n), call(b.instance, 'work', n)])) as [number, bigint, bigint][];
    assert.equal(ra, rb, 'the same work gives the same result');
    assert.ok(sa! < ea! && sb! < eb!);
    return { overlapped: sa! < eb! && sb! < ea!, sameThread: a.instance.thread === b.instance.thread };
  } finally {
    await pool.close();
  }
}

test('two CPU-bound guests in two workers run at the same time; in one worker (no slicing) they cannot', async () => {
  const probe = new ThreadedEngine({ threads: 1, sliceMs: 0 });
  let n: number;
  try {
    n = await iterationsFor(probe, await probe.compile(GUEST), 150);
  } finally {
    await probe.close();
  }
  // On a loaded machine one worker may finish before the other is scheduled at all: overlap must
  // show in one of three tries (on one thread it never can, which the control below checks).
  let two = await overlapOf(2, n);
  for (let attempt = 1; attempt < 3 && !two.overlapped; attempt++) two = await overlapOf(2, n);
  assert.equal(two.sameThread, false);
  assert.ok(two.overlapped, 'the two guests\' runs overlapped in time (in one of three tries)');
  const one = await overlapOf(1, n);
  assert.equal(one.sameThread, true);
  assert.equal(one.overlapped, false, 'control: on one thread without slices the second run starts after the first ends');
});

test('kill() from the main thread ends a guest spinning in its worker (no time slices: only the kill handle reaches it)', async () => {
  const pool = new ThreadedEngine({ threads: 1, sliceMs: 0 });
  try {
    const m = await pool.compile(GUEST);
    const spinner = await marked(pool, m, 0);
    const running = call(spinner.instance, 'spin');
    await spinner.firstMark; // the guest is past its host call, into the loop
    await new Promise((r) => setTimeout(r, 20));
    spinner.instance.kill();
    await assert.rejects(running, isKilled);
    await assert.rejects(call(spinner.instance, 'ok'), /released/);
    // The worker is free again: another instance there answers.
    const other = await marked(pool, m, 0);
    assert.equal(await call(other.instance, 'ok'), 7);
    assert.deepEqual((await pool.workerStats()).map((s) => s.instances), [1], 'the killed instance was released in the worker');
  } finally {
    await pool.close();
  }
});

test('kill() in the other states: suspended in a host call, and idle', async () => {
  const pool = new ThreadedEngine({ threads: 1 });
  try {
    const m = await pool.compile(GUEST);
    const waiting = await marked(pool, m, 0);
    const pending = call(waiting.instance, 'waitForHost');
    await new Promise((r) => setTimeout(r, 20));
    waiting.instance.kill();
    await assert.rejects(pending, isKilled);

    const idle = await marked(pool, m, 0);
    assert.equal(await call(idle.instance, 'ok'), 7);
    idle.instance.kill();
    idle.instance.kill(); // idempotent
    await assert.rejects(call(idle.instance, 'ok'), /released/);
    await assert.rejects(idle.instance.call('ok'), /released/);
    assert.deepEqual((await pool.workerStats()).map((s) => s.liveInstances), [0], 'every killed instance gave its slot back');
  } finally {
    await pool.close();
  }
});

test('close() ends a pool whose guests are spinning, and their calls reject', async () => {
  const pool = new ThreadedEngine({ threads: 2, sliceMs: 0 });
  const m = await pool.compile(GUEST);
  const a = await marked(pool, m, 0), b = await marked(pool, m, 1);
  const runs = [call(a.instance, 'spin'), call(b.instance, 'spin')].map((p) => p.then(() => undefined, (e: unknown) => e));
  await Promise.all([a.firstMark, b.firstMark]);
  const t = performance.now();
  await pool.close();
  // Generous: the fallback (terminate after a 2 s grace) would not even end a guest spinning in machine code.
  assert.ok(performance.now() - t < 1500, 'the workers stopped through the kill handles, not the grace timeout');
  for (const r of runs) assert.match(String(await r), /closed/);
  await assert.rejects(pool.compile(GUEST), /closed/);
});

test('a worker that dies is reported, its calls reject, and a new worker takes its place with the modules loaded', async () => {
  const reports: ThreadExitReport[] = [];
  const pool = new ThreadedEngine({ threads: 2, onThreadExit: (r) => reports.push(r) });
  try {
    const m = await pool.compile(GUEST);
    const victim = await marked(pool, m, 0);
    const pending = call(victim.instance, 'waitForHost');
    await new Promise((r) => setTimeout(r, 20));
    const threads = (pool as unknown as { threads: { worker: Worker }[] }).threads;
    const old = threads[0]!;
    await old.worker.terminate();
    await assert.rejects(pending, /worker thread 0 ended/);
    assert.equal(reports.length, 1);
    assert.equal(reports[0]!.thread, 0);
    assert.equal(reports[0]!.replaced, true);
    await assert.rejects(call(victim.instance, 'ok'), /worker thread 0 ended/);
    assert.notEqual(threads[0], old, 'a new worker');
    const fresh = await marked(pool, m, 0);
    assert.equal(await call(fresh.instance, 'ok'), 7);
    const stats = await pool.workerStats();
    assert.equal(stats[0]!.compiled + stats[0]!.loaded, 1, 'the new worker loaded the module');
    assert.equal(stats[0]!.compiled, 0, 'from its artifact, without compiling');
  } finally {
    await pool.close();
  }
});
