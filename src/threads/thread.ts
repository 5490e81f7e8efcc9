// Main side of one pool worker: its Worker, the requests awaiting replies,
// the instances living in it (with their kill handles) and the JS imports
// those instances call back into; serves the worker's host calls.
//
// Invariants: every request settles exactly once: by its reply, or rejected
// when the worker dies or the pool closes. The worker keeps the process alive
// only while a request is pending (an idle pool does not hold a script open).
// A host call's error is stashed by its number until the call it failed comes
// back (wire-errors.ts), so callers see the very error their import threw;
// the stash of an instance is dropped with the instance.
// Only src/threads/ imports this.

import { AsyncLocalStorage } from 'node:async_hooks';
import { Worker } from 'node:worker_threads';
import { killByHandle, type KillHandle } from '../runtime/call.js';
import type { EngineConfig } from '../runtime/engine.js';
import type { FuncShape, FromWorker, Request, WorkerSetup } from './protocol.js';
import { packResult, unpackValues } from './nan-wire.js';
import { fromWire, toWire } from './wire-errors.js';

/** The JS imports of one instance, in WireImports.functions order. */
export interface HostSide {
  readonly functions: readonly ((...args: unknown[]) => unknown)[];
  readonly shapes: readonly FuncShape[];
}

/** `keep`: an object kept reachable until the reply (an instance's lifetime token, so a call in flight keeps its instance). */
type Pending = { resolve: (v: unknown) => void; reject: (e: unknown) => void; keep?: object };
type Outgoing = Request extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

const WORKER_URL = new URL('./worker-main.js', import.meta.url);

/** The host calls the current async context is serving (innermost first), to refuse calls back into a waiting guest. */
interface HostCallFrame {
  readonly thread: Thread;
  readonly instance: number;
  done: boolean;
  readonly parent: HostCallFrame | undefined;
}

const hostCallFrames = new AsyncLocalStorage<HostCallFrame>();

export class Thread {
  readonly worker: Worker;
  /** Set when the worker ended without being asked to: the reason every later use fails with. */
  dead: Error | undefined;
  /** Replied at least once: a worker that dies before that is not worth restarting in a loop. */
  answered = false;
  private closing = false;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** Instances made in this worker: number → kill handle. */
  private readonly instances = new Map<number, KillHandle>();
  private readonly hostSides = new Map<number, HostSide>();
  private readonly hostErrors = new Map<number, { readonly instance: number; readonly error: unknown }>();
  private readonly exited: Promise<number>;

  constructor(readonly index: number, config: EngineConfig, onDeath: (t: Thread, e: Error) => void) {
    const setup: WorkerSetup = { config, index };
    this.worker = new Worker(WORKER_URL, { workerData: setup });
    this.worker.unref();
    let failure: Error | undefined;
    this.worker.on('message', (m: FromWorker) => this.onMessage(m));
    this.worker.on('error', (e) => { failure = e; });
    this.exited = new Promise((resolve) => {
      this.worker.on('exit', (code) => {
        resolve(code);
        if (this.closing) return;
        this.dead = new Error(`corral: worker thread ${index} ended (exit code ${code})${failure ? `: ${failure.message}` : ''}`, { cause: failure });
        this.rejectAll(this.dead);
        this.instances.clear();
        this.hostSides.clear();
        this.hostErrors.clear();
        onDeath(this, this.dead);
      });
    });
  }

  /** How busy the worker is: instances living in it plus requests in flight (calls, compiles). */
  get load(): number {
    return this.instances.size + this.pending.size;
  }

  get instanceCount(): number {
    return this.instances.size;
  }

