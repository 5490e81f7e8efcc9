// Guests that never stop: an infinite loop is ended by the Engine's deadline
// (timeoutMs) with Trap 'interrupted', and unbounded recursion by the
// stack-limit check with Trap 'stack_overflow'. In both cases the host
// carries on and the same instance answers its next call correctly — the
// trap unwound cleanly, leaving no stale state behind. Both memory modes.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertTrap, callI32, i32, inBothModes } from './guests.js';

const RUNAWAY = `(module
  (memory (export "memory") 1)
  (global $count (mut i32) (i32.const 0))
  (func (export "spin") (loop $l (br $l)))
  (func (export "spin_counting") (loop $l (global.set $count (i32.add (global.get $count) (i32.const 1))) (br $l)))
  (func $recurse (export "recurse") (param i32) (result i32)
    (i32.add (call $recurse (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))
  (func $wide (export "recurse_wide") (param i64 i64 i64 i64 i64 i64 i64 i64) (result i64)
    (local f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64)
    (i64.add (call $wide (local.get 1) (local.get 2) (local.get 3) (local.get 4) (local.get 5) (local.get 6) (local.get 7) (local.get 0)) (i64.const 1)))
  (type $t (func (param i32) (result i32)))
  (table funcref (elem $ping $pong))
  (func $ping (param i32) (result i32) (call_indirect (type $t) (local.get 0) (i32.const 1)))
  (func $pong (export "indirect") (param i32) (result i32) (call_indirect (type $t) (local.get 0) (i32.const 0)))
  (func (export "count") (result i32) (global.get $count))
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0))))`;

test('an infinite loop is interrupted at the deadline; the instance keeps working', async (t) => {
  await inBothModes(t, { timeoutMs: 200 }, async (g) => {
    const inst = await g.instantiate(RUNAWAY);
    await inst.call('store', [i32(8), i32(1234)]);
    const started = performance.now();
    const trap = await assertTrap(g, inst.call('spin', []), 'interrupted', 'spin');
    const elapsed = performance.now() - started;
    assert.ok(elapsed >= 150 && elapsed < 5000, `interrupted near the 200 ms deadline (after ${elapsed.toFixed(0)} ms)`);
    assert.match(trap.message, /interrupted/);
    await assertTrap(g, inst.call('spin_counting', []), 'interrupted', 'spin_counting');
    assert.ok((await callI32(inst, 'count')) > 1000, 'the loop really ran (the counter moved) before the deadline');
    assert.equal(await callI32(inst, 'add', i32(2), i32(40)), 42, 'the next call works');
    assert.equal(await callI32(inst, 'load', i32(8)), 1234, 'memory survived the interruption');
    await assertTrap(g, inst.call('spin', []), 'interrupted', 'spin, again: the deadline is per call');
  });
});

test('unbounded recursion traps with stack_overflow, direct, wide frames and through call_indirect; the next call works', async (t) => {
  await inBothModes(t, {}, async (g) => {
    const inst = await g.instantiate(RUNAWAY);
    for (let round = 0; round < 3; round++) {
      const trap = await assertTrap(g, inst.call('recurse', [i32(0)]), 'stack_overflow', `recurse (round ${round})`);
      assert.match(trap.message, /call stack exhausted/);
      assert.equal(await callI32(inst, 'add', i32(-1), i32(1)), 0, 'the next call works');
    }
    await assertTrap(g, inst.call('recurse_wide', Array.from({ length: 8 }, (_, i) => ({ type: 'i64' as const, value: BigInt(i) }))), 'stack_overflow', 'recurse_wide');
    await assertTrap(g, inst.call('indirect', [i32(0)]), 'stack_overflow', 'indirect');
    await inst.call('store', [i32(0), i32(-7)]);
    assert.equal(await callI32(inst, 'load', i32(0)), -7);
  });
});

test('a small guest stack (stackBytes) overflows just the same, without touching the host', async (t) => {
  await inBothModes(t, { stackBytes: 64 * 1024 }, async (g) => {
    const inst = await g.instantiate(RUNAWAY);
    await assertTrap(g, inst.call('recurse', [i32(0)]), 'stack_overflow', 'recurse on a 64 KiB stack');
    assert.equal(await callI32(inst, 'add', i32(20), i32(22)), 42);
  });
});
