// Worker threads run their own guests and trap concurrently; each trap is
// attributed to the thread (and guest) that caused it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { TrapCodeId } from '../../src/abi/trap-codes.js';
import { isNativeError, native } from '../../src/runtime/native.js';
import { distUrl } from './helpers.js';

const WORKER = `
  const { parentPort, workerData } = require('node:worker_threads');
  (async () => {
    const { loadSnippets } = await import(workerData.snippets);
    const { makeGuest, guardedMemory, v8TrapInstance } = await import(workerData.helpers);
    const s = loadSnippets();
    const g = makeGuest(s, 128 * 1024, true);
    const mem = guardedMemory(1, 1);
    mem.bind(g.id);
    const counts = { oob: 0, div: 0, explicit: 0, stack: 0, ok: 0, wrong: 0 };
    const code = () => Number(g.area.field('trap_code'));
    for (let i = 0; i < workerData.rounds; i++) {
      if (g.call('load', 0x10000n + BigInt(i)) === 1 && code() === workerData.codes.oob) counts.oob++; else counts.wrong++;
      if (g.call('div', 1n, 0n) === 1 && code() === workerData.codes.div) counts.div++; else counts.wrong++;
      const c = 1 + (i + workerData.index) % 15;
      if (g.call('trap', BigInt(c)) === 1 && code() === c) counts.explicit++; else counts.wrong++;
      if (i % 50 === 0) { if (g.call('recurseChecked') === 1 && code() === workerData.codes.stack) counts.stack++; else counts.wrong++; }
      if (g.call('add', BigInt(i), BigInt(workerData.index)) === 0 && g.result() === BigInt(i + workerData.index)) counts.ok++; else counts.wrong++;
    }
    // V8's own out-of-bounds trap on this thread, between ours: still V8's RuntimeError.
    const v8 = v8TrapInstance();
    try { v8.load(70000); } catch (e) { counts.v8 = e instanceof WebAssembly.RuntimeError ? 1 : 0; }
    parentPort.postMessage(counts);
  })().catch((e) => parentPort.postMessage({ error: String(e && e.stack || e) }));`;

test('a worker that never ran a guest still gets V8 traps after our handlers are installed', async () => {
  native.guestDestroy(native.guestCreate(65536, false)); // installs the handlers in this process
  const v8 = await new Promise<number>((res, rej) => {
    const w = new Worker(`
      const { parentPort, workerData } = require('node:worker_threads');
      import(workerData.helpers).then(({ v8TrapInstance }) => {
        try { v8TrapInstance().load(70000); parentPort.postMessage(0); }
        catch (e) { parentPort.postMessage(e instanceof WebAssembly.RuntimeError ? 1 : 0); }
      });`, { eval: true, workerData: { helpers: distUrl('test/native/helpers.js') } });
    w.once('message', res);
    w.once('error', rej);
  });
  assert.equal(v8, 1);
});

test('four workers trap concurrently, each trap attributed correctly', async () => {
  const rounds = 300;
  const codes = { oob: TrapCodeId.memory_out_of_bounds, div: TrapCodeId.integer_divide_by_zero, stack: TrapCodeId.stack_overflow };
  const results = await Promise.all([0, 1, 2, 3].map((index) => new Promise<Record<string, number>>((res, rej) => {
    const w = new Worker(WORKER, {
      eval: true,
      workerData: { index, rounds, codes, snippets: distUrl('test/native/snippets.js'), helpers: distUrl('test/native/helpers.js') },
    });
    w.once('message', res);
    w.once('error', rej);
  })));
  for (const r of results) {
    assert.equal(r['error'], undefined);
    assert.deepEqual(r, { oob: rounds, div: rounds, explicit: rounds, stack: rounds / 50, ok: rounds, wrong: 0, v8: 1 });
  }
});

const EXIT_WAT = '(module (memory 1) (table 4 funcref) (func (export "f") (result i32) (i32.store (i32.const 8) (i32.const 42)) (i32.load (i32.const 8))))';

