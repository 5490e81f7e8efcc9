// Linking: globals (imported, exported, mutable, host), function imports of
// other instances (direct calls, identity, type checks), re-exported host
// functions, link errors, and the start function.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine, Global, LinkError, Trap } from '../../src/index.js';
import { RAX, RDI } from '../../src/compiler/x64/registers.js';
import { handModule, type Emitter } from './hand.js';
import { globalGet, globalSet32 } from './emitters.js';

type Fn = (...a: unknown[]) => Promise<unknown>;
const fns = (x: { exports: object }) => x.exports as Record<string, Fn>;
const add1: Emitter = (t) => { t.enter(); t.a.leaRM(32, RAX, RDI, -1, 1, 1); t.leave(); };

test('globals: exported, mutable, imported by another instance, and from the host', async () => {
  const engine = new Engine();
  try {
    const a = await engine.instantiate(await handModule(engine, `(module
      (global (export "g") (mut i32) (i32.const 5))
      (global (export "c") i64 (i64.const -3))
      (global (export "z") f64 (f64.const -0))
      (func (export "get") (result i32) unreachable)
      (func (export "set") (param i32) unreachable))`, [globalGet(0, false), globalSet32(0, false)]));
    assert.deepEqual(a.getGlobal('g'), { type: 'i32', value: 5 });
    assert.deepEqual(a.getGlobal('c'), { type: 'i64', value: -3n });
    assert.deepEqual(a.getGlobal('z'), { type: 'f64', bits: 0x8000000000000000n });
    const g = a.exports.g as Global;
    g.value = 9;
    assert.equal(await fns(a).get!(), 9);
    await fns(a).set!(-11);
    assert.equal(g.value, -11);
    assert.throws(() => { (a.exports.c as Global).value = 1n; }, TypeError);

    const b = await engine.instantiate(await handModule(engine, `(module
      (import "a" "g" (global (mut i32)))
      (import "a" "c" (global i64))
      (global (export "d") i64 (global.get 1))
      (export "g" (global 0))
      (func (export "get") (result i32) unreachable)
      (func (export "set") (param i32) unreachable))`, [globalGet(0, true), globalSet32(0, true)]), { a: a.exports as never });
    assert.equal(b.exports.g, a.exports.g, 'a re-exported global is the same object');
    assert.deepEqual(b.getGlobal('d'), { type: 'i64', value: -3n });
    await fns(b).set!(77);
    assert.equal(await fns(a).get!(), 77);
    assert.equal(g.value, 77);

    const host = new Global(engine, { value: 'i32', mutable: true }, 3);
    const c = await engine.instantiate(await handModule(engine, `(module (import "h" "g" (global (mut i32)))
      (func (export "get") (result i32) unreachable))`, [globalGet(0, true)]), { h: { g: host } });
    assert.equal(await fns(c).get!(), 3);
    host.setVal({ type: 'i32', value: -1 });
    assert.equal(await fns(c).get!(), -1);
  } finally {
    engine.close();
  }
});

test('globals: bit-exact values and JS conversions', () => {
  const engine = new Engine();
  try {
    const f = new Global(engine, { value: 'f32', mutable: true });
    f.setVal({ type: 'f32', bits: 0x7fa00001 });
    assert.deepEqual(f.getVal(), { type: 'f32', bits: 0x7fa00001 });
    f.value = -0;
    assert.ok(Object.is(f.value, -0));
    const d = new Global(engine, { value: 'f64', mutable: true }, 1.5);
    d.setVal({ type: 'f64', bits: 0xfff0000000000001n });
    assert.deepEqual(d.getVal(), { type: 'f64', bits: 0xfff0000000000001n });
    const i = new Global(engine, { value: 'i64' }, -5n);
    assert.equal(i.value, -5n);
    assert.throws(() => i.setVal({ type: 'i64', value: 1n }), TypeError);
    assert.throws(() => new Global(engine, { value: 'i64' }, 5), TypeError);
    assert.throws(() => d.setVal({ type: 'f32', bits: 0 }), TypeError);
    const e = new Global(engine, { value: 'externref', mutable: true });
    assert.equal(e.value, undefined);
    const o = {};
    e.value = o;
    assert.equal(e.value, o);
    assert.deepEqual(new Global(engine, { value: 'funcref' }).getVal(), { type: 'funcref', value: null });
  } finally {
    engine.close();
  }
});

test('global import errors: type and mutability must match; plain numbers only for immutable', async () => {
  const engine = new Engine();
  try {
    const m = await handModule(engine, `(module (import "h" "g" (global (mut i32))))`, []);
    const im = await handModule(engine, `(module (import "h" "g" (global i32)) (import "h" "l" (global i64)))`, []);
    const cases: [string, Record<string, unknown>, typeof m][] = [
      ['immutable for mutable', { g: new Global(engine, { value: 'i32' }, 1) }, m],
      ['wrong type', { g: new Global(engine, { value: 'i64', mutable: true }, 1n) }, m],
      ['number for mutable', { g: 1 }, m],
      ['mutable for immutable', { g: new Global(engine, { value: 'i32', mutable: true }), l: 1n }, im],
      ['number for i64', { g: 1, l: 1 }, im],
    ];
    for (const [why, h, mod] of cases) {
      await assert.rejects(engine.instantiate(mod, { h: h as never }), (e: unknown) => e instanceof LinkError && /incompatible import type/.test(e.message), why);
    }
    await engine.instantiate(im, { h: { g: 1, l: 2n } });
  } finally {
    engine.close();
  }
});

