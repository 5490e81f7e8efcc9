// Saturating float → integer truncation: i32/i64.trunc_sat_f32/f64_s/u.
// NaN → 0, below the range → the minimum, above → the maximum; never traps.
//
// The same fast paths as truncate.ts (one conversion, one test); the slow
// paths choose the saturated value instead of a trap. Signed: the INT_MIN of
// the conversion is already right for negative inputs; positive ones get
// `not` (INT_MIN → INT_MAX). Unsigned: NaN and negative → 0, else all ones.
//
// dst = trunc_sat(src); src kept. Clobbers r11 and xmm15. i32 results have
// the upper 32 bits zero.
// Must not import: anything outside src/compiler and src/abi.

import { Shift, Unary, type Assembler } from '../../x64/assembler.js';
import { Cond, type Gpr, type Xmm } from '../../x64/registers.js';
import { BITS, BTS64, SCRATCH_GPR, SSE, jumpOnSign, loadFloatConstant, type FloatWidth, type IntWidth } from './common.js';

function truncSatS(asm: Assembler, fw: FloatWidth, iw: IntWidth, dst: Gpr, src: Xmm): void {
  const nan = asm.newLabel();
  const done = asm.newLabel();
  asm.sseRR(iw === 32 ? SSE.toInt32[fw] : SSE.toInt64[fw], dst, src);
  asm.cmpRI(iw, dst, 1);
  asm.jccShort(Cond.NO, done);
  asm.sseRR(SSE.ucomi[fw], src, src);
  asm.jccShort(Cond.P, nan);
  jumpOnSign(asm, fw, src, Cond.S, done);
  asm.unaryR(Unary.Not, iw, dst);
  asm.jmpShort(done);
  asm.bind(nan);
  asm.xorRR(32, dst, dst);
  asm.bind(done);
}

function truncSatU32(asm: Assembler, fw: FloatWidth, dst: Gpr, src: Xmm): void {
  const done = asm.newLabel();
  asm.sseRR(SSE.toInt64[fw], dst, src);
  asm.movRR(64, SCRATCH_GPR, dst);
  asm.shiftRI(Shift.Shr, 64, SCRATCH_GPR, 32);
  asm.jccShort(Cond.E, done);
  asm.xorRR(32, dst, dst);
  const zero = loadFloatConstant(asm, fw, 0n);
  asm.sseRR(SSE.ucomi[fw], src, zero);
  asm.jccShort(Cond.BE, done); // NaN (CF=ZF=1) or negative: 0
  asm.movRI(32, dst, 0xffffffff);
  asm.bind(done);
}

function truncSatU64(asm: Assembler, fw: FloatWidth, dst: Gpr, src: Xmm): void {
  const big = asm.newLabel();
  const max = asm.newLabel();
  const done = asm.newLabel();
  const two63 = loadFloatConstant(asm, fw, BITS.two63[fw]);
  asm.sseRR(SSE.ucomi[fw], src, two63);
  asm.jccShort(Cond.AE, big);
  asm.sseRR(SSE.toInt64[fw], dst, src);
  asm.testRR(64, dst, dst);
  asm.jccShort(Cond.NS, done);
  asm.xorRR(32, dst, dst); // NaN or ≤ -1
  asm.jmpShort(done);
  asm.bind(big);
  asm.sseRR(SSE.sub[fw], two63, src);
  asm.sseRR(SSE.toInt64[fw], dst, two63);
  asm.unaryR(Unary.Neg, 64, dst);
  asm.jccShort(Cond.O, max);
  asm.ri(BTS64, dst, 63);
  asm.jmpShort(done);
  asm.bind(max);
  asm.movRI(64, dst, -1);
  asm.bind(done);
}

export function emitI32TruncSatF32S(asm: Assembler, dst: Gpr, src: Xmm): void { truncSatS(asm, 32, 32, dst, src); }
export function emitI32TruncSatF64S(asm: Assembler, dst: Gpr, src: Xmm): void { truncSatS(asm, 64, 32, dst, src); }
export function emitI64TruncSatF32S(asm: Assembler, dst: Gpr, src: Xmm): void { truncSatS(asm, 32, 64, dst, src); }
export function emitI64TruncSatF64S(asm: Assembler, dst: Gpr, src: Xmm): void { truncSatS(asm, 64, 64, dst, src); }
export function emitI32TruncSatF32U(asm: Assembler, dst: Gpr, src: Xmm): void { truncSatU32(asm, 32, dst, src); }
export function emitI32TruncSatF64U(asm: Assembler, dst: Gpr, src: Xmm): void { truncSatU32(asm, 64, dst, src); }
export function emitI64TruncSatF32U(asm: Assembler, dst: Gpr, src: Xmm): void { truncSatU64(asm, 32, dst, src); }
export function emitI64TruncSatF64U(asm: Assembler, dst: Gpr, src: Xmm): void { truncSatU64(asm, 64, dst, src); }
