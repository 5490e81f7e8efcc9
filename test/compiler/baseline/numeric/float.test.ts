// Float emitters against V8: abs/neg/copysign (bit-exact, NaN payloads
// included), min/max (NaN propagation, -0 < +0), the roundings, sqrt, the
// four arithmetic operators and the six NaN-correct comparisons.
import { test } from 'node:test';
import type { Assembler } from '../../../../src/compiler/x64/assembler.js';
import type { Xmm } from '../../../../src/compiler/x64/registers.js';
import * as N from '../../../../src/compiler/baseline/numeric/index.js';
import { FLOAT_BINARY, FLOAT_COMPARE, FLOAT_UNARY, cases, gpr, xmm } from './cases.js';
import { assertDifferential, type DiffCase } from './differential.js';

type XX = (asm: Assembler, dst: Xmm, src: Xmm) => void;
const unary = (op: string, f: XX, anyNaN: boolean): DiffCase[] => {
  const k = op.startsWith('f32') ? 'f32' : 'f64';
  return cases(op, [k], k, FLOAT_UNARY, (asm, dst, ops) => f(asm, xmm(dst), xmm(ops[0]!)), { anyNaN });
};
const binary = (op: string, f: XX, anyNaN: boolean): DiffCase[] => {
  const k = op.startsWith('f32') ? 'f32' : 'f64';
  return cases(op, [k, k], k, FLOAT_BINARY, (asm, dst, ops) => f(asm, xmm(dst), xmm(ops[1]!)), { anyNaN });
};

test('abs, neg, copysign are bit operations (NaN sign and payload kept)', (t) => {
  assertDifferential(t, [
    ...unary('f32.abs', N.emitF32Abs, false), ...unary('f64.abs', N.emitF64Abs, false),
    ...unary('f32.neg', N.emitF32Neg, false), ...unary('f64.neg', N.emitF64Neg, false),
    ...binary('f32.copysign', N.emitF32Copysign, false), ...binary('f64.copysign', N.emitF64Copysign, false),
  ]);
});

test('min, max: any NaN gives NaN; min(-0, +0) = -0, max(-0, +0) = +0', (t) => {
  assertDifferential(t, [
    ...binary('f32.min', N.emitF32Min, true), ...binary('f64.min', N.emitF64Min, true),
    ...binary('f32.max', N.emitF32Max, true), ...binary('f64.max', N.emitF64Max, true),
  ]);
});

test('ceil, floor, trunc, nearest, sqrt', (t) => {
  assertDifferential(t, [
    ...unary('f32.ceil', N.emitF32Ceil, true), ...unary('f64.ceil', N.emitF64Ceil, true),
    ...unary('f32.floor', N.emitF32Floor, true), ...unary('f64.floor', N.emitF64Floor, true),
    ...unary('f32.trunc', N.emitF32Trunc, true), ...unary('f64.trunc', N.emitF64Trunc, true),
    ...unary('f32.nearest', N.emitF32Nearest, true), ...unary('f64.nearest', N.emitF64Nearest, true),
    ...unary('f32.sqrt', N.emitF32Sqrt, true), ...unary('f64.sqrt', N.emitF64Sqrt, true),
  ], 600);
});

test('add, sub, mul, div', (t) => {
  assertDifferential(t, [
    ...binary('f32.add', N.emitF32Add, true), ...binary('f64.add', N.emitF64Add, true),
    ...binary('f32.sub', N.emitF32Sub, true), ...binary('f64.sub', N.emitF64Sub, true),
    ...binary('f32.mul', N.emitF32Mul, true), ...binary('f64.mul', N.emitF64Mul, true),
    ...binary('f32.div', N.emitF32Div, true), ...binary('f64.div', N.emitF64Div, true),
  ], 200);
});

test('eq, ne, lt, gt, le, ge: false on NaN except ne', (t) => {
  const all: DiffCase[] = [];
  for (const k of ['f32', 'f64'] as const) {
    for (const op of ['eq', 'ne', 'lt', 'gt', 'le', 'ge'] as const) {
      all.push(...cases(`${k}.${op}`, [k, k], 'i32', FLOAT_COMPARE, (asm, dst, ops) =>
        N.emitFloatCompare(asm, k === 'f32' ? 32 : 64, op, gpr(dst), xmm(ops[0]!), xmm(ops[1]!))));
    }
  }
  assertDifferential(t, all, 150);
});
