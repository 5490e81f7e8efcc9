// Main side: which of a module's imports can cross to a worker, and how.
// JS functions stay here and are called by message (the guest waits,
// suspended, in its worker); numbers and BigInts for immutable globals cross
// by value. Everything bound to memory on this thread is refused with a
// LinkError that says why: a Memory, Table or Global lives in one engine's
// reservation and its guests read it without locks, and an export of a
// pooled instance runs on its own thread, where a direct machine-code call
// from another worker cannot reach.
//
// Invariants: only the module's declared imports are looked at (nothing else
// in the import object is cloned); absent imports are left out, so the
// worker's linker reports them exactly as Engine does.
// Only src/threads/threaded-engine.ts imports this.

import { LinkError } from '../runtime/errors.js';
import { Global } from '../runtime/global.js';
import { Memory } from '../runtime/memory.js';
import { Table } from '../runtime/table.js';
import type { ImportObject } from '../runtime/values.js';
import type { FuncShape, ModuleShape, WireImports } from './protocol.js';
import type { HostSide } from './thread.js';

/** Exported functions of pooled instances, recognised so that linking one elsewhere is refused. */
const pooledExports = new WeakSet<object>();

export function markPooledExports(fns: Iterable<object>): void {
  for (const f of fns) pooledExports.add(f);
}

export function splitImports(shape: ModuleShape, imports: ImportObject | undefined): { wire: WireImports; host: HostSide } {
  const functions: { module: string; name: string; results: number }[] = [];
  const fns: ((...args: unknown[]) => unknown)[] = [];
  const shapes: FuncShape[] = [];
  const values: { module: string; name: string; value: unknown }[] = [];
  for (const imp of shape.imports) {
    const ns: unknown = imports?.[imp.module];
    const v: unknown = ns !== null && (typeof ns === 'object' || typeof ns === 'function') ? (ns as Record<string, unknown>)[imp.name] : undefined;
    if (v === undefined) continue;
    const refuse = (why: string) => new LinkError(`incompatible import type: import "${imp.module}" "${imp.name}": ${why}`);
    if (v instanceof Memory || v instanceof Table || v instanceof Global) {
      throw refuse(`a ${v.constructor.name} cannot be shared with a worker thread (it lives in one engine's memory on one thread); export it from the instance instead, or use a single-thread Engine`);
    }
    if (typeof v === 'function') {
      if (pooledExports.has(v)) {
        throw refuse('an export of a pooled instance cannot be imported: it runs on its own worker thread, and instances on different threads cannot call each other directly (wrap it in a JS function to call it by message)');
      }
      const shape = imp.func ?? { params: [], results: [] };
      functions.push({ module: imp.module, name: imp.name, results: shape.results.length });
      fns.push(v as (...args: unknown[]) => unknown);
      shapes.push(shape);
    } else if (typeof v === 'number' || typeof v === 'bigint') {
      values.push({ module: imp.module, name: imp.name, value: v });
    } else {
      // Not something the linker accepts anyway: an empty object makes it say so in its own words.
      values.push({ module: imp.module, name: imp.name, value: {} });
    }
  }
  return { wire: { functions, values }, host: { functions: fns, shapes } };
}
