// Interrupts: a guest spinning in a loop that polls the interrupt word is
// stopped by a deadline (timer thread) or by another thread, while the JS
// event loop is blocked inside enter; it can then be resumed or ended.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { native } from '../../src/runtime/native.js';
import { loadSnippets } from './snippets.js';
import { DONE, INTERRUPTED, distUrl, makeGuest } from './helpers.js';

const s = loadSnippets();

test('a deadline interrupts an infinite loop; resumable, then finishes', () => {
  const g = makeGuest(s);
  // The clock starts before arming: the deadline counts from interruptAfter,
  // and a busy machine may pause this thread between the two calls.
  let t = performance.now();
  native.interruptAfter(g.id, 30);
  assert.equal(g.call('spin'), INTERRUPTED);
  assert.ok(performance.now() - t >= 25, 'returned before the deadline');
  assert.equal(g.area.field('interrupt'), 0n); // the yield helper cleared it

  t = performance.now();
  native.interruptAfter(g.id, 10);
  assert.equal(native.resume(g.id), INTERRUPTED); // still spinning until the next deadline
  assert.ok(performance.now() - t >= 8);

  g.area.i64[g.area.areaIndex + 1] = 1n; // tell the loop to stop after its next yield
  assert.equal(native.resume(g.id), DONE);
  assert.equal(g.result(), 42n);
  native.guestDestroy(g.id);
});

test('a cancelled deadline does not fire; an interrupted guest can be ended', async () => {
  const g = makeGuest(s);
  native.interruptAfter(g.id, 5);
  native.interruptAfter(g.id, -1);
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(g.area.field('interrupt'), 0n);
  native.interruptAfter(g.id, 0);
  assert.equal(g.call('spin'), INTERRUPTED);
  native.end(g.id);
  assert.equal(g.call('add', 1n, 2n), DONE);
  native.guestDestroy(g.id);
});

test("enter's and resume's slice argument arms the deadline; the run's end disarms it, a suspended run keeps it", async () => {
  const g = makeGuest(s);
  const thunk = s.addr('thunk');
  let t = performance.now();
  assert.equal(native.enter(g.id, thunk, s.addr('spin'), 20), INTERRUPTED);
  assert.ok(performance.now() - t >= 15, 'returned before the slice');
  t = performance.now();
  assert.equal(native.resume(g.id, 10), INTERRUPTED); // a fresh slice
  assert.ok(performance.now() - t >= 8);
  g.area.i64[g.area.areaIndex + 1] = 1n;
  assert.equal(native.resume(g.id), DONE); // the run ends: its slice is disarmed
  // A short slice on a call that returns at once: disarmed, so nothing fires later.
  assert.equal(native.enter(g.id, thunk, s.addr('add'), 5), DONE);
  await new Promise((r) => setTimeout(r, 30));
  assert.equal(g.area.field('interrupt'), 0n, 'a finished run left its slice armed');
  // A deadline set by interruptAfter is not the run's to disarm.
  native.interruptAfter(g.id, 5);
  assert.equal(native.enter(g.id, thunk, s.addr('add')), DONE);
  await new Promise((r) => setTimeout(r, 30));
  assert.equal(g.area.field('interrupt'), 1n, 'an explicit deadline was disarmed by an untimed run');
  g.area.setField('interrupt', 0n);
  native.guestDestroy(g.id);
});

test('another thread interrupts a guest while this thread is blocked in it'
, async () => {
  const g = makeGuest(s);
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const w = new Worker(`
    const { parentPort, workerData } = require('node:worker_threads');
    import(workerData.native).then(({ native }) => {
      parentPort.postMessage('ready');
      Atomics.wait(workerData.flag, 0, 0);          // main is about to enter the loop
      Atomics.wait(workerData.flag, 0, 1, 20);       // let it spin a little
      native.interruptAfter(workerData.id, 0);
    });`, { eval: true, workerData: { id: g.id, flag, native: distUrl('src/runtime/native.js') } });
  await new Promise((r) => w.once('message', r));
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
  const t = performance.now();
  assert.equal(g.call('spin'), INTERRUPTED); // the event loop is blocked here
  assert.ok(performance.now() - t >= 10);
  await new Promise((r) => w.once('exit', r));
  native.guestDestroy(g.id);
});
