// Re-entry from an import's continuation (src/runtime/call.ts): after an
// await inside an async import, a call back into the instance that is
// calling the import is refused, as it is in the import's synchronous part
// (test/runtime/call.test.ts); and a run whose imports answer synchronously
// settles without the instance ever being in_host_call at a microtask turn.

import assert from 'node:assert/strict';
import test from 'node:test';
import { Engine } from '../../src/index.js';

const WAT = `(module
  (import "env" "cb" (func $cb (result i32)))
  (func (export "outer") (result i32) (call $cb))
  (func (export "inner") (result i32) (i32.const 42)))`;

test('an async import calling back in after an await is refused; fine once the outer call is over', async () => {
  const engine = new Engine();
  try {
    const m = await engine.compile(WAT);
    let inner: (() => Promise<unknown>) | undefined;
    const inst = await engine.instantiate(m, {
      env: {
        cb: async () => {
          await new Promise((r) => setTimeout(r, 1));
          await assert.rejects(inner!(), /re-entrant call not supported yet/);
          return 7;
        },
      },
    });
    inner = inst.exports['inner'] as () => Promise<unknown>;
    assert.equal(await (inst.exports['outer'] as () => Promise<unknown>)(), 7);
    assert.equal(await inner(), 42);
  } finally {
    engine.close();
  }
});

test('a plain import that returned a Promise once is followed from then on', async () => {
  const engine = new Engine();
  try {
    const m = await engine.compile(WAT);
    let inner: (() => Promise<unknown>) | undefined;
    let calls = 0;
    const inst = await engine.instantiate(m, {
      env: {
        // Not an async function: the first call's continuation is not followed, later ones are.
        cb: () => {
          calls++;
          return new Promise((r) => setTimeout(r, 1)).then(async () => {
            if (calls > 1) await assert.rejects(inner!(), /re-entrant call not supported yet/);
            return 7;
          });
        },
      },
    });
    inner = inst.exports['inner'] as () => Promise<unknown>;
    const outer = inst.exports['outer'] as () => Promise<unknown>;
    assert.equal(await outer(), 7);
    assert.equal(await outer(), 7);
  } finally {
    engine.close();
  }
});

test('a run with synchronous imports settles without suspending', async () => {
  const engine = new Engine();
  try {
    const m = await engine.compile(WAT);
    const inst = await engine.instantiate(m, { env: { cb: () => 5 } });
    const outer = inst.exports['outer'] as () => Promise<unknown>;
    const p = outer();
    // Settled already: the phase is back to idle before any microtask ran.
    assert.equal(inst.phase, 'idle');
    assert.equal(await p, 5);
  } finally {
    engine.close();
  }
});

test('asyncReentryCheck: false follows no import: the call back in waits for the instance, and the deadline ends the outer call', async () => {
  const engine = new Engine({ asyncReentryCheck: false, timeoutMs: 200 });
  try {
    const m = await engine.compile(WAT);
    let inner: (() => Promise<unknown>) | undefined;
    let innerResult: Promise<unknown> | undefined;
    const inst = await engine.instantiate(m, {
      env: {
        cb: async () => {
          await new Promise((r) => setTimeout(r, 1));
          innerResult = inner!(); // not refused: nothing follows this continuation
          await innerResult;
          return 7;
        },
      },
    });
    inner = inst.exports['inner'] as () => Promise<unknown>;
    await assert.rejects((inst.exports['outer'] as () => Promise<unknown>)(), (e: unknown) => (e as { limit?: string }).limit === 'deadline');
    // The queued call runs once the outer one has ended.
    assert.equal(await innerResult, 42);
  } finally {
    engine.close();
  }
});
