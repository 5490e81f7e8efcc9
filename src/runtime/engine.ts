// The Engine: configuration, the native resources of everything created
// through it, and the entry points compile / validate / instantiate.
//
// Compilation = parseModule (src/wasm) → compileModule (the baseline tier) →
// native codeLoad. Text input goes through src/wasm/text.ts.
// Invariants: objects of one engine never mix with another's; close()
// releases every native resource and makes later use throw.
// Only the public API imports this.

import type { CompiledModule } from '../compiler/compiled-module.js';
import { compileModule } from '../compiler/baseline/index.js';
import { parseModule, validate } from '../wasm/index.js';
import { watToBinary } from '../wasm/text.js';
import { makeExportedFunction } from './call.js';
import { Instance } from './instance.js';
import { instantiate, type InstanceLimits } from './instantiate.js';
import type { CallLimits } from './instance-state.js';
import { Module } from './module.js';
import { Runtime } from './runtime.js';
import type { ImportObject } from './values.js';

export interface EngineConfig {
  /** 'guarded' (default): guard regions, no bounds checks; 'checked': explicit checks, small reservations. */
  readonly memoryMode?: 'guarded' | 'checked';
  /** Cap on any memory's maximum, in 64 KiB pages (default 65536). */
  readonly maxMemoryPages?: number;
  /** Guest stack size in bytes (default 1 MiB). */
  readonly stackBytes?: number;
  /** Per-call deadline in milliseconds: a call running longer traps with `interrupted`. */
  readonly timeoutMs?: number;
  /**
   * Fuel per call (deterministic work limit, about one unit per instruction):
   * modules are compiled with fuel metering and a call that runs out traps
   * with `out_of_fuel`. Off when absent.
   */
  readonly fuel?: number | bigint;
  /** Cap on each defined table's maximum, in elements (table.grow returns -1 beyond; default 10,000,000). */
  readonly maxTableElements?: number;
  /**
   * Instances holding resources at once (default 10,000 guarded, 100,000
   * checked); instantiating beyond throws PoolExhausted. Released and
   * collected instances give their slots back.
   */
  readonly maxInstances?: number;
  /**
   * CPU time slice in milliseconds (default 10): a guest running longer is
   * interrupted and resumed after setImmediate, so timers, I/O and other
   * guests get their turn. 0 or Infinity: never slice.
   */
  readonly sliceMs?: number;
  /** Host calls (JS imports) pending at once in the engine (guests suspended awaiting them); the guest making one more traps with limit 'host_calls'. Default: no limit. */
  readonly maxHostCalls?: number;
  /**
   * Default true: a call into an instance from the continuation of one of its
   * own async imports (after an await) is refused with an Error instead of
   * waiting forever for the instance's stack. Finding it means following the
   * imports' awaits with AsyncLocalStorage, whose promise hooks tax every
   * Promise of the process once installed (a fetch-heavy server spent ~12%
   * more CPU). false: the host promises its imports never call back into
   * this engine's instances after an await (the server's own imports do not);
   * a call made there anyway waits for the instance and ends at its deadline.
   */
  readonly asyncReentryCheck?: boolean;
}

/** Per-instance limits; each defaults to the engine's and may only tighten the memory/table caps. */
export interface InstantiateOptions extends InstanceLimits {
  /** Wall-clock deadline per call in milliseconds, time awaiting async imports included (Trap 'interrupted', limit 'deadline'). */
  readonly timeoutMs?: number;
  /** CPU time slice (see EngineConfig.sliceMs). */
  readonly sliceMs?: number;
  /** Fuel per call; the engine must have been made with `fuel` (modules are compiled with metering). */
  readonly fuel?: number | bigint;
}

const EMPTY: InstantiateOptions = {};

function slice(ms: number, who: string): number | undefined {
  if (!(ms >= 0)) throw new TypeError(`${who}: sliceMs must be a non-negative number`);
  return ms === 0 || ms === Infinity ? undefined : ms;
}

export class Engine {
  /** @internal */
  readonly runtime: Runtime;

