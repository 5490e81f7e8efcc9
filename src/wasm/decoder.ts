// The binary module decoder (WebAssembly 2.0, chapter 5): bytes in, a Module
// description out, function bodies left as byte ranges.
//
// Invariants:
// - For any input it returns or throws CompileError (spec phrase + offset);
//   nothing else escapes, no input makes it loop or allocate beyond a small
//   multiple of the input size.
// - It reports malformed input only (the binary grammar and the few
//   cross-section rules the spec puts in the binary format: function/code and
//   data count/data lengths). Typing and index ranges are validate.ts's.
// - Section payloads are read as the reference interpreter reads them: up to
//   the module's end, then checked against the declared size ("section size
//   mismatch"), so an overrunning entry reports the spec tests' phrase. Running
//   off the module inside a section is "unexpected end of section or function".
//   A custom section is bounded by its size (its contents are opaque).
// - Hooks (DecodeHooks) let a caller start on the bodies while the code
//   section is still being read (the validator pool does); they observe,
//   they never change what is decoded or reported.
// Only src/wasm/index.ts and tests should call this directly; the rest of the
// project goes through parseModule.

import { CompileError, limitError } from './errors.js';
import { Limits } from './limits.js';
import { decodeNameSection } from './names.js';
import { Reader } from './reader.js';
import type { Module } from './types.js';
import { emptyDraft, type ModuleDraft } from './decode/state.js';
import {
  readCodeSection, readDataCountSection, readExportSection, readFunctionSection, readGlobalSection,
  readImportSection, readMemorySection, readStartSection, readTableSection, readTypeSection,
} from './decode/sections.js';
import { readDataSection, readElementSection } from './decode/segments.js';
import { firstMalformedBody } from './decode/body-skim.js';

export const SectionId = {
  custom: 0, type: 1, import: 2, function: 3, table: 4, memory: 5, global: 6,
  export: 7, start: 8, element: 9, code: 10, data: 11, dataCount: 12,
} as const;

/**
 * The position of each non-custom section in the required order (the data
 * count section sits between element and code, despite its id).
 */
const sectionRank = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 10];

const sectionReaders: ReadonlyArray<(r: Reader, m: ModuleDraft) => void> = [
  () => undefined, readTypeSection, readImportSection, readFunctionSection, readTableSection,
  readMemorySection, readGlobalSection, readExportSection, readStartSection, readElementSection,
  readCodeSection, readDataSection, readDataCountSection,
];

const endOfSection = 'unexpected end of section or function';

/** Points where a caller may start work on a module still being decoded. */
export interface DecodeHooks {
  /**
   * Called when the code section starts, its body count read: every section
   * before it is final; the bodies, the data and the custom sections that
   * may follow are not read yet (`bodies` and `datas` are empty). May return
   * a sink to be told each body's range as it is read. The module may still
   * turn out malformed, in which case decodeModule throws afterwards (the
   * sink's complete() is then never called).
   */
  codeSection?(partial: Module, bodyCount: number, sectionBytes: number): CodeSink | undefined;
}

/** Receives the code section's body ranges while the decoder reads them. */
export interface CodeSink {
  /** Body `index` (in order, from 0) spans [start, end) of the module. */
  body(index: number, start: number, end: number): void;
  /** The code section was read whole and its size checked. */
  complete(): void;
}

/** Decodes a module binary into a Module description. Throws CompileError. */
export function decodeModule(bytes: Uint8Array, hooks?: DecodeHooks): Module {
  if (bytes.length > Limits.moduleBytes) throw limitError('module size', bytes.length, Limits.moduleBytes, 0);
  readHeader(bytes);
  const m = emptyDraft(bytes);
  m.hooks = hooks;
  const codeEnd = { offset: -1 };
  try {
    readSections(bytes, m, codeEnd);
  } catch (e) {
    // A fault inside a body comes first in the stream than one after the code section.
    if (e instanceof CompileError && codeEnd.offset >= 0 && e.offset >= codeEnd.offset) {
      throw firstMalformedBody(bytes, m.bodies) ?? e;
    }
    throw e;
  }
  const { declaredFuncCount: _, sectionEnd: _end, hooks: _hooks, codeSink: _sink, ...module } = m;
  return module;
}

function readSections(bytes: Uint8Array, m: ModuleDraft, codeEnd: { offset: number }): void {
  const r = new Reader(bytes, 8);
  let lastRank = 0;
  let sawCode = false;
  r.endReason = 'unexpected end';
  while (!r.atEnd) {
    const idAt = r.pos;
    const id = r.u8();
    if (id >= sectionRank.length) r.fail('malformed section id', idAt);
    const size = r.length();
    const start = r.pos;
    const end = start + size;
    if (id !== SectionId.custom) {
      const rank = sectionRank[id]!;
      if (rank <= lastRank) r.fail('unexpected content after last section', idAt);
      lastRank = rank;
      if (id === SectionId.code) sawCode = true;
    }
    if (id === SectionId.custom) {
      readCustomSection(new Reader(bytes, start, end), m);
    } else {
      // Like the reference interpreter, read on to the module's end and
      // compare with the declared size afterwards: an entry that overruns its
      // section reports what is wrong with it (the phrases the spec tests
      // expect), and the size check still rejects the overrun.
      r.endReason = endOfSection;
      m.sectionEnd = end;
      sectionReaders[id]!(r, m);
      if (r.pos !== end) r.fail('section size mismatch', start);
      if (id === SectionId.code) {
        codeEnd.offset = end;
        m.codeSink?.complete();
      }
      r.endReason = 'unexpected end';
    }
    r.pos = end;
  }
  const bodyCount = sawCode ? m.bodies.length : 0;
  if (m.declaredFuncCount !== bodyCount) {
    throw new CompileError('function and code section have inconsistent lengths', bytes.length);
  }
  if (m.dataCount !== undefined && m.dataCount !== m.datas.length) {
    throw new CompileError('data count and data section have inconsistent lengths', bytes.length);
  }
}

function readHeader(bytes: Uint8Array): void {
  const r = new Reader(bytes);
  const magic = r.f32Bits();
  if (magic !== 0x6d736100) r.fail('magic header not detected', 0);
  const version = r.f32Bits();
  if (version !== 1) r.fail('unknown binary version', 4);
}

/**
 * A custom section's name is part of the binary format (a bad one is
 * malformed); its contents are not, so the name section is decoded leniently.
 */
function readCustomSection(r: Reader, m: ModuleDraft): void {
  const offset = r.pos;
  const name = r.name();
  const data = r.bytes.subarray(r.pos, r.end);
  m.customSections.push({ name, data, offset });
  if (name === 'name') {
    const names = decodeNameSection(r.bytes, r.pos, r.end);
    if (names) m.names = names;
  }
  r.pos = r.end;
}
