// Float arithmetic with one instruction each: add, sub, mul, div, sqrt, and
// the roundings ceil, floor, trunc, nearest (SSE4.1 roundss/roundsd).
//
// IEEE 754 as the hardware does it is WebAssembly's semantics here: MXCSR
// is at its default (round to nearest even, no flush-to-zero) whenever guest
// code runs, and any NaN these produce is an allowed result (the spec's
// arithmetic NaN; a NaN input gives a NaN). Rounding uses imm bit 3 to keep
// the precision exception quiet, and never the MXCSR mode (bit 2 clear).
// Binary: dst = dst op src. Unary: dst = op(src), dst may equal src.
// Must not import: anything outside src/compiler and src/abi.

import type { Assembler } from '../../x64/assembler.js';
import type { Xmm } from '../../x64/registers.js';
import { SSE, type FloatWidth } from './common.js';

/** roundss/roundsd immediates: the rounding mode in bits 0-1, bit 3 suppresses "inexact". */
export const ROUND = { nearest: 0x8, floor: 0x9, ceil: 0xa, trunc: 0xb } as const;
export type RoundMode = keyof typeof ROUND;

/** dst = round(src) with the given mode. */
export function emitFloatRound(asm: Assembler, w: FloatWidth, mode: RoundMode, dst: Xmm, src: Xmm): void {
  asm.rri(SSE.round[w], dst, src, ROUND[mode]);
}
export function emitF32Ceil(asm: Assembler, dst: Xmm, src: Xmm): void { emitFloatRound(asm, 32, 'ceil', dst, src); }
export function emitF64Ceil(asm: Assembler, dst: Xmm, src: Xmm): void { emitFloatRound(asm, 64, 'ceil', dst, src); }
export function emitF32Floor(asm: Assembler, dst: Xmm, src: Xmm): void { emitFloatRound(asm, 32, 'floor', dst, src); }
export function emitF64Floor(asm: Assembler, dst: Xmm, src: Xmm): void { emitFloatRound(asm, 64, 'floor', dst, src); }
export function emitF32Trunc(asm: Assembler, dst: Xmm, src: Xmm): void { emitFloatRound(asm, 32, 'trunc', dst, src); }
export function emitF64Trunc(asm: Assembler, dst: Xmm, src: Xmm): void { emitFloatRound(asm, 64, 'trunc', dst, src); }
export function emitF32Nearest(asm: Assembler, dst: Xmm, src: Xmm): void { emitFloatRound(asm, 32, 'nearest', dst, src); }
export function emitF64Nearest(asm: Assembler, dst: Xmm, src: Xmm): void { emitFloatRound(asm, 64, 'nearest', dst, src); }

export function emitF32Sqrt(asm: Assembler, dst: Xmm, src: Xmm): void { asm.sseRR(SSE.sqrt[32], dst, src); }
export function emitF64Sqrt(asm: Assembler, dst: Xmm, src: Xmm): void { asm.sseRR(SSE.sqrt[64], dst, src); }

export function emitF32Add(asm: Assembler, dst: Xmm, src: Xmm): void { asm.sseRR(SSE.add[32], dst, src); }
export function emitF64Add(asm: Assembler, dst: Xmm, src: Xmm): void { asm.sseRR(SSE.add[64], dst, src); }
export function emitF32Sub(asm: Assembler, dst: Xmm, src: Xmm): void { asm.sseRR(SSE.sub[32], dst, src); }
export function emitF64Sub(asm: Assembler, dst: Xmm, src: Xmm): void { asm.sseRR(SSE.sub[64], dst, src); }
export function emitF32Mul(asm: Assembler, dst: Xmm, src: Xmm): void { asm.sseRR(SSE.mul[32], dst, src); }
export function emitF64Mul(asm: Assembler, dst: Xmm, src: Xmm): void { asm.sseRR(SSE.mul[64], dst, src); }
export function emitF32Div(asm: Assembler, dst: Xmm, src: Xmm): void { asm.sseRR(SSE.div[32], dst, src); }
export function emitF64Div(asm: Assembler, dst: Xmm, src: Xmm): void { asm.sseRR(SSE.div[64], dst, src); }
