// An instance living in a pool worker, as the main thread holds it: the same
// faces as Engine's Instance — `exports` whose functions return Promises
// (JS API values), call() with Vals (bit-exact), kill()/release() and a kill
// handle — each forwarded to the worker by message.
//
// Differences, because the instance's memory and objects live on another
// thread: exported memories, tables and globals are not in `exports`
// (getGlobal() reads a global, asynchronously); funcref values cannot cross
// (refused with a TypeError); externref values cross as structured clones.
// Invariants: after kill()/release() every call rejects at once; when the
// worker dies every call rejects with the reason; when neither this object
// nor any of its exported functions is reachable, the worker releases the
// instance (FinalizationRegistry).
// Only src/threads/ constructs it; the type is public.

import type { KillHandle } from '../runtime/call.js';
import type { ExportedFunction, Val } from '../runtime/values.js';
import { packValues, unpackResult, type Values } from './nan-wire.js';
import type { ModuleShape, WasiStartReply } from './protocol.js';
import type { Thread } from './thread.js';

interface Link {
  readonly thread: Thread;
  readonly id: number;
  released: boolean;
}

/** Releases, in its worker, an instance nobody on the main thread can reach any more. */
const collected = new FinalizationRegistry<Link>((link) => {
  if (!link.released) {
    link.released = true;
    link.thread.release(link.id, false);
  }
});

export class ThreadInstance {
  readonly exports: Readonly<Record<string, ExportedFunction>>;
  private readonly link: Link;
  /** Held by this object and every exported function: collected only when all of them are. */
  private readonly token: object;

  /** @internal Use ThreadedEngine.instantiate. */
  constructor(thread: Thread, id: number, shape: ModuleShape, private readonly handle: KillHandle) {
    const link: Link = { thread, id, released: false };
    this.link = link;
    const token = (this.token = {});
    const out: Record<string, ExportedFunction> = Object.create(null) as Record<string, ExportedFunction>;
    for (const e of shape.exports) {
      if (e.func === undefined) continue;
      const name = e.name;
      const results = e.func.results.length;
      const fn = async (...args: unknown[]): Promise<unknown> => unpackResult(await request<Values>(link, token, { op: 'invoke', instance: id, name, args: packValues(args), results }), results);
      Object.defineProperty(fn, 'length', { value: e.func.params.length });
      Object.defineProperty(fn, 'name', { value: name });
      out[name] = fn;
    }
    this.exports = Object.freeze(out);
    collected.register(token, link, link);
  }

  /** Which pool thread the instance lives in (0-based). */
  get thread(): number {
    return this.link.thread.index;
  }

  /** Calls an exported function with typed values; floats travel as raw bits. */
  call(name: string, args: readonly Val[] = []): Promise<Val[]> {
    for (const v of Array.isArray(args) ? args : []) {
      if (v?.type === 'funcref' && v.value !== null) return Promise.reject(new TypeError('corral: a funcref cannot cross to a worker thread (pass null, or call the function on its own thread)'));
    }
    return request(this.link, this.token, { op: 'call', instance: this.link.id, name, vals: args });
  }

  /** The value of an exported global, bit-exact (asynchronous: the global lives in the worker). */
  getGlobal(name: string): Promise<Val> {
    return request(this.link, this.token, { op: 'global', instance: this.link.id, name });
  }

  /**
   * Runs the WASI command's `_start` (the instance was made with
   * InstantiateOptions.wasi); resolves to its exit code and any captured output.
   */
  startWasi(): Promise<WasiStartReply> {
    return request(this.link, this.token, { op: 'wasi-start', instance: this.link.id });
  }

  /**
   * Ends the instance in any state, as Engine's kill(): a call in progress
   * rejects with Trap 'interrupted' (limit 'killed') — through the kill
   * handle, so even a guest spinning in its worker without time slices stops
   * — and the worker releases it. Idempotent.
   */
  kill(): void {
    if (this.link.released) return;
    this.link.released = true;
    collected.unregister(this.link);
    this.link.thread.release(this.link.id, true);
  }

  /** As kill(): the instance ends and gives its slot back. */
  release(): void {
    this.kill();
  }

  /** For killByHandle from any thread (the same handle the worker's Instance gives). */
  get killHandle(): KillHandle {
    return this.handle;
  }
}

type Op = Parameters<Thread['request']>[0];

/** `token` rides with the request: an instance stays alive while a call on it is in flight. */
function request<T>(link: Link, token: object, r: Op): Promise<T> {
  if (link.released) return Promise.reject(new Error('corral: the instance was released'));
  return link.thread.request<T>(r, token);
}
