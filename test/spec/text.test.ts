// src/wasm/text.ts: wat → binary through wabt, with the 2.0 feature set,
// UTF-8 intact, no validation, and CompileError("text format error: ...").
// V8 (v8.validate / Module) is the oracle for the produced binaries.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CompileError } from '../../src/wasm/errors.js';
import { watToBinary } from '../../src/wasm/text.js';
import { v8 } from './v8.js';

test('produces a binary V8 accepts, keeping non-ASCII export names intact', async () => {
  const bytes = await watToBinary('(module (func (export "héllo ☃") (result i32) (i32.const 42)))');
  const module = new v8.Module(bytes);
  assert.deepEqual(v8.Module.exports(module).map((e) => e.name), ['héllo ☃']);
  const viaBytes = await watToBinary(new TextEncoder().encode('(module (func (export "é")))'));
  assert.deepEqual(v8.Module.exports(new v8.Module(viaBytes)).map((e) => e.name), ['é']);
});

test('a view into a larger buffer is read as the view only', async () => {
  const big = new TextEncoder().encode('(module (memory 1))  GARBAGE ((((');
  const view = big.subarray(0, '(module (memory 1))'.length);
  const bytes = await watToBinary(view);
  assert.ok(v8.validate(bytes));
});

test('a Node Buffer (a view into a shared pool) is read as its own bytes only', async () => {
  const buffer = Buffer.from('(module (memory 1))');
  assert.ok(buffer.buffer.byteLength > buffer.length, 'Buffer.from uses the pool');
  assert.ok(v8.validate(await watToBinary(buffer)));
});

test('WebAssembly 2.0 features are on: simd, reference types, bulk memory, multi-value, sat conversions, sign extension', async () => {
  const bytes = await watToBinary(`(module
    (table 1 externref) (memory 1) (data "x")
    (func (param v128) (result i32 i32) (i32x4.extract_lane 0 (local.get 0)) (i32.const 1))
    (func (param f32) (result i32) (i32.trunc_sat_f32_s (local.get 0)))
    (func (param i32) (result i32) (i32.extend8_s (local.get 0)))
    (func (memory.init 0 (i32.const 0) (i32.const 0) (i32.const 0)) (data.drop 0)))`);
  assert.ok(v8.validate(bytes));
});

// wabt's parser refuses post-2.0 instructions and constructs when their feature
// is off. Module-level extensions (shared or i64 memories, several memories,
// extended constant expressions) are only refused by wabt's validator, which
// we skip on purpose: the binary reaches our validator, which must reject it.
test('post-2.0 instructions are off: tail calls, threads, exceptions, GC, relaxed SIMD', async () => {
  for (const wat of [
    '(module (func $f (return_call $f)))',
    '(module (memory 1) (func (drop (i32.atomic.load (i32.const 0)))))',
    '(module (tag))',
    '(module (type (struct)))',
    '(module (func (drop (f32x4.relaxed_madd (v128.const i64x2 0 0) (v128.const i64x2 0 0) (v128.const i64x2 0 0)))))',
  ]) {
    await assert.rejects(watToBinary(wat), (e: unknown) => e instanceof CompileError && e.reason.startsWith('text format error: '), wat);
  }
  const twoMemories = await watToBinary('(module (memory 1) (memory 1))');
  assert.equal(v8.validate(twoMemories), false);
});

test('does not validate: an ill-typed module still becomes a binary', async () => {
  const bytes = await watToBinary('(module (func (result i32) (i64.const 1)))');
  assert.equal(bytes[0], 0);
  assert.equal(v8.validate(bytes), false);
});

test('syntax errors are CompileErrors at the line and column wabt reports', async () => {
  const text = '(module\n  (func (call $nope)))';
  await assert.rejects(watToBinary(text), (e: unknown) => {
    assert.ok(e instanceof CompileError);
    assert.match(e.reason, /^text format error: .*\$nope.*\(line 2, column 15\)/);
    assert.equal(e.offset, text.indexOf('$nope'));
    return true;
  });
});
