// What the differential harness needs to know about a module before running
// it: its function exports with signatures, its exported globals and their
// types, its exported table and memory, and its imports with their types.
// Read with Corral's own front end (parseModule), which must accept every
// module V8 accepts — a rejection is itself a finding.
//
// Invariants: value types are named as the JS API names them ('i32', ...,
// 'funcref'). Only test/differential imports this.

import { parseModule } from '../../src/wasm/index.js';
import { ExternKind, type ValType, valTypeName } from '../../src/wasm/types.js';

export type TypeName = 'i32' | 'i64' | 'f32' | 'f64' | 'v128' | 'funcref' | 'externref';

export interface Signature {
  readonly params: readonly TypeName[];
  readonly results: readonly TypeName[];
}

export interface FuncExport extends Signature {
  readonly name: string;
}

export type ImportFacts =
  | { readonly module: string; readonly name: string; readonly kind: 'function'; readonly sig: Signature }
  | { readonly module: string; readonly name: string; readonly kind: 'global'; readonly type: TypeName; readonly mutable: boolean }
  | { readonly module: string; readonly name: string; readonly kind: 'table' | 'memory' };

export interface ModuleFacts {
  readonly funcs: readonly FuncExport[];
  readonly globals: readonly { readonly name: string; readonly type: TypeName }[];
  /** Name of the first exported table, if any (the fuzzer's table-get/table-set imports act on it). */
  readonly table?: string;
  /** Name under which memory 0 is exported, if it is. */
  readonly memory?: string;
  readonly imports: readonly ImportFacts[];
}

const name = (t: ValType): TypeName => valTypeName(t) as TypeName;

/** Throws CompileError when Corral's front end rejects the module. */
export function moduleFacts(bytes: Uint8Array): ModuleFacts {
  const m = parseModule(bytes);
  const sigOf = (funcIndex: number): Signature => {
    const t = m.types[m.funcTypes[funcIndex]!]!;
    return { params: t.params.map(name), results: t.results.map(name) };
  };
  const funcs: FuncExport[] = [];
  const globals: { name: string; type: TypeName }[] = [];
  let table: string | undefined;
  let memory: string | undefined;
  for (const e of m.exports) {
    if (e.kind === ExternKind.func) funcs.push({ name: e.name, ...sigOf(e.index) });
    else if (e.kind === ExternKind.global) globals.push({ name: e.name, type: name(m.globalTypes[e.index]!.type) });
    else if (e.kind === ExternKind.table) table ??= e.name;
    else if (e.kind === ExternKind.memory && e.index === 0) memory ??= e.name;
  }
  const imports: ImportFacts[] = m.imports.map((i): ImportFacts => {
    switch (i.desc.kind) {
      case ExternKind.func: {
        const t = m.types[i.desc.typeIndex]!;
        return { module: i.module, name: i.name, kind: 'function', sig: { params: t.params.map(name), results: t.results.map(name) } };
      }
      case ExternKind.global: return { module: i.module, name: i.name, kind: 'global', type: name(i.desc.type.type), mutable: i.desc.type.mutable };
      case ExternKind.table: return { module: i.module, name: i.name, kind: 'table' };
      case ExternKind.memory: return { module: i.module, name: i.name, kind: 'memory' };
    }
  });
  return { funcs, globals, ...(table !== undefined ? { table } : {}), ...(memory !== undefined ? { memory } : {}), imports };
}

/** True when the module has a memory 0 (defined or imported). */
export function hasMemory(bytes: Uint8Array): boolean {
  return parseModule(bytes).memories.length > 0;
}