  request<T>(r: Outgoing, keep?: object): Promise<T> {
    if (this.dead) return Promise.reject(this.dead);
    if (this.closing) return Promise.reject(closedError());
    if ('instance' in r && r.op !== 'instantiate' && this.servingHostCallOf(r.instance)) {
      // The guest waits for this import to return: the call would queue behind it in the worker forever.
      return Promise.reject(new Error('corral: re-entrant call not supported yet: a host function called back into the instance that is calling it'));
    }
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.worker.postMessage({ ...r, id } as Request); // a DataCloneError is thrown here, rejecting the call
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, keep });
    });
  }

  /** Registers an instance's imports before instantiating (a start function may call them). */
  addHostSide(instance: number, side: HostSide): void {
    this.hostSides.set(instance, side);
  }

  adopt(instance: number, handle: KillHandle): void {
    this.instances.set(instance, handle);
  }

  /**
   * Ends an instance. With `kill`, through its kill handle first: the guest
   * stops at its next poll even while it is running and the worker's event
   * loop cannot hear messages. Then the worker releases it.
   */
  release(instance: number, kill: boolean): void {
    const handle = this.instances.get(instance);
    this.instances.delete(instance);
    this.hostSides.delete(instance);
    for (const [host, e] of this.hostErrors) if (e.instance === instance) this.hostErrors.delete(host);
    if (this.dead || this.closing) return;
    if (kill && handle !== undefined) killByHandle(handle);
    this.worker.postMessage({ op: 'release', instance } satisfies Request);
  }

  /** Tells the worker to drop a module the main thread no longer holds (its engine unloads the code once its instances are gone). */
  unload(module: number): void {
    if (this.dead || this.closing) return;
    this.worker.postMessage({ op: 'unload', module } satisfies Request);
  }

  /** The error to reject a failed call with: the import's own, if a host call caused it. */
  error(w: Parameters<typeof fromWire>[0]): unknown {
    return fromWire(w, (host) => {
      const e = this.hostErrors.get(host);
      this.hostErrors.delete(host);
      return e?.error;
    });
  }

  /**
   * Stops the worker: running guests are killed through their handles (so a
   * guest spinning without slices lets the thread go), pending calls reject,
   * the worker closes its engine (its native memory returns), then ends.
   */
  async close(graceMs: number): Promise<void> {
    if (this.dead || this.closing) return;
    for (const h of this.instances.values()) killByHandle(h);
    this.rejectAll(closedError());
    const id = this.nextId++;
    this.worker.postMessage({ op: 'close', id } satisfies Request);
    this.closing = true;
    this.worker.ref();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const replied = new Promise<void>((resolve) => {
      this.pending.set(id, { resolve: () => resolve(), reject: () => resolve() });
      timer = setTimeout(resolve, graceMs);
    });
    await Promise.race([replied, this.exited]);
    clearTimeout(timer);
    this.instances.clear();
    this.hostSides.clear();
    this.hostErrors.clear();
    await this.worker.terminate();
  }

  private rejectAll(e: Error): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    this.worker.unref();
    for (const p of all) p.reject(e);
  }

  private onMessage(m: FromWorker): void {
    if (m.t === 'host') {
      void this.serveHostCall(m.host, m.instance, m.import, unpackValues(m.args));
      return;
    }
    const p = this.pending.get(m.id);
    if (p === undefined) return; // rejected already (the pool closed)
    this.answered = true;
    this.pending.delete(m.id);
    if (this.pending.size === 0 && !this.closing) this.worker.unref();
    if (m.ok) p.resolve(m.value);
    else p.reject(this.error(m.error));
  }

  private servingHostCallOf(instance: number): boolean {
    for (let f = hostCallFrames.getStore(); f !== undefined; f = f.parent) {
      if (!f.done && f.thread === this && f.instance === instance) return true;
    }
    return false;
  }

  private async serveHostCall(host: number, instance: number, index: number, args: readonly unknown[]): Promise<void> {
    const side = this.hostSides.get(instance);
    let reply: Request;
    const frame: HostCallFrame = { thread: this, instance, done: false, parent: hostCallFrames.getStore() };
    try {
      const fn = side?.functions[index];
      if (fn === undefined) throw new Error('corral: host call from a released instance');
      let value;
      try {
        value = await hostCallFrames.run(frame, () => fn(...args));
      } finally {
        frame.done = true;
      }
      const results = side!.shapes[index]!.results.length;
      // Several results may come as any iterable; an array is what crosses.
      if (results > 1 && value !== null && typeof value === 'object' && Symbol.iterator in value) value = [...(value as Iterable<unknown>)];
      reply = { op: 'host-reply', host, ok: true, value: packResult(value, results) };
    } catch (e) {
      this.hostErrors.set(host, { instance, error: e });
      reply = { op: 'host-reply', host, ok: false, error: toWire(e) };
    }
    if (this.dead || this.closing) return;
    try {
      this.worker.postMessage(reply);
    } catch (e) {
      const err = new TypeError(`corral: the import's result cannot cross to the worker thread: ${e instanceof Error ? e.message : String(e)}`);
      this.worker.postMessage({ op: 'host-reply', host, ok: false, error: toWire(err) } satisfies Request);
    }
  }
}

export function closedError(): Error {
  return new Error('corral: the thread pool was closed');
}
