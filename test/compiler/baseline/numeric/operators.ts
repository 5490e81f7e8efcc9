// Every emitter under test, by WebAssembly operator: the operator's key, its
// types, the register shapes it is tried with, and how the emitter is called.
// The differential tests and the spec-vector test both draw cases from here,
// so an emitter is exercised the same way by both oracles. Test-only.

import type { Assembler } from '../../../../src/compiler/x64/assembler.js';
import { RAX, RDX, RSI, R9, type Gpr, type Xmm } from '../../../../src/compiler/x64/registers.js';
import * as N from '../../../../src/compiler/baseline/numeric/index.js';
import {
  FLOAT_BINARY, FLOAT_COMPARE, FLOAT_TO_INT, FLOAT_UNARY, INT_COMPARE, INT_ROTATE, INT_TO_FLOAT, INT_UNARY,
  cases, gpr, xmm, type Shape,
} from './cases.js';
import type { DiffCase } from './differential.js';
import type { Kind } from './v8-oracle.js';

type GG = (asm: Assembler, dst: Gpr, src: Gpr) => void;
type XX = (asm: Assembler, dst: Xmm, src: Xmm) => void;
type GX = (asm: Assembler, dst: Gpr, src: Xmm) => void;
type XG = (asm: Assembler, dst: Xmm, src: Gpr) => void;
type Trunc = (asm: Assembler, dst: Gpr, src: Xmm, trap: N.TrapLabel) => void;
type Div = (asm: Assembler, divisor: Gpr, trap: N.TrapLabel) => void;

const table = new Map<string, DiffCase[]>();
const add = (list: DiffCase[]) => { table.set(list[0]!.op, list); };
const typeOf = (op: string) => op.slice(0, 3) as Kind;
/** The source type of a conversion, from its name (`i32.trunc_f64_s` → f64). */
const sourceOf = (op: string) => (/_(i32|i64|f32|f64)(_[su])?$/.exec(op)![1]) as Kind;

// ---- integers ----
const intUnary = (op: string, f: GG, from: Kind = typeOf(op), to: Kind = typeOf(op)) =>
  add(cases(op, [from], to, INT_UNARY, (asm, dst, ops) => f(asm, gpr(dst), gpr(ops[0]!))));
intUnary('i32.clz', N.emitI32Clz); intUnary('i64.clz', N.emitI64Clz);
intUnary('i32.ctz', N.emitI32Ctz); intUnary('i64.ctz', N.emitI64Ctz);
intUnary('i32.popcnt', N.emitI32Popcnt); intUnary('i64.popcnt', N.emitI64Popcnt);
intUnary('i32.extend8_s', N.emitI32Extend8S); intUnary('i32.extend16_s', N.emitI32Extend16S);
intUnary('i64.extend8_s', N.emitI64Extend8S); intUnary('i64.extend16_s', N.emitI64Extend16S);
intUnary('i64.extend32_s', N.emitI64Extend32S);
intUnary('i64.extend_i32_s', N.emitI64ExtendI32S, 'i32'); intUnary('i64.extend_i32_u', N.emitI64ExtendI32U, 'i32');
intUnary('i32.wrap_i64', N.emitI32WrapI64, 'i64');
intUnary('i32.eqz', N.emitI32Eqz); intUnary('i64.eqz', N.emitI64Eqz, 'i64', 'i32');

const rotate = (op: string, f: (asm: Assembler, dst: Gpr) => void) =>
  add(cases(op, [typeOf(op), typeOf(op)], typeOf(op), INT_ROTATE, (asm, dst) => f(asm, gpr(dst))));
rotate('i32.rotl', N.emitI32Rotl); rotate('i32.rotr', N.emitI32Rotr);
rotate('i64.rotl', N.emitI64Rotl); rotate('i64.rotr', N.emitI64Rotr);

const divShapes = (out: number): Shape[] => [{ dst: out, ops: [RAX, RSI] }, { dst: out, ops: [RAX, R9] }];
const divide = (op: string, f: Div, remainder: boolean) =>
  add(cases(op, [typeOf(op), typeOf(op)], typeOf(op), divShapes(remainder ? RDX : RAX),
    (asm, _dst, ops, trap) => f(asm, gpr(ops[1]!), trap), { clobbers: [remainder ? RAX : RDX] }));
divide('i32.div_s', N.emitI32DivS, false); divide('i32.div_u', N.emitI32DivU, false);
divide('i64.div_s', N.emitI64DivS, false); divide('i64.div_u', N.emitI64DivU, false);
divide('i32.rem_s', N.emitI32RemS, true); divide('i32.rem_u', N.emitI32RemU, true);
divide('i64.rem_s', N.emitI64RemS, true); divide('i64.rem_u', N.emitI64RemU, true);

for (const [p, w] of [['i32', 32], ['i64', 64]] as const) {
  for (const op of Object.keys(N.INT_COMPARE) as N.IntCompare[]) {
    add(cases(`${p}.${op}`, [p, p], 'i32', INT_COMPARE, (asm, dst, ops) => N.emitIntCompare(asm, w, op, gpr(dst), gpr(ops[0]!), gpr(ops[1]!))));
  }
}

// ---- floats ----
const floatUnary = (op: string, f: XX, anyNaN: boolean, from: Kind = typeOf(op)) =>
  add(cases(op, [from], typeOf(op), FLOAT_UNARY, (asm, dst, ops) => f(asm, xmm(dst), xmm(ops[0]!)), { anyNaN }));
const floatBinary = (op: string, f: XX, anyNaN: boolean) =>
  add(cases(op, [typeOf(op), typeOf(op)], typeOf(op), FLOAT_BINARY, (asm, dst, ops) => f(asm, xmm(dst), xmm(ops[1]!)), { anyNaN }));
