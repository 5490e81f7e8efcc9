// Tables and element segments with hand-built or function-free modules:
// exported and host tables, segments (in bounds, out of bounds, into shared
// tables), growth seen by compiled code, element types, link checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RAX } from '../../src/compiler/x64/registers.js';
import { Engine, Global, LinkError, Memory, Table, Trap } from '../../src/index.js';
import { handModule, type Emitter } from './hand.js';
import { tableSize } from './emitters.js';

type Fn = (...a: unknown[]) => Promise<unknown>;
const ret = (n: number): Emitter => (t) => { t.enter(); t.a.movRI(32, RAX, n); t.leave(); };

test('active element segments fill an exported table with the functions themselves', async () => {
  const engine = new Engine();
  try {
    const m = await handModule(engine, `(module
      (table (export "t") 4 funcref)
      (func $a (export "a") (result i32) unreachable)
      (func $b (export "b") (result i32) unreachable)
      (elem (i32.const 1) func $a $b)
      (elem (i32.const 3) func $a))`, [ret(1), ret(2)]);
    const inst = await engine.instantiate(m);
    const t = inst.exports.t as Table;
    assert.ok(t instanceof Table);
    assert.equal(t.length, 4);
    assert.equal(t.get(0), null);
    assert.equal(t.get(1), inst.exports.a);
    assert.equal(t.get(2), inst.exports.b);
    assert.equal(t.get(3), inst.exports.a);
    assert.equal(await (t.get(2) as Fn)(), 2);
    assert.throws(() => t.get(4), RangeError);
    assert.throws(() => t.set(0, () => 1), TypeError);
    t.set(0, inst.exports.b);
    assert.equal(t.get(0), inst.exports.b);
  } finally {
    engine.close();
  }
});

test('a host table shared by two instances; an out-of-bounds segment traps after earlier ones wrote', async () => {
  const engine = new Engine();
  try {
    const table = new Table(engine, { element: 'funcref', initial: 3, maximum: 10 });
    const a = await engine.instantiate(await handModule(engine, `(module
      (import "h" "t" (table 3 funcref))
      (func $f (export "f") (result i32) unreachable)
      (elem (i32.const 0) func $f))`, [ret(10)]), { h: { t: table } });
    assert.equal(table.get(0), a.exports.f);
    const bad = await handModule(engine, `(module
      (import "h" "t" (table 3 funcref))
      (func $g (export "g") (result i32) unreachable)
      (elem (i32.const 1) func $g)
      (elem (i32.const 2) func $g $g)
      (elem (i32.const 0) func $g))`, [ret(20)]);
    await assert.rejects(engine.instantiate(bad, { h: { t: table } }), (e: unknown) =>
      e instanceof Trap && e.code === 'table_out_of_bounds' && e.message === 'out of bounds table access');
    assert.notEqual(table.get(1), null, 'the first segment stays written');
    assert.equal(await (table.get(1) as Fn)(), 20, 'and its function stays callable');
    assert.equal(table.get(2), null, 'the failing segment wrote nothing');
    assert.equal(table.get(0), a.exports.f, 'later segments were not applied');
  } finally {
    engine.close();
  }
});

test('table growth from the host is seen by compiled code; limits hold', async () => {
  const engine = new Engine();
  try {
    const table = new Table(engine, { element: 'externref', initial: 2, maximum: 5 }, 'init');
    const inst = await engine.instantiate(await handModule(engine, `(module
      (import "h" "t" (table 2 5 externref))
      (func (export "size") (result i32) unreachable))`, [tableSize(0)]), { h: { t: table } });
    const size = inst.exports.size as Fn;
    assert.equal(await size(), 2);
    assert.equal(table.get(1), 'init');
    const o = { x: 1 };
    assert.equal(table.grow(2, o), 2);
    assert.equal(await size(), 4);
    assert.equal(table.get(3), o);
    assert.equal(table.get(1), 'init', 'elements survive the move to a larger array');
    assert.throws(() => table.grow(2), RangeError);
    assert.equal(table.grow(1), 4);
    assert.equal(table.get(4), null);
    assert.equal(await size(), 5);
  } finally {
    engine.close();
  }
});

test('table imports are checked: element type and limits', async () => {
  const engine = new Engine();
  try {
    const m = await handModule(engine, `(module (import "h" "t" (table 2 4 funcref)))`, []);
    const bad: [string, unknown][] = [
      ['externref table', new Table(engine, { element: 'externref', initial: 2, maximum: 4 })],
      ['too small', new Table(engine, { element: 'funcref', initial: 1, maximum: 4 })],
      ['no maximum', new Table(engine, { element: 'funcref', initial: 2 })],
      ['maximum too large', new Table(engine, { element: 'funcref', initial: 2, maximum: 5 })],
      ['not a table', {}],
    ];
    for (const [why, t] of bad) {
      await assert.rejects(engine.instantiate(m, { h: { t } as never }), (e: unknown) => e instanceof LinkError && /incompatible import type/.test(e.message), why);
    }
    await engine.instantiate(m, { h: { t: new Table(engine, { element: 'anyfunc', initial: 3, maximum: 3 }) } });
  } finally {
    engine.close();
  }
});

test('engine.close releases everything; later use throws clearly', async () => {
  const engine = new Engine();
  const m = await handModule(engine, `(module (memory 1) (table 1 funcref) (func (export "f") (result i32) unreachable))`, [ret(3)]);
  const inst = await engine.instantiate(m);
  assert.equal(await (inst.exports.f as Fn)(), 3);
  engine.close();
  await assert.rejects((inst.exports.f as Fn)(), /engine is closed/);
  await assert.rejects(engine.instantiate(m), /engine is closed/);
  assert.throws(() => new Table(engine, { element: 'funcref', initial: 1 }), /engine is closed/);
  engine.close(); // idempotent
});

test('host objects of a closed engine refuse use with a clear error', () => {
  const engine = new Engine();
  const t = new Table(engine, { element: 'externref', initial: 1 });
  const g = new Global(engine, { value: 'i32', mutable: true }, 1);
  const m = new Memory(engine, { initial: 1 });
  engine.close();
  assert.throws(() => t.get(0), /engine is closed/);
  assert.throws(() => g.value, /engine is closed/);
  assert.throws(() => m.buffer, /engine is closed/);
  assert.throws(() => m.grow(1), /engine is closed/);
});
