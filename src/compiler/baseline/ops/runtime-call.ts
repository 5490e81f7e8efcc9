// The one way compiled code makes a runtime call (src/abi/layout.ts): operands
// into r15's area, the hostcall helper with edi = RUNTIME_CALL_BASE + id, then
// area[0] is 0 or the trap code to raise, and area[1] the result if any.

import { Cond, RAX, RDI, R15, type Gpr } from '../../x64/registers.js';
import { NO_INDEX } from '../../x64/operands.js';
import { areaOffset, helperOffset } from '../../../abi/vmctx.js';
import { RUNTIME_CALL_BASE } from '../../../abi/layout.js';
import type { FunctionCompiler } from '../function-compiler.js';

/**
 * Calls runtime function `id` with `immediates` (indices from the instruction)
 * followed by the top `stackCount` entries as operands, in that order; pops
 * them and pushes an i32 result when `result` is set.
 */
export function runtimeCall(c: FunctionCompiler, id: number, immediates: readonly number[], stackCount: number, result: boolean): void {
  const asm = c.asm;
  c.spillRegs(c.n - stackCount);
  immediates.forEach((v, k) => asm.movMI(64, R15, NO_INDEX, 1, areaOffset(k), v));
  for (let j = 0; j < stackCount; j++) c.storeEntryTo(c.n - stackCount + j, R15, areaOffset(immediates.length + j));
  for (let j = 0; j < stackCount; j++) c.drop();
  asm.movRI(32, RDI, RUNTIME_CALL_BASE + id);
  c.callHelper('hostcall');
  asm.movRM(32, RAX, R15, NO_INDEX, 1, areaOffset(0));
  asm.testRR(32, RAX, RAX);
  const fail = asm.newLabel();
  asm.jcc(Cond.NE, fail);
  const wasm = c.instrStart;
  c.outOfLine(() => {
    asm.bind(fail);
    asm.movRR(32, RDI, RAX);
    asm.callM(R15, NO_INDEX, 1, helperOffset('trap'));
    c.sink.addSource(asm.offset, wasm);
  });
  if (result) {
    const r: Gpr = c.needGpr(RAX);
    asm.movRM(32, r, R15, NO_INDEX, 1, areaOffset(1));
    c.pushGpr(0x7f, r);
  }
}
