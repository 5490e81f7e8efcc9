// Module-level validation rules of WebAssembly 2.0: index references outside
// function bodies, limits, memories, constant expressions, element and data
// segments, the start function and exports.
//
// Invariants: each rule throws CompileError with the spec test suite's phrase
// and the offset of the offending entry; no rule trusts an index before it is
// bounds-checked. Imported by validate.ts only.

import { CompileError } from '../errors.js';
import {
  ExternKind, SegmentMode, ValType,
  type ConstExpr, type Limits as LimitsT, type Module, type ValType as ValTypeT,
} from '../types.js';
import { Limits } from '../limits.js';
import type { ModuleContext } from './context.js';

function fail(reason: string, offset: number): never {
  throw new CompileError(reason, offset);
}

/** The problem with a table's or memory's limits, or undefined. */
function limitsProblem(limits: LimitsT, isMemory: boolean): string | undefined {
  if (isMemory && (limits.min > Limits.specMemoryPages || (limits.max !== undefined && limits.max > Limits.specMemoryPages))) {
    return 'memory size must be at most 65536 pages (4GiB)';
  }
  if (limits.max !== undefined && limits.min > limits.max) return 'size minimum must not be greater than maximum';
  return undefined;
}

/**
 * Checks a constant expression and that it produces one value of type `expected`.
 * In 2.0, global.get may name only imported globals, and only immutable ones.
 */
export function checkConstExpr(m: Module, c: ModuleContext, e: ConstExpr, expected: ValTypeT): void {
  let depth = 0;
  let type = 0;
  for (const ins of e.instrs) {
    switch (ins.op) {
      case 'i32.const': type = ValType.i32; break;
      case 'i64.const': type = ValType.i64; break;
      case 'f32.const': type = ValType.f32; break;
      case 'f64.const': type = ValType.f64; break;
      case 'v128.const': type = ValType.v128; break;
      case 'ref.null': type = ins.type; break;
      case 'ref.func':
        if (ins.funcIndex >= c.numFuncs) fail(`unknown function ${ins.funcIndex}`, e.offset);
        type = ValType.funcref;
        break;
      case 'global.get':
        if (ins.globalIndex >= m.numImportedGlobals) fail(`unknown global ${ins.globalIndex}`, e.offset);
        if (c.globalMutable[ins.globalIndex]) fail('constant expression required', e.offset);
        type = c.globalType[ins.globalIndex]!;
        break;
    }
    depth++;
  }
  if (depth !== 1 || type !== expected) fail('type mismatch', e.offset);
}

export function validateModuleRules(m: Module, c: ModuleContext): void {

  // Every function's type index (imports and the function section).
  for (let i = 0; i < c.numFuncs; i++) {
    const t = m.funcTypes[i]!;
    if (t >= c.numTypes) {
      const imp = i < m.numImportedFuncs ? m.imports.filter((x) => x.desc.kind === ExternKind.func)[i] : undefined;
      fail(`unknown type ${t}`, imp?.offset ?? 0); // the filter runs once, on failure
    }
  }

  // Tables and memories (imported and defined). The offset of an imported one
  // is looked up only on failure, so this stays linear in the module.
  const importOffset = (kind: ExternKind, index: number): number => {
    let n = 0;
    for (const imp of m.imports) if (imp.desc.kind === kind && n++ === index) return imp.offset;
    return 0;
  };
  m.tables.forEach((t, i) => {
    const problem = limitsProblem(t.limits, false);
    if (problem) fail(problem, i < m.numImportedTables ? importOffset(ExternKind.table, i) : 0);
  });
  m.memories.forEach((mem, i) => {
    const problem = limitsProblem(mem.limits, true);
    if (problem) fail(problem, i < m.numImportedMemories ? importOffset(ExternKind.memory, i) : 0);
  });
  if (m.memories.length > 1) fail('multiple memories', importOffset(ExternKind.memory, 1));

  for (const g of m.globals) checkConstExpr(m, c, g.init, g.type.type);

  m.elements.forEach((seg) => {
    for (const item of seg.items) checkConstExpr(m, c, item, seg.elemType);
    if (seg.mode === SegmentMode.active) {
      if (seg.tableIndex >= c.numTables) fail(`unknown table ${seg.tableIndex}`, seg.offset);
      if (c.tableElem[seg.tableIndex] !== seg.elemType) fail('type mismatch', seg.offset);
      if (!seg.offsetExpr) fail('type mismatch', seg.offset);
      checkConstExpr(m, c, seg.offsetExpr, ValType.i32);
    }
  });

  // Read from the context (c.dataCount is -1 without the section): the module
  // has a `dataCount` field or none, which made this one read a second hidden
  // class to check, and V8 deoptimized this function on every new module.
  if (c.dataCount >= 0 && c.dataCount !== m.datas.length) {
    fail('data count and data section have inconsistent lengths', m.datas[0]?.offset ?? 0);
  }
  for (const seg of m.datas) {
    if (seg.mode === SegmentMode.active) {
      if (seg.memoryIndex >= c.numMemories) fail(`unknown memory ${seg.memoryIndex}`, seg.offset);
      if (!seg.offsetExpr) fail('type mismatch', seg.offset);
      checkConstExpr(m, c, seg.offsetExpr, ValType.i32);
    }
  }

  if (m.start !== undefined) {
    if (m.start >= c.numFuncs) fail(`unknown function ${m.start}`, 0);
    const t = c.funcType[m.start]!;
    if (c.paramCount[t] !== 0 || c.resultCount[t] !== 0) fail('start function', 0);
  }

  const names = new Set<string>();
  for (const ex of m.exports) {
    switch (ex.kind) {
      case ExternKind.func: if (ex.index >= c.numFuncs) fail(`unknown function ${ex.index}`, ex.offset); break;
      case ExternKind.table: if (ex.index >= c.numTables) fail(`unknown table ${ex.index}`, ex.offset); break;
      case ExternKind.memory: if (ex.index >= c.numMemories) fail(`unknown memory ${ex.index}`, ex.offset); break;
      case ExternKind.global: if (ex.index >= c.numGlobals) fail(`unknown global ${ex.index}`, ex.offset); break;
      default: fail('malformed export kind', ex.offset);
    }
    if (names.has(ex.name)) fail('duplicate export name', ex.offset);
    names.add(ex.name);
  }
}
