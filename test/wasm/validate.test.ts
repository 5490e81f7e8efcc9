// Specification of the validator's rules, one focused module per rule, written
// in the text format (through wabt, which does not validate). Each invalid
// module must fail with a CompileError whose message begins with the spec
// test suite's phrase; V8 is asked too, so a test that expects the wrong
// verdict fails rather than pinning our mistake.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { watToBinary } from '../../src/wasm/text.js';
import { parseModule } from '../../src/wasm/index.js';
import { CompileError } from '../../src/wasm/errors.js';
import { v8 } from '../spec/v8.js';

async function valid(text: string): Promise<void> {
  const bytes = await watToBinary(`(module ${text})`);
  assert.ok(v8.validate(bytes), `V8 rejects what this test calls valid: ${text}`);
  parseModule(bytes);
}

async function invalid(text: string, phrase: string): Promise<void> {
  const bytes = await watToBinary(`(module ${text})`);
  assert.ok(!v8.validate(bytes), `V8 accepts what this test calls invalid: ${text}`);
  assert.throws(() => parseModule(bytes), (e: unknown) => {
    assert.ok(e instanceof CompileError, `not a CompileError: ${String(e)}`);
    assert.ok(e.reason.startsWith(phrase), `expected "${phrase}", got "${e.reason}" for ${text}`);
    return true;
  });
}

test('operand types: type mismatch, unreachable polymorphism', async () => {
  await invalid('(func (result i32) i64.const 0)', 'type mismatch');
  await invalid('(func i32.const 0)', 'type mismatch');
  await invalid('(func (result i32))', 'type mismatch');
  await valid('(func (result i32) unreachable i32.add)');
  await valid('(func (result i32) unreachable)');
  await invalid('(func (result i32) unreachable i64.const 0 i32.add)', 'type mismatch');
  await invalid('(func unreachable i32.const 0 i32.const 0 i32.add)', 'type mismatch');
  await valid('(func (result f64) block (result f64) unreachable end)');
});

test('locals and globals', async () => {
  await invalid('(func local.get 0 drop)', 'unknown local');
  await invalid('(func (param i32) (local i64) local.get 2 drop)', 'unknown local');
  await invalid('(func (local i64) i32.const 0 local.set 0)', 'type mismatch');
  await valid('(func (param i32) (result i32) local.get 0 local.tee 0)');
  await invalid('(func global.get 0 drop)', 'unknown global');
  await invalid('(global i32 (i32.const 0)) (func i32.const 1 global.set 0)', 'global is immutable');
  await valid('(global (mut i32) (i32.const 0)) (func i32.const 1 global.set 0)');
});

test('blocks: multi-value, block types from the type section, if without else', async () => {
  await valid('(func (result i32 i32) block (result i32 i32) i32.const 1 i32.const 2 end)');
  await valid('(type $t (func (param i32) (result i64))) (func (result i64) i32.const 1 block (type $t) drop i64.const 2 end)');
  await invalid('(type $t (func (param i32) (result i64))) (func (result i64) block (type $t) drop i64.const 2 end)', 'type mismatch');
  await invalid('(func (param i32) (result i32) local.get 0 if (result i32) i32.const 1 end)', 'type mismatch');
  await valid('(type $t (func (param i32) (result i32))) (func (param i32) (result i32) local.get 0 local.get 0 if (type $t) end)');
  await invalid('(func block (result i32) end drop)', 'type mismatch');
  await invalid('(func loop (result i32) i64.const 0 end drop)', 'type mismatch');
});

