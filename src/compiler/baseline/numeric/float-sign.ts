// abs, neg and copysign: pure bit operations on the sign bit, so NaN payloads
// (and the sign of NaN) come through exactly as WebAssembly requires; no
// arithmetic instruction touches the value.
//
// abs clears the sign by shifting the lane left then right by one (no
// constant); neg and copysign use a sign mask built in xmm15 through r11.
// Unary emitters: dst = op(src), dst may equal src. copysign: dst =
// copysign(dst, src), src kept (it may equal dst).
// Must not import: anything outside src/compiler and src/abi.

import type { Assembler } from '../../x64/assembler.js';
import type { Xmm } from '../../x64/registers.js';
import { BITS, SSE, loadFloatConstant, moveXmm, type FloatWidth } from './common.js';

function clearSign(asm: Assembler, w: FloatWidth, dst: Xmm): void {
  asm.ri(SSE.shiftLeft[w], dst, 1);
  asm.ri(SSE.shiftRight[w], dst, 1);
}

function abs(asm: Assembler, w: FloatWidth, dst: Xmm, src: Xmm): void {
  moveXmm(asm, dst, src);
  clearSign(asm, w, dst);
}

function neg(asm: Assembler, w: FloatWidth, dst: Xmm, src: Xmm): void {
  moveXmm(asm, dst, src);
  const mask = loadFloatConstant(asm, w, BITS.signMask[w]);
  asm.sseRR(SSE.xor[w], dst, mask);
}

function copysign(asm: Assembler, w: FloatWidth, dst: Xmm, src: Xmm): void {
  const sign = loadFloatConstant(asm, w, BITS.signMask[w]);
  asm.sseRR(SSE.and[w], sign, src);
  clearSign(asm, w, dst);
  asm.sseRR(SSE.or[w], dst, sign);
}

export function emitF32Abs(asm: Assembler, dst: Xmm, src: Xmm): void { abs(asm, 32, dst, src); }
export function emitF64Abs(asm: Assembler, dst: Xmm, src: Xmm): void { abs(asm, 64, dst, src); }
export function emitF32Neg(asm: Assembler, dst: Xmm, src: Xmm): void { neg(asm, 32, dst, src); }
export function emitF64Neg(asm: Assembler, dst: Xmm, src: Xmm): void { neg(asm, 64, dst, src); }
/** dst = |dst| with the sign of src. */
export function emitF32Copysign(asm: Assembler, dst: Xmm, src: Xmm): void { copysign(asm, 32, dst, src); }
export function emitF64Copysign(asm: Assembler, dst: Xmm, src: Xmm): void { copysign(asm, 64, dst, src); }
