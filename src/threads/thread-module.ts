// A module compiled for a ThreadedEngine: its artifact (compiled once, in one
// worker; every worker loads these bytes without recompiling) and its shape
// (imports, exports and function signatures), so the main thread can link
// and build proxies without loading code itself.
//
// Invariants: the artifact lives in a SharedArrayBuffer, so shipping it to a
// worker (including a replacement for one that died) copies nothing; the
// module belongs to the pool that compiled it.
// Only src/threads/ constructs it; the type is public.

import type { ExternKindName } from '../runtime/module.js';
import type { ModuleShape } from './protocol.js';

export class ThreadModule {
  /** @internal */
  constructor(
    /** @internal The module's number in its pool and in every worker. */
    readonly id: number,
    /** @internal The pool it belongs to. */
    readonly owner: object,
    /** The compiled module as an artifact (src/artifact format). */
    readonly artifact: Uint8Array,
    /** @internal */
    readonly shape: ModuleShape,
  ) {}

  imports(): { module: string; name: string; kind: ExternKindName }[] {
    return this.shape.imports.map(({ module, name, kind }) => ({ module, name, kind }));
  }

  exports(): { name: string; kind: ExternKindName }[] {
    return this.shape.exports.map(({ name, kind }) => ({ name, kind }));
  }
}

/** Copies bytes into shared memory once, for every worker to read. */
export function sharedCopy(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(new SharedArrayBuffer(bytes.length));
  out.set(bytes);
  return out;
}
