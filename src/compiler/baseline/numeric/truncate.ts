// Trapping float → integer truncation: i32/i64.trunc_f32/f64_s/u.
//
// cvttss2si/cvttsd2si return INT_MIN ("integer indefinite") for NaN and for
// anything out of range, so the fast path is one conversion and one test;
// the slow path decides between a genuine result and the two traps: NaN →
// invalid_conversion_to_integer, out of range → integer_overflow.
//
// Signed (result INT_MIN seen, detected by `cmp dst, 1` overflowing):
//   NaN?                          → invalid
//   src below the lowest float that truncates into range → overflow
//   src positive (a huge value)   → overflow; else the INT_MIN is genuine
// Unsigned to i32: convert to 64 bits (exact for every in-range input); the
//   result is valid iff its upper half is zero.
// Unsigned to i64: inputs ≥ 2^63 are converted as -(2^63 - src) (exact: both
//   lie in [2^63, 2^64) where 2^63 - src is representable), negated, and bit
//   63 set; a negated INT_MIN (src ≥ 2^64) overflows.
//
// dst = trunc(src); src kept. Clobbers r11 and xmm15. i32 results have the
// upper 32 bits zero. The traps are jumps to trap(code)'s stubs.
// Must not import: anything outside src/compiler and src/abi.

import { Shift, Unary, type Assembler } from '../../x64/assembler.js';
import { Cond, type Gpr, type Xmm } from '../../x64/registers.js';
import { BITS, BTS64, SCRATCH_GPR, SSE, jumpOnSign, loadFloatConstant, type FloatWidth, type IntWidth, type TrapLabel } from './common.js';

/** -2^31 - 1 as f64: the f64 → i32 lower bound is exclusive (it is not an f32). */
const F64_BELOW_I32_MIN = 0xc1e0000000200000n;
/** -2^(iw-1) as a float of width fw: the inclusive lower bound otherwise. */
function intMinAsFloat(fw: FloatWidth, iw: IntWidth): bigint {
  if (fw === 32) return iw === 32 ? 0xcf000000n : 0xdf000000n;
  return iw === 32 ? 0xc1e0000000000000n : 0xc3e0000000000000n;
}

function truncS(asm: Assembler, fw: FloatWidth, iw: IntWidth, dst: Gpr, src: Xmm, trap: TrapLabel): void {
  const done = asm.newLabel();
  asm.sseRR(iw === 32 ? SSE.toInt32[fw] : SSE.toInt64[fw], dst, src);
  asm.cmpRI(iw, dst, 1);
  asm.jccShort(Cond.NO, done);
  asm.sseRR(SSE.ucomi[fw], src, src);
  asm.jcc(Cond.P, trap('invalid_conversion_to_integer'));
  const exclusive = fw === 64 && iw === 32;
  const bound = loadFloatConstant(asm, fw, exclusive ? F64_BELOW_I32_MIN : intMinAsFloat(fw, iw));
  asm.sseRR(SSE.ucomi[fw], src, bound);
  asm.jcc(exclusive ? Cond.BE : Cond.B, trap('integer_overflow'));
  jumpOnSign(asm, fw, src, Cond.NS, trap('integer_overflow'));
  asm.bind(done);
}

function truncU32(asm: Assembler, fw: FloatWidth, dst: Gpr, src: Xmm, trap: TrapLabel): void {
  const done = asm.newLabel();
  asm.sseRR(SSE.toInt64[fw], dst, src);
  asm.movRR(64, SCRATCH_GPR, dst);
  asm.shiftRI(Shift.Shr, 64, SCRATCH_GPR, 32);
  asm.jccShort(Cond.E, done);
  asm.sseRR(SSE.ucomi[fw], src, src);
  asm.jcc(Cond.P, trap('invalid_conversion_to_integer'));
  asm.jmp(trap('integer_overflow'));
  asm.bind(done);
}

function truncU64(asm: Assembler, fw: FloatWidth, dst: Gpr, src: Xmm, trap: TrapLabel): void {
  const big = asm.newLabel();
  const done = asm.newLabel();
  const two63 = loadFloatConstant(asm, fw, BITS.two63[fw]);
  asm.sseRR(SSE.ucomi[fw], src, two63);
  asm.jccShort(Cond.AE, big);
  asm.sseRR(SSE.toInt64[fw], dst, src);
  asm.testRR(64, dst, dst);
  asm.jccShort(Cond.NS, done);
  asm.sseRR(SSE.ucomi[fw], src, src);
  asm.jcc(Cond.P, trap('invalid_conversion_to_integer'));
  asm.jmp(trap('integer_overflow'));
  asm.bind(big);
  asm.sseRR(SSE.sub[fw], two63, src);
  asm.sseRR(SSE.toInt64[fw], dst, two63);
  asm.unaryR(Unary.Neg, 64, dst);
  asm.jcc(Cond.O, trap('integer_overflow'));
  asm.ri(BTS64, dst, 63);
  asm.bind(done);
}

export function emitI32TruncF32S(asm: Assembler, dst: Gpr, src: Xmm, trap: TrapLabel): void { truncS(asm, 32, 32, dst, src, trap); }
export function emitI32TruncF64S(asm: Assembler, dst: Gpr, src: Xmm, trap: TrapLabel): void { truncS(asm, 64, 32, dst, src, trap); }
export function emitI64TruncF32S(asm: Assembler, dst: Gpr, src: Xmm, trap: TrapLabel): void { truncS(asm, 32, 64, dst, src, trap); }
export function emitI64TruncF64S(asm: Assembler, dst: Gpr, src: Xmm, trap: TrapLabel): void { truncS(asm, 64, 64, dst, src, trap); }
export function emitI32TruncF32U(asm: Assembler, dst: Gpr, src: Xmm, trap: TrapLabel): void { truncU32(asm, 32, dst, src, trap); }
export function emitI32TruncF64U(asm: Assembler, dst: Gpr, src: Xmm, trap: TrapLabel): void { truncU32(asm, 64, dst, src, trap); }
export function emitI64TruncF32U(asm: Assembler, dst: Gpr, src: Xmm, trap: TrapLabel): void { truncU64(asm, 32, dst, src, trap); }
export function emitI64TruncF64U(asm: Assembler, dst: Gpr, src: Xmm, trap: TrapLabel): void { truncU64(asm, 64, dst, src, trap); }
