// The baseline tier's entry point: a validated Module in, a CompiledModule out.
// One Assembler for the whole image: functions (16-byte aligned, direct calls
// by label), then one entry thunk per type, then one host trampoline per
// imported function. Also the tier's operator classification: every opcode
// row is either handled (ops/*.ts) or unsupported with a reason.
//
// Must not import: src/runtime/, native/.

import { Assembler } from '../x64/assembler.js';
import { CodeBuffer, patchRelocations } from '../x64/code-buffer.js';
import { OPCODES } from '../../wasm/opcodes.js';
import type { Module } from '../../wasm/types.js';
import { decodeModule } from '../../wasm/decoder.js';
import { NO_THUNK, type CompiledModule, type MemoryMode } from '../compiled-module.js';
import { Unsupported } from '../errors.js';
import { callShape } from './call-abi.js';
import { FunctionCompiler, type Handler, type ModuleEnv, type SourceSink } from './function-compiler.js';
import { emitEntryThunk, emitHostTrampoline, fitsArea } from './thunks.js';
import type { HandlerMap } from './ops/registry.js';
import { registerControl } from './ops/control.js';
import { registerVariables } from './ops/variables.js';
import { registerInteger } from './ops/integer.js';
import { registerFloat } from './ops/float.js';
import { registerMemory } from './ops/memory.js';
import { registerReference } from './ops/reference.js';

const handlerMap: HandlerMap = new Map();
registerControl(handlerMap);
registerVariables(handlerMap);
registerInteger(handlerMap);
registerFloat(handlerMap);
registerMemory(handlerMap);
registerReference(handlerMap);

/** Handler per opcode row id (undefined: unsupported). */
const HANDLERS: readonly (Handler | undefined)[] = OPCODES.map((row) => handlerMap.get(row.key));

/** Rows this tier handles, by key. */
export const BASELINE_HANDLED: ReadonlySet<string> = new Set(handlerMap.keys());
/** Rows this tier does not handle, by key, with the reason category. */
export const BASELINE_UNSUPPORTED: ReadonlyMap<string, string> = new Map(
  OPCODES.filter((row) => !handlerMap.has(row.key)).map((row) => [row.key, row.feature === 'simd' ? 'simd' : 'pending']),
);

export interface CompileOptions {
  readonly memoryMode: MemoryMode;
  /** Meter fuel (deterministic work limits): the runtime then sets vmctx.fuel before each run. */
  readonly fuel?: boolean;
}


export function compileModule(module: Module, options: CompileOptions): CompiledModule {
  if (module.memories.length > 1) throw new Unsupported('multi-memory', 'at most one memory');
  // Capacities sized from the code section (yosys: guarded code is 2.1x it, checked 3.2x; a source
  // position every ~13 bytes of it, a guarded trap site every ~19), so the buffers rarely grow and
  // the allocation V8 counts against its GC trigger stays near what is used.
  let codeBytes = 0;
  for (const b of module.bodies) codeBytes += b.end - b.start;
  const checked = options.memoryMode === 'checked';
  const asm = new Assembler(new CodeBuffer(4096 + Math.ceil(codeBytes * (checked ? 3.4 : 2.4))));
  const numFuncs = module.funcTypes.length;
  const globalTypes = new Uint8Array(module.globalTypes.map((g) => g.type));
  const shapes = module.types.map(callShape);
  let outgoingSlots = 0;
  for (const shape of shapes) outgoingSlots = Math.max(outgoingSlots, shape.outgoingSlots);
  const env: ModuleEnv = {
    module,
    memoryMode: options.memoryMode,
    globalTypes,
    numImportedGlobals: module.numImportedGlobals,
    memoryImported: module.numImportedMemories > 0,
    outgoingSlots,
    shapes,
    fuel: options.fuel === true,
  };
  const sink = new PairSink(1024 + Math.ceil(codeBytes / 12), checked ? 1024 : 1024 + Math.ceil(codeBytes / 16));
  const fc = spareCompiler ?? new FunctionCompiler(asm, env, sink, HANDLERS);
  spareCompiler = undefined; // a compile that throws keeps it; the next one makes a fresh compiler
  fc.use(asm, env, sink);
  const numDefined = numFuncs - module.numImportedFuncs;
  const functionStarts = new Uint32Array(numDefined);
  const functionEnds = new Uint32Array(numDefined);
  for (let d = 0; d < numDefined; d++) {
    const f = module.numImportedFuncs + d;
    functionStarts[d] = fc.compile(f);
    functionEnds[d] = asm.offset;
  }
  const entryThunks = new Uint32Array(module.types.length);
  module.types.forEach((t, i) => {
    if (!fitsArea(t)) { entryThunks[i] = NO_THUNK; return; }
    asm.align(16);
    entryThunks[i] = asm.offset;
    emitEntryThunk(asm, t);
  });
  const hostTrampolines = new Uint32Array(module.numImportedFuncs);
  for (let i = 0; i < module.numImportedFuncs; i++) {
    const t = module.types[module.funcTypes[i]!]!;
    if (!fitsArea(t)) { hostTrampolines[i] = NO_THUNK; continue; }
    asm.align(16);
    hostTrampolines[i] = asm.offset;
    emitHostTrampoline(asm, t, i);
  }
  fc.use(IDLE_ASM, IDLE_ENV, IDLE_SINK);
  spareCompiler = fc;
  const finished = asm.finishDetached();
  // Direct calls are relocations to function indices (defined functions only).
  patchRelocations(finished.code, 0, finished, (f) => functionStarts[f - module.numImportedFuncs]!);
  const [trapOffsets, trapCodes] = sortedPairs(sink.trapAt, sink.trapCode, sink.traps);
  const [sourceMachine, sourceWasm] = sortedPairs(sink.srcAt, sink.srcWasm, sink.sources);
  // The columns above may be views of the sink's storage (see sortedPairs): the sink is not used again.
  return {
    module,
    memoryMode: options.memoryMode,
    fuel: options.fuel === true,
    code: finished.code,
    trapOffsets,
    trapCodes,
    functionStarts,
    functionEnds,
    entryThunks,
    hostTrampolines,
    sourceMachine,
    sourceWasm,
  };
}

