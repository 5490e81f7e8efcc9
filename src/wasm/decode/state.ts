// The decoder's working state: a Module under construction, with mutable
// arrays, plus the bookkeeping the final cross-section checks need.
//
// Invariants: index-space arrays hold imports first (imports are decoded before
// any definition section, which the section order guarantees). Only the
// decode/ files and decoder.ts import this; everyone else sees `Module`.

import type {
  FuncType, Import, TableType, MemoryType, GlobalType, Global, Export,
  ElementSegment, DataSegment, FunctionBody, NameMap, CustomSection,
} from '../types.js';
import type { CodeSink, DecodeHooks } from '../decoder.js';

export interface ModuleDraft {
  bytes: Uint8Array;
  types: FuncType[];
  imports: Import[];
  funcTypes: number[];
  numImportedFuncs: number;
  tables: TableType[];
  numImportedTables: number;
  memories: MemoryType[];
  numImportedMemories: number;
  globalTypes: GlobalType[];
  numImportedGlobals: number;
  globals: Global[];
  exports: Export[];
  start?: number;
  elements: ElementSegment[];
  dataCount?: number;
  bodies: FunctionBody[];
  datas: DataSegment[];
  names: NameMap;
  customSections: CustomSection[];
  /** Entries in the function section (undefined-free: 0 when absent). */
  declaredFuncCount: number;
  /** Where the section being read ends by its declared size (its readers may read past it; see decoder.ts). */
  sectionEnd: number;
  /** The caller's hooks, and the sink the code section's hook returned. */
  hooks?: DecodeHooks | undefined;
  codeSink?: CodeSink | undefined;
}

export function emptyDraft(bytes: Uint8Array): ModuleDraft {
  return {
    bytes,
    types: [],
    imports: [],
    funcTypes: [],
    numImportedFuncs: 0,
    tables: [],
    numImportedTables: 0,
    memories: [],
    numImportedMemories: 0,
    globalTypes: [],
    numImportedGlobals: 0,
    globals: [],
    exports: [],
    elements: [],
    bodies: [],
    datas: [],
    names: { functions: new Map(), locals: new Map() },
    customSections: [],
    declaredFuncCount: 0,
    sectionEnd: 0,
    // Declared here, not added later: an object literal's hidden class is
    // held by the literal itself, one reached by adding a property only while
    // some object has it, so after a GC between two modules the code
    // optimized for drafts (the pool's code-section hook) was deoptimized.
    hooks: undefined,
    codeSink: undefined,
  };
}
