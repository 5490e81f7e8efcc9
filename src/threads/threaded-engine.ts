// ThreadedEngine: Engine's API over a pool of worker threads, one Engine per
// thread, so a server's guests use every core.
//
//   main thread                          worker i (worker-main.ts)
//   ThreadedEngine ── Thread i ─ msgs ─► Engine i, modules, instances
//   compile: in the least-loaded worker → artifact → every other worker loads it
//   instantiate: in the least-loaded worker → ThreadInstance (proxy)
//   host imports: called here by message while the guest waits in its worker
//   kill: kill handle (shared flag + interrupt word), then a release message
//
// Invariants: a module is compiled once and loaded (never recompiled) in every
// worker, including a replacement for one that died, until the user drops the
// ThreadModule (collected: every worker drops it, and each worker engine
// unloads its code once its instances there are gone too); a worker that dies is
// reported (onThreadExit, or a process warning), its calls reject and its
// instances are gone, and a fresh worker takes its place (unless workers die
// before ever answering: then something is wrong with every worker, and
// restarting would loop). close() stops every worker even while guests spin.
// Only the public API imports this.

import os from 'node:os';
import type { EngineConfig, InstantiateOptions } from '../runtime/engine.js';
import type { ImportObject } from '../runtime/values.js';
import type { CompileReply, InstantiateReply, WasiSetup, WorkerStats } from './protocol.js';
import { Thread, closedError } from './thread.js';
import { markPooledExports, splitImports } from './thread-imports.js';
import { ThreadInstance } from './thread-instance.js';
import { sharedCopy, ThreadModule } from './thread-module.js';

/** Why a worker thread ended on its own. */
export interface ThreadExitReport {
  readonly thread: number;
  readonly error: Error;
  /** Whether a fresh worker took its place. */
  readonly replaced: boolean;
}

export interface ThreadedEngineConfig extends EngineConfig {
  /** Worker threads, each with its own Engine (default: os.availableParallelism()). */
  readonly threads?: number;
  /** Told when a worker thread dies (default: a process warning). */
  readonly onThreadExit?: (report: ThreadExitReport) => void;
}

export interface ThreadInstantiateOptions extends InstantiateOptions {
  /** A WASI preview1 world the worker builds for this instance (args, env, preopens, stdio); run it with startWasi(). */
  readonly wasi?: WasiSetup;
  /** Put the instance in this thread (0-based) instead of the least-loaded one. */
  readonly thread?: number;
}

/** How long close() lets a worker close its engine before terminating it anyway. */
const CLOSE_GRACE_MS = 2000;

export class ThreadedEngine {
  private readonly config: EngineConfig;
  private readonly threads: Thread[] = [];
  /** Live modules, for workers that start later; weak, so a module the user drops is unloaded (moduleDropped). */
  private readonly modules = new Map<number, WeakRef<ThreadModule>>();
  private readonly dropped = new FinalizationRegistry<number>((id) => this.moduleDropped(id));
  private readonly onThreadExit: (report: ThreadExitReport) => void;
  private nextModule = 1;
  private nextInstance = 1;
  private closed = false;

  constructor(config: ThreadedEngineConfig = {}) {
    const { threads = os.availableParallelism(), onThreadExit, ...engineConfig } = config;
    if (!Number.isInteger(threads) || threads < 1) throw new TypeError('ThreadedEngine: threads must be a positive integer');
    this.config = engineConfig;
    this.onThreadExit = onThreadExit ?? ((r) => process.emitWarning(`${r.error.message}${r.replaced ? '; a new worker took its place' : ''}`, 'CorralThreadExit'));
    for (let i = 0; i < threads; i++) this.threads.push(this.startThread(i));
  }

  get threadCount(): number {
    return this.threads.length;
  }

  /** Per thread: instances living in it and requests in flight. */
  get threadStats(): { readonly thread: number; readonly instances: number; readonly load: number }[] {
    return this.threads.map((t) => ({ thread: t.index, instances: t.instanceCount, load: t.load }));
  }

