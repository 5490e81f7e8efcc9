// One guest's failure is its own: a trap (unreachable, out of bounds, stack
// overflow, deadline) in one instance leaves other instances — of the same
// module and of others, including one suspended in an async host import at
// that moment — working with their memory intact. A host import that throws
// (or rejects) ends the guest call with that very error, not a Trap, and the
// instance keeps working. Both memory modes.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CorralInstance, CorralMemory } from '../spec/corral-api.js';
import { assertTrap, callI32, i32, inBothModes } from './guests.js';

const VICTIM = `(module
  (import "host" "wait" (func $wait (param i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "set") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
  (func (export "get") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "waiting_add") (param i32) (result i32)
    (i32.store (i32.const 100) (i32.const 1))
    (i32.add (call $wait (local.get 0)) (i32.load (i32.const 100)))))`;

const ATTACKER = `(module
  (memory 1)
  (func (export "unreachable") unreachable)
  (func (export "oob") (drop (i32.load (i32.const -4))))
  (func $r (export "recurse") (call $r))
  (func (export "spin") (loop $l (br $l))))`;

test('a trapping instance leaves the others, and one waiting in an async import, intact', async (t) => {
  await inBothModes(t, { timeoutMs: 300 }, async (g) => {
    let release: (v: number) => void = () => undefined;
    const wait = (x: number): Promise<number> => new Promise((resolve) => { release = (v) => resolve(v + x); });
    const imports = { host: { wait } };
    // The deadline covers time awaiting async imports: the waiting instance gets a longer one than the attacker.
    const a = await (g.engine.instantiate as (m: unknown, i: unknown, o: { timeoutMs: number }) => Promise<CorralInstance>)(await g.engine.compile(VICTIM), imports, { timeoutMs: 10_000 });
    const b = await g.instantiate(VICTIM, { host: { wait: (x: number) => x * 2 } });
    await a.call('set', [i32(0), i32(111)]);
    await b.call('set', [i32(0), i32(222)]);
    const pending = a.call('waiting_add', [i32(5)]); // suspended in the host import until released
    await new Promise((r) => setImmediate(r));
    const attacker = await g.instantiate(ATTACKER);
    await assertTrap(g, attacker.call('unreachable', []), 'unreachable', 'unreachable');
    await assertTrap(g, attacker.call('oob', []), 'memory_out_of_bounds', 'oob');
    await assertTrap(g, attacker.call('recurse', []), 'stack_overflow', 'recurse');
    await assertTrap(g, attacker.call('spin', []), 'interrupted', 'spin');
    assert.equal(await callI32(b, 'get', i32(0)), 222, 'another instance of the same module keeps its memory');
    assert.equal(await callI32(b, 'waiting_add', i32(4)), 9, 'and its calls work');
    release(10);
    const [r] = await pending;
    assert.deepEqual(r, { type: 'i32', value: 16 }, 'the instance suspended in a host import resumes and completes');
    assert.equal(await callI32(a, 'get', i32(0)), 111);
    assert.equal(new Uint8Array((a.exports['memory'] as CorralMemory).buffer)[0], 111);
  });
});

test('a throwing host import ends the call with that same error, and the instance keeps working', async (t) => {
  await inBothModes(t, {}, async (g) => {
    const boom = new Error('host says no');
    let mode: 'throw' | 'reject' | 'ok' = 'throw';
    const wait = (x: number): unknown => {
      if (mode === 'throw') throw boom;
      if (mode === 'reject') return Promise.reject(boom);
      return x;
    };
    const inst = await g.instantiate(VICTIM, { host: { wait } });
    for (const m of ['throw', 'reject'] as const) {
      mode = m;
      await assert.rejects(inst.call('waiting_add', [i32(1)]), (e: unknown) => {
        assert.equal(e, boom, `a host import that ${m}s: the call rejects with the host's own error`);
        assert.ok(!(e instanceof g.api.Trap));
        return true;
      });
      assert.equal(await callI32(inst, 'get', i32(100)), 1, 'the guest ran up to the import');
    }
    mode = 'ok';
    assert.equal(await callI32(inst, 'waiting_add', i32(41)), 42, 'the instance works after the host error');
  });
});
