// Ready shells: the fast path of instantiation. When an instance of a simple
// module is freed, its guest, memory slot, runtime-data block and tables are
// not torn down: they are reset to the module's state right after
// initialisation (data segments written, globals and tables as the
// initialisers left them, before the start function) and kept, as a fresh
// InstanceState, on the module's shell list. Instantiating the module then
// takes a shell and only binds the new tenant's JS imports.
//
// A module is simple when it imports only functions, exports no table or
// global (their objects would outlive the tenant) and has at most one memory;
// an instance becomes a shell only if it finished initialisation and is the
// only instance of its group. A tenant gets a shell only when every function
// import is a JS function.
//
// Invariants: a shell shows nothing of the previous tenant — its memory slot
// was detached from every buffer, decommitted (reads as zero) and, guarded,
// re-protected past the initial size before the data image was written; its
// state, group, function records' infos and memory object are new objects, so
// the previous tenant's handles (wrappers, Memory) refer to freed objects and
// throw. Shells count toward no live-instance limit; the pool breaks one
// down (breakShell) before reserving anything new, so they never cost the
// engine capacity. Only src/runtime/ imports this.

import { GLOBAL_SLOT } from '../abi/layout.js';
import { ExternKind } from '../wasm/types.js';
import { Group } from './group.js';
import type { InstanceState } from './instance-state.js';
import type { Module } from './module.js';
import type { FuncInfo, HostFunc, HostFunction } from './refs.js';
import type { Runtime } from './runtime.js';
import type { ImportObject } from './values.js';

/** Shells kept per engine (each holds a guest, a memory slot and its data image's pages). */
const MAX_SHELLS = 1024;

/** What an instance was right after initialisation (before start), for resetting it. */
export interface InitialImage {
  readonly globalsAddress: number;
  readonly globals: Uint8Array;
  readonly tables: readonly { readonly size: number; readonly elems: readonly number[] }[];
  readonly elems: readonly (readonly number[] | null)[];
  readonly datas: readonly (Uint8Array | null)[];
  /** Active data segments as written: memory offset and bytes. */
  readonly image: readonly { readonly offset: number; readonly bytes: Uint8Array }[];
  readonly initialMemoryBytes: number;
}

export function isSimpleModule(module: Module): boolean {
  const w = module.wasm;
  if (w.imports.some((i) => i.desc.kind !== ExternKind.func)) return false;
  if (w.exports.some((e) => e.kind === ExternKind.table || e.kind === ExternKind.global)) return false;
  return w.memories.length <= 1;
}

/** Records the instance's initial state (called after segments, before start). */
export function snapshot(rt: Runtime, s: InstanceState, globalsAddress: number, image: InitialImage['image']): InitialImage {
  const n = s.module.wasm.globals.length + s.module.wasm.numImportedGlobals;
  const mem = s.memories[0];
  return {
    globalsAddress,
    globals: rt.heap.copyOut(globalsAddress, n * GLOBAL_SLOT),
    tables: s.ownTables.map((t) => ({ size: t.length, elems: Array.from({ length: t.length }, (_, i) => t.getRaw(i)) })),
    elems: s.elems.slice(),
    datas: s.datas.slice(),
    image,
    initialMemoryBytes: mem === undefined ? 0 : mem.byteLength,
  };
}

/** Turns a freed instance into a ready shell of its module; false when it does not qualify (free it instead). */
export function toShell(rt: Runtime, s: InstanceState): boolean {
  const module = s.module;
  if (s.initial === undefined || !module.simple || rt.shellCount >= MAX_SHELLS || rt.closed) return false;
  for (const m of s.group.members) {
    if (m !== s && m.runGuest !== undefined) return false;
    if (m.pins === true) return false;
  }
  const init = s.initial;
  // The old tenant's handles die with the old objects.
  s.freed = s.released = s.dead = true;
  rt.instances.delete(s.address);
  const memory = s.memories[0]?.renew(init.initialMemoryBytes, init.image);
  for (const r of s.ownRecords) rt.refs.unregister(r);
  rt.heap.copyIn(init.globalsAddress, init.globals);
  init.tables.forEach((t, i) => s.ownTables[i]!.restore(t.size, t.elems));
  rt.pool.resetGuest(s.pooled);

  const next: InstanceState = {
    group: undefined as unknown as Group, runGuest: s.guest, guest: s.guest, area: s.area, address: s.address, module,
    funcRecords: s.funcRecords, hostImports: [], memories: memory === undefined ? [] : [memory], tables: s.tables, globals: s.globals,
    elems: init.elems.slice() as (number[] | null)[], datas: init.datas.slice(),
    pooled: s.pooled, dataBlock: s.dataBlock, ownMemories: memory === undefined ? [] : [memory], ownTables: s.ownTables, ownRecords: s.ownRecords,
    tokenRef: undefined, released: false, dead: false, freed: false, limits: rt.config, phase: 'idle', initial: init,
  };
  const group = new Group();
  const members = [next, ...next.memories.map((x) => x.member), ...next.tables.map((x) => x.member), ...next.globals.map((x) => x.member)];
  for (const m of members) {
    m.group = group;
    group.members.add(m);
  }
  next.group = group;
  // Defined functions get new infos (owner: the new state); JS imports are bound per tenant.
  const w = module.wasm;
  for (let f = w.numImportedFuncs; f < w.funcTypes.length; f++) {
    const typeIndex = w.funcTypes[f]!;
    const info: FuncInfo = { kind: 'wasm', record: next.funcRecords[f]!, owner: next, funcIndex: f, typeIndex, type: w.types[typeIndex]! };
    rt.refs.register(info);
  }
  rt.instances.set(next.address, next);
  (module.shells ??= []).push(next);
  rt.shellCount++;
  rt.shelledModules.add(module);
  return true;
}

/** A ready shell of `module` bound to `imports`, or undefined (then instantiate the slow way). */
export function fromShell(rt: Runtime, module: Module, imports: ImportObject | undefined): InstanceState | undefined {
  const shells = module.shells;
  if (shells === undefined || shells.length === 0) return undefined;
  const w = module.wasm;
  const fns: HostFunction[] = [];
  for (const imp of w.imports) {
    const ns: unknown = imports?.[imp.module];
    const v: unknown = ns !== null && (typeof ns === 'object' || typeof ns === 'function') ? (ns as Record<string, unknown>)[imp.name] : undefined;
    if (typeof v !== 'function' || rt.refs.recordOf(v) !== undefined) return undefined;
    fns.push(v as HostFunction);
  }
  rt.pool.admit();
  const s = shells.pop()!;
  rt.shellCount--;
  for (let i = 0; i < fns.length; i++) {
    const typeIndex = w.funcTypes[i]!;
    const info: HostFunc = { kind: 'host', record: s.funcRecords[i]!, owner: s, fn: fns[i]!, type: w.types[typeIndex]! };
    rt.refs.register(info);
    s.hostImports[i] = info;
  }
  return s;
}

/** Frees one shell (any module) so the pool can reuse its parts; false when there is none. */
export function breakShell(rt: Runtime): boolean {
  for (const m of rt.shelledModules) {
    const s = m.shells?.pop();
    if (s === undefined) {
      rt.shelledModules.delete(m);
      continue;
    }
    rt.shellCount--;
    s.initial = undefined; // freeInstance must not make it a shell again
    rt.pool.live++; // freeInstance gives one back
    rt.freeInstance(s);
    return true;
  }
  return false;
}
