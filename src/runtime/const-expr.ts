// Evaluating constant expressions (global initialisers, segment offsets and
// element items) against a partly built instance: numbers, ref.null, ref.func
// of this instance's functions and global.get of its (imported) globals.
// Only src/runtime/ imports this.

import { Unsupported } from '../compiler/errors.js';
import type { ConstExpr } from '../wasm/types.js';

export interface ConstContext {
  funcRecord(index: number): number;
  globalRaw(index: number): bigint;
}

/** The raw slot value of a valid constant expression. */
export function evalConst(e: ConstExpr, ctx: ConstContext): bigint {
  const stack: bigint[] = [];
  for (const i of e.instrs) {
    switch (i.op) {
      case 'i32.const': stack.push(BigInt(i.value >>> 0)); break;
      case 'i64.const': stack.push(BigInt.asUintN(64, i.value)); break;
      case 'f32.const': stack.push(BigInt(i.bits >>> 0)); break;
      case 'f64.const': stack.push(BigInt.asUintN(64, i.bits)); break;
      case 'ref.null': stack.push(0n); break;
      case 'ref.func': stack.push(BigInt(ctx.funcRecord(i.funcIndex))); break;
      case 'global.get': stack.push(ctx.globalRaw(i.globalIndex)); break;
      case 'v128.const': throw new Unsupported('simd', 'v128 globals are not supported yet');
    }
  }
  if (stack.length !== 1) throw new Error('corral: a constant expression must produce one value');
  return stack[0]!;
}