floatUnary('f32.abs', N.emitF32Abs, false); floatUnary('f64.abs', N.emitF64Abs, false);
floatUnary('f32.neg', N.emitF32Neg, false); floatUnary('f64.neg', N.emitF64Neg, false);
floatBinary('f32.copysign', N.emitF32Copysign, false); floatBinary('f64.copysign', N.emitF64Copysign, false);
floatBinary('f32.min', N.emitF32Min, true); floatBinary('f64.min', N.emitF64Min, true);
floatBinary('f32.max', N.emitF32Max, true); floatBinary('f64.max', N.emitF64Max, true);
floatUnary('f32.ceil', N.emitF32Ceil, true); floatUnary('f64.ceil', N.emitF64Ceil, true);
floatUnary('f32.floor', N.emitF32Floor, true); floatUnary('f64.floor', N.emitF64Floor, true);
floatUnary('f32.trunc', N.emitF32Trunc, true); floatUnary('f64.trunc', N.emitF64Trunc, true);
floatUnary('f32.nearest', N.emitF32Nearest, true); floatUnary('f64.nearest', N.emitF64Nearest, true);
floatUnary('f32.sqrt', N.emitF32Sqrt, true); floatUnary('f64.sqrt', N.emitF64Sqrt, true);
floatBinary('f32.add', N.emitF32Add, true); floatBinary('f64.add', N.emitF64Add, true);
floatBinary('f32.sub', N.emitF32Sub, true); floatBinary('f64.sub', N.emitF64Sub, true);
floatBinary('f32.mul', N.emitF32Mul, true); floatBinary('f64.mul', N.emitF64Mul, true);
floatBinary('f32.div', N.emitF32Div, true); floatBinary('f64.div', N.emitF64Div, true);
for (const k of ['f32', 'f64'] as const) {
  for (const op of ['eq', 'ne', 'lt', 'gt', 'le', 'ge'] as const) {
    add(cases(`${k}.${op}`, [k, k], 'i32', FLOAT_COMPARE, (asm, dst, ops) =>
      N.emitFloatCompare(asm, k === 'f32' ? 32 : 64, op, gpr(dst), xmm(ops[0]!), xmm(ops[1]!))));
  }
}

// ---- conversions ----
const toInt = (op: string, f: Trunc) =>
  add(cases(op, [sourceOf(op)], typeOf(op), FLOAT_TO_INT, (asm, dst, ops, trap) => f(asm, gpr(dst), xmm(ops[0]!), trap)));
const toIntNoTrap = (op: string, f: GX) => toInt(op, (asm, dst, src) => f(asm, dst, src));
const toFloat = (op: string, f: XG) =>
  add(cases(op, [sourceOf(op)], typeOf(op), INT_TO_FLOAT, (asm, dst, ops) => f(asm, xmm(dst), gpr(ops[0]!))));
toInt('i32.trunc_f32_s', N.emitI32TruncF32S); toInt('i32.trunc_f64_s', N.emitI32TruncF64S);
toInt('i64.trunc_f32_s', N.emitI64TruncF32S); toInt('i64.trunc_f64_s', N.emitI64TruncF64S);
toInt('i32.trunc_f32_u', N.emitI32TruncF32U); toInt('i32.trunc_f64_u', N.emitI32TruncF64U);
toInt('i64.trunc_f32_u', N.emitI64TruncF32U); toInt('i64.trunc_f64_u', N.emitI64TruncF64U);
toIntNoTrap('i32.trunc_sat_f32_s', N.emitI32TruncSatF32S); toIntNoTrap('i32.trunc_sat_f64_s', N.emitI32TruncSatF64S);
toIntNoTrap('i64.trunc_sat_f32_s', N.emitI64TruncSatF32S); toIntNoTrap('i64.trunc_sat_f64_s', N.emitI64TruncSatF64S);
toIntNoTrap('i32.trunc_sat_f32_u', N.emitI32TruncSatF32U); toIntNoTrap('i32.trunc_sat_f64_u', N.emitI32TruncSatF64U);
toIntNoTrap('i64.trunc_sat_f32_u', N.emitI64TruncSatF32U); toIntNoTrap('i64.trunc_sat_f64_u', N.emitI64TruncSatF64U);
toIntNoTrap('i32.reinterpret_f32', N.emitI32ReinterpretF32); toIntNoTrap('i64.reinterpret_f64', N.emitI64ReinterpretF64);
toFloat('f32.convert_i32_s', N.emitF32ConvertI32S); toFloat('f64.convert_i32_s', N.emitF64ConvertI32S);
toFloat('f32.convert_i64_s', N.emitF32ConvertI64S); toFloat('f64.convert_i64_s', N.emitF64ConvertI64S);
toFloat('f32.convert_i32_u', N.emitF32ConvertI32U); toFloat('f64.convert_i32_u', N.emitF64ConvertI32U);
toFloat('f32.convert_i64_u', N.emitF32ConvertI64U); toFloat('f64.convert_i64_u', N.emitF64ConvertI64U);
toFloat('f32.reinterpret_i32', N.emitF32ReinterpretI32); toFloat('f64.reinterpret_i64', N.emitF64ReinterpretI64);
floatUnary('f32.demote_f64', N.emitF32DemoteF64, true, 'f64'); floatUnary('f64.promote_f32', N.emitF64PromoteF32, true, 'f32');

/** Operator keys with an emitter under test. */
export const OPERATOR_KEYS: readonly string[] = [...table.keys()];

/** The cases (one per register shape) of each named operator. */
export function casesOf(...ops: string[]): DiffCase[] {
  return ops.flatMap((op) => {
    const list = table.get(op);
    if (!list) throw new Error(`no emitter case for ${op}`);
    return list;
  });
}
