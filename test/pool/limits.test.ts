// Per-instance limits and scheduling (issue 5): memory and table caps,
// the wall-clock deadline (time awaiting async imports included), time
// slicing (a CPU-bound guest cannot starve timers), fuel per instance, the
// engine-wide cap on pending host calls, and kill() in every lifecycle state.
// Each limit ends only the guest that exceeds it, with a Trap naming it.
// Only the test runner imports this.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { Engine, Trap, type Instance, type Memory } from '../../src/index.js';

type Fn = (...a: unknown[]) => Promise<unknown>;
const fns = (x: Instance) => x.exports as Record<string, Fn>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function isLimitTrap(limit: string, code = 'interrupted') {
  return (e: unknown) => {
    assert.ok(e instanceof Trap, `expected a Trap, got ${String(e)}`);
    assert.equal(e.code, code);
    assert.equal(e.limit, limit);
    return true;
  };
}

const GROWER = `(module
  (memory (export "memory") 1)
  (table 1 funcref)
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "tgrow") (param i32) (result i32) (table.grow (ref.null func) (local.get 0))))`;

test('memory and table limits per instance: grow returns -1 beyond them, other instances unaffected', async () => {
  const engine = new Engine({ memoryMode: 'checked' });
  try {
    const m = await engine.compile(GROWER);
    const small = await engine.instantiate(m, {}, { maxMemoryPages: 2, maxTableElements: 3 });
    const big = await engine.instantiate(m);
    assert.equal(await fns(small).grow!(1), 1);
    assert.equal(await fns(small).grow!(1), -1, 'a third page is beyond the instance limit');
    assert.equal((small.exports.memory as Memory).buffer.byteLength, 2 * 65536);
    assert.equal(await fns(small).tgrow!(2), 1);
    assert.equal(await fns(small).tgrow!(1), -1, 'a fourth element is beyond the table limit');
    assert.equal(await fns(big).grow!(5), 1, 'the other instance has the engine limit');
    assert.equal(await fns(big).tgrow!(10), 1);
    await assert.rejects(engine.instantiate(await engine.compile('(module (table 5 funcref))'), {}, { maxTableElements: 3 }), /maxTableElements/);
  } finally {
    engine.close();
  }
});

test('the deadline covers time awaiting an async import; the others carry on', async () => {
  const engine = new Engine({ timeoutMs: 100 });
  try {
    const m = await engine.compile(`(module
      (import "h" "wait" (func $w (param i32) (result i32)))
      (func (export "f") (param i32) (result i32) (call $w (local.get 0))))`);
    const slowImport = { h: { wait: (ms: number) => new Promise((r) => setTimeout(() => r(ms), ms)) } };
    const a = await engine.instantiate(m, slowImport);
    const b = await engine.instantiate(m, slowImport, { timeoutMs: 2000 });
    const started = performance.now();
    const pa = fns(a).f!(1000);
    const pb = fns(b).f!(300);
    await assert.rejects(pa, isLimitTrap('deadline'));
    const elapsed = performance.now() - started;
    assert.ok(elapsed < 600, `the deadline ended the wait after ${elapsed.toFixed(0)} ms, not the import's 1000 ms`);
    assert.equal(await pb, 300, 'an instance with a longer deadline completes');
    assert.equal(await fns(a).f!(5), 5, 'the instance works again on its next call');
  } finally {
    engine.close();
  }
});

