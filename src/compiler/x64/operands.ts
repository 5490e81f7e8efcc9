// Operand values for the table-driven (generic) assembler entry point.
//
// An operand is a plain number (a register number, an immediate or a relative
// displacement — the form's operand kind says which), a bigint (a 64-bit
// immediate), or a Mem (a memory operand). Mem is immutable, so callers can
// build the ones they reuse (e.g. "[vmctx + 16]") once; the hot-path methods of
// Assembler take base/index/scale/disp as separate numbers and allocate nothing.
//
// A memory operand is [base + index*scale + disp]:
//   base  a Gpr, NO_BASE (then an index is required and disp is 32-bit), or RIP
//         (then no index; disp is relative to the end of the instruction, or a
//         label's address when `label` is set — the fixup fills disp in);
//   index a Gpr other than rsp (4), or NO_INDEX;
//   scale 1, 2, 4 or 8; disp a signed 32-bit integer.
// Absolute addresses ([disp32] with neither base nor index) are not expressible:
// generated code is position independent.
//
// Must not import: anything outside src/compiler/x64.

import { RSP, type Gpr } from './registers.js';
import { InternalError, invariant } from '../errors.js';

export const NO_BASE = -1;
export const NO_INDEX = -1;
/** Pseudo base register for RIP-relative addressing. */
export const RIP = 16;

export type Scale = 1 | 2 | 4 | 8;

/** A label id from CodeBuffer.newLabel(); -1 means "no label". */
export type Label = number;

export class Mem {
  readonly base: number;
  readonly index: number;
  readonly scale: Scale;
  readonly disp: number;
  /** For RIP-relative operands only: the label whose address disp must reach. */
  readonly label: Label;

  constructor(base: number, index: number, scale: Scale, disp: number, label: Label = -1) {
    checkMem(base, index, scale, disp);
    invariant(label < 0 || base === RIP, 'a label operand must be RIP-relative');
    this.base = base;
    this.index = index;
    this.scale = scale;
    this.disp = disp;
    this.label = label;
  }
}

/** Rejects memory operands the hardware cannot express; shared with the fast paths' tests. */
export function checkMem(base: number, index: number, scale: Scale, disp: number): void {
  if (!(base === NO_BASE || base === RIP || (base >= 0 && base <= 15))) throw new InternalError(`bad base register ${base}`);
  if (!(index === NO_INDEX || (index >= 0 && index <= 15 && index !== RSP))) throw new InternalError(`bad index register ${index}`);
  if (!(scale === 1 || scale === 2 || scale === 4 || scale === 8)) throw new InternalError(`bad scale ${scale}`);
  if (!(Number.isInteger(disp) && disp >= -0x80000000 && disp <= 0x7fffffff)) throw new InternalError(`displacement out of range: ${disp}`);
  invariant(base !== RIP || index === NO_INDEX, 'RIP-relative operands take no index');
  invariant(base !== NO_BASE || index !== NO_INDEX, 'absolute addresses are not position independent');
}

/** [base + disp] */
export function mem(base: Gpr, disp = 0): Mem {
  return new Mem(base, NO_INDEX, 1, disp);
}
/** [base + index*scale + disp] */
export function memIndex(base: Gpr, index: Gpr, scale: Scale, disp = 0): Mem {
  return new Mem(base, index, scale, disp);
}
/** [index*scale + disp32], no base register. */
export function memNoBase(index: Gpr, scale: Scale, disp = 0): Mem {
  return new Mem(NO_BASE, index, scale, disp);
}
/** [rip + disp]: disp counts from the end of the instruction. */
export function ripRel(disp: number): Mem {
  return new Mem(RIP, NO_INDEX, 1, disp);
}
/** [rip + label]: resolved by the code buffer when the label is bound. */
export function ripLabel(label: Label): Mem {
  return new Mem(RIP, NO_INDEX, 1, 0, label);
}

export type Operand = number | bigint | Mem;
