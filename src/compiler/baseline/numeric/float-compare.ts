// Float comparisons producing an i32 0/1 in a GPR, NaN-correct.
//
// ucomis sets ZF, PF and CF all to 1 when the operands are unordered (a NaN),
// so: gt = "above" (CF=0, ZF=0) and ge = "above or equal" (CF=0) are false on
// NaN by themselves, lt and le are gt and ge with the operands swapped, and eq
// / ne combine ZF with the parity flag through r11b (eq: ZF=1 and PF=0; ne:
// ZF=0 or PF=1). The result is an i32: upper 32 bits zero. dst is a GPR, so
// it never aliases the xmm operands; a and b are kept.
// Must not import: anything outside src/compiler and src/abi.

import { Alu, type Assembler } from '../../x64/assembler.js';
import { Cond, type Gpr, type Xmm } from '../../x64/registers.js';
import { SCRATCH_GPR, SSE, type FloatWidth } from './common.js';

export type FloatCompare = 'eq' | 'ne' | 'lt' | 'gt' | 'le' | 'ge';

/** dst = (a op b) ? 1 : 0. Clobbers r11 for eq/ne. */
export function emitFloatCompare(asm: Assembler, w: FloatWidth, op: FloatCompare, dst: Gpr, a: Xmm, b: Xmm): void {
  switch (op) {
    case 'eq':
    case 'ne': {
      asm.sseRR(SSE.ucomi[w], a, b);
      const isEq = op === 'eq';
      asm.setcc(isEq ? Cond.E : Cond.NE, dst);
      asm.setcc(isEq ? Cond.NP : Cond.P, SCRATCH_GPR);
      asm.aluRR(isEq ? Alu.And : Alu.Or, 8, dst, SCRATCH_GPR);
      break;
    }
    case 'gt': asm.sseRR(SSE.ucomi[w], a, b); asm.setcc(Cond.A, dst); break;
    case 'ge': asm.sseRR(SSE.ucomi[w], a, b); asm.setcc(Cond.AE, dst); break;
    case 'lt': asm.sseRR(SSE.ucomi[w], b, a); asm.setcc(Cond.A, dst); break;
    case 'le': asm.sseRR(SSE.ucomi[w], b, a); asm.setcc(Cond.AE, dst); break;
  }
  asm.movzxRR(32, 8, dst, dst);
}

export function emitF32Eq(asm: Assembler, dst: Gpr, a: Xmm, b: Xmm): void { emitFloatCompare(asm, 32, 'eq', dst, a, b); }
export function emitF32Ne(asm: Assembler, dst: Gpr, a: Xmm, b: Xmm): void { emitFloatCompare(asm, 32, 'ne', dst, a, b); }
export function emitF32Lt(asm: Assembler, dst: Gpr, a: Xmm, b: Xmm): void { emitFloatCompare(asm, 32, 'lt', dst, a, b); }
export function emitF32Gt(asm: Assembler, dst: Gpr, a: Xmm, b: Xmm): void { emitFloatCompare(asm, 32, 'gt', dst, a, b); }
export function emitF32Le(asm: Assembler, dst: Gpr, a: Xmm, b: Xmm): void { emitFloatCompare(asm, 32, 'le', dst, a, b); }
export function emitF32Ge(asm: Assembler, dst: Gpr, a: Xmm, b: Xmm): void { emitFloatCompare(asm, 32, 'ge', dst, a, b); }
export function emitF64Eq(asm: Assembler, dst: Gpr, a: Xmm, b: Xmm): void { emitFloatCompare(asm, 64, 'eq', dst, a, b); }
export function emitF64Ne(asm: Assembler, dst: Gpr, a: Xmm, b: Xmm): void { emitFloatCompare(asm, 64, 'ne', dst, a, b); }
export function emitF64Lt(asm: Assembler, dst: Gpr, a: Xmm, b: Xmm): void { emitFloatCompare(asm, 64, 'lt', dst, a, b); }
export function emitF64Gt(asm: Assembler, dst: Gpr, a: Xmm, b: Xmm): void { emitFloatCompare(asm, 64, 'gt', dst, a, b); }
export function emitF64Le(asm: Assembler, dst: Gpr, a: Xmm, b: Xmm): void { emitFloatCompare(asm, 64, 'le', dst, a, b); }
export function emitF64Ge(asm: Assembler, dst: Gpr, a: Xmm, b: Xmm): void { emitFloatCompare(asm, 64, 'ge', dst, a, b); }
