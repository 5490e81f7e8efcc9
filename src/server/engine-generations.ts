// Engines in generations: how a server that makes one instance per request
// keeps its native memory bounded while the runtime cannot yet release a
// single instance (an instance's guest stack, vmctx and memory slot live until
// its Engine closes).
//
//   acquire() ──► current generation (served < perEngine) ──► Lease
//                  └─ full: retire it, start a new one (engine + load the
//                     already compiled module: no recompilation)
//   Lease.release() ──► inflight-- ; a retired generation with no request in
//                       flight is closed, returning all its instances' memory.
//
// Invariants: a generation is closed exactly once, only when retired and with
// no request in flight (a guest suspended in a host call must never see its
// engine close); the module is compiled once, by the first engine, and
// every later generation loads the same CompiledModule. When the runtime
// gains per-instance release, this file becomes a pool of one engine.
// Imports the public runtime API only.

import { Engine, type EngineConfig, type Module } from '../index.js';

interface Generation {
  readonly engine: Engine;
  readonly module: Module;
  served: number;
  inflight: number;
  retired: boolean;
}

export interface Lease {
  readonly engine: Engine;
  readonly module: Module;
  /** Call exactly once, when the request's instance will never run again. */
  release(): void;
}

export interface GenerationStats {
  /** Engines open (the current one and retired ones still draining). */
  readonly engines: number;
  /** Requests in flight: instances that may still run. */
  readonly live: number;
  /** Instances whose memory is still held (live ones and finished ones of open engines). */
  readonly retained: number;
}

export class EngineGenerations {
  private current: Generation | undefined;
  private readonly open = new Set<Generation>();
  private closed = false;
  /** Plain data (code image and metadata): outlives the engine that compiled it. */
  private readonly compiled: Module['compiled'];

  private constructor(
    private readonly config: EngineConfig,
    private readonly perEngine: number,
    private readonly onCloseError: (e: unknown) => void,
    first: Generation,
  ) {
    this.current = first;
    this.open.add(first);
    this.compiled = first.module.compiled;
  }

  /** Compiles the module (binary or .wat text) once; throws CompileError / Unsupported. */
  static async create(
    input: Uint8Array | string, config: EngineConfig, perEngine: number, onCloseError: (e: unknown) => void,
  ): Promise<EngineGenerations> {
    if (!Number.isInteger(perEngine) || perEngine < 1) throw new RangeError('instancesPerEngine must be a positive integer');
    const engine = new Engine(config);
    try {
      const module = await engine.compile(input);
      return new EngineGenerations(config, perEngine, onCloseError, { engine, module, served: 0, inflight: 0, retired: false });
    } catch (e) {
      engine.close();
      throw e;
    }
  }

  /** The module of the current generation (for import/export checks). */
  get module(): Module {
    return this.generation().module;
  }

  acquire(): Lease {
    const g = this.generation();
    g.served++;
    g.inflight++;
    if (g.served >= this.perEngine) this.retire(g);
    let released = false;
    return {
      engine: g.engine,
      module: g.module,
      release: () => {
        if (released) return;
        released = true;
        g.inflight--;
        if (g.retired && g.inflight === 0) this.closeGeneration(g);
      },
    };
  }

  stats(): GenerationStats {
    let live = 0, retained = 0;
    for (const g of this.open) {
      live += g.inflight;
      retained += g.served;
    }
    return { engines: this.open.size, live, retained };
  }

  /** Closes every engine now: requests still in flight reject with 'engine is closed'. */
  close(): void {
    this.closed = true;
    for (const g of [...this.open]) this.closeGeneration(g);
    this.current = undefined;
  }

  private generation(): Generation {
    if (this.closed) throw new Error('corral server: the handler is closed');
    if (this.current === undefined) {
      const engine = new Engine(this.config);
      const module = engine.load(this.compiled);
      this.current = { engine, module, served: 0, inflight: 0, retired: false };
      this.open.add(this.current);
    }
    return this.current;
  }

  private retire(g: Generation): void {
    g.retired = true;
    if (this.current === g) this.current = undefined;
  }

  private closeGeneration(g: Generation): void {
    if (!this.open.delete(g)) return;
    try {
      g.engine.close();
    } catch (e) {
      this.onCloseError(e);
    }
  }
}