test('time slicing: three guests running 500 ms leave a 10 ms interval firing and share the CPU (event-loop delay measured)', async (t) => {
  const engine = new Engine({ memoryMode: 'checked', sliceMs: 5, timeoutMs: 10_000 });
  try {
    // Spins until the host writes a non-zero word at address 0: only a timer can do it.
    const m = await engine.compile(`(module
      (memory (export "memory") 1)
      (func (export "spin") (result i32) (local $n i32)
        (loop $l
          (local.set $n (i32.add (local.get $n) (i32.const 1)))
          (br_if $l (i32.eqz (i32.load (i32.const 0)))))
        (local.get $n)))`);
    const spinners = await Promise.all([0, 1, 2].map(() => engine.instantiate(m)));
    const other = await engine.instantiate(await engine.compile('(module (func (export "one") (result i32) (i32.const 1)))'));
    const flags = spinners.map((x) => new Int32Array((x.exports.memory as Memory).buffer));
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    let ticks = 0;
    let otherCalls = 0;
    const started = performance.now();
    const timer = setInterval(() => {
      ticks++;
      if (performance.now() - started >= 500) for (const f of flags) f[0] = 1;
      void fns(other).one!().then((v) => { if (v === 1) otherCalls++; });
    }, 10);
    const counts = (await Promise.all(spinners.map((x) => fns(x).spin!()))) as number[];
    clearInterval(timer);
    delay.disable();
    const elapsed = performance.now() - started;
    const p99 = delay.percentile(99) / 1e6;
    t.diagnostic(`3 guests ran ${elapsed.toFixed(0)} ms (${counts.join(', ')} iterations); the interval fired ${ticks} times; another guest answered ${otherCalls} calls; event-loop delay p99 ${p99.toFixed(1)} ms, max ${(delay.max / 1e6).toFixed(1)} ms`);
    assert.ok(elapsed >= 500, 'the guests ran until the timer told them to stop');
    // Without slicing the interval could not fire at all (the guests would never stop); the
    // bounds leave room for a loaded machine (2 shared cores).
    assert.ok(ticks >= 10, `the 10 ms interval fired ${ticks} times in ${elapsed.toFixed(0)} ms`);
    assert.ok(otherCalls >= 8, `another guest was served ${otherCalls} times meanwhile`);
    const fair = Math.min(...counts) / Math.max(...counts);
    assert.ok(fair > 0.2, `the spinning guests shared the CPU (iterations ${counts.join(', ')})`);
    assert.ok(p99 < 250, `event-loop delay p99 ${p99.toFixed(1)} ms`);
  } finally {
    engine.close();
  }
});

test('fuel per instance: a tighter budget traps out_of_fuel naming the limit; others keep the engine budget', async () => {
  const engine = new Engine({ fuel: 10_000_000 });
  try {
    const m = await engine.compile(`(module
      (func (export "count") (param $n i32) (result i32) (local $i i32)
        (loop $l
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
        (local.get $i)))`);
    const tight = await engine.instantiate(m, {}, { fuel: 1000 });
    const roomy = await engine.instantiate(m);
    await assert.rejects(fns(tight).count!(100_000), isLimitTrap('fuel', 'out_of_fuel'));
    assert.equal(await fns(tight).count!(10), 10, 'the budget is per call');
    assert.equal(await fns(roomy).count!(100_000), 100_000);
    const plain = new Engine();
    try {
      await assert.rejects(plain.instantiate(await plain.compile('(module)'), {}, { fuel: 5 }), /EngineConfig.fuel/);
    } finally {
      plain.close();
    }
  } finally {
    engine.close();
  }
});

test('pending host calls are capped engine-wide: the guest that exceeds the cap traps', async () => {
  const engine = new Engine({ maxHostCalls: 2 });
  try {
    let open: (() => void)[] = [];
    const m = await engine.compile(`(module
      (import "h" "wait" (func $w (result i32)))
      (func (export "f") (result i32) (call $w)))`);
    const imports = { h: { wait: () => new Promise<number>((r) => open.push(() => r(7))) } };
    const xs = await Promise.all([0, 1, 2].map(() => engine.instantiate(m, imports)));
    const p0 = fns(xs[0]!).f!(), p1 = fns(xs[1]!).f!();
    // Both must be waiting in their host call before the third asks (a fixed sleep lost this race on a loaded machine).
    while (open.length < 2) await sleep(1);
    await assert.rejects(fns(xs[2]!).f!(), isLimitTrap('host_calls', 'host_error'));
    for (const o of open) o();
    open = [];
    assert.deepEqual(await Promise.all([p0, p1]), [7, 7]);
    const p2 = fns(xs[2]!).f!();
    while (open.length < 1) await sleep(1);
    for (const o of open) o();
    assert.equal(await p2, 7, 'below the cap again, it works');
  } finally {
    engine.close();
  }
});

