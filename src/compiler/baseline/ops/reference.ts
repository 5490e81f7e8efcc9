// Reference and table operators. References are 64-bit words (src/abi/layout.ts):
// a FuncRecord address or an externref handle, 0 for null. table.get/set/size
// are inline over the TableRecord; the rest are runtime calls.

import { Cond, R11, R15, type Gpr } from '../../x64/registers.js';
import { NO_INDEX } from '../../x64/operands.js';
import { VMCTX } from '../../../abi/vmctx.js';
import { RUNTIME_CALLS, TABLE_RECORD } from '../../../abi/layout.js';
import type { FunctionCompiler } from '../function-compiler.js';
import { setFlag } from './integer.js';
import { runtimeCall } from './runtime-call.js';
import { define, type HandlerMap } from './registry.js';

export function registerReference(h: HandlerMap): void {
  define(h, 'ref.null', (c) => c.pushConst64(c.r.u8(), 0n));
  define(h, 'ref.is_null', (c) => {
    const r = c.popGpr();
    c.asm.testRR(64, r, r);
    setFlag(c, Cond.E, r);
  });
  define(h, 'ref.func', (c) => {
    const f = c.r.u32();
    const r = c.allocGpr();
    c.asm.movRM(64, r, R15, NO_INDEX, 1, VMCTX.funcrefs);
    c.asm.movRM(64, r, r, NO_INDEX, 1, 8 * f);
    c.pushGpr(0x70, r);
  });
  define(h, 'table.get', (c) => {
    const t = c.r.u32();
    const index = c.popGpr();
    elementAddress(c, t, index);
    c.asm.movRM(64, index, R11, index, 8, 0);
    c.pushGpr(c.env.module.tables[t]!.elemType, index);
  });
  define(h, 'table.set', (c) => {
    const t = c.r.u32();
    const value = c.popGpr();
    const index = c.popGpr();
    elementAddress(c, t, index);
    c.asm.movMR(64, R11, index, 8, 0, value);
    c.freeGpr(value);
    c.freeGpr(index);
  });
  define(h, 'table.size', (c) => {
    const t = c.r.u32();
    const r = c.allocGpr();
    tableRecord(c, t, r);
    c.asm.movRM(32, r, r, NO_INDEX, 1, TABLE_RECORD.size);
    c.pushGpr(0x7f, r);
  });
  define(h, 'table.grow', (c) => runtimeCall(c, RUNTIME_CALLS.table_grow, [c.r.u32()], 2, true));
  define(h, 'table.fill', (c) => runtimeCall(c, RUNTIME_CALLS.table_fill, [c.r.u32()], 3, false));
  define(h, 'table.copy', (c) => {
    const dst = c.r.u32();
    const src = c.r.u32();
    runtimeCall(c, RUNTIME_CALLS.table_copy, [dst, src], 3, false);
  });
  define(h, 'table.init', (c) => {
    const elem = c.r.u32();
    const table = c.r.u32();
    runtimeCall(c, RUNTIME_CALLS.table_init, [table, elem], 3, false);
  });
  define(h, 'elem.drop', (c) => runtimeCall(c, RUNTIME_CALLS.elem_drop, [c.r.u32()], 0, false));
}

function tableRecord(c: FunctionCompiler, t: number, dst: Gpr): void {
  c.asm.movRM(64, dst, R15, NO_INDEX, 1, VMCTX.tables);
  c.asm.movRM(64, dst, dst, NO_INDEX, 1, 8 * t);
}

/** Bounds-checks `index` against table t and leaves its element array in r11. */
function elementAddress(c: FunctionCompiler, t: number, index: Gpr): void {
  const asm = c.asm;
  tableRecord(c, t, R11);
  asm.aluRM(7 /* cmp */, 32, index, R11, NO_INDEX, 1, TABLE_RECORD.size);
  asm.jcc(Cond.AE, c.trap('table_out_of_bounds'));
  asm.movRM(64, R11, R11, NO_INDEX, 1, TABLE_RECORD.elements);
}
