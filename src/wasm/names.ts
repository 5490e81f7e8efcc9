// The `name` custom section (WebAssembly 2.0, 7.4.1): module, function and
// local names, for backtraces and disassembly.
//
// Invariants: a custom section's contents never make a module malformed, so
// any problem here (truncation, bad UTF-8, subsections out of order or
// repeated) yields `undefined` and the caller keeps an empty NameMap. Unknown
// subsections (the extended-name proposal's labels, types, ...) are skipped.
// Never throws. Nothing in wasm/ besides the decoder needs to import this.

import { CompileError } from './errors.js';
import { Reader } from './reader.js';
import type { NameMap } from './types.js';

const Subsection = { module: 0, functions: 1, locals: 2 } as const;

/**
 * Decodes the payload of a custom section named "name" (after its name), the
 * bytes `[start, end)` of `bytes`. Returns undefined when it is malformed.
 */
export function decodeNameSection(bytes: Uint8Array, start: number, end: number): NameMap | undefined {
  try {
    return readNames(new Reader(bytes, start, end));
  } catch (e) {
    if (e instanceof CompileError) return undefined;
    throw e;
  }
}

function readNames(r: Reader): NameMap {
  let module: string | undefined;
  let functions = new Map<number, string>();
  const locals = new Map<number, Map<number, string>>();
  let lastId = -1;
  while (!r.atEnd) {
    const id = r.u8();
    if (id <= lastId) r.fail('name subsections out of order');
    lastId = id;
    const size = r.u32();
    if (size > r.end - r.pos) r.fail('unexpected end');
    const sub = new Reader(r.bytes, r.pos, r.pos + size);
    r.pos += size;
    switch (id) {
      case Subsection.module: module = sub.name(); break;
      case Subsection.functions: functions = readNameMap(sub); break;
      case Subsection.locals: {
        const n = sub.count();
        for (let i = 0; i < n; i++) {
          const funcIndex = sub.u32();
          locals.set(funcIndex, readNameMap(sub));
        }
        break;
      }
      default: continue; // not ours: its size was enough to skip it
    }
    if (!sub.atEnd) r.fail('name subsection size mismatch');
  }
  return module === undefined ? { functions, locals } : { module, functions, locals };
}

function readNameMap(r: Reader): Map<number, string> {
  const map = new Map<number, string>();
  const n = r.count();
  for (let i = 0; i < n; i++) {
    const index = r.u32();
    map.set(index, r.name());
  }
  return map;
}
