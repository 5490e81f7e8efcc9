// i32 and i64 operators: constants, arithmetic, bitwise, shifts and rotates,
// comparisons, bit counts, division with its traps, and sign extension.
//
// Each handler picks the cheapest operand form for the right-hand side: an
// immediate when it is a constant that fits, the local's or slot's memory when
// it lives there, else a register. 32-bit operations keep the upper half of
// their result register zero (the invariant of function-compiler.ts).

import { Alu, BitCount, Shift, Unary } from '../../x64/assembler.js';
import { Cond, RAX, RCX, RDX, type Gpr, type Width } from '../../x64/registers.js';
import { NO_INDEX } from '../../x64/operands.js';
import { Kind, type FunctionCompiler } from '../function-compiler.js';
import { define, type HandlerMap } from './registry.js';

const I32 = 0x7f;
const I64 = 0x7e;

export function registerInteger(h: HandlerMap): void {
  define(h, 'i32.const', (c) => c.pushConst32(I32, c.r.s32()));
  define(h, 'i64.const', (c) => c.pushConst64(I64, c.r.s64()));
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
      const r = c.popGpr();
      c.asm.testRR(w, r, r);
      flagResult(c, Cond.E, r);
    });
    const cmps: [string, Cond][] = [
      ['eq', Cond.E], ['ne', Cond.NE], ['lt_s', Cond.L], ['lt_u', Cond.B], ['gt_s', Cond.G], ['gt_u', Cond.A],
      ['le_s', Cond.LE], ['le_u', Cond.BE], ['ge_s', Cond.GE], ['ge_u', Cond.AE],
    ];
    for (const [name, cond] of cmps) define(h, `${p}.${name}`, (c) => compare(c, cond, w));
    define(h, `${p}.clz`, (c) => bitCount(c, BitCount.Lzcnt, w, t));
    define(h, `${p}.ctz`, (c) => bitCount(c, BitCount.Tzcnt, w, t));
    define(h, `${p}.popcnt`, (c) => bitCount(c, BitCount.Popcnt, w, t));
    define(h, `${p}.div_s`, (c) => divide(c, w, t, true, false));
    define(h, `${p}.div_u`, (c) => divide(c, w, t, false, false));
    define(h, `${p}.rem_s`, (c) => divide(c, w, t, true, true));
    define(h, `${p}.rem_u`, (c) => divide(c, w, t, false, true));
  }
  define(h, 'i32.wrap_i64', (c) => {
    const r = c.popGpr();
    c.asm.movRR(32, r, r);
    c.pushGpr(I32, r);
  });
  define(h, 'i64.extend_i32_s', (c) => {
    const r = c.popGpr();
    c.asm.movsxRR(64, 32, r, r);
    c.pushGpr(I64, r);
  });
  define(h, 'i64.extend_i32_u', (c) => {
    // The upper half is already zero.
    const r = c.popGpr();
    c.pushGpr(I64, r);
  });
  define(h, 'i32.extend8_s', (c) => extend(c, 32, 8, I32));
  define(h, 'i32.extend16_s', (c) => extend(c, 32, 16, I32));
  define(h, 'i64.extend8_s', (c) => extend(c, 64, 8, I64));
  define(h, 'i64.extend16_s', (c) => extend(c, 64, 16, I64));
  define(h, 'i64.extend32_s', (c) => extend(c, 64, 32, I64));
}

/** lhs op= rhs, with rhs as an immediate, memory or register. */
function alu(c: FunctionCompiler, op: Alu, w: Width, t: number): void {
  const asm = c.asm;
  const top = c.n - 1;
  if (c.topIsImm32()) {
    const imm = c.a[top]!;
    c.drop();
    const lhs = c.popGpr();
    // x + 0, x - 0, x | 0, x ^ 0 change nothing (the upper half is already zero for i32).
    if (imm !== 0 || op === Alu.And) asm.aluRI(op, w, lhs, imm);
    c.pushGpr(t, lhs);
    return;
  }
  const cached = c.kind[top] === Kind.Local ? c.localCache(c.a[top]!) : -1;
  if (cached >= 0) {
    c.drop();
    const lhs = c.popGpr(1 << cached);
    asm.aluRR(op, w, lhs, cached as Gpr);
    c.pushGpr(t, lhs);
    return;
  }
  if (c.kind[top] === Kind.Local || c.kind[top] === Kind.Slot) {
    const base = c.entryBase(top);
    const disp = c.entryDisp(top);
    c.drop();
    const lhs = c.popGpr();
    asm.aluRM(op, w, lhs, base, NO_INDEX, 1, disp);
    c.pushGpr(t, lhs);
    return;
  }
  const rhs = c.popGpr();
  const lhs = c.popGpr();
  asm.aluRR(op, w, lhs, rhs);
  c.freeGpr(rhs);
  c.pushGpr(t, lhs);
}

