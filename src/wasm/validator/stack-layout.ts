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

/**
 * Value types as the stacks hold them: binary codes, Unknown 0. A const enum
 * so the compiled code has literal numbers (an imported const is a load from
 * a module cell and an untagging in V8's optimized code, on every use).
 */
export const enum Val {
  Unknown = 0, I32 = 0x7f, I64 = 0x7e, F32 = 0x7d, F64 = 0x7c, V128 = 0x7b, FuncRef = 0x70, ExternRef = 0x6f,
}

/** The s33 block type of an empty block (0x40 read as a signed LEB), as ctrlType holds it. */
export const enum BlockType { Empty = -64 }

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
  return b === Val.I32 || b === Val.I64 || b === Val.F32 || b === Val.F64 || b === Val.V128
    || b === Val.FuncRef || b === Val.ExternRef;
}