test('a worker that exits without closing its engine gives back its reservations, code and guests', async () => {
  // Stack slabs are shared by all threads and never unmapped: make the one the worker's guest will use first.
  const { Engine } = await import('../../src/index.js');
  const warm = new Engine({ memoryMode: 'guarded' });
  await (await warm.instantiate(await warm.compile(EXIT_WAT), {})).exports;
  await warm.close();
  const before = native.stats();
  const during = await new Promise<{ mappings: number; reservedBytes: number; guests: number; result: number }>((res, rej) => {
    const w = new Worker(`
      const { parentPort, workerData } = require('node:worker_threads');
      (async () => {
        const { Engine } = await import(workerData.index);
        const { native } = await import(workerData.native);
        const engine = new Engine({ memoryMode: workerData.mode });
        const mod = await engine.compile(workerData.wat);
        const inst = await engine.instantiate(mod, {});
        const result = await inst.exports.f();
        const s = native.stats();
        parentPort.postMessage({ mappings: s.mappings, reservedBytes: s.reservedBytes, guests: s.guests, result });
        // exits with the engine open: its reservations, code and guests are the env's to give back
      })().catch((e) => parentPort.postMessage({ error: String(e && e.stack || e) }));`,
      { eval: true, workerData: { index: distUrl('src/index.js'), native: distUrl('src/runtime/native.js'), mode: 'guarded', wat: EXIT_WAT } });
    w.once('message', (m: { error?: string }) => (m.error !== undefined ? rej(new Error(m.error)) : res(m as never)));
    w.once('error', rej);
  });
  assert.equal(during.result, 42);
  assert.ok(during.mappings > before.mappings && during.reservedBytes > before.reservedBytes, 'the worker held mappings and address space');
  // The env's cleanup runs as the worker's thread ends, after 'exit' may already have fired: poll briefly.
  let after = native.stats();
  for (let i = 0; i < 200 && (after.mappings !== before.mappings || after.reservedBytes !== before.reservedBytes || after.guests !== before.guests); i++) {
    await new Promise((r) => setTimeout(r, 10));
    after = native.stats();
  }
  assert.equal(after.mappings, before.mappings, 'mappings given back');
  assert.equal(after.reservedBytes, before.reservedBytes, 'address space given back');
  assert.equal(after.guests, before.guests, 'guests given back');
});

test("a worker's view of another thread's reservation does not outlive the worker", async () => {
  const res = native.reserve(1 << 20, true);
  try {
    await new Promise<void>((resolve, reject) => {
      const w = new Worker(`
        const { parentPort, workerData } = require('node:worker_threads');
        import(workerData.native).then(({ native }) => {
          globalThis.kept = native.view(workerData.res, 0, 4096); // held until the thread ends
          new Uint8Array(globalThis.kept)[0] = 7;
          parentPort.on('message', () => {}); // stays alive (and viewing) until terminated
          parentPort.postMessage('viewing');
        });`, { eval: true, workerData: { native: distUrl('src/runtime/native.js'), res } });
      w.once('message', () => {
        // While the worker views it, this thread may not take the range away.
        assert.throws(() => native.release(res), (e) => isNativeError(e, 'ERR_CORRAL_STATE'));
        void w.terminate();
      });
      w.once('exit', () => resolve());
      w.once('error', reject);
    });
    // The env's cleanup runs as the worker's thread ends, after 'exit' may already have fired: poll briefly.
    let released = false;
    for (let i = 0; i < 200 && !released; i++) {
      try {
        native.release(res);
        released = true;
      } catch (e) {
        if (!isNativeError(e, 'ERR_CORRAL_STATE')) throw e;
        await new Promise((r) => setTimeout(r, 10));
      }
    }
    assert.ok(released, "release still refused after the viewing worker ended");
  } catch (e) {
    try { native.release(res); } catch { /* already released, or still blocked: the assertion above reports it */ }
    throw e;
  }
});
