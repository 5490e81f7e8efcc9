// A compiled module loaded into executable memory: the CompiledModule (code
// image and metadata) plus where the image lives. Instances of it share the
// image; each has its own vmctx and data.
//
// The user holds a handle whose prototype is the module's core; instances
// refer to the core (module-lifetime.ts). The image stays loaded while
// anything can still run it: until the core is collected (no instance,
// ready shell or linked instance refers to it any more), dispose() succeeds,
// or the engine closes.
//
// Invariants: only the core is ever written (a handle has no own
// properties); `core` throws once the module is disposed, so nothing
// instantiates unloaded code. Only src/runtime/ and the public API import this.

import type { CompiledModule } from '../compiler/compiled-module.js';
import { ExternKind, type Module as WasmModule } from '../wasm/types.js';
import type { InstanceState } from './instance-state.js';
import type { MemoryImage } from './memory-image.js';
import type { ModuleResources, Runtime } from './runtime.js';
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
  /** @internal Instances of it can be recycled as ready shells (shell.ts); false once its handle is gone (module-lifetime.ts). */
  simple: boolean;
  /** @internal Ready shells: reset instances waiting for a tenant. */
  shells: InstanceState[] | undefined;
  /** @internal Active data segments as written, known after the first instantiation whose segments all applied. */
  dataImage: DataImage | undefined;
  /** @internal Its memory image for copy-on-write instantiation (memory-image.ts): undefined until decided, null when it copies. */
  memoryImage: MemoryImage | null | undefined;

  /** @internal Its native resources, freed when the core is collected or disposed (module-lifetime.ts). */
  readonly resources: ModuleResources;
  /** @internal Set by dispose(): the code is unloaded. */
  disposed = false;
  /** @internal The core itself; a handle inherits it. */
  private readonly coreModule: Module;

  /** @internal Use Engine.compile (or Engine.load for an already compiled module): they return a handle. */
  constructor(readonly runtime: Runtime, readonly compiled: CompiledModule) {
    this.wasm = compiled.module;
    checkShape(compiled);
    // A module without code (no types, no functions) has nothing to load.
    const code = compiled.code.length === 0 ? undefined : runtime.loadCode(compiled);
    this.resources = { code, image: undefined, freed: false };
    this.imageAddress = code?.start ?? 0;
    this.simple = isSimpleModule(this);
    this.coreModule = this;
  }

  /** @internal What instances refer to (instantiate unwraps a handle with it); throws once disposed. */
  get core(): Module {
    const c = this.coreModule;
    if (c.disposed) throw new Error('corral: the module was disposed');
    return c;
  }

  /**
   * Unloads the module's code and memory image now, instead of when it is
   * collected. Throws while an instance of it is not yet freed (released or
   * collected, with the instances linked to it); afterwards it cannot be
   * instantiated. A second call does nothing.
   */
  dispose(): void {
    const c = this.coreModule;
    if (!c.disposed) c.runtime.moduleLifetimes.dispose(c);
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
