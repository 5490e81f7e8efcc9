// The validation context C of the spec, precomputed once per module as typed
// arrays so the per-instruction checks never allocate or chase objects:
// function types as flat value-type lists, the type of every function, table,
// global and element segment, the declared-function set (C.refs), and interned
// ids of value-type lists (so br_table can skip label types it already checked).
//
// Invariants: built only from a Module whose indices it does not trust: every
// lookup of an index taken from the module's bytes is bounds-checked by the
// caller against the counts here. A plain object of typed arrays and numbers,
// so it can be posted to a worker thread as is (structured clone).
// Imported by the validator only.

import type { Module, ConstExpr } from '../types.js';
import { ExternKind } from '../types.js';

export interface ModuleContext {
  readonly numTypes: number;
  /** Flat value types of all function types; see paramStart/resultStart. */
  readonly typeVals: Uint8Array;
  readonly paramStart: Int32Array;
  readonly paramCount: Int32Array;
  readonly resultStart: Int32Array;
  readonly resultCount: Int32Array;
  /** Interned id of each type's param list and result list (equal lists, equal ids). */
  readonly paramListId: Int32Array;
  readonly resultListId: Int32Array;
  /** Number of distinct list ids (ids of single value types are below 256). */
  readonly numListIds: number;
  readonly numFuncs: number;
  /** Type index of each function. */
  readonly funcType: Int32Array;
  readonly numTables: number;
  readonly tableElem: Uint8Array;
  readonly numMemories: number;
  readonly numGlobals: number;
  readonly globalType: Uint8Array;
  readonly globalMutable: Uint8Array;
  readonly numElems: number;
  readonly elemType: Uint8Array;
  /** The data count section's value, or -1 when the section is absent. */
  readonly dataCount: number;
  /** 1 for functions that ref.func may name (C.refs): referenced outside function bodies. */
  readonly declared: Uint8Array;
  /** Number of data segments (checked against when the data count section is absent). */
  readonly numDatas: number;
}

export function buildContext(module: Module): ModuleContext {
  const types = module.types;
  let total = 0;
  for (const t of types) total += t.params.length + t.results.length;
  const typeVals = new Uint8Array(total);
  const paramStart = new Int32Array(types.length);
  const paramCount = new Int32Array(types.length);
  const resultStart = new Int32Array(types.length);
  const resultCount = new Int32Array(types.length);
  const paramListId = new Int32Array(types.length);
  const resultListId = new Int32Array(types.length);
  // Ids 0..255: the empty list is 0x40 (its block-type byte) and a single type
  // is its own code; longer lists get ids from 256 on.
  const interned = new Map<string, number>();
  const listId = (from: number, n: number): number => {
    if (n === 0) return 0x40;
    if (n === 1) return typeVals[from]!;
    const key = String.fromCharCode.apply(null, typeVals.subarray(from, from + n) as unknown as number[]);
    let id = interned.get(key);
    if (id === undefined) { id = 256 + interned.size; interned.set(key, id); }
    return id;
  };
  let at = 0;
  types.forEach((t, i) => {
    paramStart[i] = at;
    paramCount[i] = t.params.length;
    for (const v of t.params) typeVals[at++] = v;
    resultStart[i] = at;
    resultCount[i] = t.results.length;
    for (const v of t.results) typeVals[at++] = v;
    paramListId[i] = listId(paramStart[i]!, t.params.length);
    resultListId[i] = listId(resultStart[i]!, t.results.length);
  });

  const numFuncs = module.funcTypes.length;
  // By index, not Int32Array.from: that iterates, allocating a result object per function.
  // Int32 (small-integer reads on hot paths); an index past 2^31 - 1 is out of range
  // either way, and validateModuleRules reports it from module.funcTypes.
  const funcType = new Int32Array(numFuncs);
  for (let i = 0; i < numFuncs; i++) funcType[i] = Math.min(module.funcTypes[i]!, 0x7fffffff);
  const declared = new Uint8Array(numFuncs);
  const mark = (e: ConstExpr | undefined): void => {
    if (!e) return;
    for (const ins of e.instrs) {
      if (ins.op === 'ref.func' && ins.funcIndex < numFuncs) declared[ins.funcIndex] = 1;
    }
  };
  for (const g of module.globals) mark(g.init);
  for (const seg of module.elements) {
    mark(seg.offsetExpr);
    for (const item of seg.items) mark(item);
  }
  for (const ex of module.exports) {
    if (ex.kind === ExternKind.func && ex.index < numFuncs) declared[ex.index] = 1;
  }

  return contextRecord({
    numTypes: types.length, typeVals, paramStart, paramCount, resultStart, resultCount,
    paramListId, resultListId, numListIds: 256 + interned.size,
    numFuncs, funcType,
    numTables: module.tables.length, tableElem: Uint8Array.from(module.tables, (t) => t.elemType),
    numMemories: module.memories.length,
    numGlobals: module.globalTypes.length,
    globalType: Uint8Array.from(module.globalTypes, (g) => g.type),
    globalMutable: Uint8Array.from(module.globalTypes, (g) => (g.mutable ? 1 : 0)),
    numElems: module.elements.length, elemType: Uint8Array.from(module.elements, (e) => e.elemType),
    dataCount: module.dataCount ?? -1,
    declared,
    numDatas: module.datas.length,
  });
}

/**
 * The context as the one object literal every context of this thread comes
 * from, so all have one hidden class. A context posted from another thread
 * arrives with a hidden class of its own, reachable only while some object
 * has it: after a GC, code optimized for it would be deoptimized. Through
 * here, the idle context the spare validator holds (spare.ts) keeps the
 * class alive. Copies references, not arrays.
 */
export function contextRecord(c: ModuleContext): ModuleContext {
  return {
    numTypes: c.numTypes, typeVals: c.typeVals, paramStart: c.paramStart, paramCount: c.paramCount,
    resultStart: c.resultStart, resultCount: c.resultCount, paramListId: c.paramListId, resultListId: c.resultListId,
    numListIds: c.numListIds, numFuncs: c.numFuncs, funcType: c.funcType, numTables: c.numTables, tableElem: c.tableElem,
    numMemories: c.numMemories, numGlobals: c.numGlobals, globalType: c.globalType, globalMutable: c.globalMutable,
    numElems: c.numElems, elemType: c.elemType, dataCount: c.dataCount, declared: c.declared, numDatas: c.numDatas,
  };
}
