// Hand-written function bodies shared by the runtime tests (see hand.ts):
// memory access with explicit bounds checks (valid in both memory modes),
// memory.size/grow through memory_def and the native helper, a raw guarded
// load that relies on the guard region, and global access. Test-only.

import { GLOBAL_SLOT, TABLE_RECORD } from '../../src/abi/layout.js';
import { VMCTX, helperOffset } from '../../src/abi/vmctx.js';
import { Shift } from '../../src/compiler/x64/assembler.js';
import { NO_INDEX } from '../../src/compiler/x64/operands.js';
import { Cond, R15, R14, RAX, RCX, RDI, RDX, RSI } from '../../src/compiler/x64/registers.js';
import type { Emitter } from './hand.js';

/** load(i: i32) -> i32, bounds-checked against the owner's live memory_size. */
export const load32: Emitter = (t) => {
  const a = t.a, oob = a.newLabel();
  t.enter();
  a.movRR(32, RAX, RDI); // zero-extends the index
  a.movRM(64, RCX, R15, NO_INDEX, 1, VMCTX.memory_def);
  a.movRM(64, RDX, RCX, NO_INDEX, 1, VMCTX.memory_size);
  a.leaRM(64, RSI, RAX, NO_INDEX, 1, 4);
  a.cmpRR(64, RSI, RDX);
  a.jcc(Cond.A, oob);
  a.movRM(64, RCX, R15, NO_INDEX, 1, VMCTX.memory_base);
  a.movRM(32, RAX, RCX, RAX, 1, 0);
  t.leave();
  a.bind(oob);
  t.trap('memory_out_of_bounds');
  a.int3();
};

/** store(i: i32, v: i32), bounds-checked. */
export const store32: Emitter = (t) => {
  const a = t.a, oob = a.newLabel();
  t.enter();
  a.movRR(32, RAX, RDI);
  a.movRM(64, RCX, R15, NO_INDEX, 1, VMCTX.memory_def);
  a.movRM(64, RDX, RCX, NO_INDEX, 1, VMCTX.memory_size);
  a.leaRM(64, RDI, RAX, NO_INDEX, 1, 4);
  a.cmpRR(64, RDI, RDX);
  a.jcc(Cond.A, oob);
  a.movRM(64, RCX, R15, NO_INDEX, 1, VMCTX.memory_base);
  a.movMR(32, RCX, RAX, 1, 0, RSI);
  t.leave();
  a.bind(oob);
  t.trap('memory_out_of_bounds');
  a.int3();
};

/** Guarded mode only: load(i) through r14 with no check; the guard region faults. */
export const rawLoad32: Emitter = (t) => {
  const a = t.a;
  t.enter();
  a.movRR(32, RAX, RDI);
  t.faultsAs('memory_out_of_bounds');
  a.movRM(32, RAX, R14, RAX, 1, 0);
  t.leave();
};

/** size() -> i32 in pages. */
export const memSize: Emitter = (t) => {
  const a = t.a;
  t.enter();
  a.movRM(64, RAX, R15, NO_INDEX, 1, VMCTX.memory_def);
  a.movRM(64, RAX, RAX, NO_INDEX, 1, VMCTX.memory_size);
  a.shiftRI(Shift.Shr, 64, RAX, 16);
  t.leave();
};

/** grow(delta) -> i32: the memory_grow helper with the owner's vmctx. */
export const memGrow: Emitter = (t) => {
  const a = t.a;
  t.enter();
  a.movRR(32, RSI, RDI);
  a.movRM(64, RDI, R15, NO_INDEX, 1, VMCTX.memory_def);
  a.callM(R15, NO_INDEX, 1, helperOffset('memory_grow'));
  t.leave();
};

/** get() -> value of global g (64-bit load; imported globals through their cell pointer). */
export function globalGet(g: number, imported: boolean): Emitter {
  return (t) => {
    const a = t.a;
    t.enter();
    a.movRM(64, RAX, R15, NO_INDEX, 1, VMCTX.globals);
    if (imported) a.movRM(64, RAX, RAX, NO_INDEX, 1, GLOBAL_SLOT * g);
    a.movRM(64, RAX, RAX, NO_INDEX, 1, imported ? 0 : GLOBAL_SLOT * g);
    t.leave();
  };
}

/** set(v) for a 32-bit global g (stores only the low 4 bytes, as compiled code may). */
export function globalSet32(g: number, imported: boolean): Emitter {
  return (t) => {
    const a = t.a;
    t.enter();
    a.movRM(64, RAX, R15, NO_INDEX, 1, VMCTX.globals);
    if (imported) a.movRM(64, RAX, RAX, NO_INDEX, 1, GLOBAL_SLOT * g);
    a.movMR(32, RAX, NO_INDEX, 1, imported ? 0 : GLOBAL_SLOT * g, RDI);
    t.leave();
  };
}

/** size() -> i32 of table `tab`, from its TableRecord. */
export function tableSize(tab: number): Emitter {
  return (t) => {
    const a = t.a;
    t.enter();
    a.movRM(64, RAX, R15, NO_INDEX, 1, VMCTX.tables);
    a.movRM(64, RAX, RAX, NO_INDEX, 1, 8 * tab);
    a.movRM(64, RAX, RAX, NO_INDEX, 1, TABLE_RECORD.size);
    t.leave();
  };
}