/** Trap sites and source positions as growable typed columns (millions of entries for large modules). */
class PairSink implements SourceSink {
  trapAt: Uint32Array<ArrayBuffer>;
  /** Trap codes fit a byte (CompiledModule.trapCodes is a Uint8Array): no conversion at the end. */
  trapCode: Uint8Array<ArrayBuffer>;
  traps = 0;
  srcAt: Uint32Array<ArrayBuffer>;
  srcWasm: Uint32Array<ArrayBuffer>;
  sources = 0;
  constructor(sourceCapacity: number, trapCapacity: number) {
    this.trapAt = new Uint32Array(trapCapacity);
    this.trapCode = new Uint8Array(trapCapacity);
    this.srcAt = new Uint32Array(sourceCapacity);
    this.srcWasm = new Uint32Array(sourceCapacity);
  }
  addTrapSite(at: number, code: number): void {
    if (this.traps === this.trapAt.length) { this.trapAt = grow(this.trapAt); this.trapCode = grow(this.trapCode); }
    // `| 0`: int32 stores (V8 would otherwise convert the tagged arguments through a double).
    this.trapAt[this.traps] = at | 0;
    this.trapCode[this.traps++] = code | 0;
  }
  addSource(at: number, wasm: number): void {
    if (this.sources === this.srcAt.length) { this.srcAt = grow(this.srcAt); this.srcWasm = grow(this.srcWasm); }
    this.srcAt[this.sources] = at | 0;
    this.srcWasm[this.sources++] = wasm | 0;
  }
}

function grow<T extends Uint32Array<ArrayBuffer> | Uint8Array<ArrayBuffer>>(a: T): T {
  const b = new (a.constructor as new (n: number) => T)(a.length * 2);
  b.set(a);
  return b;
}

/**
 * The first `n` pairs, sorted by key (they almost always are already). Sorted
 * columns at least half full are returned as views of the sink's own storage
 * (no copy: the same reasoning as CodeBuffer.finishDetached), else as copies.
 */
function sortedPairs<V extends Uint32Array<ArrayBuffer> | Uint8Array<ArrayBuffer>>(keys: Uint32Array<ArrayBuffer>, values: V, n: number): [Uint32Array<ArrayBuffer>, V] {
  let sorted = true;
  for (let i = 1; i < n; i++) if (keys[i]! < keys[i - 1]!) { sorted = false; break; }
  if (sorted) {
    if (2 * n >= keys.length) return [keys.subarray(0, n), values.subarray(0, n) as V];
    return [keys.slice(0, n), values.slice(0, n) as V];
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => keys[a]! - keys[b]!);
  const k = new Uint32Array(n);
  const v = new (values.constructor as new (n: number) => V)(n);
  for (let i = 0; i < n; i++) { k[i] = keys[order[i]!]!; v[i] = values[order[i]!]!; }
  return [k, v];
}

/**
 * The function compiler compileModule reuses from one module to the next,
 * pointed at the idle placeholders below in between (so it holds nothing of
 * the last module). Why keep one alive: V8 holds the hidden classes (maps) of
 * constructed objects only through weak transitions, so when every compiler,
 * assembler and sink had died, a GC collected their maps and deoptimized all
 * the optimized code that checked them — the compiler then ran mostly
 * unoptimized again on the next module (yosys after a GC: ~2.2 s instead of
 * ~1.6 s). The live spare and placeholders keep those maps, and the compiler's
 * grown arrays, from one module to the next.
 */
let spareCompiler: FunctionCompiler | undefined;
const IDLE_ASM = new Assembler(new CodeBuffer(16));
const IDLE_SINK = new PairSink(16, 16);
const IDLE_MODULE = decodeModule(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]));
const IDLE_ENV: ModuleEnv = {
  module: IDLE_MODULE, memoryMode: 'guarded', globalTypes: new Uint8Array(0), numImportedGlobals: 0,
  memoryImported: false, outgoingSlots: 0, shapes: [], fuel: false,
};
