// Hand-built CompiledModules for testing the runtime without the baseline
// compiler: a .wat module gives the Module description (types, imports,
// exports, segments, names); the machine code of its defined functions is
// written here with the Assembler, one emitter per function, following the
// contracts of src/abi/vmctx.ts and src/compiler/compiled-module.ts.
//
// The image holds, in order: one entry thunk per type (area → System V
// registers, call rax, rax/xmm0 → area[0]), one host trampoline per imported
// function (registers → area, hostcall helper with edi = import index; the
// helper returns area[0] in rax and xmm0), then the functions, 16-aligned.
// Frames keep rsp ≡ 0 mod 16 at every call. Test-only.

import { TrapCodeId, type TrapCode } from '../../src/abi/trap-codes.js';
import { IMPORT_ENTRY, IMPORT_ENTRY_SIZE, RUNTIME_CALL_BASE, RUNTIME_CALLS, type RuntimeCall } from '../../src/abi/layout.js';
import { VMCTX, areaOffset, helperOffset } from '../../src/abi/vmctx.js';
import type { CompiledModule } from '../../src/compiler/compiled-module.js';
import { Assembler } from '../../src/compiler/x64/assembler.js';
import { form } from '../../src/compiler/x64/table.js';
import { NO_INDEX } from '../../src/compiler/x64/operands.js';
import { R14, R15, R8, R9, RAX, RBP, RCX, RDI, RDX, RSI, RSP, type Gpr, type Xmm } from '../../src/compiler/x64/registers.js';
import type { Engine } from '../../src/runtime/engine.js';
import type { Module } from '../../src/runtime/module.js';
import { parseModule } from '../../src/wasm/index.js';
import { watToBinary } from '../../src/wasm/text.js';
import { ValType, type FuncType, type Module as WasmModule } from '../../src/wasm/types.js';

const INT_ARGS: readonly Gpr[] = [RDI, RSI, RDX, RCX, R8, R9];
const MOVQ_LOAD = form('movq xmm, xmm/m64');
const MOVQ_STORE = form('movq xmm/m64, xmm');
const xmm = (n: number) => n as Xmm;
const isFloat = (t: ValType) => t === ValType.f32 || t === ValType.f64;

/** What a function emitter may use beyond the Assembler. */
export interface Tools {
  readonly a: Assembler;
  /** Marks the next instruction as one that faults on purpose with `code` (guarded-mode loads, ud2). */
  faultsAs(code: TrapCode): void;
  /** mov edi, code; call [r15 + trap]. */
  trap(code: TrapCode): void;
  /** Calls imported function i directly (switching r15/r14 to the callee's, then back). */
  callImport(i: number): void;
  /** Stores the u32/ref operands in area[0..], makes runtime call `name`; area[0] = status, area[1] = result. */
  runtimeCall(name: RuntimeCall): void;
  /** push rbp; mov rbp, rsp */
  enter(): void;
  /** pop rbp; ret */
  leave(): void;
}

export type Emitter = (t: Tools) => void;

export async function handModule(engine: Engine, wat: string, bodies: readonly Emitter[], memoryMode = engine.memoryMode): Promise<Module> {
  const module = parseModule(await watToBinary(wat));
  return engine.load(handCompile(module, bodies, memoryMode));
}

