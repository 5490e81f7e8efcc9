// Instance groups: linking a new instance to one that is suspended in an async
// host call, calls queued behind a running group, runner changes, and
// failures inside attached instances leaving the group usable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine, Table } from '../../src/index.js';

type Fn = (...a: unknown[]) => Promise<unknown>;
const fns = (x: { exports: object }) => x.exports as Record<string, Fn>;

test('an instance linked to a running group joins it; its calls wait for the run to finish', async () => {
  const engine = new Engine();
  try {
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    const order: string[] = [];
    const a = await engine.instantiate(await engine.compile(`(module
      (import "h" "wait" (func $wait))
      (func (export "slow") (result i32) call $wait i32.const 1)
      (func (export "fast") (result i32) i32.const 2))`), { h: { wait: async () => { order.push('waiting'); await gate; } } });
    const slow = fns(a).slow!().then((v) => { order.push('slow done'); return v; });
    await new Promise((r) => setTimeout(r, 5)); // a is now suspended in its host call
    const b = await engine.instantiate(await engine.compile(`(module
      (import "a" "fast" (func $fast (result i32)))
      (func (export "viaA") (result i32) call $fast i32.const 40 i32.add))`), { a: { fast: a.exports.fast! } });
    const viaA = fns(b).viaA!().then((v) => { order.push('viaA done'); return v; });
    await new Promise((r) => setTimeout(r, 5));
    assert.deepEqual(order, ['waiting'], 'the call into the joined instance waits for the group');
    release();
    assert.equal(await slow, 1);
    assert.equal(await viaA, 42);
    assert.deepEqual(order, ['waiting', 'slow done', 'viaA done']);
    // Runners change freely afterwards.
    assert.equal(await fns(a).fast!(), 2);
    assert.equal(await fns(b).viaA!(), 42);
    assert.equal(await fns(a).fast!(), 2);
  } finally {
    engine.close();
  }
});

test('a funcref stored into a table joins its instance to the table users', async () => {
  const engine = new Engine();
  try {
    const table = new Table(engine, { element: 'funcref', initial: 1 });
    const user = await engine.instantiate(await engine.compile(`(module
      (type $v (func (result i32)))
      (import "h" "t" (table 1 funcref))
      (func (export "call0") (result i32) i32.const 0 call_indirect (type $v)))`), { h: { t: table } });
    const provider = await engine.instantiate(await engine.compile(`(module (memory 1) (data (i32.const 0) "\\07")
      (func (export "f") (result i32) i32.const 0 i32.load8_u))`));
    table.set(0, provider.exports.f);
    assert.equal(await fns(user).call0!(), 7, "the provider runs on the user's stack with its own memory");
    assert.equal(await fns(provider).f!(), 7);
    assert.equal(await fns(user).call0!(), 7);
  } finally {
    engine.close();
  }
});

test('a throwing import deep in an attached instance leaves every member usable', async () => {
  const engine = new Engine();
  try {
    let fail = true;
    const a = await engine.instantiate(await engine.compile(`(module
      (import "h" "f" (func $f (result i32)))
      (func (export "g") (result i32) call $f i32.const 1 i32.add))`), { h: { f: () => { if (fail) throw new Error('nope'); return 10; } } });
    const b = await engine.instantiate(await engine.compile(`(module
      (import "a" "g" (func $g (result i32)))
      (func (export "h") (result i32) call $g i32.const 100 i32.add))`), { a: { g: a.exports.g! } });
    await assert.rejects(fns(b).h!(), /nope/);
    await assert.rejects(fns(a).g!(), /nope/);
    fail = false;
    assert.equal(await fns(b).h!(), 111);
    assert.equal(await fns(a).g!(), 11);
  } finally {
    engine.close();
  }
});
