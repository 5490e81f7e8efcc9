// Control and call operators: structured control flow, branches, returns,
// direct, imported and indirect calls, drop and select.
//
// Calls follow the internal convention in src/compiler/compiled-module.ts.
// Imports and call_indirect may enter another instance: the callee's vmctx and
// memory base replace r15/r14 for the call and are restored after it.

import { Alu, Shift } from '../../x64/assembler.js';
import { Cond, RAX, RDI, R10, R11, R14, R15 } from '../../x64/registers.js';
import { NO_INDEX } from '../../x64/operands.js';
import { VMCTX, helperOffset } from '../../../abi/vmctx.js';
import { TrapCodeId } from '../../../abi/trap-codes.js';
import { FUNC_RECORD, IMPORT_ENTRY, IMPORT_ENTRY_SIZE, TABLE_RECORD } from '../../../abi/layout.js';
import { CTRL, type FunctionCompiler } from '../function-compiler.js';
import { define, type HandlerMap } from './registry.js';


export function registerControl(h: HandlerMap): void {
  define(h, 'nop', () => {});
  define(h, 'unreachable', (c) => {
    c.asm.jmp(c.trap('unreachable'));
    c.becomeDead();
  });
  define(h, 'block', (c) => c.enterBlock(CTRL.block));
  define(h, 'loop', (c) => c.enterBlock(CTRL.loop));
  define(h, 'if', (c) => c.enterBlock(CTRL.if));
  define(h, 'else', (c) => c.elseBranch());
  define(h, 'end', (c) => c.endBlock());
  define(h, 'br', (c) => c.br(c.r.u32()));
  define(h, 'br_if', (c) => c.brIf(c.r.u32()));
  define(h, 'br_table', (c) => c.brTable());
  define(h, 'return', (c) => { c.emitReturn(); c.becomeDead(); });
  define(h, 'drop', (c) => c.drop());
  define(h, 'select', select);
  define(h, 'select.typed', (c) => {
    const n = c.r.u32();
    for (let i = 0; i < n; i++) c.r.u8();
    select(c);
  });
  define(h, 'call', (c) => call(c, c.r.u32()));
  define(h, 'call_indirect', (c) => {
    const typeIndex = c.r.u32();
    const table = c.r.u32();
    callIndirect(c, typeIndex, table);
  });
}

/** select on an i32 condition from the stack: the comparison-fused form (FunctionCompiler.selectOn) on `test cond, cond`. */
function select(c: FunctionCompiler): void {
  c.selectOnStackCondition();
}

function call(c: FunctionCompiler, f: number): void {
  const m = c.env.module;
  const type = m.types[m.funcTypes[f]!]!;
  const shape = c.env.shapes[m.funcTypes[f]!]!;
  c.placeArgs(shape);
  const asm = c.asm;
  if (f < m.numImportedFuncs) {
    // { code, vmctx } from the import table; the callee may be another instance.
    c.saveInstance();
    asm.movRM(64, RAX, R15, NO_INDEX, 1, VMCTX.imports);
    asm.movRM(64, R11, RAX, NO_INDEX, 1, f * IMPORT_ENTRY_SIZE + IMPORT_ENTRY.code);
    asm.movRM(64, R15, RAX, NO_INDEX, 1, f * IMPORT_ENTRY_SIZE + IMPORT_ENTRY.vmctx);
    asm.movRM(64, R14, R15, NO_INDEX, 1, VMCTX.memory_base);
    asm.callR(R11);
    c.callSite();
    c.restoreInstance();
  } else {
    asm.callSymbol(f); // rel32 patched when the image is laid out
    c.callSite();
  }
  c.pushCallResults(type);
}

function callIndirect(c: FunctionCompiler, typeIndex: number, table: number): void {
  const type = c.env.module.types[typeIndex]!;
  const shape = c.env.shapes[typeIndex]!;
  const index = c.popGprInto(R10);
  c.placeArgs(shape);
  const asm = c.asm;
  // r11 = table record; bounds check; rax = func record; null and signature checks.
  asm.movRM(64, R11, R15, NO_INDEX, 1, VMCTX.tables);
  asm.movRM(64, R11, R11, NO_INDEX, 1, 8 * table);
  asm.aluRM(7 /* cmp */, 32, index, R11, NO_INDEX, 1, TABLE_RECORD.size);
  asm.jcc(Cond.AE, c.trap('indirect_call_out_of_bounds'));
  asm.movRM(64, R11, R11, NO_INDEX, 1, TABLE_RECORD.elements);
  asm.movRM(64, RAX, R11, index, 8, 0);
  c.freeGpr(index);
  asm.testRR(64, RAX, RAX);
  // The null stub passes the element index in rdi's upper half (vmctx.trap_detail),
  // so the message can name it ("uninitialized element 2").
  const isNull = asm.newLabel();
  asm.jcc(Cond.E, isNull);
  const wasm = c.instrStart;
  c.outOfLine(() => {
    asm.bind(isNull);
    asm.movRR(32, RDI, R10);
    asm.shiftRI(Shift.Shl, 64, RDI, 32);
    asm.aluRI(Alu.Or, 64, RDI, TrapCodeId.indirect_call_null);
    asm.callM(R15, NO_INDEX, 1, helperOffset('trap'));
    c.sink.addSource(asm.offset, wasm);
  });
  asm.movRM(64, R11, R15, NO_INDEX, 1, VMCTX.sig_ids);
  asm.movRM(32, R11, R11, NO_INDEX, 1, 4 * typeIndex);
  asm.aluRM(7 /* cmp */, 32, R11, RAX, NO_INDEX, 1, FUNC_RECORD.sigId);
  asm.jcc(Cond.NE, c.trap('indirect_call_signature'));
  c.saveInstance();
  asm.movRM(64, R15, RAX, NO_INDEX, 1, FUNC_RECORD.vmctx);
  asm.movRM(64, R14, R15, NO_INDEX, 1, VMCTX.memory_base);
  asm.callM(RAX, NO_INDEX, 1, FUNC_RECORD.code);
  c.callSite();
  c.restoreInstance();
  c.pushCallResults(type);
}
