// The handler's deadline queue (src/server/deadlines.ts): one timer for all
// requests, expiry in arrival order, cancelled requests never told, the ring
// compacted when a long request at its head holds cancelled entries.

import assert from 'node:assert/strict';
import test from 'node:test';
import { Deadlines, type DeadlineTarget } from '../../src/server/deadlines.js';

function target(log: string[], name: string): DeadlineTarget & { at: number } {
  const t = {
    deadlineEntry: -1,
    at: 0,
    expire() {
      t.at = performance.now();
      log.push(name);
    },
  };
  return t;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('deadlines: running requests expire in order, not before their limit; cancelled ones never', async () => {
  const d = new Deadlines(30);
  const log: string[] = [];
  const t0 = performance.now();
  const a = target(log, 'a'), b = target(log, 'b'), c = target(log, 'c');
  d.add(a, performance.now());
  d.add(b, performance.now());
  await sleep(10);
  d.add(c, performance.now());
  d.cancel(b);
  assert.equal(d.size, 2);
  await sleep(60);
  assert.deepEqual(log, ['a', 'c']);
  assert.ok(a.at - t0 >= 29, `a expired after ${a.at - t0} ms`);
  assert.ok(c.at - t0 >= 39, `c expired after ${c.at - t0} ms`);
  assert.equal(d.size, 0);
  // Cancelling after expiry, or twice, changes nothing.
  d.cancel(a);
  d.cancel(b);
  assert.equal(d.size, 0);
  d.close();
});

test('deadlines: the ring compacts around a long request instead of growing without end', async () => {
  const d = new Deadlines(40);
  const log: string[] = [];
  const head = target(log, 'head');
  d.add(head, performance.now());
  // Many short requests behind it, each finished at once.
  for (let i = 0; i < 10_000; i++) {
    const t = target(log, `short${i}`);
    d.add(t, performance.now());
    d.cancel(t);
  }
  const last = target(log, 'last');
  d.add(last, performance.now());
  assert.equal(d.size, 2);
  const ring = (d as unknown as { times: Float64Array }).times.length;
  assert.ok(ring <= 128, `ring of ${ring} entries for 2 running requests`);
  await sleep(80);
  assert.deepEqual(log, ['head', 'last']);
  d.close();
});

test('deadlines: close() stops the timer; nothing expires afterwards', async () => {
  const d = new Deadlines(10);
  const log: string[] = [];
  d.add(target(log, 'x'), performance.now());
  d.close();
  await sleep(30);
  assert.deepEqual(log, []);
});