test('kill() in every state: idle, running, in a host call, interrupted', async () => {
  const engine = new Engine({ memoryMode: 'checked', sliceMs: 5, timeoutMs: 10_000 });
  try {
    let self: Instance | undefined;
    let pendingWait: (() => void) | undefined;
    const imports = {
      h: {
        wait: () => new Promise<number>((r) => { pendingWait = () => r(1); }),
        killMe: () => { self!.kill(); return 0; },
      },
    };
    const m = await engine.compile(`(module
      (import "h" "wait" (func $wait (result i32)))
      (import "h" "killMe" (func $killMe (result i32)))
      (memory (export "memory") 1)
      (func (export "wait") (result i32) (call $wait))
      (func (export "suicide") (result i32) (drop (call $killMe)) (i32.store (i32.const 0) (i32.const 99)) (i32.const 1))
      (func (export "spin") (loop $l (br $l)))
      (func (export "one") (result i32) (i32.const 1)))`);
    const witness = await engine.instantiate(m, imports);

    const idle = await engine.instantiate(m, imports);
    assert.equal(idle.phase, 'idle');
    idle.kill();
    assert.equal(idle.phase, 'killed');
    await assert.rejects(fns(idle).one!(), /released/);

    const running = await engine.instantiate(m, imports);
    const mem = new Int32Array((running.exports.memory as Memory).buffer);
    self = running;
    await assert.rejects(fns(running).suicide!(), isLimitTrap('killed'));
    assert.equal(mem.length === 0 || mem[0] === 0, true, 'the guest did not continue past the host call that killed it');

    const waiting = await engine.instantiate(m, imports);
    const pw = fns(waiting).wait!();
    await sleep(5);
    assert.equal(waiting.phase, 'in_host_call');
    const t0 = performance.now();
    waiting.kill();
    await assert.rejects(pw, isLimitTrap('killed'));
    // The import never settles on its own: waiting for it would hang. The bound is
    // generous so a loaded machine cannot make this flaky.
    assert.ok(performance.now() - t0 < 2000, 'the call rejected at once, not when the import settles');
    pendingWait!(); // the late result is ignored

    const spinning = await engine.instantiate(m, imports);
    const ps = fns(spinning).spin!();
    await sleep(30);
    assert.equal(spinning.phase, 'interrupted', 'between slices, the spinning guest waits for its turn');
    spinning.kill();
    await assert.rejects(ps, isLimitTrap('killed'));

    assert.equal(await fns(witness).one!(), 1, 'nothing else was affected');
    await sleep(1);
    assert.equal(engine.liveInstances, 1, 'every killed instance gave its slot back');
  } finally {
    engine.close();
  }
});

test('kill from another thread stops a guest running on this one (no slicing, no deadline: only the interrupt word)', async () => {
  const engine = new Engine({ sliceMs: 0 });
  try {
    const inst = await engine.instantiate(await engine.compile('(module (func (export "spin") (loop $l (br $l))))'));
    const handle = inst.killHandle;
    // The worker sleeps without an event loop of ours to help, then kills: this thread is inside the guest meanwhile.
    const code = `
      const { workerData } = require('node:worker_threads');
      import(workerData.index).then(({ killByHandle }) => {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
        killByHandle(workerData.handle);
      });`;
    const worker = new Worker(code, { eval: true, workerData: { handle, index: new URL('../../src/index.js', import.meta.url).href } });
    const started = performance.now();
    await assert.rejects(fns(inst).spin!(), isLimitTrap('killed'));
    assert.ok(performance.now() - started >= 50, 'the guest ran until the other thread killed it');
    assert.equal(inst.phase, 'killed');
    await assert.rejects(fns(inst).spin!(), /released/);
    await worker.terminate();
    assert.equal(engine.liveInstances, 0);
  } finally {
    engine.close();
  }
});
