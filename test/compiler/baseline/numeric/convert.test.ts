// Conversion emitters against V8: the trapping truncations (NaN →
// invalid_conversion_to_integer, out of range → integer_overflow, exact at
// every bound), the saturating ones, integer → float with exact rounding
// (u64 ties included), demote/promote and the reinterpretations (bit-exact).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Assembler } from '../../../../src/compiler/x64/assembler.js';
import type { Gpr, Xmm } from '../../../../src/compiler/x64/registers.js';
import * as N from '../../../../src/compiler/baseline/numeric/index.js';
import { FLOAT_TO_INT, FLOAT_UNARY, INT_TO_FLOAT, cases, gpr, xmm } from './cases.js';
import { assertDifferential, type DiffCase } from './differential.js';
import type { Kind } from './v8-oracle.js';

type ToInt = (asm: Assembler, dst: Gpr, src: Xmm, trap: N.TrapLabel) => void;
type ToFloat = (asm: Assembler, dst: Xmm, src: Gpr) => void;
const RANDOM = 500;

function toInt(op: string, f: ToInt): DiffCase[] {
  const [to, rest] = op.split('.') as [Kind, string];
  const from = rest.includes('f32') ? 'f32' : 'f64';
  return cases(op, [from], to, FLOAT_TO_INT, (asm, dst, ops, trap) => f(asm, gpr(dst), xmm(ops[0]!), trap));
}
function toFloat(op: string, f: ToFloat): DiffCase[] {
  const [to, rest] = op.split('.') as [Kind, string];
  const from = rest.endsWith('i32_s') || rest.endsWith('i32_u') || rest.endsWith('i32') ? 'i32' : 'i64';
  return cases(op, [from], to, INT_TO_FLOAT, (asm, dst, ops) => f(asm, xmm(dst), gpr(ops[0]!)));
}

test('trapping truncations: i32/i64.trunc_f32/f64_s/u', (t) => {
  const r = assertDifferential(t, [
    ...toInt('i32.trunc_f32_s', N.emitI32TruncF32S), ...toInt('i32.trunc_f64_s', N.emitI32TruncF64S),
    ...toInt('i64.trunc_f32_s', N.emitI64TruncF32S), ...toInt('i64.trunc_f64_s', N.emitI64TruncF64S),
    ...toInt('i32.trunc_f32_u', N.emitI32TruncF32U), ...toInt('i32.trunc_f64_u', N.emitI32TruncF64U),
    ...toInt('i64.trunc_f32_u', N.emitI64TruncF32U), ...toInt('i64.trunc_f64_u', N.emitI64TruncF64U),
  ], RANDOM);
  // The inputs must reach all three outcomes, or the comparison proves little.
  for (const o of ['value', 'trap:integer_overflow', 'trap:invalid_conversion_to_integer']) assert.ok((r.outcomes[o] ?? 0) > 50, o);
});

test('saturating truncations: *.trunc_sat_*', (t) => {
  const sat = (op: string, f: (asm: Assembler, dst: Gpr, src: Xmm) => void) => toInt(op, (asm, dst, src) => f(asm, dst, src));
  assertDifferential(t, [
    ...sat('i32.trunc_sat_f32_s', N.emitI32TruncSatF32S), ...sat('i32.trunc_sat_f64_s', N.emitI32TruncSatF64S),
    ...sat('i64.trunc_sat_f32_s', N.emitI64TruncSatF32S), ...sat('i64.trunc_sat_f64_s', N.emitI64TruncSatF64S),
    ...sat('i32.trunc_sat_f32_u', N.emitI32TruncSatF32U), ...sat('i32.trunc_sat_f64_u', N.emitI32TruncSatF64U),
    ...sat('i64.trunc_sat_f32_u', N.emitI64TruncSatF32U), ...sat('i64.trunc_sat_f64_u', N.emitI64TruncSatF64U),
  ], RANDOM);
});

test('integer → float conversions round exactly (u64 via halving)', (t) => {
  assertDifferential(t, [
    ...toFloat('f32.convert_i32_s', N.emitF32ConvertI32S), ...toFloat('f64.convert_i32_s', N.emitF64ConvertI32S),
    ...toFloat('f32.convert_i64_s', N.emitF32ConvertI64S), ...toFloat('f64.convert_i64_s', N.emitF64ConvertI64S),
    ...toFloat('f32.convert_i32_u', N.emitF32ConvertI32U), ...toFloat('f64.convert_i32_u', N.emitF64ConvertI32U),
    ...toFloat('f32.convert_i64_u', N.emitF32ConvertI64U), ...toFloat('f64.convert_i64_u', N.emitF64ConvertI64U),
  ], 2000);
});

test('demote, promote; reinterpret keeps every bit', (t) => {
  assertDifferential(t, [
    ...cases('f32.demote_f64', ['f64'], 'f32', FLOAT_UNARY, (asm, dst, ops) => N.emitF32DemoteF64(asm, xmm(dst), xmm(ops[0]!)), { anyNaN: true }),
    ...cases('f64.promote_f32', ['f32'], 'f64', FLOAT_UNARY, (asm, dst, ops) => N.emitF64PromoteF32(asm, xmm(dst), xmm(ops[0]!)), { anyNaN: true }),
    ...cases('i32.reinterpret_f32', ['f32'], 'i32', FLOAT_TO_INT, (asm, dst, ops) => N.emitI32ReinterpretF32(asm, gpr(dst), xmm(ops[0]!))),
    ...cases('i64.reinterpret_f64', ['f64'], 'i64', FLOAT_TO_INT, (asm, dst, ops) => N.emitI64ReinterpretF64(asm, gpr(dst), xmm(ops[0]!))),
    ...toFloat('f32.reinterpret_i32', N.emitF32ReinterpretI32), ...toFloat('f64.reinterpret_i64', N.emitF64ReinterpretI64),
  ], RANDOM);
});
