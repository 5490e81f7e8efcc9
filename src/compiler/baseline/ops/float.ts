// f32 and f64 operators. Arithmetic maps to one SSE instruction each (the
// hardware's NaN results are arithmetic NaNs, which the spec allows); the
// operators with stricter rules (min/max, rounding, comparisons, sign bits,
// conversions) use the exact sequences in ../numeric/.

import { form } from '../../x64/table.js';
import type { Form } from '../../x64/form.js';
import { NO_INDEX } from '../../x64/operands.js';
import type { Assembler } from '../../x64/assembler.js';
import { Cond, type Gpr, type Xmm } from '../../x64/registers.js';
import { Kind, type FunctionCompiler } from '../function-compiler.js';
import { SSE, type TrapLabel } from '../numeric/common.js';
import { emitFloatCompare, type FloatCompare } from '../numeric/float-compare.js';
import { emitFloatRound } from '../numeric/float-arith.js';
import { emitF32Min, emitF32Max, emitF64Min, emitF64Max } from '../numeric/float-minmax.js';
import { emitF32Abs, emitF32Neg, emitF32Copysign, emitF64Abs, emitF64Neg, emitF64Copysign } from '../numeric/float-sign.js';
import * as cv from '../numeric/convert.js';
import * as tr from '../numeric/truncate.js';
import * as ts from '../numeric/truncate-sat.js';
import { define, type HandlerMap } from './registry.js';

const I32 = 0x7f;
const I64 = 0x7e;

const F32 = 0x7d;
const F64 = 0x7c;

export function registerFloat(h: HandlerMap): void {
  define(h, 'f32.const', (c) => c.pushConst32(F32, c.r.f32Bits()));
  define(h, 'f64.const', (c) => c.pushConst64(F64, c.r.f64Bits()));
  for (const [p, t, sfx] of [['f32', F32, 'ss'], ['f64', F64, 'sd']] as const) {
    const m = sfx === 'ss' ? 'xmm/m32' : 'xmm/m64';
    for (const op of ['add', 'sub', 'mul', 'div'] as const) {
      const f = form(`${op}${sfx} xmm, ${m}`);
      define(h, `${p}.${op}`, (c) => binary(c, f, t, COMMUTATIVE.has(op)));
    }
    const sqrt = form(`sqrt${sfx} xmm, ${m}`);
    define(h, `${p}.sqrt`, (c) => unary(c, t, (asm, x) => asm.sseRR(sqrt, x, x)));
    const w = t === F32 ? 32 : 64;
    for (const op of ['eq', 'ne', 'lt', 'gt', 'le', 'ge'] as const) define(h, `${p}.${op}`, (c) => compare(c, w, op));
    for (const mode of ['ceil', 'floor', 'trunc', 'nearest'] as const) {
      define(h, `${p}.${mode}`, (c) => unary(c, t, (asm, x) => emitFloatRound(asm, w, mode, x, x)));
    }
  }
  define(h, 'f32.abs', (c) => unary(c, F32, (asm, x) => emitF32Abs(asm, x, x)));
  define(h, 'f64.abs', (c) => unary(c, F64, (asm, x) => emitF64Abs(asm, x, x)));
  define(h, 'f32.neg', (c) => unary(c, F32, (asm, x) => emitF32Neg(asm, x, x)));
  define(h, 'f64.neg', (c) => unary(c, F64, (asm, x) => emitF64Neg(asm, x, x)));
  define(h, 'f32.copysign', (c) => binaryWith(c, F32, emitF32Copysign));
  define(h, 'f64.copysign', (c) => binaryWith(c, F64, emitF64Copysign));
  define(h, 'f32.min', (c) => binaryWith(c, F32, emitF32Min));
  define(h, 'f64.min', (c) => binaryWith(c, F64, emitF64Min));
  define(h, 'f32.max', (c) => binaryWith(c, F32, emitF32Max));
  define(h, 'f64.max', (c) => binaryWith(c, F64, emitF64Max));
  define(h, 'f32.demote_f64', (c) => unary(c, F32, (asm, x) => cv.emitF32DemoteF64(asm, x, x)));
  define(h, 'f64.promote_f32', (c) => unary(c, F64, (asm, x) => cv.emitF64PromoteF32(asm, x, x)));
  const fromInt: [string, number, (asm: Assembler, dst: Xmm, src: Gpr) => void][] = [
    ['f32.convert_i32_s', F32, cv.emitF32ConvertI32S], ['f32.convert_i32_u', F32, cv.emitF32ConvertI32U],
    ['f32.convert_i64_s', F32, cv.emitF32ConvertI64S], ['f32.convert_i64_u', F32, cv.emitF32ConvertI64U],
    ['f64.convert_i32_s', F64, cv.emitF64ConvertI32S], ['f64.convert_i32_u', F64, cv.emitF64ConvertI32U],
    ['f64.convert_i64_s', F64, cv.emitF64ConvertI64S], ['f64.convert_i64_u', F64, cv.emitF64ConvertI64U],
    ['f32.reinterpret_i32', F32, cv.emitF32ReinterpretI32], ['f64.reinterpret_i64', F64, cv.emitF64ReinterpretI64],
  ];
  for (const [key, t, emit] of fromInt) {
    define(h, key, (c) => {
      const src = c.popGpr();
      const dst = c.allocXmm();
      emit(c.asm, dst, src);
      c.freeGpr(src);
      c.pushXmm(t, dst);
    });
  }
  const toInt: [string, number, (asm: Assembler, dst: Gpr, src: Xmm, trap: TrapLabel) => void][] = [
    ['i32.trunc_f32_s', I32, tr.emitI32TruncF32S], ['i32.trunc_f32_u', I32, tr.emitI32TruncF32U],
    ['i32.trunc_f64_s', I32, tr.emitI32TruncF64S], ['i32.trunc_f64_u', I32, tr.emitI32TruncF64U],
    ['i64.trunc_f32_s', I64, tr.emitI64TruncF32S], ['i64.trunc_f32_u', I64, tr.emitI64TruncF32U],
    ['i64.trunc_f64_s', I64, tr.emitI64TruncF64S], ['i64.trunc_f64_u', I64, tr.emitI64TruncF64U],
    ['i32.trunc_sat_f32_s', I32, ts.emitI32TruncSatF32S], ['i32.trunc_sat_f32_u', I32, ts.emitI32TruncSatF32U],
    ['i32.trunc_sat_f64_s', I32, ts.emitI32TruncSatF64S], ['i32.trunc_sat_f64_u', I32, ts.emitI32TruncSatF64U],
    ['i64.trunc_sat_f32_s', I64, ts.emitI64TruncSatF32S], ['i64.trunc_sat_f32_u', I64, ts.emitI64TruncSatF32U],
    ['i64.trunc_sat_f64_s', I64, ts.emitI64TruncSatF64S], ['i64.trunc_sat_f64_u', I64, ts.emitI64TruncSatF64U],
    ['i32.reinterpret_f32', I32, cv.emitI32ReinterpretF32], ['i64.reinterpret_f64', I64, cv.emitI64ReinterpretF64],
  ];
  for (const [key, t, emit] of toInt) {
    define(h, key, (c) => {
      const src = c.popXmm();
      const dst = c.allocGpr();
      emit(c.asm, dst, src, c.trapLabel);
      c.freeXmm(src);
      c.pushGpr(t, dst);
    });
  }
}

