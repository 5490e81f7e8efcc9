// A compiled module loaded into executable memory: the CompiledModule (code
// image and metadata) plus where the image lives. Instances of it share the
// image; each has its own vmctx and data.
//
// Invariants: the image stays loaded until the engine closes (instances,
// funcrefs held in other instances' tables and suspended guests may point
// into it). Only src/runtime/ and the public API import this.

import type { CompiledModule } from '../compiler/compiled-module.js';
import { ExternKind, type Module as WasmModule } from '../wasm/types.js';
import type { InstanceState } from './instance-state.js';
import type { MemoryImage } from './memory-image.js';
import type { Runtime } from './runtime.js';
import { isSimpleModule, type DataImage } from './shell.js';

export type ExternKindName = 'function' | 'table' | 'memory' | 'global';

const KIND_NAMES: readonly ExternKindName[] = ['function', 'table', 'memory', 'global'];

export function externKindName(k: ExternKind): ExternKindName {
  return KIND_NAMES[k]!;
}

export class Module {
  readonly wasm: WasmModule;
  /** Address of the image's first byte. */
  readonly imageAddress: number;
  /** @internal Instances of it can be recycled as ready shells (shell.ts). */
  readonly simple: boolean;
  /** @internal Ready shells: reset instances waiting for a tenant. */
  shells: InstanceState[] | undefined;
  /** @internal Active data segments as written, known after the first instantiation whose segments all applied. */
  dataImage: DataImage | undefined;
  /** @internal Its memory image for copy-on-write instantiation (memory-image.ts): undefined until decided, null when it copies. */
  memoryImage: MemoryImage | null | undefined;

  /** @internal Use Engine.compile (or Engine.load for an already compiled module). */
  constructor(readonly runtime: Runtime, readonly compiled: CompiledModule) {
    this.wasm = compiled.module;
    checkShape(compiled);
    // A module without code (no types, no functions) has nothing to load.
    this.imageAddress = compiled.code.length === 0 ? 0 : runtime.loadCode(this, compiled.code, compiled.trapOffsets, compiled.trapCodes).address;
    this.simple = isSimpleModule(this);
  }

  imports(): { module: string; name: string; kind: ExternKindName }[] {
    return this.wasm.imports.map((i) => ({ module: i.module, name: i.name, kind: externKindName(i.desc.kind) }));
  }

  exports(): { name: string; kind: ExternKindName }[] {
    return this.wasm.exports.map((e) => ({ name: e.name, kind: externKindName(e.kind) }));
  }
}

/** The metadata arrays must cover the module (a compiler bug otherwise, caught before any code runs). */
function checkShape(c: CompiledModule): void {
  const m = c.module;
  const defined = m.funcTypes.length - m.numImportedFuncs;
  const fail = (what: string) => { throw new Error(`corral: compiled module is inconsistent: ${what}`); };
  if (c.functionStarts.length !== defined || c.functionEnds.length !== defined) fail('function ranges do not cover the defined functions');
  if (c.entryThunks.length !== m.types.length) fail('one entry thunk per type is required');
  if (c.hostTrampolines.length !== m.numImportedFuncs) fail('one host trampoline per imported function is required');
  if (c.trapOffsets.length !== c.trapCodes.length) fail('trap offsets and codes differ in length');
  if (c.sourceMachine.length !== c.sourceWasm.length) fail('source maps differ in length');
  for (let i = 0; i < defined; i++) if (c.functionEnds[i]! > c.code.length || c.functionStarts[i]! > c.functionEnds[i]!) fail(`function ${i} lies outside the image`);
}
