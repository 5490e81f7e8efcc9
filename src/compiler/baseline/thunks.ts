// The two bridges between the host's raw 64-bit area slots and the internal
// calling convention (src/compiler/compiled-module.ts):
//   - entry thunks (one per type): arguments from r15's area to registers and
//     stack, `call rax`, results back to the area;
//   - host trampolines (one per imported function): a wasm-callable function
//     that moves its arguments to the area, calls the hostcall helper with the
//     import index, and returns the results the host left in the area.
// Both keep rsp ≡ 0 mod 16 at their calls. 32-bit values are read from the
// area with 32-bit loads, so the upper-half-zero invariant holds whatever the
// host left in a slot's upper half.

import type { Assembler } from '../x64/assembler.js';
import { RAX, RBP, RDI, RSP, R11, R15, type Gpr } from '../x64/registers.js';
import { NO_INDEX } from '../x64/operands.js';
import { AREA_SLOTS, areaOffset, helperOffset } from '../../abi/vmctx.js';
import type { FuncType } from '../../wasm/types.js';
import { callShape } from './call-abi.js';
import { loadValue, storeValue } from './value-moves.js';

/** Whether a type's values fit the area (host calls and entries beyond it are refused). */
export function fitsArea(type: FuncType): boolean {
  return type.params.length <= AREA_SLOTS && type.results.length <= AREA_SLOTS;
}

function copy64(asm: Assembler, fromBase: Gpr, fromDisp: number, toBase: Gpr, toDisp: number): void {
  asm.movRM(64, R11, fromBase, NO_INDEX, 1, fromDisp);
  asm.movMR(64, toBase, NO_INDEX, 1, toDisp, R11);
}

export function emitEntryThunk(asm: Assembler, type: FuncType): void {
  const shape = callShape(type);
  asm.push(RBP);
  asm.movRR(64, RBP, RSP);
  const frame = (8 * shape.outgoingSlots + 15) & ~15;
  if (frame > 0) asm.subRI(64, RSP, frame);
  shape.params.forEach((loc, k) => {
    if (loc.reg < 0) copy64(asm, R15, areaOffset(k), RSP, 8 * loc.slot);
    else loadValue(asm, type.params[k]!, loc.reg, R15, areaOffset(k));
  });
  asm.callR(RAX);
  shape.results.forEach((loc, k) => {
    if (loc.reg < 0) copy64(asm, RSP, 8 * loc.slot, R15, areaOffset(k));
    else storeValue(asm, type.results[k]!, loc.reg, R15, areaOffset(k));
  });
  asm.leave();
  asm.ret();
}

export function emitHostTrampoline(asm: Assembler, type: FuncType, importIndex: number): void {
  const shape = callShape(type);
  asm.push(RBP);
  asm.movRR(64, RBP, RSP);
  shape.params.forEach((loc, k) => {
    if (loc.reg < 0) copy64(asm, RBP, 16 + 8 * loc.slot, R15, areaOffset(k));
    else storeValue(asm, type.params[k]!, loc.reg, R15, areaOffset(k));
  });
  asm.movRI(32, RDI, importIndex);
  asm.callM(R15, NO_INDEX, 1, helperOffset('hostcall'));
  shape.results.forEach((loc, k) => {
    if (loc.reg < 0) copy64(asm, R15, areaOffset(k), RBP, 16 + 8 * loc.slot);
    else loadValue(asm, type.results[k]!, loc.reg, R15, areaOffset(k));
  });
  asm.pop(RBP);
  asm.ret();
}

