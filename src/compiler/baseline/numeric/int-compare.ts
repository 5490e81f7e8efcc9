// Integer tests and comparisons producing an i32 0/1 in a GPR.
//
// The flags are set first, then setcc writes the low byte and movzx clears
// the rest, so dst may be one of the operands. The result is an i32: its
// upper 32 bits are zero.
// Must not import: anything outside src/compiler and src/abi.

import type { Assembler } from '../../x64/assembler.js';
import { Cond, type Gpr } from '../../x64/registers.js';
import type { IntWidth } from './common.js';

/** Integer comparison operators and the condition each one tests after `cmp a, b`. */
export const INT_COMPARE = {
  eq: Cond.E, ne: Cond.NE,
  lt_s: Cond.L, lt_u: Cond.B, gt_s: Cond.G, gt_u: Cond.A,
  le_s: Cond.LE, le_u: Cond.BE, ge_s: Cond.GE, ge_u: Cond.AE,
} as const;
export type IntCompare = keyof typeof INT_COMPARE;

/** dst = cond ? 1 : 0, from the flags already set. Upper 32 bits become zero. */
export function emitSetCond(asm: Assembler, cond: Cond, dst: Gpr): void {
  asm.setcc(cond, dst);
  asm.movzxRR(32, 8, dst, dst);
}

/** dst = (a op b) ? 1 : 0 at width w; dst may equal a or b. */
export function emitIntCompare(asm: Assembler, w: IntWidth, op: IntCompare, dst: Gpr, a: Gpr, b: Gpr): void {
  asm.cmpRR(w, a, b);
  emitSetCond(asm, INT_COMPARE[op], dst);
}

/** dst = (src == 0) ? 1 : 0 at width w; dst may equal src. */
export function emitIntEqz(asm: Assembler, w: IntWidth, dst: Gpr, src: Gpr): void {
  asm.testRR(w, src, src);
  emitSetCond(asm, Cond.E, dst);
}
export function emitI32Eqz(asm: Assembler, dst: Gpr, src: Gpr): void { emitIntEqz(asm, 32, dst, src); }
export function emitI64Eqz(asm: Assembler, dst: Gpr, src: Gpr): void { emitIntEqz(asm, 64, dst, src); }
