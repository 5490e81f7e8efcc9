// Readers for the sections that declare things: type, import, function,
// table, memory, global, export, start, data count and code (WebAssembly 2.0,
// 5.5). Segments live in segments.ts.
//
// Invariants: each reader starts at its section's payload and consumes
// entries until its count is done; it may read past the payload (up to the
// module's end), and the caller then reports "section size mismatch". Counts are checked against the bytes left
// before any loop runs, so a hostile count fails fast. Implementation limits
// from limits.ts that apply to the binary format are enforced here; typing
// and index ranges are the validator's. Imported by decoder.ts only.

import { Limits } from '../limits.js';
import { limitError } from '../errors.js';
import type { Reader } from '../reader.js';
import { ExternKind, type FunctionBody, type ImportDesc } from '../types.js';
import type { ModuleDraft } from './state.js';
import { readConstExpr } from './const-expr.js';
import { readFuncType, readGlobalType, readMemoryType, readTableType } from './types.js';

/**
 * Reads a vector count and checks it against an implementation limit. Every
 * entry takes at least one byte, so a count beyond the bytes left fails here;
 * tighter per-entry minimums would reorder errors against the reference
 * interpreter (which reports the first malformed entry) for no safety gain.
 */
function limitedCount(r: Reader, what: string, already: number, max: number): number {
  const at = r.pos;
  const n = r.count();
  if (already + n > max) throw limitError(`number of ${what}`, already + n, max, at);
  return n;
}

export function readTypeSection(r: Reader, m: ModuleDraft): void {
  const n = limitedCount(r, 'types', 0, Limits.types);
  for (let i = 0; i < n; i++) m.types.push(readFuncType(r));
}

export function readImportSection(r: Reader, m: ModuleDraft): void {
  const n = limitedCount(r, 'imports', 0, Limits.imports);
  for (let i = 0; i < n; i++) {
    const offset = r.pos;
    const module = r.name();
    const name = r.name();
    const kindAt = r.pos;
    const kind = r.u8();
    let desc: ImportDesc;
    switch (kind) {
      case ExternKind.func: {
        const typeIndex = r.u32();
        desc = { kind, typeIndex };
        m.funcTypes.push(typeIndex);
        m.numImportedFuncs++;
        if (m.numImportedFuncs > Limits.functions) {
          throw limitError('number of functions', m.numImportedFuncs, Limits.functions, offset);
        }
        break;
      }
      case ExternKind.table: {
        const type = readTableType(r);
        desc = { kind, type };
        m.tables.push(type);
        m.numImportedTables++;
        if (m.numImportedTables > Limits.tables) {
          throw limitError('number of tables', m.numImportedTables, Limits.tables, offset);
        }
        break;
      }
      case ExternKind.memory: {
        const type = readMemoryType(r);
        desc = { kind, type };
        m.memories.push(type);
        m.numImportedMemories++;
        break;
      }
      case ExternKind.global: {
        const type = readGlobalType(r);
        desc = { kind, type };
        m.globalTypes.push(type);
        m.numImportedGlobals++;
        if (m.numImportedGlobals > Limits.globals) {
          throw limitError('number of globals', m.numImportedGlobals, Limits.globals, offset);
        }
        break;
      }
      default:
        r.fail('malformed import kind', kindAt);
    }
    m.imports.push({ module, name, desc, offset });
  }
}

export function readFunctionSection(r: Reader, m: ModuleDraft): void {
  const n = limitedCount(r, 'functions', m.numImportedFuncs, Limits.functions);
  // Read into an array sized up front (no regrowth over 34,000 entries), joined to the imports' when complete.
  const types = new Array<number>(n);
  for (let i = 0; i < n; i++) types[i] = r.u32();
  m.funcTypes = m.funcTypes.length === 0 ? types : m.funcTypes.concat(types);
  m.declaredFuncCount = n;
}

export function readTableSection(r: Reader, m: ModuleDraft): void {
  const n = limitedCount(r, 'tables', m.numImportedTables, Limits.tables);
  for (let i = 0; i < n; i++) m.tables.push(readTableType(r));
}

export function readMemorySection(r: Reader, m: ModuleDraft): void {
  // More than one memory is a validation error ("multiple memories"), so the
  // count is bounded only by the bytes present.
  const n = r.count();
  for (let i = 0; i < n; i++) m.memories.push(readMemoryType(r));
}

export function readGlobalSection(r: Reader, m: ModuleDraft): void {
  const n = limitedCount(r, 'globals', m.numImportedGlobals, Limits.globals);
  for (let i = 0; i < n; i++) {
    const type = readGlobalType(r);
    const init = readConstExpr(r);
    m.globalTypes.push(type);
    m.globals.push({ type, init });
  }
}

export function readExportSection(r: Reader, m: ModuleDraft): void {
  const n = limitedCount(r, 'exports', 0, Limits.exports);
  for (let i = 0; i < n; i++) {
    const offset = r.pos;
    const name = r.name();
    const kindAt = r.pos;
    const kind = r.u8();
    if (kind > ExternKind.global) r.fail('malformed export kind', kindAt);
    const index = r.u32();
    m.exports.push({ name, kind: kind as ExternKind, index, offset });
  }
}

export function readStartSection(r: Reader, m: ModuleDraft): void {
  m.start = r.u32();
}

export function readDataCountSection(r: Reader, m: ModuleDraft): void {
  m.dataCount = r.u32();
}

/**
 * Records each body's byte range without reading it: the validator and the
 * compilers decode bodies on demand, so a large module decodes in one pass
 * over the body sizes.
 */
export function readCodeSection(r: Reader, m: ModuleDraft): void {
  const n = limitedCount(r, 'functions', m.numImportedFuncs, Limits.functions);
  // Filled by index (no regrowth while 34,000 bodies are read) and published
  // only when complete: an error part-way leaves m.bodies as it was.
  const bodies = new Array<FunctionBody>(n);
  const bytes = r.bytes;
  const sink = m.hooks?.codeSection?.(m, n, Math.max(0, m.sectionEnd - r.pos));
  m.codeSink = sink;
  for (let i = 0; i < n; i++) {
    const at = r.pos;
    let size: number;
    // Sizes of one or two LEB bytes (bodies under 16 KiB) inline; the reader does the rest.
    const b0 = at + 1 < r.end ? bytes[at]! : 0x80, b1 = at + 1 < r.end ? bytes[at + 1]! : 0x80;
    if (b0 < 0x80) {
      size = b0;
      r.pos = at + 1;
    } else if (b1 < 0x80) {
      size = (b0 & 0x7f) | (b1 << 7);
      r.pos = at + 2;
    } else {
      size = r.u32();
    }
    if (size > Limits.functionBodyBytes) throw limitError('function body size', size, Limits.functionBodyBytes, at);
    if (size > r.end - r.pos) r.fail(size > r.bytes.length - r.pos ? 'length out of bounds' : r.endReason, at);
    const start = r.pos;
    r.pos = start + size;
    bodies[i] = { start, end: start + size };
    sink?.body(i, start, start + size);
  }
  m.bodies = bodies;
}
