// Locals and globals. local.get is lazy (a Local entry read when consumed);
// a write to a local first makes pending lazy reads of it take their value.
// Globals live in the globals area (src/abi/layout.ts): defined ones in place,
// imported ones through the pointer in their slot.

import { R11, R15, RBP, type Gpr, type Xmm } from '../../x64/registers.js';
import { NO_INDEX } from '../../x64/operands.js';
import { VMCTX } from '../../../abi/vmctx.js';
import { GLOBAL_SLOT } from '../../../abi/layout.js';
import { Kind, type FunctionCompiler } from '../function-compiler.js';
import { isFloat } from '../call-abi.js';
import { define, type HandlerMap } from './registry.js';
import { loadValue, storeValue } from '../value-moves.js';


export function registerVariables(h: HandlerMap): void {
  // The driver (FunctionCompiler.compile) does the same inline, without calling this.
  define(h, 'local.get', (c) => c.pushLocal(c.r.u32()));
  define(h, 'local.set', (c) => setLocal(c, c.r.u32(), false));
  // The value now lives in the local (and usually its cache register): the result is a read of it.
  define(h, 'local.tee', (c) => setLocal(c, c.r.u32(), true));
  define(h, 'global.get', (c) => {
    const g = c.r.u32();
    const t = c.env.globalTypes[g]!;
    const disp = cellAddress(c, g);
    const asm = c.asm;
    if (isFloat(t)) {
      const x = c.allocXmm();
      loadValue(asm, t, x, R11, disp);
      c.pushXmm(t, x);
    } else {
      const r = c.allocGpr();
      asm.movRM(t === 0x7f ? 32 : 64, r, R11, NO_INDEX, 1, disp);
      c.pushGpr(t, r);
    }
  });
  define(h, 'global.set', (c) => {
    const g = c.r.u32();
    const t = c.env.globalTypes[g]!;
    const asm = c.asm;
    if (isFloat(t)) {
      const x: Xmm = c.popXmm();
      const disp = cellAddress(c, g);
      storeValue(asm, t, x, R11, disp);
      c.freeXmm(x);
    } else {
      const r: Gpr = c.popGpr();
      const disp = cellAddress(c, g);
      asm.movMR(t === 0x7f ? 32 : 64, R11, NO_INDEX, 1, disp, r);
      c.freeGpr(r);
    }
  });
}

/**
 * Pops the top entry into local i: constants go straight to memory; anything
 * else goes through a register that then caches the local (write-through).
 * `tee`: then pushes a read of local i (the value, now in the local).
 */
function setLocal(c: FunctionCompiler, i: number, tee: boolean): void {
  c.materializeLocal(i);
  const top = c.n - 1;
  if (c.kind[top] === Kind.Const) {
    c.uncache(i);
    c.storeEntryTo(top, RBP, c.localDisp(i));
    c.drop();
  } else {
    const t = c.type[top]!;
    if (isFloat(t)) {
      const x = c.popXmm();
      storeValue(c.asm, t, x, RBP, c.localDisp(i));
      c.cacheLocal(i, x);
    } else {
      const r = c.popGpr();
      c.asm.movMR(64, RBP, NO_INDEX, 1, c.localDisp(i), r);
      c.cacheLocal(i, r);
    }
  }
  if (tee) c.pushLocal(i);
}

/**
 * Global g's value is at [r11 + the returned displacement]: a defined global's
 * offset in the globals area folds into the access (no lea), an imported one
 * is reached through the pointer in its slot.
 */
function cellAddress(c: FunctionCompiler, g: number): number {
  const asm = c.asm;
  asm.movRM(64, R11, R15, NO_INDEX, 1, VMCTX.globals);
  if (g >= c.env.numImportedGlobals) return g * GLOBAL_SLOT;
  asm.movRM(64, R11, R11, NO_INDEX, 1, g * GLOBAL_SLOT);
  return 0;
}
