// Integer bit operations: clz/ctz/popcnt, rotates, sign extension and the
// i32 <-> i64 width changes.
//
// Invariants: every i32 result leaves the upper 32 bits of dst zero (32-bit
// writes zero-extend; the sign extensions to i32 use a 32-bit destination).
// lzcnt/tzcnt/popcnt need ABM/BMI1/POPCNT (the engine checks the CPU once;
// bsr/bsf would give wrong results for zero). Rotates take their count in cl.
// Must not import: anything outside src/compiler and src/abi.

import { BitCount, Shift, type Assembler } from '../../x64/assembler.js';
import { RCX, type Gpr } from '../../x64/registers.js';
import type { IntWidth } from './common.js';
import { invariant } from '../../errors.js';

export function emitI32Clz(asm: Assembler, dst: Gpr, src: Gpr): void { asm.bitRR(BitCount.Lzcnt, 32, dst, src); }
export function emitI64Clz(asm: Assembler, dst: Gpr, src: Gpr): void { asm.bitRR(BitCount.Lzcnt, 64, dst, src); }
export function emitI32Ctz(asm: Assembler, dst: Gpr, src: Gpr): void { asm.bitRR(BitCount.Tzcnt, 32, dst, src); }
export function emitI64Ctz(asm: Assembler, dst: Gpr, src: Gpr): void { asm.bitRR(BitCount.Tzcnt, 64, dst, src); }
export function emitI32Popcnt(asm: Assembler, dst: Gpr, src: Gpr): void { asm.bitRR(BitCount.Popcnt, 32, dst, src); }
export function emitI64Popcnt(asm: Assembler, dst: Gpr, src: Gpr): void { asm.bitRR(BitCount.Popcnt, 64, dst, src); }

/** dst = rotl/rotr(dst, cl). NEEDS RCX: the count must already be in cl; dst must not be rcx. */
function rotate(asm: Assembler, op: Shift, w: IntWidth, dst: Gpr): void {
  invariant(dst !== RCX, 'a rotate by cl cannot rotate rcx itself');
  asm.shiftRCl(op, w, dst);
}
export function emitI32Rotl(asm: Assembler, dst: Gpr): void { rotate(asm, Shift.Rol, 32, dst); }
export function emitI64Rotl(asm: Assembler, dst: Gpr): void { rotate(asm, Shift.Rol, 64, dst); }
export function emitI32Rotr(asm: Assembler, dst: Gpr): void { rotate(asm, Shift.Ror, 32, dst); }
export function emitI64Rotr(asm: Assembler, dst: Gpr): void { rotate(asm, Shift.Ror, 64, dst); }

/** dst = rotl/rotr(dst, count) for a constant count (wasm takes it modulo the width). */
export function emitI32RotlImm(asm: Assembler, dst: Gpr, count: number): void { asm.shiftRI(Shift.Rol, 32, dst, count & 31); }
export function emitI64RotlImm(asm: Assembler, dst: Gpr, count: number): void { asm.shiftRI(Shift.Rol, 64, dst, count & 63); }
export function emitI32RotrImm(asm: Assembler, dst: Gpr, count: number): void { asm.shiftRI(Shift.Ror, 32, dst, count & 31); }
export function emitI64RotrImm(asm: Assembler, dst: Gpr, count: number): void { asm.shiftRI(Shift.Ror, 64, dst, count & 63); }

export function emitI32Extend8S(asm: Assembler, dst: Gpr, src: Gpr): void { asm.movsxRR(32, 8, dst, src); }
export function emitI32Extend16S(asm: Assembler, dst: Gpr, src: Gpr): void { asm.movsxRR(32, 16, dst, src); }
export function emitI64Extend8S(asm: Assembler, dst: Gpr, src: Gpr): void { asm.movsxRR(64, 8, dst, src); }
export function emitI64Extend16S(asm: Assembler, dst: Gpr, src: Gpr): void { asm.movsxRR(64, 16, dst, src); }
export function emitI64Extend32S(asm: Assembler, dst: Gpr, src: Gpr): void { asm.movsxRR(64, 32, dst, src); }
/** i64.extend_i32_s: the same instruction as i64.extend32_s (movsxd). */
export function emitI64ExtendI32S(asm: Assembler, dst: Gpr, src: Gpr): void { asm.movsxRR(64, 32, dst, src); }

/**
 * i64.extend_i32_u: an i32 in a register already has its upper half zero (the
 * invariant), so this is a plain move, or nothing when dst = src.
 */
export function emitI64ExtendI32U(asm: Assembler, dst: Gpr, src: Gpr): void {
  if (dst !== src) asm.movRR(32, dst, src);
}

/** i32.wrap_i64: a 32-bit move clears the upper half, even onto itself (never elided). */
export function emitI32WrapI64(asm: Assembler, dst: Gpr, src: Gpr): void {
  asm.movRR(32, dst, src);
}
