// compileModule reuses one function compiler from module to module (see
// src/compiler/baseline/index.ts): a module's machine code must not depend on
// what was compiled before it, or on an earlier compile having failed midway.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { watToBinary } from '../../../src/wasm/text.js';
import { parseModule } from '../../../src/wasm/index.js';
import { compileModule } from '../../../src/compiler/baseline/index.js';
import type { CompiledModule } from '../../../src/compiler/compiled-module.js';
import { Unsupported } from '../../../src/compiler/errors.js';

const A = `(module (memory 1)
  (func $f (export "f") (param i32 i32) (result i32) (local i64 f64)
    (loop $l
      (local.set 0 (i32.div_s (local.get 0) (local.get 1)))
      (br_if $l (i32.load (local.get 0))))
    (call $g (local.get 0)))
  (func $g (param i32) (result i32) (i32.add (local.get 0) (i32.const 7))))`;

// More locals, a deeper stack and other traps than A, so storage grows and stays grown.
const B = `(module
  (func (export "h") (param f64) (result i64) (local i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32)
    (block (result i64)
      (i64.trunc_f64_s (f64.add (local.get 0) (f64.mul (local.get 0) (local.get 0))))
      (br_if 0 (i32.eqz (local.get 5)))
      (drop) (i64.const -1))))`;

// Fails after it pushed values and opened a block, so a compiler that kept that state would show it.
const SIMD = `(module (func (result i32) (block (result i32) (i32.add (i32.const 1) (i32x4.extract_lane 0 (v128.const i32x4 1 2 3 4))))))`;

function digest(cm: CompiledModule): string {
  return JSON.stringify([cm.code, cm.trapOffsets, cm.trapCodes, cm.functionStarts, cm.sourceMachine, cm.sourceWasm].map((a) => Array.from(a)));
}

test('a module compiles to the same code whatever was compiled before it', async () => {
  const a = parseModule(await watToBinary(A));
  const b = parseModule(await watToBinary(B));
  for (const memoryMode of ['guarded', 'checked'] as const) {
    const first = digest(compileModule(a, { memoryMode }));
    const bAlone = digest(compileModule(b, { memoryMode }));
    assert.equal(digest(compileModule(a, { memoryMode })), first);
    compileModule(b, { memoryMode, fuel: true });
    assert.equal(digest(compileModule(a, { memoryMode })), first);
    assert.equal(digest(compileModule(b, { memoryMode })), bAlone);
  }
});

test('a compile that fails midway leaves the next one unaffected', async () => {
  const a = parseModule(await watToBinary(A));
  const expected = digest(compileModule(a, { memoryMode: 'guarded' }));
  const simd = parseModule(await watToBinary(SIMD));
  assert.throws(() => compileModule(simd, { memoryMode: 'guarded' }), Unsupported);
  assert.equal(digest(compileModule(a, { memoryMode: 'guarded' })), expected);
});
