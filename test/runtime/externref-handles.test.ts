// externref handles (src/runtime/refs.ts, Runtime.dropExternsIfUnreachable):
// a JS value passed into wasm keeps its handle, and stays reachable, exactly
// as long as something may hold it — a live instance, or a host table or
// global of externrefs — and is forgotten once nothing can, so an embedder
// passing a fresh object per call does not leak them all.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Engine, Table, type ExportedFunction } from '../../src/index.js';

// `keep` stores a reference in the instance's own table, `get` reads it back.
const KEEPER = `(module
  (table $t 4 externref)
  (func (export "keep") (param externref i32) (table.set $t (local.get 1) (local.get 0)))
  (func (export "get") (param i32) (result externref) (table.get $t (local.get 0))))`;

test('handles outlive calls while their instance lives, and are forgotten when no instance does', async () => {
  const engine = new Engine();
  try {
    const refs = engine.runtime.refs;
    const module = await engine.compile(KEEPER);
    const a = await engine.instantiate(module);
    const objects = [{ n: 0 }, { n: 1 }, { n: 2 }];
    for (let i = 0; i < objects.length; i++) await (a.exports.keep as ExportedFunction)(objects[i], i);
    // The table is the only holder now: the calls are over.
    for (let i = 0; i < objects.length; i++) assert.equal(await (a.exports.get as ExportedFunction)(i), objects[i]);
    assert.equal(refs.externCount, 3);

    // A second live instance keeps the handles (it could hold any of them).
    const b = await engine.instantiate(module);
    a.release();
    assert.equal(refs.externCount, 3, 'b is live');
    await (b.exports.keep as ExportedFunction)(objects[0], 0);
    b.release();
    assert.equal(refs.externCount, 0, 'nothing can hold a handle any more');

    // A recycled instance (a ready shell of the same module) starts with an empty table, and handles number afresh.
    const c = await engine.instantiate(module);
    assert.equal(await (c.exports.get as ExportedFunction)(0), null);
    const fresh = { n: 9 };
    await (c.exports.keep as ExportedFunction)(fresh, 1);
    assert.equal(await (c.exports.get as ExportedFunction)(1), fresh);
    assert.equal(refs.externCount, 1);
    c.release();
    assert.equal(refs.externCount, 0);
  } finally {
    engine.close();
  }
});

test('a host table of externrefs keeps every handle, while it exists', async () => {
  const engine = new Engine();
  try {
    const refs = engine.runtime.refs;
    const held = { held: true };
    const table = new Table(engine, { element: 'externref', initial: 1 }, held);
    const module = await engine.compile(KEEPER);
    const x = await engine.instantiate(module);
    await (x.exports.keep as ExportedFunction)({ passing: true }, 0);
    x.release();
    assert.ok(refs.externCount >= 1, 'the host table may hold handles');
    assert.equal(table.get(0), held);
  } finally {
    engine.close();
  }
});
