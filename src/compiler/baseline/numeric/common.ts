// What every numeric sequence shares: the reserved scratch registers, the
// encoding rows the sequences use (looked up once, at load), register moves
// and the materialisation of float constants through r11.
//
// Invariants: SCRATCH_GPR (r11) and SCRATCH_XMM (xmm15) never hold a value
// across a sequence; a sequence may clobber them at will. Constants have no
// pool yet: they are built with `mov r11, imm; movd/movq xmm15, r11`.
// Must not import: anything outside src/compiler and src/abi (no Node APIs).

import type { TrapCode } from '../../../abi/trap-codes.js';
import type { Assembler } from '../../x64/assembler.js';
import type { Form } from '../../x64/form.js';
import type { Label } from '../../x64/operands.js';
import { Cond, R11, xmm, type Gpr, type Xmm } from '../../x64/registers.js';
import { form } from '../../x64/table.js';

/** The GPR every sequence may clobber; never holds a value between operators. */
export const SCRATCH_GPR: Gpr = R11;
/** The xmm register every sequence may clobber; never holds a value between operators. */
export const SCRATCH_XMM: Xmm = xmm(15);

/** Returns the label of an out-of-line stub raising `code` (the caller emits the stubs). */
export type TrapLabel = (code: TrapCode) => Label;

/** 32 = f32, 64 = f64. */
export type FloatWidth = 32 | 64;
/** 32 = i32, 64 = i64. */
export type IntWidth = 32 | 64;

/** A row for each float width, picked by `w`. */
export interface ByFloat { readonly 32: Form; readonly 64: Form }
function pair(f32: string, f64: string): ByFloat {
  return { 32: form(f32), 64: form(f64) };
}

/** The SSE rows of the numeric sequences, per float width where they come in pairs. */
export const SSE = {
  /** Register-to-register moves copy all 128 bits; the upper lanes carry no meaning. */
  move: form('movaps xmm, xmm/m128'),
  and: pair('andps xmm, xmm/m128', 'andpd xmm, xmm/m128'),
  or: pair('orps xmm, xmm/m128', 'orpd xmm, xmm/m128'),
  xor: pair('xorps xmm, xmm/m128', 'xorpd xmm, xmm/m128'),
  shiftLeft: pair('pslld xmm, uimm8', 'psllq xmm, uimm8'),
  shiftRight: pair('psrld xmm, uimm8', 'psrlq xmm, uimm8'),
  add: pair('addss xmm, xmm/m32', 'addsd xmm, xmm/m64'),
  sub: pair('subss xmm, xmm/m32', 'subsd xmm, xmm/m64'),
  mul: pair('mulss xmm, xmm/m32', 'mulsd xmm, xmm/m64'),
  div: pair('divss xmm, xmm/m32', 'divsd xmm, xmm/m64'),
  sqrt: pair('sqrtss xmm, xmm/m32', 'sqrtsd xmm, xmm/m64'),
  min: pair('minss xmm, xmm/m32', 'minsd xmm, xmm/m64'),
  max: pair('maxss xmm, xmm/m32', 'maxsd xmm, xmm/m64'),
  round: pair('roundss xmm, xmm/m32, uimm8', 'roundsd xmm, xmm/m64, uimm8'),
  /** Unordered compare: NaN sets ZF, PF and CF; no exception on quiet NaNs. */
  ucomi: pair('ucomiss xmm, xmm/m32', 'ucomisd xmm, xmm/m64'),
  /** GPR bits → xmm lane 0 (movd for 32, movq for 64); the upper lanes become zero. */
  fromGpr: pair('movd xmm, rm32', 'movq xmm, rm64'),
  /** xmm lane 0 → GPR bits (movd zero-extends to 64). */
  toGpr: pair('movd rm32, xmm', 'movq rm64, xmm'),
  /** Signed integer → float, by source integer width. */
  fromInt32: pair('cvtsi2ss xmm, rm32', 'cvtsi2sd xmm, rm32'),
  fromInt64: pair('cvtsi2ss xmm, rm64', 'cvtsi2sd xmm, rm64'),
  /** Float → signed integer, truncating; out of range or NaN gives INT_MIN ("integer indefinite"). */
  toInt32: pair('cvttss2si r32, xmm/m32', 'cvttsd2si r32, xmm/m64'),
  toInt64: pair('cvttss2si r64, xmm/m32', 'cvttsd2si r64, xmm/m64'),
  promote: form('cvtss2sd xmm, xmm/m32'),
  demote: form('cvtsd2ss xmm, xmm/m64'),
} as const;

/** `bts r64, imm8`: sets one bit (2^63 after a conversion of x - 2^63). */
export const BTS64 = form('bts rm64, uimm8');

/** dst = src (all 128 bits); nothing when they are the same register. */
export function moveXmm(asm: Assembler, dst: Xmm, src: Xmm): void {
  if (dst !== src) asm.sseRR(SSE.move, dst, src);
}

/** xmm15 = the float whose bit pattern is `bits` (through r11); clobbers r11. */
export function loadFloatConstant(asm: Assembler, w: FloatWidth, bits: bigint): Xmm {
  if (bits === 0n) {
    asm.sseRR(SSE.xor[32], SCRATCH_XMM, SCRATCH_XMM);
    return SCRATCH_XMM;
  }
  asm.movRI(w, SCRATCH_GPR, w === 32 ? Number(bits) : bits);
  asm.sseRR(SSE.fromGpr[w], SCRATCH_XMM, SCRATCH_GPR);
  return SCRATCH_XMM;
}

/** Bit patterns of the constants the sequences use. */
export const BITS = {
  signMask: { 32: 0x80000000n, 64: 0x8000000000000000n },
  /** 2^63 as f32 and as f64. */
  two63: { 32: 0x5f000000n, 64: 0x43e0000000000000n },
} as const;

/** Jumps to target when src's sign bit is set (Cond.S) or clear (Cond.NS). Clobbers r11. */
export function jumpOnSign(asm: Assembler, fw: FloatWidth, src: Xmm, cond: typeof Cond.S | typeof Cond.NS, target: Label): void {
  asm.sseRR(SSE.toGpr[fw], SCRATCH_GPR, src);
  asm.testRR(fw, SCRATCH_GPR, SCRATCH_GPR);
  asm.jcc(cond, target);
}
