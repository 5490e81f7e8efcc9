// Huge growth requests are refused with -1, as the spec allows, instead of
// exhausting the host: memory.grow past the module's maximum, past the
// Engine's maxMemoryPages cap, past 4 GiB, and by 2^32-1 pages; table.grow by
// 2^32-1 and by a billion elements. The memory and table are unchanged
// afterwards and ordinary growth still works. Both memory modes.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CorralMemory } from '../spec/corral-api.js';
import { callI32, i32, inBothModes } from './guests.js';

const GROWER = `(module
  (memory (export "memory") 1)
  (table $t 1 funcref)
  (table $small 1 10 externref)
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "size") (result i32) (memory.size))
  (func (export "table_grow") (param i32) (result i32) (table.grow $t (ref.null func) (local.get 0)))
  (func (export "table_size") (result i32) (table.size $t))
  (func (export "small_grow") (param i32) (result i32) (table.grow $small (ref.null extern) (local.get 0)))
  (func (export "poke") (param i32) (i32.store8 (local.get 0) (i32.const 0xab))))`;

const WITH_MAX = `(module (memory (export "memory") 1 3)
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))`;

test('huge memory.grow and table.grow requests return -1 and change nothing', async (t) => {
  await inBothModes(t, { maxMemoryPages: 64 }, async (g) => {
    const inst = await g.instantiate(GROWER);
    for (const delta of [-1, 0x7fffffff, 0x10000, 0x10000 - 1, 64]) {
      assert.equal(await callI32(inst, 'grow', i32(delta)), -1, `memory.grow ${delta >>> 0} pages`);
      assert.equal(await callI32(inst, 'size'), 1, `memory.grow ${delta >>> 0} left the size alone`);
    }
    assert.equal(await callI32(inst, 'grow', i32(63)), 1, 'growing up to the Engine cap (64 pages) works');
    assert.equal(await callI32(inst, 'grow', i32(1)), -1, 'one page past the cap is refused');
    await inst.call('poke', [i32(64 * 65536 - 1)]);
    assert.equal(new Uint8Array((inst.exports['memory'] as CorralMemory).buffer)[64 * 65536 - 1], 0xab);
    for (const delta of [-1, 0x7fffffff, 1_000_000_000]) {
      assert.equal(await callI32(inst, 'table_grow', i32(delta)), -1, `table.grow ${delta >>> 0}`);
      assert.equal(await callI32(inst, 'table_size'), 1);
    }
    assert.equal(await callI32(inst, 'table_grow', i32(5)), 1, 'ordinary table growth works');
    assert.equal(await callI32(inst, 'small_grow', i32(10)), -1, 'past a table maximum');
    assert.equal(await callI32(inst, 'small_grow', i32(9)), 1, 'up to a table maximum');

    const capped = await g.instantiate(WITH_MAX);
    assert.equal(await callI32(capped, 'grow', i32(3)), -1, 'past the module maximum');
    assert.equal(await callI32(capped, 'grow', i32(2)), 1, 'up to the module maximum');
    assert.equal(await callI32(capped, 'grow', i32(1)), -1);
  });
});

test('with the default cap, growing past 4 GiB is refused', async (t) => {
  await inBothModes(t, {}, async (g) => {
    const inst = await g.instantiate(GROWER);
    assert.equal(await callI32(inst, 'grow', i32(0x10000)), -1, '65536 more pages would be 4 GiB + 64 KiB');
    assert.equal(await callI32(inst, 'grow', i32(-1)), -1);
    assert.equal(await callI32(inst, 'size'), 1);
  });
});
