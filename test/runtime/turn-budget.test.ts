// The per-iteration budget of time slicing (issue 5): sliced guests share one
// slice of time between two turns of the event loop, so K CPU-bound guests
// started in the same tick delay a timer by about one slice, not K slices;
// each still makes progress, and a short call stays synchronous-fast while
// the budget is closed.
// Only the test runner imports this.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Engine, type Instance, type Memory } from '../../src/index.js';

type Fn = (...a: unknown[]) => Promise<unknown>;
const fns = (x: Instance) => x.exports as Record<string, Fn>;

const SLICE_MS = 10;
const GUESTS = 10;
/** Generous for a loaded 2-core machine, and far below GUESTS slices (what running every first slice in one tick costs). */
const BOUND_MS = 3 * SLICE_MS;

// Spins until the host writes a non-zero word at address 0: only a timer can do it.
const SPIN = `(module
  (memory (export "memory") 1)
  (func (export "spin") (result i32) (local $n i32)
    (loop $l
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br_if $l (i32.eqz (i32.load (i32.const 0)))))
    (local.get $n)))`;

test(`${GUESTS} CPU-bound guests started in one tick delay a timer by about one ${SLICE_MS} ms slice, not ${GUESTS}`, async (t) => {
  const engine = new Engine({ memoryMode: 'checked', sliceMs: SLICE_MS, timeoutMs: 10_000 });
  try {
    const m = await engine.compile(SPIN);
    const spinners = await Promise.all(Array.from({ length: GUESTS }, () => engine.instantiate(m)));
    const flags = spinners.map((x) => new Int32Array((x.exports.memory as Memory).buffer));
    const short = await engine.instantiate(await engine.compile('(module (func (export "one") (result i32) (i32.const 1)))'));
    await fns(short).one!(); // warm: the first call of a module may do one-time work

    // A chain of zero-delay timers: each records how late it fired, until the guests are told to stop.
    const gaps: number[] = [];
    let stopAt = Infinity;
    const probe = new Promise<void>((resolve) => {
      let last = performance.now();
      const tick = () => {
        const now = performance.now();
        gaps.push(now - last);
        last = now;
        if (now >= stopAt) {
          for (const f of flags) f[0] = 1;
          resolve();
          return;
        }
        setTimeout(tick, 0);
      };
      setTimeout(tick, 0);
    });
    const started = performance.now();
    stopAt = started + 20 * SLICE_MS;
    const runs = spinners.map((x) => fns(x).spin!()); // all in this tick
    const counts = (await Promise.all(runs)) as number[];
    await probe;
    const elapsed = performance.now() - started;
    const worst = Math.max(...gaps);
    t.diagnostic(`first timer ${gaps[0]!.toFixed(1)} ms late; ${gaps.length} timers, worst gap ${worst.toFixed(1)} ms; guests ran ${elapsed.toFixed(0)} ms (iterations ${counts.join(', ')})`);

    assert.ok(gaps[0]! < BOUND_MS, `the first timer fired ${gaps[0]!.toFixed(1)} ms late (${GUESTS} first slices in one tick: ~${GUESTS * SLICE_MS} ms)`);
    assert.ok(worst < BOUND_MS, `a timer gap of ${worst.toFixed(1)} ms while ${GUESTS} guests spun`);
    assert.ok(counts.every((n) => n > 0), `every guest made progress (iterations ${counts.join(', ')})`);
    // The short guest still answers while the spinners are gone; the budget closes again.
    assert.equal(await fns(short).one!(), 1);
  } finally {
    engine.close();
  }
});

test('a call that finds the budget spent waits for a turn, then runs; a kill while it waits rejects it', async () => {
  const engine = new Engine({ memoryMode: 'checked', sliceMs: SLICE_MS, timeoutMs: 10_000 });
  try {
    const m = await engine.compile(SPIN);
    const [a, b, c] = await Promise.all([0, 1, 2].map(() => engine.instantiate(m)));
    const flagA = new Int32Array((a!.exports.memory as Memory).buffer);
    const flagB = new Int32Array((b!.exports.memory as Memory).buffer);
    const runA = fns(a!).spin!(); // runs a whole slice in this tick and spends the budget
    const t0 = performance.now();
    const runB = fns(b!).spin!(); // must not enter in this tick
    const runC = fns(c!).spin!();
    const sync = performance.now() - t0;
    assert.ok(sync < SLICE_MS / 2, `calls made after the budget was spent returned at once (${sync.toFixed(1)} ms)`);
    c!.kill();
    await assert.rejects(runC, (e: unknown) => (e as { limit?: string }).limit === 'killed');
    setTimeout(() => { flagA[0] = 1; flagB[0] = 1; }, 3 * SLICE_MS);
    const [na, nb] = (await Promise.all([runA, runB])) as number[];
    assert.ok(na! > 0 && nb! > 0, `both guests ran (${na}, ${nb})`);
  } finally {
    engine.close();
  }
});
