// i32 and i64 operators: constants, arithmetic, bitwise, shifts and rotates,
// comparisons, bit counts, division with its traps, and sign extension.
// The fixed sequences (bit counts, extensions, division) come from ../numeric/;
// this file chooses operands and registers around them.
//
// Each handler picks the cheapest operand form for the right-hand side: an
// immediate when it is a constant that fits, the local's or slot's memory when
// it lives there, else a register. 32-bit operations keep the upper half of
// their result register zero (the invariant of function-compiler.ts).

import { Alu, Shift, Unary, type Assembler } from '../../x64/assembler.js';
import { Cond, RAX, RCX, RDX, type Gpr, type Width } from '../../x64/registers.js';
import { NO_INDEX } from '../../x64/operands.js';
import { Kind, type FunctionCompiler } from '../function-compiler.js';
import { define, type HandlerMap } from './registry.js';
import * as bits from '../numeric/int-bits.js';
import * as div from '../numeric/int-divide.js';
import { emitSetCond } from '../numeric/int-compare.js';
import type { TrapLabel } from '../numeric/common.js';

type GprPair = (asm: Assembler, dst: Gpr, src: Gpr) => void;
type Divide = (asm: Assembler, divisor: Gpr, trap: TrapLabel) => void;

const I32 = 0x7f;
const I64 = 0x7e;

export function registerInteger(h: HandlerMap): void {
  define(h, 'i32.const', (c) => c.pushConst32(I32, c.r.s32()));
  define(h, 'i64.const', pushI64Const);
  for (const [p, w, t] of [['i32', 32, I32], ['i64', 64, I64]] as const) {
    define(h, `${p}.add`, (c) => alu(c, Alu.Add, w, t));
    define(h, `${p}.sub`, (c) => alu(c, Alu.Sub, w, t));
    define(h, `${p}.and`, (c) => alu(c, Alu.And, w, t));
    define(h, `${p}.or`, (c) => alu(c, Alu.Or, w, t));
    define(h, `${p}.xor`, (c) => alu(c, Alu.Xor, w, t));
    define(h, `${p}.mul`, (c) => mul(c, w, t));
    define(h, `${p}.shl`, (c) => shift(c, Shift.Shl, w, t));
    define(h, `${p}.shr_s`, (c) => shift(c, Shift.Sar, w, t));
    define(h, `${p}.shr_u`, (c) => shift(c, Shift.Shr, w, t));
    define(h, `${p}.rotl`, (c) => shift(c, Shift.Rol, w, t));
    define(h, `${p}.rotr`, (c) => shift(c, Shift.Ror, w, t));
    define(h, `${p}.eqz`, (c) => {
      const cached = cachedLocal(c, c.n - 1);
      if (cached >= 0) {
        // A cached local is tested in place.
        c.drop();
        const r = c.nextIsConditional() ? -1 : c.allocGpr(1 << cached);
        c.asm.testRR(w, cached as Gpr, cached as Gpr);
        if (r < 0) c.fuseConditional(Cond.E); else flagResult(c, Cond.E, r as Gpr);
        return;
      }
      const r = c.popGpr();
      c.asm.testRR(w, r, r);
      flagResult(c, Cond.E, r);
    });
    const cmps: [string, Cond][] = [
      ['eq', Cond.E], ['ne', Cond.NE], ['lt_s', Cond.L], ['lt_u', Cond.B], ['gt_s', Cond.G], ['gt_u', Cond.A],
      ['le_s', Cond.LE], ['le_u', Cond.BE], ['ge_s', Cond.GE], ['ge_u', Cond.AE],
    ];
    for (const [name, cond] of cmps) define(h, `${p}.${name}`, (c) => compare(c, cond, w));
  }
  const unaries: [string, number, GprPair][] = [
    ['i32.clz', I32, bits.emitI32Clz], ['i64.clz', I64, bits.emitI64Clz],
    ['i32.ctz', I32, bits.emitI32Ctz], ['i64.ctz', I64, bits.emitI64Ctz],
    ['i32.popcnt', I32, bits.emitI32Popcnt], ['i64.popcnt', I64, bits.emitI64Popcnt],
    ['i32.wrap_i64', I32, bits.emitI32WrapI64], ['i64.extend_i32_s', I64, bits.emitI64ExtendI32S],
    ['i64.extend_i32_u', I64, bits.emitI64ExtendI32U],
    ['i32.extend8_s', I32, bits.emitI32Extend8S], ['i32.extend16_s', I32, bits.emitI32Extend16S],
    ['i64.extend8_s', I64, bits.emitI64Extend8S], ['i64.extend16_s', I64, bits.emitI64Extend16S],
    ['i64.extend32_s', I64, bits.emitI64Extend32S],
  ];
  for (const [key, t, emit] of unaries) {
    define(h, key, (c) => {
      const r = c.popGpr();
      emit(c.asm, r, r);
      c.pushGpr(t, r);
    });
  }
  const divisions: [string, number, Divide, boolean][] = [
    ['i32.div_s', I32, div.emitI32DivS, false], ['i32.div_u', I32, div.emitI32DivU, false],
    ['i32.rem_s', I32, div.emitI32RemS, true], ['i32.rem_u', I32, div.emitI32RemU, true],
    ['i64.div_s', I64, div.emitI64DivS, false], ['i64.div_u', I64, div.emitI64DivU, false],
    ['i64.rem_s', I64, div.emitI64RemS, true], ['i64.rem_u', I64, div.emitI64RemU, true],
  ];
  for (const [key, t, emit, rem] of divisions) define(h, key, (c) => divide(c, t, emit, rem));
}

