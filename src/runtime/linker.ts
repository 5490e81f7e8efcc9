// Resolving a module's imports against an import object, with the JS API's
// rules: every import must be present and of the right kind; functions that
// are Corral exports must have the same type; tables and memories must have
// limits that are a subtype of the declared ones; globals must have the same
// type and mutability (plain numbers/BigInts become fresh immutable globals).
//
// Invariants: nothing is allocated before every import has been checked,
// except the fresh globals for plain values; every failure is a LinkError
// naming the import. Only src/runtime/ imports this.

import { ExternKind, ValType, valTypeName, type FuncType, type Import, type Limits } from '../wasm/types.js';
import { LinkError } from './errors.js';
import { Global } from './global.js';
import { Memory } from './memory.js';
import type { Module } from './module.js';
import type { HostFunction } from './refs.js';
import type { Runtime } from './runtime.js';
import { funcTypesEqual } from './signatures.js';
import { Table } from './table.js';
import type { Engine } from './engine.js';
import type { ImportObject } from './values.js';

export type ResolvedImport =
  | { readonly kind: 'wasm-func'; readonly record: number }
  | { readonly kind: 'host-func'; readonly fn: HostFunction; readonly type: FuncType }
  | { readonly kind: 'table'; readonly table: Table }
  | { readonly kind: 'memory'; readonly memory: Memory }
  | { readonly kind: 'global'; readonly global: Global };

export function resolveImports(engine: Engine, module: Module, imports: ImportObject | undefined): ResolvedImport[] {
  const rt: Runtime = engine.runtime;
  const wasm = module.wasm;
  return wasm.imports.map((imp) => {
    const ns: unknown = imports?.[imp.module];
    const v: unknown = ns !== null && (typeof ns === 'object' || typeof ns === 'function') ? (ns as Record<string, unknown>)[imp.name] : undefined;
    if (v === undefined) throw linkError(imp, 'unknown import');
    const d = imp.desc;
    switch (d.kind) {
      case ExternKind.func: {
        if (typeof v !== 'function') throw linkError(imp, 'incompatible import type', 'a function is required');
        const type = wasm.types[d.typeIndex]!;
        const record = rt.refs.recordOf(v);
        if (record === undefined) return { kind: 'host-func', fn: v as HostFunction, type };
        const info = rt.refs.info(record);
        if (info.owner.module.runtime !== rt) throw linkError(imp, 'incompatible import type', 'the function belongs to another engine');
        if (!funcTypesEqual(info.type, type)) {
          throw linkError(imp, 'incompatible import type', `expected ${showFuncType(type)}, got ${showFuncType(info.type)}`);
        }
        return { kind: 'wasm-func', record };
      }
      case ExternKind.table: {
        if (!(v instanceof Table)) throw linkError(imp, 'incompatible import type', 'a Table is required');
        if (v.rt !== rt) throw linkError(imp, 'incompatible import type', 'the table belongs to another engine');
        if (v.elemType !== d.type.elemType) {
          throw linkError(imp, 'incompatible import type', `expected a ${valTypeName(d.type.elemType)} table, got ${valTypeName(v.elemType)}`);
        }
        checkLimits(imp, d.type.limits, v.length, v.declaredMaximum);
        return { kind: 'table', table: v };
      }
      case ExternKind.memory: {
        if (!(v instanceof Memory)) throw linkError(imp, 'incompatible import type', 'a Memory is required');
        if (v.rt !== rt) throw linkError(imp, 'incompatible import type', 'the memory belongs to another engine');
        checkLimits(imp, d.type.limits, v.pages, v.declaredMaximum);
        return { kind: 'memory', memory: v };
      }
      case ExternKind.global: {
        const t = d.type;
        if (v instanceof Global) {
          if (v.rt !== rt) throw linkError(imp, 'incompatible import type', 'the global belongs to another engine');
          if (v.type.type !== t.type || v.type.mutable !== t.mutable) {
            throw linkError(imp, 'incompatible import type', `expected ${showGlobal(t.type, t.mutable)}, got ${showGlobal(v.type.type, v.type.mutable)}`);
          }
          return { kind: 'global', global: v };
        }
        const isNumber = typeof v === 'number' && t.type !== ValType.i64 && t.type !== ValType.funcref && t.type !== ValType.externref;
        const isBigInt = typeof v === 'bigint' && t.type === ValType.i64;
        if (t.mutable || !(isNumber || isBigInt)) {
          throw linkError(imp, 'incompatible import type', `expected a Global of type ${showGlobal(t.type, t.mutable)}`);
        }
        const name = valTypeName(t.type) as 'i32' | 'i64' | 'f32' | 'f64';
        return { kind: 'global', global: new Global(engine, { value: name, mutable: false }, v) };
      }
      default:
        throw linkError(imp, 'incompatible import type', 'unknown import kind');
    }
  });
}

function checkLimits(imp: Import, declared: Limits, actualMin: number, actualMax: number | undefined): void {
  if (actualMin < declared.min) {
    throw linkError(imp, 'incompatible import type', `the size ${actualMin} is smaller than the declared minimum ${declared.min}`);
  }
  if (declared.max !== undefined && (actualMax === undefined || actualMax > declared.max)) {
    throw linkError(imp, 'incompatible import type', `the maximum ${actualMax ?? 'none'} exceeds the declared maximum ${declared.max}`);
  }
}

function linkError(imp: Import, reason: string, detail?: string): LinkError {
  return new LinkError(`${reason}: import "${imp.module}" "${imp.name}"${detail ? `: ${detail}` : ''}`);
}

function showFuncType(t: FuncType): string {
  return `(${t.params.map(valTypeName).join(', ')}) -> (${t.results.map(valTypeName).join(', ')})`;
}

function showGlobal(t: ValType, mutable: boolean): string {
  return mutable ? `(mut ${valTypeName(t)})` : valTypeName(t);
}