function mul(c: FunctionCompiler, w: 32 | 64, t: number): void {
  const asm = c.asm;
  if (c.topIsImm32()) {
    const imm = c.a[c.n - 1]!;
    c.drop();
    const lhs = c.popGpr();
    asm.imulRRI(w, lhs, lhs, imm);
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
  c.asm.setcc(cond, r);
  c.asm.movzxRR(32, 8, r, r);
  c.pushGpr(I32, r);
}

/** A comparison's result: fused into a following br_if/if, else materialized as 0/1 in `r`. */
export function flagResult(c: FunctionCompiler, cond: Cond, r: Gpr): void {
  c.freeGpr(r);
  if (c.fuseConditional(cond)) return;
  c.allocGprExactly(r);
  setFlag(c, cond, r);
}

function compare(c: FunctionCompiler, cond: Cond, w: Width): void {
  const asm = c.asm;
  const top = c.n - 1;
  // Compare-and-branch on a cached local against a constant: no copy of the local.
  const lhsCached = c.kind[top - 1] === Kind.Local ? c.localCache(c.a[top - 1]!) : -1;
  if (lhsCached >= 0 && c.topIsImm32() && c.nextIsConditional()) {
    const imm = c.a[top]!;
    c.drop();
    c.drop();
    asm.aluRI(Alu.Cmp, w, lhsCached as Gpr, imm);
    c.fuseConditional(cond);
    return;
  }
  if (c.topIsImm32()) {
    const imm = c.a[top]!;
    c.drop();
    const lhs = c.popGpr();
    asm.aluRI(Alu.Cmp, w, lhs, imm);
    flagResult(c, cond, lhs);
    return;
  }
  const cached = c.kind[top] === Kind.Local ? c.localCache(c.a[top]!) : -1;
  if (cached >= 0) {
    c.drop();
    const lhs = c.popGpr(1 << cached);
    asm.cmpRR(w, lhs, cached as Gpr);
    flagResult(c, cond, lhs);
    return;
  }
  if (c.kind[top] === Kind.Local || c.kind[top] === Kind.Slot) {
    const base = c.entryBase(top);
    const disp = c.entryDisp(top);
    c.drop();
    const lhs = c.popGpr();
    asm.aluRM(Alu.Cmp, w, lhs, base, NO_INDEX, 1, disp);
    flagResult(c, cond, lhs);
    return;
  }
  const rhs = c.popGpr();
  const lhs = c.popGpr();
  asm.cmpRR(w, lhs, rhs);
  c.freeGpr(rhs);
  flagResult(c, cond, lhs);
}

function bitCount(c: FunctionCompiler, op: BitCount, w: 32 | 64, t: number): void {
  const r = c.popGpr();
  c.asm.bitRR(op, w, r, r);
  c.pushGpr(t, r);
}

function extend(c: FunctionCompiler, w: 32 | 64, from: 8 | 16 | 32, t: number): void {
  const r = c.popGpr();
  c.asm.movsxRR(w, from, r, r);
  c.pushGpr(t, r);
}

/**
 * Division: dividend in rax, result in rax (quotient) or rdx (remainder).
 * Zero divisors trap; INT_MIN / -1 traps for div_s and yields 0 for rem_s
 * (idiv would fault on it).
 */
function divide(c: FunctionCompiler, w: 32 | 64, t: number, signed: boolean, rem: boolean): void {
  const asm = c.asm;
  const divisor = c.popGpr((1 << RAX) | (1 << RDX));
  const dividend = c.popGprInto(RAX);
  const rdx = c.needGpr(RDX);
  asm.testRR(w, divisor, divisor);
  asm.jcc(Cond.E, c.trap('integer_divide_by_zero'));
  const done = asm.newLabel();
  if (signed) {
    const normal = asm.newLabel();
    asm.aluRI(Alu.Cmp, w, divisor, -1);
    asm.jcc(Cond.NE, normal);
    if (rem) {
      asm.xorRR(32, RDX, RDX);
      asm.jmp(done);
    } else {
      // x / -1 = -x, which overflows only for INT_MIN.
      asm.unaryR(Unary.Neg, w, RAX);
      asm.jcc(Cond.O, c.trap('integer_overflow'));
      asm.jmp(done);
    }
    asm.bind(normal);
    asm.signExtendAxToDx(w);
    asm.unaryR(Unary.Idiv, w, divisor);
  } else {
    asm.xorRR(32, RDX, RDX);
    asm.unaryR(Unary.Div, w, divisor);
  }
  asm.bind(done);
  c.freeGpr(divisor);
  if (rem) {
    c.freeGpr(dividend);
    c.pushGpr(t, rdx);
  } else {
    c.freeGpr(rdx);
    c.pushGpr(t, dividend);
  }
}