  constructor(config: EngineConfig = {}) {
    const memoryMode = config.memoryMode ?? 'guarded';
    if (memoryMode !== 'guarded' && memoryMode !== 'checked') throw new TypeError(`Engine: unknown memoryMode ${String(memoryMode)}`);
    const maxMemoryPages = config.maxMemoryPages ?? 65536;
    if (!Number.isInteger(maxMemoryPages) || maxMemoryPages < 0 || maxMemoryPages > 65536) throw new TypeError('Engine: maxMemoryPages must be an integer in 0..65536');
    const stackBytes = config.stackBytes ?? 1024 * 1024;
    if (!Number.isInteger(stackBytes) || stackBytes < 64 * 1024) throw new TypeError('Engine: stackBytes must be an integer of at least 64 KiB');
    const timeoutMs = config.timeoutMs;
    if (timeoutMs !== undefined && !(timeoutMs >= 0)) throw new TypeError('Engine: timeoutMs must be a non-negative number');
    let fuel: bigint | undefined;
    if (config.fuel !== undefined) {
      fuel = BigInt(config.fuel);
      if (fuel < 0n || fuel >= 2n ** 63n) throw new TypeError('Engine: fuel must be in 0..2^63-1');
    }
    const maxInstances = config.maxInstances ?? (memoryMode === 'guarded' ? 10_000 : 100_000);
    if (!Number.isInteger(maxInstances) || maxInstances < 1) throw new TypeError('Engine: maxInstances must be a positive integer');
    const sliceMs = slice(config.sliceMs ?? 10, 'Engine');
    const maxHostCalls = config.maxHostCalls;
    if (maxHostCalls !== undefined && !(Number.isInteger(maxHostCalls) && maxHostCalls >= 0)) throw new TypeError('Engine: maxHostCalls must be a non-negative integer');
    const maxTableElements = config.maxTableElements;
    if (maxTableElements !== undefined && !(Number.isInteger(maxTableElements) && maxTableElements >= 0)) throw new TypeError('Engine: maxTableElements must be a non-negative integer');
    const asyncReentryCheck = config.asyncReentryCheck ?? true;
    this.runtime = new Runtime({ memoryMode, maxMemoryPages, maxTableElements, stackBytes, timeoutMs, fuel, maxInstances, sliceMs, maxHostCalls, asyncReentryCheck }, makeExportedFunction);
  }

  /** Instances holding pool resources now (live, or dead and not yet freed). */
  get liveInstances(): number {
    return this.runtime.pool.live;
  }

  /** Pool occupancy, for metrics: live instances, the ceiling, ready shells, host calls pending. */
  get poolStats(): { readonly live: number; readonly maxInstances: number; readonly readyShells: number; readonly pendingHostCalls: number } {
    const rt = this.runtime;
    return { live: rt.pool.live, maxInstances: rt.config.maxInstances, readyShells: rt.shellCount, pendingHostCalls: rt.pendingHostCalls };
  }

  get memoryMode(): 'guarded' | 'checked' {
    return this.runtime.config.memoryMode;
  }

  validate(bytes: Uint8Array): boolean {
    return validate(bytes);
  }

  /** Compiles a module binary or .wat text. Throws CompileError or Unsupported. */
  async compile(input: Uint8Array | string): Promise<Module> {
    this.runtime.check();
    const bytes = typeof input === 'string' ? await watToBinary(input) : input;
    const wasm = parseModule(bytes);
    const { memoryMode, fuel } = this.runtime.config;
    return this.load(compileModule(wasm, { memoryMode, fuel: fuel !== undefined }));
  }

  /**
   * Loads an already compiled module (from a compiler tier or an artifact).
   * Its code is unloaded once the Module and every instance of it are gone
   * (module-lifetime.ts), or at Module.dispose().
   */
  load(compiled: CompiledModule): Module {
    this.runtime.check();
    return this.runtime.moduleLifetimes.open(new Module(this.runtime, compiled));
  }

  /** Module code images loaded now (each is unloaded when its module is collected or disposed). */
  get loadedCodeImages(): number {
    return this.runtime.loadedCodes;
  }

  /** Links and initialises an instance. Throws LinkError; rejects with Trap when initialisation traps. */
  async instantiate(module: Module, imports?: ImportObject, options: InstantiateOptions = EMPTY): Promise<Instance> {
    const limits = this.callLimits(options);
    const state = await instantiate(this, module, imports, options, limits);
    return new Instance(this.runtime, state);
  }

  private callLimits(o: InstantiateOptions): CallLimits {
    const c = this.runtime.config;
    if (o.timeoutMs !== undefined && !(o.timeoutMs >= 0)) throw new TypeError('instantiate: timeoutMs must be a non-negative number');
    let fuel = c.fuel;
    if (o.fuel !== undefined) {
      if (c.fuel === undefined) throw new TypeError('instantiate: fuel needs an engine made with EngineConfig.fuel (modules are compiled with metering)');
      fuel = BigInt(o.fuel);
      if (fuel < 0n || fuel >= 2n ** 63n) throw new TypeError('instantiate: fuel must be in 0..2^63-1');
    }
    if (o === EMPTY || (o.timeoutMs === undefined && o.sliceMs === undefined && o.fuel === undefined)) return c;
    return {
      timeoutMs: o.timeoutMs ?? c.timeoutMs,
      sliceMs: o.sliceMs !== undefined ? slice(o.sliceMs, 'instantiate') : c.sliceMs,
      fuel,
      maxHostCalls: c.maxHostCalls,
    };
  }

  /** Releases every native resource of this engine; its objects become unusable. */
  close(): void {
    this.runtime.close();
  }
}
