// The runtime heap (tables, globals, function records) running into the
// kernel's mapping budget: instantiation rejects with PoolExhausted naming
// the heap, the instances already made keep working, nothing leaks, and the
// engine instantiates again once the budget allows.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Engine, PoolExhausted } from '../../src/index.js';

type Fn = () => Promise<unknown>;
const f = (x: { exports: object }) => (x.exports as Record<string, Fn>).f!();
import { native } from '../../src/runtime/native.js';

// 10M elements of 8 bytes: a 128 MiB heap block each, so a 1 GiB heap chunk holds
// at most eight and the next instance needs a new reservation (a kernel mapping).
const BIG_TABLE = '(module (table 10000000 funcref) (func (export "f") (result i32) i32.const 7))';

for (const memoryMode of ['checked', 'guarded'] as const) {
  test(`${memoryMode}: a heap that cannot grow rejects instantiation with PoolExhausted, without leaks`, async () => {
    const engine = new Engine({ memoryMode, maxInstances: 64 });
    try {
      const mod = await engine.compile(BIG_TABLE);
      const first = await engine.instantiate(mod, {}); // reserves what every instance needs besides heap chunks
      const live = [first];
      const prev = native.testSetMappingLimit(native.stats().mappings + 1);
      let refused: unknown;
      try {
        for (let i = 0; i < 16 && refused === undefined; i++) {
          try { live.push(await engine.instantiate(mod, {})); } catch (e) { refused = e; }
        }
      } finally {
        native.testSetMappingLimit(prev);
      }
      assert.ok(refused instanceof PoolExhausted, `expected PoolExhausted, got ${String(refused)}`);
      assert.match(refused.message, /runtime heap could not grow/);
      assert.ok(live.length >= 2 && live.length < 16, `some instances fit before the budget ran out (${live.length})`);
      for (const inst of live) assert.equal(await f(inst), 7);
      assert.equal(engine.liveInstances, live.length, 'the refused instantiation holds no slot');
      for (const inst of live) inst.release();
      assert.equal(engine.liveInstances, 0);
      const again = await engine.instantiate(mod, {});
      assert.equal(await f(again), 7, 'the engine instantiates again once the budget allows');
      again.release();
    } finally {
      await engine.close();
    }
  });
}
