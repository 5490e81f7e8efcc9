// Builders of test cases: an emitter, its operator, and the register
// assignments it is tried with — low registers, high ones (REX bits:
// r8-r10, xmm8-xmm14) and, where the contract allows it, dst aliasing an
// operand. Test-only.

import type { Assembler } from '../../../../src/compiler/x64/assembler.js';
import { RAX, RCX, RDI, RDX, RSI, R8, R9, R10, type Gpr, type Xmm } from '../../../../src/compiler/x64/registers.js';
import type { TrapLabel } from '../../../../src/compiler/baseline/numeric/index.js';
import type { DiffCase } from './differential.js';
import type { Kind } from './v8-oracle.js';

/** Where the result goes and where each operand is loaded (equal registers alias). */
export interface Shape { readonly dst: number; readonly ops: readonly number[] }

/** dst = dst op src: the first operand is loaded into dst. */
export const FLOAT_BINARY: readonly Shape[] = [{ dst: 0, ops: [0, 1] }, { dst: 9, ops: [9, 14] }, { dst: 3, ops: [3, 3] }];
export const FLOAT_UNARY: readonly Shape[] = [{ dst: 0, ops: [1] }, { dst: 8, ops: [13] }, { dst: 2, ops: [2] }];
export const INT_UNARY: readonly Shape[] = [{ dst: RAX, ops: [RSI] }, { dst: R10, ops: [R9] }, { dst: RDI, ops: [RDI] }];
export const INT_COMPARE: readonly Shape[] = [{ dst: RAX, ops: [RSI, RDI] }, { dst: R9, ops: [R9, R10] }, { dst: RDX, ops: [R8, RDX] }];
/** Rotates by cl: the value is rotated in place. */
export const INT_ROTATE: readonly Shape[] = [{ dst: RAX, ops: [RAX, RCX] }, { dst: R10, ops: [R10, RCX] }];
/** GPR dst, xmm operands. */
export const FLOAT_COMPARE: readonly Shape[] = [{ dst: RAX, ops: [0, 1] }, { dst: R10, ops: [9, 14] }, { dst: RSI, ops: [4, 4] }];
export const FLOAT_TO_INT: readonly Shape[] = [{ dst: RAX, ops: [0] }, { dst: R10, ops: [12] }];
export const INT_TO_FLOAT: readonly Shape[] = [{ dst: 0, ops: [RAX] }, { dst: 13, ops: [R9] }];

export interface Options {
  readonly anyNaN?: boolean;
  readonly clobbers?: readonly number[];
  readonly fixed?: readonly (bigint | undefined)[];
}

const isFloat = (k: Kind) => k === 'f32' || k === 'f64';
const regName = (k: Kind, r: number) => (isFloat(k) ? `xmm${r}` : `r${r}`);

export type Emit = (asm: Assembler, dst: number, ops: readonly number[], trap: TrapLabel) => void;

/** One case per shape. */
export function cases(op: string, params: readonly Kind[], result: Kind, shapes: readonly Shape[], emit: Emit, opts: Options = {}): DiffCase[] {
  return shapes.map(({ dst, ops }) => ({
    op, params, result,
    label: `${op} [${regName(result, dst)} <- ${ops.map((r, i) => regName(params[i]!, r)).join(', ')}]`,
    regs: ops, out: dst, anyNaN: opts.anyNaN, clobbers: opts.clobbers, fixed: opts.fixed,
    emit: (asm, trap) => emit(asm, dst, ops, trap),
  }));
}

export const gpr = (n: number): Gpr => n as Gpr;
export const xmm = (n: number): Xmm => n as Xmm;