test('function imports: direct calls into another instance, identity, type checks', async () => {
  const engine = new Engine();
  try {
    const a = await engine.instantiate(await handModule(engine, `(module
      (func $inc (export "inc") (param i32) (result i32) unreachable)
      (func (export "other") (param i64) (result i64) unreachable))`, [add1, add1]));
    const bMod = await handModule(engine, `(module
      (import "a" "inc" (func $inc (param i32) (result i32)))
      (export "reexported" (func $inc))
      (func (export "twice") (param i32) (result i32) unreachable))`, [(t) => {
      t.enter();
      t.callImport(0);
      t.a.movRR(32, RDI, RAX);
      t.callImport(0);
      t.leave();
    }]);
    const b = await engine.instantiate(bMod, { a: { inc: a.exports.inc! } });
    assert.equal(await fns(b).twice!(40), 42);
    assert.equal(b.exports.reexported, a.exports.inc, 'a re-exported function is the same function');
    await assert.rejects(engine.instantiate(bMod, { a: { inc: a.exports.other! } }), (e: unknown) =>
      e instanceof LinkError && /incompatible import type/.test(e.message) && /\(i32\) -> \(i32\)/.test(e.message));
    await assert.rejects(engine.instantiate(bMod, { a: { inc: 5 } }), LinkError);
    await assert.rejects(engine.instantiate(bMod, { a: {} }), (e: unknown) => e instanceof LinkError && /unknown import: import "a" "inc"/.test(e.message));
    await assert.rejects(engine.instantiate(bMod), LinkError);

    // A JS import re-exported is callable from JS, with conversions.
    const cMod = await handModule(engine, `(module (import "h" "f" (func $f (param i32) (result i32))) (export "f" (func $f)))`, []);
    const c = await engine.instantiate(cMod, { h: { f: (x: number) => x * 10 } });
    assert.equal(await fns(c).f!(4.7), 40);
  } finally {
    engine.close();
  }
});

test('a trap in an imported instance reports frames from both instances', async () => {
  const engine = new Engine();
  try {
    const a = await engine.instantiate(await handModule(engine, `(module (func $deep (export "deep") unreachable))`, [
      (t) => { t.enter(); t.trap('integer_divide_by_zero'); t.a.int3(); },
    ]));
    const b = await engine.instantiate(await handModule(engine, `(module (import "a" "deep" (func)) (func $top (export "top") unreachable))`, [
      (t) => { t.enter(); t.callImport(0); t.leave(); },
    ]), { a: { deep: a.exports.deep! } });
    await assert.rejects(fns(b).top!(), (e: unknown) => {
      assert.ok(e instanceof Trap);
      assert.equal(e.code, 'integer_divide_by_zero');
      assert.deepEqual(e.frames.map((f) => f.funcName), ['deep', 'top']);
      return true;
    });
    // Both instances still work, entered from either side (the runner changes).
    await assert.rejects(fns(a).deep!(), Trap);
    await assert.rejects(fns(b).top!(), Trap);
  } finally {
    engine.close();
  }
});

test('a host import called from an attached instance is served from that instance', async () => {
  const engine = new Engine();
  try {
    const a = await engine.instantiate(await handModule(engine, `(module
      (import "h" "f" (func (param i32) (result i32)))
      (func (export "viaHost") (param i32) (result i32) unreachable))`, [(t) => { t.enter(); t.callImport(0); t.leave(); }]),
    { h: { f: async (x: number) => x * 3 } });
    const b = await engine.instantiate(await handModule(engine, `(module
      (import "a" "viaHost" (func (param i32) (result i32)))
      (func (export "run") (param i32) (result i32) unreachable))`, [(t) => { t.enter(); t.callImport(0); t.a.addRI(32, RAX, 1); t.leave(); }]),
    { a: { viaHost: a.exports.viaHost! } });
    assert.equal(await fns(b).run!(5), 16);
    assert.equal(await fns(a).viaHost!(5), 15);
    assert.equal(await fns(b).run!(7), 22);
  } finally {
    engine.close();
  }
});

test('the start function runs at instantiation; a trap there rejects', async () => {
  const engine = new Engine();
  try {
    const calls: number[] = [];
    const m = await handModule(engine, `(module (import "h" "log" (func (param i32))) (func $s (param) unreachable) (start $s))`, [
      (t) => { t.enter(); t.a.movRI(32, RDI, 123); t.callImport(0); t.leave(); },
    ]);
    await engine.instantiate(m, { h: { log: (x: number) => { calls.push(x); } } });
    assert.deepEqual(calls, [123]);
    const bad = await handModule(engine, `(module (func $s unreachable) (start $s))`, [(t) => { t.enter(); t.trap('unreachable'); t.a.int3(); }]);
    await assert.rejects(engine.instantiate(bad), (e: unknown) => e instanceof Trap && e.code === 'unreachable');
    const hostStart = await handModule(engine, `(module (import "h" "s" (func)) (start 0))`, []);
    await engine.instantiate(hostStart, { h: { s: () => { calls.push(0); } } });
    assert.deepEqual(calls, [123, 0]);
  } finally {
    engine.close();
  }
});