/**
 * i64.const: the signed LEB128 decoded straight into its two 32-bit halves
 * (Reader.s64 builds a BigInt: a few hundred bytes of garbage per constant).
 * skipS64 checks the encoding first; shifts are multiples of 7, so a byte
 * straddles the halves only at shift 28 (and at 63 only its lowest bit counts).
 */
function pushI64Const(c: FunctionCompiler): void {
  const r = c.r;
  const start = r.pos;
  r.skipS64();
  const end = r.pos;
  const bytes = r.bytes;
  let lo = 0, hi = 0, shift = 0, byte = 0;
  for (let p = start; p < end; p++) {
    byte = bytes[p]!;
    const v = byte & 0x7f;
    if (shift < 32) {
      lo |= v << shift;
      if (shift > 25) hi |= v >>> (32 - shift);
    } else {
      hi |= v << (shift - 32);
    }
    shift += 7;
  }
  if (shift < 64 && (byte & 0x40)) {
    if (shift < 32) { lo |= -1 << shift; hi = -1; }
    else hi |= -1 << (shift - 32);
  }
  c.pushConst64Halves(I64, lo, hi);
}

/** The register caching local entry i's value (read-only for a handler), or -1 when entry i is not a cached local. */
function cachedLocal(c: FunctionCompiler, i: number): number {
  return c.kind[i] === Kind.Local ? c.localCache(c.a[i]!) : -1;
}

/** Entry i is the constant 0 (of either width). */
function isZero(c: FunctionCompiler, i: number): boolean {
  return c.kind[i] === Kind.Const && c.a[i] === 0 && (c.type[i] === I32 || c.b[i] === 0);
}

const COMMUTATIVE = (1 << Alu.Add) | (1 << Alu.And) | (1 << Alu.Or) | (1 << Alu.Xor);

/**
 * lhs op= rhs through the ALU group (add, sub, and, or, xor, cmp): pops both
 * operands, the rhs in its cheapest form — an immediate, a cached local's
 * register, the local's or slot's memory, else a register — and returns the
 * writable lhs register. `identityZero`: an immediate 0 emits nothing (x+0).
 * A cached local on the left is read in place where one instruction can: an
 * add/sub of a constant or of another cached local is a lea into a fresh
 * register, and a commutative op with a register on the right works in that
 * register — no copy of the local first.
 */