  /** Each live worker's counters, asked of the worker itself. */
  workerStats(): Promise<WorkerStats[]> {
    this.check();
    return Promise.all(this.threads.filter((t) => !t.dead).map((t) => t.request<WorkerStats>({ op: 'stats' })));
  }

  /**
   * Compiles a module binary or .wat text once, in one worker, and loads the
   * result into every worker as an artifact. Rejects with CompileError or Unsupported.
   */
  async compile(input: Uint8Array | string): Promise<ThreadModule> {
    this.check();
    const id = this.nextModule++;
    const first = this.leastLoaded();
    const r = await first.request<CompileReply>({ op: 'compile', module: id, input });
    const m = new ThreadModule(id, this, sharedCopy(r.artifact), r.shape);
    this.modules.set(id, new WeakRef(m));
    this.dropped.register(m, id);
    // A worker that started after the compile request loads it from `modules` when it starts; the rest load it now.
    await Promise.all(this.threads.filter((t) => t !== first && !t.dead).map((t) => t.request({ op: 'load', module: id, artifact: m.artifact })));
    return m;
  }

  /** Instantiates in the least-loaded worker (or options.thread). Rejects with LinkError, Trap, PoolExhausted. */
  async instantiate(module: ThreadModule, imports?: ImportObject, options: ThreadInstantiateOptions = {}): Promise<ThreadInstance> {
    this.check();
    if (!(module instanceof ThreadModule) || module.owner !== this) throw new TypeError('ThreadedEngine.instantiate: the module was not compiled by this ThreadedEngine');
    const { wasi, thread: pin, ...limits } = options;
    if (pin !== undefined && !(Number.isInteger(pin) && pin >= 0 && pin < this.threads.length)) throw new RangeError(`ThreadedEngine.instantiate: no thread ${pin}`);
    const thread = pin !== undefined ? this.threads[pin]! : this.leastLoaded();
    const { wire, host } = splitImports(module.shape, imports);
    const id = this.nextInstance++;
    thread.addHostSide(id, host);
    let reply: InstantiateReply;
    try {
      reply = await thread.request<InstantiateReply>({ op: 'instantiate', module: module.id, instance: id, imports: wire, options: limits, wasi });
    } catch (e) {
      thread.release(id, false);
      throw e;
    }
    thread.adopt(id, reply.killHandle);
    const instance = new ThreadInstance(thread, id, module.shape, reply.killHandle);
    markPooledExports(Object.values(instance.exports));
    return instance;
  }

  /** Kills every guest (running ones too), closes every worker's engine and ends the workers. Pending calls reject. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.threads.map((t) => t.close(CLOSE_GRACE_MS)));
  }

  private check(): void {
    if (this.closed) throw closedError();
  }

  private leastLoaded(): Thread {
    let best: Thread | undefined;
    for (const t of this.threads) if (!t.dead && (best === undefined || t.load < best.load)) best = t;
    if (best === undefined) throw new Error('corral: every worker thread of the pool has died');
    return best;
  }

  private startThread(index: number): Thread {
    const t = new Thread(index, this.config, (dead, error) => this.replace(dead, error));
    for (const ref of this.modules.values()) {
      const m = ref.deref();
      if (m === undefined) continue;
      t.request({ op: 'load', module: m.id, artifact: m.artifact }).catch(() => {
        // Reported when the thread dies; an instantiate of this module there names the missing module.
      });
    }
    return t;
  }

  /** The user dropped a module: every worker drops it (ThreadInstances keep their worker-side instance, which keeps what it runs). */
  private moduleDropped(id: number): void {
    this.modules.delete(id);
    if (this.closed) return;
    for (const t of this.threads) t.unload(id);
  }

  private replace(dead: Thread, error: Error): void {
    const replaced = !this.closed && dead.answered;
    if (replaced && this.threads[dead.index] === dead) this.threads[dead.index] = this.startThread(dead.index);
    this.onThreadExit({ thread: dead.index, error, replaced });
  }
}
