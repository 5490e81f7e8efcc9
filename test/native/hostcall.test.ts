// Suspension in host calls: results flow through the area, thousands of guests
// wait at once, teardown of suspended guests is clean, and a guest belongs to
// the thread that created it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { isNativeError, native } from '../../src/runtime/native.js';
import { loadSnippets } from './snippets.js';
import { DONE, HOSTCALL, distUrl, makeGuest, type TestGuest } from './helpers.js';

const s = loadSnippets();

test('a host call suspends with the import index and resumes with the result', () => {
  const g = makeGuest(s);
  assert.equal(g.call('hostEcho', 5n), HOSTCALL);
  assert.equal(g.area.field('hostcall_index'), 7n);
  assert.equal(g.area.slot(0), 5n);
  g.area.i64[g.area.areaIndex] = 100n;
  assert.equal(native.resume(g.id), DONE);
  assert.equal(g.result(), 101n);
  assert.throws(() => native.resume(g.id), (e) => isNativeError(e, 'ERR_CORRAL_STATE'));
  native.guestDestroy(g.id);
});

test('10,000 guests suspended in host calls at once all finish correctly', () => {
  const N = 10_000;
  const before = native.stats().guests;
  const guests: TestGuest[] = [];
  for (let i = 0; i < N; i++) {
    const g = makeGuest(s, 64 * 1024, false);
    assert.equal(g.call('hostEcho', BigInt(i)), HOSTCALL);
    guests.push(g);
  }
  assert.equal(native.stats().guests, before + N);
  // Resume in a different order than they suspended, answering 3x the argument.
  for (let k = 0; k < N; k++) {
    const g = guests[(k * 7919) % N]!;
    const arg = g.area.slot(0);
    g.area.i64[g.area.areaIndex] = arg * 3n;
    assert.equal(native.resume(g.id), DONE);
  }
  guests.forEach((g, i) => assert.equal(g.result(), BigInt(i) * 3n + 1n, `guest ${i}`));
  for (const g of guests) native.guestDestroy(g.id);
  assert.equal(native.stats().guests, before);
});

test('destroying suspended guests: the context view is detached, the id is dead', () => {
  const gs = Array.from({ length: 100 }, () => makeGuest(s, 64 * 1024, false));
  for (const g of gs) assert.equal(g.call('hostEcho', 1n), HOSTCALL);
  for (const g of gs) native.guestDestroy(g.id);
  for (const g of gs) {
    assert.equal(g.area.buffer.byteLength, 0);
    assert.throws(() => native.resume(g.id), (e) => isNativeError(e, 'ERR_CORRAL_ARGUMENT'));
  }
  const fresh = makeGuest(s, 64 * 1024, false); // a reused cell starts clean
  assert.equal(fresh.area.field('hostcall_index'), 0n);
  assert.equal(fresh.call('add', 2n, 3n), DONE);
  assert.equal(fresh.result(), 5n);
  native.guestDestroy(fresh.id);
});

test('end() abandons a suspended run; the guest can be entered again', () => {
  const g = makeGuest(s);
  assert.equal(g.call('hostEcho', 1n), HOSTCALL);
  assert.throws(() => g.call('add', 1n, 1n), (e) => isNativeError(e, 'ERR_CORRAL_STATE'));
  native.end(g.id);
  assert.equal(g.call('add', 1n, 1n), DONE);
  assert.equal(g.result(), 2n);
  native.guestDestroy(g.id);
});

test('another thread may not resume a guest; a worker exiting with suspended guests frees them', async () => {
  const g = makeGuest(s);
  assert.equal(g.call('hostEcho', 1n), HOSTCALL);
  const before = native.stats().guests;
  const w = new Worker(`
    const { parentPort, workerData } = require('node:worker_threads');
    (async () => {
      const { native } = await import(workerData.native);
      const { loadSnippets } = await import(workerData.snippets);
      let refused = '';
      try { native.resume(workerData.id); } catch (e) { refused = e.code; }
      const s = loadSnippets();
      for (let i = 0; i < 50; i++) {
        const id = native.guestCreate(65536, false);
        native.enter(id, s.addr('thunk'), s.addr('hostEcho'));
      }
      parentPort.postMessage({ refused, guests: native.stats().guests });
    })();`, { eval: true, workerData: { id: g.id, native: distUrl('src/runtime/native.js'), snippets: distUrl('test/native/snippets.js') } });
  const msg = await new Promise<{ refused: string; guests: number }>((res, rej) => { w.once('message', res); w.once('error', rej); });
  await new Promise((res) => w.once('exit', res));
  assert.equal(msg.refused, 'ERR_CORRAL_THREAD');
  assert.equal(msg.guests, before + 50);
  assert.equal(native.stats().guests, before); // the worker's suspended guests went with it
  g.area.i64[g.area.areaIndex] = 41n;
  assert.equal(native.resume(g.id), DONE); // still fine on its own thread
  assert.equal(g.result(), 42n);
  native.guestDestroy(g.id);
});