function aluOperands(c: FunctionCompiler, op: Alu, w: Width, identityZero: boolean): Gpr {
  const asm = c.asm;
  const top = c.n - 1;
  const lhsCached = cachedLocal(c, top - 1);
  if (op === Alu.Sub && isZero(c, top - 1) && c.kind[top] !== Kind.Const) {
    // 0 - x (how C's unary minus arrives): neg, in x's register.
    const rhs = c.popGpr();
    c.drop();
    asm.unaryR(Unary.Neg, w, rhs);
    return rhs;
  }
  if (c.topIsImm32()) {
    const imm = c.a[top]!;
    const disp = op === Alu.Add ? imm : op === Alu.Sub && (w === 32 || imm !== -0x80000000) ? -imm | 0 : undefined;
    if (lhsCached >= 0 && disp !== undefined && disp !== 0) {
      c.drop();
      c.drop();
      const dst = c.allocGpr(1 << lhsCached);
      asm.leaRM(w === 64 ? 64 : 32, dst, lhsCached, NO_INDEX, 1, disp);
      return dst;
    }
    c.drop();
    const lhs = c.popGpr();
    if (!(identityZero && imm === 0)) asm.aluRI(op, w, lhs, imm);
    return lhs;
  }
  const cached = cachedLocal(c, top);
  if (cached >= 0) {
    c.drop();
    if (op === Alu.Add && lhsCached >= 0) {
      c.drop();
      const dst = c.allocGpr((1 << cached) | (1 << lhsCached));
      asm.leaRM(w === 64 ? 64 : 32, dst, lhsCached, cached, 1, 0);
      return dst;
    }
    const lhs = c.popGpr(1 << cached);
    asm.aluRR(op, w, lhs, cached as Gpr);
    return lhs;
  }
  if (c.kind[top] === Kind.Local || c.kind[top] === Kind.Slot) {
    const base = c.entryBase(top);
    const disp = c.entryDisp(top);
    c.drop();
    const lhs = c.popGpr();
    asm.aluRM(op, w, lhs, base, NO_INDEX, 1, disp);
    return lhs;
  }
  if (lhsCached >= 0 && (COMMUTATIVE & (1 << op)) !== 0) {
    const rhs = c.popGpr(1 << lhsCached);
    c.drop();
    asm.aluRR(op, w, rhs, lhsCached as Gpr);
    return rhs;
  }
  const rhs = c.popGpr();
  const lhs = c.popGpr();
  asm.aluRR(op, w, lhs, rhs);
  c.freeGpr(rhs);
  return lhs;
}

/** lhs op= rhs; x + 0, x - 0, x | 0, x ^ 0 emit nothing (an i32's upper half is already zero). */
function alu(c: FunctionCompiler, op: Alu, w: Width, t: number): void {
  c.pushGpr(t, aluOperands(c, op, w, op !== Alu.And));
}

/** lhs *= rhs; a cached local is read in place (imul dst, local, imm; imul into the rhs register; imul lhs, local). */
function mul(c: FunctionCompiler, w: 32 | 64, t: number): void {
  const asm = c.asm;
  const lhsCached = cachedLocal(c, c.n - 2);
  if (c.topIsImm32()) {
    const imm = c.a[c.n - 1]!;
    c.drop();
    if (lhsCached >= 0) {
      c.drop();
      const dst = c.allocGpr(1 << lhsCached);
      asm.imulRRI(w, dst, lhsCached as Gpr, imm);
      c.pushGpr(t, dst);
      return;
    }
    const lhs = c.popGpr();
    asm.imulRRI(w, lhs, lhs, imm);
    c.pushGpr(t, lhs);
    return;
  }
  if (lhsCached >= 0 && c.kind[c.n - 1] === Kind.Reg) {
    const rhs = c.popGpr(1 << lhsCached);
    c.drop();
    asm.imulRR(w, rhs, lhsCached as Gpr);
    c.pushGpr(t, rhs);
    return;
  }
  const rhsCached = cachedLocal(c, c.n - 1);
  if (rhsCached >= 0) {
    c.drop();
    const lhs = c.popGpr(1 << rhsCached);
    asm.imulRR(w, lhs, rhsCached as Gpr);
    c.pushGpr(t, lhs);
    return;
  }
  const rhs = c.popGpr();
  const lhs = c.popGpr();
  asm.imulRR(w, lhs, rhs);
  c.freeGpr(rhs);
  c.pushGpr(t, lhs);
}