function unary(c: FunctionCompiler, t: number, emit: (asm: Assembler, x: Xmm) => void): void {
  const x = c.popXmm();
  emit(c.asm, x);
  c.pushXmm(t, x);
}

function binaryWith(c: FunctionCompiler, t: number, emit: (asm: Assembler, dst: Xmm, src: Xmm) => void): void {
  const rhs = c.popXmm();
  const lhs = c.popXmm();
  emit(c.asm, lhs, rhs);
  c.freeXmm(rhs);
  c.pushXmm(t, lhs);
}

/** The register caching local entry i's value (read-only for a handler), or -1 when entry i is not a cached local. */
function cachedLocal(c: FunctionCompiler, i: number): number {
  return c.kind[i] === Kind.Local ? c.localCache(c.a[i]!) : -1;
}

/**
 * Float comparisons read cached locals in place (ucomis keeps both operands).
 * gt/ge/lt/le fuse into a following br_if/if: "above" and "above or equal"
 * are false on NaN (CF=1), and their inverses, taken by an if's false edge,
 * are true on NaN — both as the spec wants. eq/ne need the parity flag too,
 * so they always materialize their 0/1.
 */
function compare(c: FunctionCompiler, w: 32 | 64, op: FloatCompare): void {
  const top = c.n - 1;
  const bCached = cachedLocal(c, top);
  const aCached = cachedLocal(c, top - 1);
  const b = bCached >= 0 ? bCached as Xmm : c.popXmm(aCached >= 0 ? 1 << aCached : 0);
  if (bCached >= 0) c.drop();
  const a = aCached >= 0 ? aCached as Xmm : c.popXmm(bCached >= 0 ? 1 << bCached : 0);
  if (aCached >= 0) c.drop();
  const release = () => {
    if (aCached < 0) c.freeXmm(a);
    if (bCached < 0) c.freeXmm(b);
  };
  if (op !== 'eq' && op !== 'ne' && c.nextIsConditional()) {
    const swap = op === 'lt' || op === 'le';
    c.asm.sseRR(SSE.ucomi[w], swap ? b : a, swap ? a : b);
    release();
    c.fuseConditional(op === 'gt' || op === 'lt' ? Cond.A : Cond.AE);
    return;
  }
  const dst = c.allocGpr();
  emitFloatCompare(c.asm, w, op, dst, a, b);
  release();
  c.pushGpr(I32, dst);
}

/** add and mul: the operands may trade places (x86 then returns the other NaN of two, which the spec allows). */
const COMMUTATIVE = new Set(['add', 'mul']);

/**
 * lhs = lhs op rhs, rhs from memory when it lives there. A commutative op
 * whose lhs is a cached local and rhs a register works in the rhs register,
 * reading the local in place (no copy of it first).
 */
function binary(c: FunctionCompiler, f: Form, t: number, commutative: boolean): void {
  const top = c.n - 1;
  const lhsCached = cachedLocal(c, top - 1);
  if (commutative && lhsCached >= 0 && c.kind[top] === Kind.Reg) {
    const rhs = c.popXmm(1 << lhsCached);
    c.drop();
    c.asm.sseRR(f, rhs, lhsCached as Xmm);
    c.pushXmm(t, rhs);
    return;
  }
  const cached = cachedLocal(c, top);
  if (cached >= 0) {
    c.drop();
    const lhs = c.popXmm(1 << cached);
    c.asm.sseRR(f, lhs, cached as Xmm);
    c.pushXmm(t, lhs);
    return;
  }
  if (c.kind[top] === Kind.Local || c.kind[top] === Kind.Slot) {
    const base = c.entryBase(top);
    const disp = c.entryDisp(top);
    c.drop();
    const lhs = c.popXmm();
    c.asm.sseRM(f, lhs, base, NO_INDEX, 1, disp);
    c.pushXmm(t, lhs);
    return;
  }
  const rhs = c.popXmm();
  const lhs = c.popXmm();
  c.asm.sseRR(f, lhs, rhs);
  c.freeXmm(rhs);
  c.pushXmm(t, lhs);
}
