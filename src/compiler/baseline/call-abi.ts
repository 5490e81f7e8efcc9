// Where each parameter and result of a function type lives under the internal
// calling convention (src/compiler/compiled-module.ts): one function computes
// it, and the prologue, call sites, entry thunks and host trampolines all use
// it, so they cannot disagree.
//
// Imports only the x64 register names and the wasm types.

import type { FuncType, ValType } from '../../wasm/types.js';
import { RAX, RCX, RDI, RDX, RSI, R8, R9, type Gpr, type Xmm } from '../x64/registers.js';
import { Unsupported } from '../errors.js';

export const ARG_GPRS: readonly Gpr[] = [RDI, RSI, RDX, RCX, R8, R9];
export const ARG_XMM_COUNT = 8;

/** A value's home: a register (gpr or xmm by type) or an 8-byte stack slot index. */
export interface Location {
  readonly float: boolean;
  /** Register number (Gpr or Xmm by `float`), or -1 when on the stack. */
  readonly reg: number;
  /** Stack slot index (8 bytes each) when reg is -1. */
  readonly slot: number;
}

export interface CallShape {
  readonly params: readonly Location[];
  /** Result 0 in rax/xmm0; result k ≥ 1 in outgoing slot k - 1. */
  readonly results: readonly Location[];
  readonly stackArgSlots: number;
  /** Slots the caller's outgoing area needs for this call: max(stack args, results - 1). */
  readonly outgoingSlots: number;
  /** Bit r set: some parameter lives in GPR r (gprArgMask) or xmm r (xmmArgMask). */
  readonly gprArgMask: number;
  readonly xmmArgMask: number;
}

export function isFloat(t: ValType | number): boolean {
  return t === 0x7d || t === 0x7c;
}

export function checkSupportedType(t: ValType | number): void {
  if (t === 0x7b) throw new Unsupported('simd', 'v128 values are not supported by the baseline tier yet');
}

const shapes = new WeakMap<FuncType, CallShape>();

export function callShape(type: FuncType): CallShape {
  const cached = shapes.get(type);
  if (cached) return cached;
  let gi = 0;
  let xi = 0;
  let slot = 0;
  const params: Location[] = [];
  for (const t of type.params) {
    checkSupportedType(t);
    const float = isFloat(t);
    if (float && xi < ARG_XMM_COUNT) params.push({ float, reg: xi++, slot: -1 });
    else if (!float && gi < ARG_GPRS.length) params.push({ float, reg: ARG_GPRS[gi++]!, slot: -1 });
    else params.push({ float, reg: -1, slot: slot++ });
  }
  const results: Location[] = type.results.map((t, k) => {
    checkSupportedType(t);
    const float = isFloat(t);
    return k === 0 ? { float, reg: float ? 0 : RAX, slot: -1 } : { float, reg: -1, slot: k - 1 };
  });
  let gprArgMask = 0;
  let xmmArgMask = 0;
  for (const loc of params) {
    if (loc.reg < 0) continue;
    if (loc.float) xmmArgMask |= 1 << loc.reg; else gprArgMask |= 1 << loc.reg;
  }
  const shape: CallShape = {
    params, results, stackArgSlots: slot,
    outgoingSlots: Math.max(slot, type.results.length - 1),
    gprArgMask, xmmArgMask,
  };
  shapes.set(type, shape);
  return shape;
}

export function xmmOf(loc: Location): Xmm {
  return loc.reg as Xmm;
}
export function gprOf(loc: Location): Gpr {
  return loc.reg as Gpr;
}