function shift(c: FunctionCompiler, op: Shift, w: 32 | 64, t: number): void {
  const asm = c.asm;
  const top = c.n - 1;
  if (c.kind[top] === Kind.Const) {
    const count = c.a[top]! & (w - 1);
    c.drop();
    const lhs = c.popGpr();
    if (count !== 0) asm.shiftRI(op, w, lhs, count);
    c.pushGpr(t, lhs);
    return;
  }
  const count = c.popGprInto(RCX);
  const lhs = c.popGpr(1 << RCX);
  asm.shiftRCl(op, w, lhs);
  c.freeGpr(count);
  c.pushGpr(t, lhs);
}

/** Sets `r` (32-bit) to 1 when `cond` holds after the last flag-setting instruction, else 0; pushes it as i32. */
export function setFlag(c: FunctionCompiler, cond: Cond, r: Gpr): void {
  emitSetCond(c.asm, cond, r);
  c.pushGpr(I32, r);
}

/** A comparison's result: fused into a following br_if/if, else materialized as 0/1 in `r`. */
export function flagResult(c: FunctionCompiler, cond: Cond, r: Gpr): void {
  c.freeGpr(r);
  if (c.fuseConditional(cond)) return;
  c.allocGprExactly(r);
  setFlag(c, cond, r);
}

/**
 * A comparison whose left operand is a cached local compares the cache
 * register in place (against an immediate, another cached local or a
 * register): no copy of the local. Fused into a following br_if/if when it
 * can be; else the 0/1 goes to a fresh register (or the rhs's).
 */
function compare(c: FunctionCompiler, cond: Cond, w: Width): void {
  const top = c.n - 1;
  const lhsCached = cachedLocal(c, top - 1);
  if (lhsCached >= 0) {
    const asm = c.asm;
    const lhs = lhsCached as Gpr;
    if (c.topIsImm32()) {
      const imm = c.a[top]!;
      c.drop();
      c.drop();
      const r = c.nextIsConditional() ? -1 : c.allocGpr(1 << lhs);
      asm.aluRI(Alu.Cmp, w, lhs, imm);
      if (r < 0) c.fuseConditional(cond); else flagResult(c, cond, r as Gpr);
      return;
    }
    const rhsCached = cachedLocal(c, top);
    if (rhsCached >= 0) {
      c.drop();
      c.drop();
      const r = c.nextIsConditional() ? -1 : c.allocGpr((1 << lhs) | (1 << rhsCached));
      asm.aluRR(Alu.Cmp, w, lhs, rhsCached as Gpr);
      if (r < 0) c.fuseConditional(cond); else flagResult(c, cond, r as Gpr);
      return;
    }
    if (c.kind[top] === Kind.Reg) {
      const rhs = c.popGpr(1 << lhs);
      c.drop();
      asm.aluRR(Alu.Cmp, w, lhs, rhs);
      flagResult(c, cond, rhs);
      return;
    }
  }
  flagResult(c, cond, aluOperands(c, Alu.Cmp, w, false));
}

/**
 * Division through the numeric emitters: dividend in rax, divisor in any
 * other register; the quotient comes back in rax, the remainder in rdx.
 */
function divide(c: FunctionCompiler, t: number, emit: Divide, rem: boolean): void {
  const divisor = c.popGpr((1 << RAX) | (1 << RDX));
  const dividend = c.popGprInto(RAX);
  const rdx = c.needGpr(RDX);
  emit(c.asm, divisor, c.trapLabel);
  c.freeGpr(divisor);
  if (rem) {
    c.freeGpr(dividend);
    c.pushGpr(t, rdx);
  } else {
    c.freeGpr(rdx);
    c.pushGpr(t, dividend);
  }
}
