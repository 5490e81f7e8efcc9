// Turning a trapped guest into a Trap: the trap code from the runner's vmctx
// and a wasm backtrace from the native frame-pointer walk, mapped through the
// modules' function ranges, source maps and name sections.
//
// Invariants: frames are innermost first; addresses outside any function
// (entry thunks, trampolines) are skipped; an unknown trap number becomes
// host_error rather than an exception. Frames are resolved when the trap is
// made, while the trapping instance (and so its code) is alive: a module
// unloaded later (module-lifetime.ts) does not change a Trap already made.
// Only src/runtime/ imports this.

import { TRAP_CODES, type TrapCode } from '../abi/trap-codes.js';
import { VMCTX } from '../abi/vmctx.js';
import type { CompiledModule } from '../compiler/compiled-module.js';
import { Trap, type WasmFrame } from './errors.js';
import { native, type GuestArea, type GuestId } from './native.js';
import type { Runtime } from './runtime.js';

export function trapOf(rt: Runtime, runner: GuestId, area: GuestArea): Trap {
  const n = area.i32[VMCTX.trap_code / 4]!;
  const code: TrapCode = TRAP_CODES[n] ?? 'host_error';
  // call_indirect's null check names the element (the spec's "uninitialized element 2").
  const detail = code === 'indirect_call_null' ? String(area.i32[VMCTX.trap_detail / 4]! >>> 0) : undefined;
  return new Trap(code, framesOf(rt, native.backtrace(runner)), detail);
}

export function framesOf(rt: Runtime, pcs: readonly number[]): WasmFrame[] {
  const frames: WasmFrame[] = [];
  for (const pc of pcs) {
    const where = rt.codeAt(pc);
    if (where === undefined) continue;
    const c = where.compiled;
    const off = pc - where.start;
    // Return addresses may sit one past a function's last instruction (a call
    // to the trap helper ends it), so look up the byte before: a faulting
    // instruction is never a function's first (the prologue comes first).
    const j = functionAt(c, off - 1);
    if (j < 0) continue;
    const funcIndex = c.module.numImportedFuncs + j;
    const funcName = c.module.names.functions.get(funcIndex);
    const wasmOffset = wasmOffsetAt(c, off);
    frames.push({
      funcIndex,
      codeOffset: off - c.functionStarts[j]!,
      ...(funcName !== undefined ? { funcName } : {}),
      ...(wasmOffset !== undefined ? { wasmOffset } : {}),
    });
  }
  return frames;
}

const ascending = new WeakMap<CompiledModule, boolean>();

/** Index of the defined function whose code contains `off`, or -1. */
function functionAt(c: CompiledModule, off: number): number {
  const s = c.functionStarts;
  let sorted = ascending.get(c);
  if (sorted === undefined) {
    sorted = s.every((v, i) => i === 0 || s[i - 1]! <= v);
    ascending.set(c, sorted);
  }
  if (!sorted) {
    for (let j = 0; j < s.length; j++) if (off >= s[j]! && off < c.functionEnds[j]!) return j;
    return -1;
  }
  let lo = 0, hi = s.length - 1, found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (s[mid]! <= off) { found = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return found >= 0 && off < c.functionEnds[found]! ? found : -1;
}

/** The wasm byte offset recorded for exactly this machine offset (trap sites, call returns). */
function wasmOffsetAt(c: CompiledModule, off: number): number | undefined {
  const m = c.sourceMachine;
  let lo = 0, hi = m.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = m[mid]!;
    if (v === off) return c.sourceWasm[mid];
    if (v < off) lo = mid + 1; else hi = mid - 1;
  }
  return undefined;
}
