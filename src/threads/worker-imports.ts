// Worker side: the import object a guest in this worker links against, made
// from WireImports. Each main-thread JS function becomes an async import that
// posts a HostCall and returns a Promise settled by the main thread's
// HostReply; the engine suspends the guest meanwhile (async host calls), so
// the worker's event loop stays free for other guests and messages.
//
// Invariants: every HostCall gets exactly one HostReply, or none when the
// pool closes (then the guests are killed, which abandons the wait); a failed
// import is marked with its host-call number (wire-errors.ts) so the main
// thread can answer the call with the original error.
// Only src/threads/worker-main.ts imports this.

import type { MessagePort } from 'node:worker_threads';
import type { ImportObject } from '../runtime/values.js';
import type { FromWorker, HostReply, WireImports } from './protocol.js';
import { packValues, unpackResult } from './nan-wire.js';
import { fromWire, markHostError } from './wire-errors.js';

export class HostCalls {
  private next = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void; results: number }>();

  constructor(private readonly port: MessagePort) {}

  /** The import object for instance `instance`: host functions by message, plain values as given. */
  importsFor(instance: number, wire: WireImports): ImportObject {
    const out: Record<string, Record<string, unknown>> = Object.create(null) as Record<string, Record<string, unknown>>;
    const put = (module: string, name: string, v: unknown) => { (out[module] ??= Object.create(null) as Record<string, unknown>)[name] = v; };
    wire.functions.forEach(({ module, name, results }, index) => put(module, name, (...args: unknown[]) => this.call(instance, index, results, args)));
    for (const { module, name, value } of wire.values) put(module, name, value);
    return out as ImportObject;
  }

  settle(r: HostReply): void {
    const w = this.waiting.get(r.host);
    if (w === undefined) return; // the guest was killed meanwhile; nobody waits
    this.waiting.delete(r.host);
    if (r.ok) w.resolve(unpackResult(r.value, w.results));
    else {
      const e = fromWire(r.error);
      w.reject(e instanceof Error ? markHostError(e, r.host) : e);
    }
  }

  private call(instance: number, index: number, results: number, args: unknown[]): Promise<unknown> {
    const host = this.next++;
    return new Promise((resolve, reject) => {
      // An externref argument that cannot be cloned (a function, a symbol) fails here, as the import's error.
      this.port.postMessage({ t: 'host', host, instance, import: index, args: packValues(args) } satisfies FromWorker);
      this.waiting.set(host, { resolve, reject, results });
    });
  }
}
