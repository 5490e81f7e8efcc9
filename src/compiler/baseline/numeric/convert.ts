// Conversions that never trap: integer → float (signed and unsigned, exact
// IEEE rounding), f32 ↔ f64, and the reinterpretations.
//
// u32 → float: zero-extend and convert as a signed 64-bit integer (exact).
// u64 → float: values below 2^63 convert as signed; larger ones are halved
//   with the lost low bit ORed back in (round-to-odd keeps it as a sticky bit,
//   so the one rounding of the halved value equals the correct rounding of the
//   whole), converted, and doubled (exact).
// Reinterpret moves bits unchanged (movd/movq), so NaN payloads survive.
// demote/promote of a NaN give a NaN (any NaN is allowed there).
//
// dst = convert(src); src kept. Clobbers r11 where a sequence needs it (the
// unsigned conversions). i32 results (i32.reinterpret_f32) have the upper 32
// bits zero (movd zero-extends).
// Must not import: anything outside src/compiler and src/abi.

import { Alu, Shift, type Assembler } from '../../x64/assembler.js';
import { Cond, type Gpr, type Xmm } from '../../x64/registers.js';
import { SCRATCH_GPR, SSE, type FloatWidth } from './common.js';

function fromU32(asm: Assembler, fw: FloatWidth, dst: Xmm, src: Gpr): void {
  asm.movRR(32, SCRATCH_GPR, src);
  asm.sseRR(SSE.fromInt64[fw], dst, SCRATCH_GPR);
}

function fromU64(asm: Assembler, fw: FloatWidth, dst: Xmm, src: Gpr): void {
  const big = asm.newLabel();
  const halved = asm.newLabel();
  const done = asm.newLabel();
  asm.testRR(64, src, src);
  asm.jccShort(Cond.S, big);
  asm.sseRR(SSE.fromInt64[fw], dst, src);
  asm.jmpShort(done);
  asm.bind(big);
  asm.movRR(64, SCRATCH_GPR, src);
  asm.shiftRI(Shift.Shr, 64, SCRATCH_GPR, 1); // CF = the bit shifted out
  asm.jccShort(Cond.AE, halved);
  asm.aluRI(Alu.Or, 64, SCRATCH_GPR, 1);
  asm.bind(halved);
  asm.sseRR(SSE.fromInt64[fw], dst, SCRATCH_GPR);
  asm.sseRR(SSE.add[fw], dst, dst);
  asm.bind(done);
}

export function emitF32ConvertI32S(asm: Assembler, dst: Xmm, src: Gpr): void { asm.sseRR(SSE.fromInt32[32], dst, src); }
export function emitF64ConvertI32S(asm: Assembler, dst: Xmm, src: Gpr): void { asm.sseRR(SSE.fromInt32[64], dst, src); }
export function emitF32ConvertI64S(asm: Assembler, dst: Xmm, src: Gpr): void { asm.sseRR(SSE.fromInt64[32], dst, src); }
export function emitF64ConvertI64S(asm: Assembler, dst: Xmm, src: Gpr): void { asm.sseRR(SSE.fromInt64[64], dst, src); }
/** Clobbers r11. */
export function emitF32ConvertI32U(asm: Assembler, dst: Xmm, src: Gpr): void { fromU32(asm, 32, dst, src); }
export function emitF64ConvertI32U(asm: Assembler, dst: Xmm, src: Gpr): void { fromU32(asm, 64, dst, src); }
/** Clobbers r11. */
export function emitF32ConvertI64U(asm: Assembler, dst: Xmm, src: Gpr): void { fromU64(asm, 32, dst, src); }
export function emitF64ConvertI64U(asm: Assembler, dst: Xmm, src: Gpr): void { fromU64(asm, 64, dst, src); }

export function emitF32DemoteF64(asm: Assembler, dst: Xmm, src: Xmm): void { asm.sseRR(SSE.demote, dst, src); }
export function emitF64PromoteF32(asm: Assembler, dst: Xmm, src: Xmm): void { asm.sseRR(SSE.promote, dst, src); }

export function emitI32ReinterpretF32(asm: Assembler, dst: Gpr, src: Xmm): void { asm.sseRR(SSE.toGpr[32], dst, src); }
export function emitI64ReinterpretF64(asm: Assembler, dst: Gpr, src: Xmm): void { asm.sseRR(SSE.toGpr[64], dst, src); }
export function emitF32ReinterpretI32(asm: Assembler, dst: Xmm, src: Gpr): void { asm.sseRR(SSE.fromGpr[32], dst, src); }
export function emitF64ReinterpretI64(asm: Assembler, dst: Xmm, src: Gpr): void { asm.sseRR(SSE.fromGpr[64], dst, src); }
