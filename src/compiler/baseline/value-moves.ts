// Moving one wasm value of a given type between a register and memory: the
// one place that picks mov / movss / movsd by type. Used by the thunks, the
// local caches and the value stack.
//
// Invariant: i32 loads are 32-bit (the register's upper half becomes zero);
// integer and reference stores are 64-bit (an i32's upper half is already
// zero); f32 moves touch 4 bytes, f64 8.

import type { Assembler } from '../x64/assembler.js';
import { form } from '../x64/table.js';
import { NO_INDEX } from '../x64/operands.js';
import type { Gpr, Xmm } from '../x64/registers.js';

const MOVSS_RM = form('movss xmm, xmm/m32');
const MOVSS_MR = form('movss xmm/m32, xmm');
const MOVSD_RM = form('movsd xmm, xmm/m64');
const MOVSD_MR = form('movsd xmm/m64, xmm');

/** reg (a Gpr, or an Xmm for f32/f64) = the value of type t at [base + disp]. */
export function loadValue(asm: Assembler, t: number, reg: number, base: number, disp: number): void {
  if (t === 0x7d) asm.sseRM(MOVSS_RM, reg as Xmm, base, NO_INDEX, 1, disp);
  else if (t === 0x7c) asm.sseRM(MOVSD_RM, reg as Xmm, base, NO_INDEX, 1, disp);
  else asm.movRM(t === 0x7f ? 32 : 64, reg as Gpr, base, NO_INDEX, 1, disp);
}

/** [base + disp] = the value of type t in reg. */
export function storeValue(asm: Assembler, t: number, reg: number, base: number, disp: number): void {
  if (t === 0x7d) asm.sseRM(MOVSS_MR, reg as Xmm, base, NO_INDEX, 1, disp);
  else if (t === 0x7c) asm.sseRM(MOVSD_MR, reg as Xmm, base, NO_INDEX, 1, disp);
  else asm.movMR(64, base, NO_INDEX, 1, disp, reg as Gpr);
}
