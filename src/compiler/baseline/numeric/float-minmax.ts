// f32/f64 min and max with WebAssembly's rules, which minss/maxss alone break:
// a NaN operand must give NaN (minss returns its second operand whenever
// either is NaN), and min(-0, +0) = -0, max(-0, +0) = +0 (minss returns the
// second operand when they compare equal).
//
//   ucomis dst, src
//   jp   .nan        unordered: some operand is NaN
//   jne  .differ     ordered and different: the instruction is exact
//   or/and dst, src  equal: only ±0 differ in bits; OR keeps -0 (min), AND keeps +0 (max)
//   jmp  .done
// .nan: add dst, src produces a (quiet) NaN from the NaN operand
//   jmp  .done
// .differ: min/max dst, src
// .done:
//
// dst = min/max(dst, src); src kept (may equal dst). No scratch register.
// Must not import: anything outside src/compiler and src/abi.

import type { Assembler } from '../../x64/assembler.js';
import { Cond, type Xmm } from '../../x64/registers.js';
import { SSE, type FloatWidth } from './common.js';

function minMax(asm: Assembler, w: FloatWidth, isMin: boolean, dst: Xmm, src: Xmm): void {
  const nan = asm.newLabel();
  const differ = asm.newLabel();
  const done = asm.newLabel();
  asm.sseRR(SSE.ucomi[w], dst, src);
  asm.jccShort(Cond.P, nan);
  asm.jccShort(Cond.NE, differ);
  asm.sseRR(isMin ? SSE.or[w] : SSE.and[w], dst, src);
  asm.jmpShort(done);
  asm.bind(nan);
  asm.sseRR(SSE.add[w], dst, src);
  asm.jmpShort(done);
  asm.bind(differ);
  asm.sseRR(isMin ? SSE.min[w] : SSE.max[w], dst, src);
  asm.bind(done);
}

export function emitF32Min(asm: Assembler, dst: Xmm, src: Xmm): void { minMax(asm, 32, true, dst, src); }
export function emitF64Min(asm: Assembler, dst: Xmm, src: Xmm): void { minMax(asm, 64, true, dst, src); }
export function emitF32Max(asm: Assembler, dst: Xmm, src: Xmm): void { minMax(asm, 32, false, dst, src); }
export function emitF64Max(asm: Assembler, dst: Xmm, src: Xmm): void { minMax(asm, 64, false, dst, src); }