test('branches: br, br_if, br_table, return', async () => {
  await invalid('(func br 1)', 'unknown label');
  await invalid('(func block (result i32) i64.const 0 br 0 end drop)', 'type mismatch');
  await valid('(func (result i32) block (result i32) i32.const 1 i32.const 0 br_if 0 end)');
  await invalid('(func (result i32) block (result i32) i32.const 0 br_if 0 end)', 'type mismatch');
  await valid('(func (param i32) (result i32) block (result i32) block (result i32) i32.const 1 local.get 0 br_table 0 1 1 end end)');
  await invalid('(func (param i32) block (result i32) block i32.const 1 local.get 0 br_table 0 1 end end drop)', 'type mismatch');
  await invalid('(func (param i32) block local.get 0 br_table 0 2 end)', 'unknown label');
  // 2.0: in unreachable code each target is checked against the polymorphic stack on its own.
  await valid('(func block (result f64) block (result f32) unreachable i32.const 1 br_table 0 1 1 end drop f64.const 0 end drop)');
  await valid('(func block (result f64) block (result f32) unreachable i32.const 1 br_table 0 1 end drop f64.const 0 end drop)');
  await invalid('(func block (result f64) block (result f32) f32.const 0 i32.const 1 br_table 0 1 end drop f64.const 0 end drop)', 'type mismatch');
  await invalid('(func block (result f64) block unreachable i32.const 1 br_table 0 1 end end drop)', 'type mismatch');
  await invalid('(func (result i32) i64.const 1 return)', 'type mismatch');
  await valid('(func (result i32) i32.const 1 return i64.const 0 drop)');
  await invalid('(func (result i32) i32.const 1 return i64.const 0)', 'type mismatch');
  await invalid('(func loop (param i32) br 0 end)', 'type mismatch');
});

test('calls', async () => {
  await invalid('(func call 3)', 'unknown function');
  await invalid('(func (param i32)) (func call 0)', 'type mismatch');
  await valid('(func (param i32) (result i64) i64.const 0) (func (result i64) i32.const 1 call 0)');
  await invalid('(type (func)) (func i32.const 0 call_indirect (type 0))', 'unknown table');
  await invalid('(table 1 funcref) (func i32.const 0 call_indirect (type 3))', 'unknown type');
  await invalid('(table 1 externref) (type (func)) (func i32.const 0 call_indirect (type 0))', 'type mismatch');
  await valid('(table 1 funcref) (type (func (param f32))) (func f32.const 0 i32.const 0 call_indirect (type 0))');
});

test('select: untyped only for numbers and vectors, typed for references', async () => {
  await valid('(func (result i64) i64.const 1 i64.const 2 i32.const 0 select)');
  await invalid('(func (result i64) i64.const 1 i32.const 2 i32.const 0 select)', 'type mismatch');
  await invalid('(func ref.null func ref.null func i32.const 0 select drop)', 'type mismatch');
  await valid('(func (result funcref) ref.null func ref.null func i32.const 0 select (result funcref))');
  await valid('(func (result i32) unreachable select)');
  await invalid('(func unreachable ref.null extern i32.const 0 select drop)', 'type mismatch');
});

test('references: ref.null, ref.is_null, ref.func only for declared functions', async () => {
  await valid('(func (result i32) ref.null extern ref.is_null)');
  await invalid('(func (result i32) i32.const 0 ref.is_null)', 'type mismatch');
  await invalid('(func (result funcref) ref.func 0)', 'undeclared function reference');
  await valid('(func (result funcref) ref.func 0) (elem declare func 0)');
  await valid('(func (export "f") (result funcref) ref.func 0)');
  await valid('(global funcref (ref.func 0)) (func (result funcref) ref.func 0)');
  await invalid('(func (result funcref) ref.func 9) (elem declare func 0)', 'unknown function');
});

test('tables and element segments', async () => {
  await invalid('(func i32.const 0 table.get 0 drop)', 'unknown table');
  await valid('(table 1 externref) (func (param externref) i32.const 0 local.get 0 table.set 0)');
  await invalid('(table 1 externref) (func i32.const 0 ref.null func table.set 0)', 'type mismatch');
  await valid('(table 1 funcref) (func (result i32) ref.null func i32.const 1 table.grow 0)');
  await valid('(table 1 funcref) (func i32.const 0 ref.null func i32.const 1 table.fill 0)');
  await invalid('(table 1 funcref) (func i32.const 0 ref.null extern i32.const 1 table.fill 0)', 'type mismatch');
  await invalid('(table $a 1 funcref) (table $b 1 externref) (func i32.const 0 i32.const 0 i32.const 0 table.copy $a $b)', 'type mismatch');
  await invalid('(table 1 funcref) (func i32.const 0 i32.const 0 i32.const 0 table.init 0 0)', 'unknown elem segment');
  await invalid('(table 1 externref) (elem func 0) (func i32.const 0 i32.const 0 i32.const 0 table.init 0 0)', 'type mismatch');
  await invalid('(func elem.drop 0)', 'unknown elem segment');
  await invalid('(table 1 externref) (func) (elem (i32.const 0) func 0)', 'type mismatch');
  await invalid('(table 1 funcref) (func) (elem (i64.const 0) func 0)', 'type mismatch');
  await invalid('(func) (elem (i32.const 0) func 0)', 'unknown table');
});

