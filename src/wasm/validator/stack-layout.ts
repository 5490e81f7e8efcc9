// The layout of a function validator's stacks, shared by the full algorithm
// (function.ts) and the fast loop (fast-loop.ts): value-type codes, control
// frame kinds, and the fields through which the fast loop reads and advances
// the validator's state.
//
// Invariants: a value type on the operand stack is its binary code; 0 is the
// spec's Unknown. The control stack is four parallel typed arrays indexed by
// frame (0 is the function's own frame); `ctrlHeight[f]` is the operand
// height at the frame's entry. Int32 arrays, not Uint32 ones: V8 keeps the
// values it reads as machine integers (a Uint32 read may be a double, which
// turned the whole loop's stack pointer into one). Imported by function.ts and
// fast-loop.ts only.

import type { Reader } from '../reader.js';
import type { ModuleContext } from './context.js';

export const Unknown = 0;
export const I32 = 0x7f, I64 = 0x7e, F32 = 0x7d, F64 = 0x7c, V128 = 0x7b, FUNCREF = 0x70, EXTERNREF = 0x6f;

export const enum Kind { Block, Loop, If, Else, Func }

/** What the fast loop reads and advances; FunctionValidator is the only implementation. */
export interface StackState {
  readonly c: ModuleContext;
  /** Its `pos` is the next instruction, its `end` the body's end. */
  readonly r: Reader;
  readonly vals: Uint8Array;
  sp: number;
  readonly ctrlKind: Uint8Array;
  readonly ctrlType: Int32Array;
  readonly ctrlHeight: Int32Array;
  readonly ctrlUnreachable: Uint8Array;
  csp: number;
  /** Types of locals 0 .. denseLocals - 1. */
  readonly locals: Uint8Array;
  readonly denseLocals: number;
}

export function isValTypeByte(b: number): boolean {
  return b === I32 || b === I64 || b === F32 || b === F64 || b === V128 || b === FUNCREF || b === EXTERNREF;
}