export function handCompile(module: WasmModule, bodies: readonly Emitter[], memoryMode: 'guarded' | 'checked'): CompiledModule {
  const defined = module.funcTypes.length - module.numImportedFuncs;
  if (bodies.length !== defined) throw new Error(`hand module: ${defined} bodies needed, ${bodies.length} given`);
  const a = new Assembler();
  const traps: [number, number][] = [];
  const entryThunks = module.types.map((t) => { a.align(16); const at = a.offset; entryThunk(a, t); return at; });
  const hostTrampolines = module.funcTypes.slice(0, module.numImportedFuncs).map((ti, i) => {
    a.align(16);
    const at = a.offset;
    hostTrampoline(a, module.types[ti]!, i);
    return at;
  });
  const tools: Tools = {
    a,
    faultsAs: (code) => { traps.push([a.offset, TrapCodeId[code]]); },
    trap: (code) => { a.movRI(32, RDI, TrapCodeId[code]); a.callM(R15, NO_INDEX, 1, helperOffset('trap')); },
    callImport: (i) => {
      a.push(R15);
      a.push(R14);
      a.movRM(64, RAX, R15, NO_INDEX, 1, VMCTX.imports);
      a.movRM(64, R15, RAX, NO_INDEX, 1, IMPORT_ENTRY_SIZE * i + IMPORT_ENTRY.vmctx);
      a.movRM(64, R14, R15, NO_INDEX, 1, VMCTX.memory_base);
      a.callM(RAX, NO_INDEX, 1, IMPORT_ENTRY_SIZE * i + IMPORT_ENTRY.code);
      a.pop(R14);
      a.pop(R15);
    },
    runtimeCall: (name) => {
      a.movRI(32, RDI, RUNTIME_CALL_BASE + RUNTIME_CALLS[name]);
      a.callM(R15, NO_INDEX, 1, helperOffset('hostcall'));
    },
    enter: () => { a.push(RBP); a.movRR(64, RBP, RSP); },
    leave: () => { a.pop(RBP); a.ret(); },
  };
  const starts: number[] = [], ends: number[] = [];
  for (const body of bodies) {
    a.align(16);
    starts.push(a.offset);
    body(tools);
    ends.push(a.offset);
  }
  const code = a.finish().code;
  traps.sort((x, y) => x[0] - y[0]);
  // Built as a variable, not returned as a literal: CompiledModule is gaining
  // fields (fuel) and this stays valid whether or not they have landed.
  const compiled = {
    module,
    memoryMode,
    fuel: false,
    code,
    trapOffsets: Uint32Array.from(traps.map((t) => t[0])),
    trapCodes: Uint8Array.from(traps.map((t) => t[1])),
    functionStarts: Uint32Array.from(starts),
    functionEnds: Uint32Array.from(ends),
    entryThunks: Uint32Array.from(entryThunks),
    hostTrampolines: Uint32Array.from(hostTrampolines),
    sourceMachine: new Uint32Array(0),
    sourceWasm: new Uint32Array(0),
  };
  return compiled;
}

/** Register assignment of a signature's parameters (System V classes, no stack arguments). */
function argRegs(t: FuncType): { float: boolean; reg: number }[] {
  let ni = 0, nf = 0;
  return t.params.map((p) => {
    if (isFloat(p)) { if (nf >= 8) throw new Error('hand module: too many float params'); return { float: true, reg: nf++ }; }
    if (ni >= 6) throw new Error('hand module: too many integer params');
    return { float: false, reg: INT_ARGS[ni++]! };
  });
}

function entryThunk(a: Assembler, t: FuncType): void {
  if (t.results.length > 1) throw new Error('hand module: one result at most');
  a.push(RBP);
  a.movRR(64, RBP, RSP);
  argRegs(t).forEach((r, k) => {
    if (r.float) a.sseRM(MOVQ_LOAD, xmm(r.reg), R15, NO_INDEX, 1, areaOffset(k));
    else a.movRM(64, r.reg as Gpr, R15, NO_INDEX, 1, areaOffset(k));
  });
  a.callR(RAX);
  const r0 = t.results[0];
  if (r0 !== undefined && isFloat(r0)) a.sseRM(MOVQ_STORE, xmm(0), R15, NO_INDEX, 1, areaOffset(0));
  else if (r0 !== undefined) a.movMR(64, R15, NO_INDEX, 1, areaOffset(0), RAX);
  a.pop(RBP);
  a.ret();
}

function hostTrampoline(a: Assembler, t: FuncType, index: number): void {
  a.push(RBP);
  a.movRR(64, RBP, RSP);
  argRegs(t).forEach((r, k) => {
    if (r.float) a.sseRM(MOVQ_STORE, xmm(r.reg), R15, NO_INDEX, 1, areaOffset(k));
    else a.movMR(64, R15, NO_INDEX, 1, areaOffset(k), r.reg as Gpr);
  });
  a.movRI(32, RDI, index);
  a.callM(R15, NO_INDEX, 1, helperOffset('hostcall'));
  a.pop(RBP);
  a.ret();
}