test('memories, alignment, data segments', async () => {
  await invalid('(func i32.const 0 i32.load drop)', 'unknown memory');
  await invalid('(func memory.size drop)', 'unknown memory');
  await invalid('(memory 1) (func i32.const 0 i32.load align=8 drop)', 'alignment must not be larger than natural');
  await valid('(memory 1) (func i32.const 0 i64.load align=8 drop)');
  await invalid('(memory 1) (func i32.const 0 v128.const i64x2 0 0 v128.load16_lane align=4 0 drop)', 'alignment must not be larger than natural');
  await invalid('(memory 65537)', 'memory size must be at most 65536 pages (4GiB)');
  await invalid('(memory 1 65537)', 'memory size must be at most 65536 pages (4GiB)');
  await invalid('(memory 2 1)', 'size minimum must not be greater than maximum');
  await invalid('(table 2 1 funcref)', 'size minimum must not be greater than maximum');
  await invalid('(func data.drop 0)', 'unknown data segment');
  await invalid('(memory 1) (data "x") (func data.drop 1)', 'unknown data segment');
  await valid('(memory 1) (data "x") (func i32.const 0 i32.const 0 i32.const 1 memory.init 0)');
  await invalid('(data "x") (func i32.const 0 i32.const 0 i32.const 1 memory.init 0)', 'unknown memory');
  await invalid('(data (i32.const 0) "x")', 'unknown memory');
  await invalid('(memory 1) (data (i64.const 0) "x")', 'type mismatch');
});

test('SIMD typing and lane indices', async () => {
  await valid('(func (result i32) v128.const i32x4 0 0 0 0 i8x16.extract_lane_u 15)');
  await invalid('(func (result i32) v128.const i32x4 0 0 0 0 i8x16.extract_lane_u 16)', 'invalid lane index');
  await invalid('(func (result i64) v128.const i32x4 0 0 0 0 i64x2.extract_lane 2)', 'invalid lane index');
  await invalid('(func (result v128) v128.const i32x4 0 0 0 0 v128.const i32x4 0 0 0 0 i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 32)', 'invalid lane index');
  await invalid('(func (result v128) v128.const i32x4 0 0 0 0 i64.const 1 i8x16.shl)', 'type mismatch');
  await valid('(func (result v128) v128.const i32x4 0 0 0 0 v128.const i32x4 0 0 0 0 i32.const 0 select)');
});

test('constant expressions', async () => {
  await invalid('(global i32 (i64.const 0))', 'type mismatch');
  await invalid('(global i32 (i32.const 0)) (global i32 (global.get 0))', 'unknown global');
  await invalid('(global (import "m" "g") (mut i32)) (global i32 (global.get 0))', 'constant expression required');
  await valid('(global (import "m" "g") i32) (global i32 (global.get 0))');
  await invalid('(global (import "m" "g") externref) (global funcref (global.get 0))', 'type mismatch');
  await invalid('(global funcref (ref.func 3))', 'unknown function');
  await valid('(global v128 (v128.const i32x4 1 2 3 4))');
});

test('exports and the start function', async () => {
  await invalid('(func (export "a")) (func (export "a"))', 'duplicate export name');
  await valid('(func (export "a")) (func (export "b"))');
  await invalid('(func (param i32)) (start 0)', 'start function');
  await invalid('(func (result i32) i32.const 0) (start 0)', 'start function');
  await valid('(func) (start 0)');
  await invalid('(start 1) (func)', 'unknown function');
});
