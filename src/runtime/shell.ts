// Ready shells: the fast path of instantiation. When an instance of a simple
// module is freed, its guest, memory slot, runtime-data block and tables are
// not torn down: they are reset to the module's state right after
// initialisation (data segments written, globals and tables as the
// initialisers left them, before the start function) and kept, as a fresh
// InstanceState, on the module's shell list. Instantiating the module then
// takes a shell and only binds the new tenant's JS imports.
//
// Resetting recomputes the initial state from the module (global
// initialisers, element and data segments, the module's data image), so an
// instance keeps no snapshot of itself. A shell whose memory maps the
// module's copy-on-write image (memory-image.ts) keeps that mapping: the
// decommit in Memory.renew drops the tenant's private copies and the pages
// read as the image again, so a large data image costs nothing to restore.
// Only when the shell is broken up does its slot lose the mapping (pool.ts).
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
// throw (a JS import's new info, parked with a refusing function, takes the
// next tenant's function when it binds: nothing else ever held that info). Shells count toward no live-instance limit; the pool breaks one
// down (breakShell) before reserving anything new, so they never cost the
// engine capacity. Only src/runtime/ imports this.

import { ExternKind, SegmentMode } from '../wasm/types.js';
import { evalConst, type ConstContext } from './const-expr.js';
import { Group, type GroupMember } from './group.js';
import type { InstanceState } from './instance-state.js';
import type { Module } from './module.js';
import type { FuncInfo, HostFunc, HostFunction } from './refs.js';
import type { Runtime } from './runtime.js';
import type { ImportObject } from './values.js';

/** Shells kept per engine (each holds a guest, a memory slot and its data image's pages). */
const MAX_SHELLS = 1024;

/** A module's memory image: its active data segments as instantiation writes them (offsets are constant in a simple module). */
export interface DataImage {
  readonly segments: readonly { readonly offset: number; readonly bytes: Uint8Array }[];
  readonly initialMemoryBytes: number;
}

/** Gaps up to this many zero bytes are written rather than split into two segments (each write is a native call of about a microsecond). */
const MERGE_GAP = 4096;

/**
 * The image renew writes into a recycled memory: the module's active
 * segments, in order, with segments that lie close together merged into one
 * (the gaps between them written as zeros, which a decommitted memory holds
 * anyway; a later segment's bytes win where segments overlap, as in
 * instantiation). A handler's few small strings become one write per request.
 */
export function makeDataImage(segments: readonly { readonly offset: number; readonly bytes: Uint8Array }[], initialMemoryBytes: number): DataImage {
  const runs: { offset: number; end: number; parts: { offset: number; bytes: Uint8Array }[] }[] = [];
  for (const seg of segments) {
    if (seg.bytes.length === 0) continue;
    const end = seg.offset + seg.bytes.length;
    // Merge with the first run it touches or nearly touches; a run it overlaps is always found, so order is kept within that run.
    const run = runs.find((r) => seg.offset <= r.end + MERGE_GAP && end + MERGE_GAP >= r.offset);
    if (run === undefined) {
      runs.push({ offset: seg.offset, end, parts: [seg] });
      continue;
    }
    run.offset = Math.min(run.offset, seg.offset);
    run.end = Math.max(run.end, end);
    run.parts.push(seg);
  }
  // Two runs may now overlap each other (a segment bridged them): then keep the segments as they were.
  const sorted = [...runs].sort((a, b) => a.offset - b.offset);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.offset < sorted[i - 1]!.end) return { segments: segments.filter((s) => s.bytes.length > 0), initialMemoryBytes };
  }
  const merged = sorted.map((r) => {
    if (r.parts.length === 1) return r.parts[0]!;
    const bytes = new Uint8Array(r.end - r.offset);
    for (const p of r.parts) bytes.set(p.bytes, p.offset - r.offset);
    return { offset: r.offset, bytes };
  });
  return { segments: merged, initialMemoryBytes };
}

export function isSimpleModule(module: Module): boolean {
  const w = module.wasm;
  if (w.imports.some((i) => i.desc.kind !== ExternKind.func)) return false;
  if (w.exports.some((e) => e.kind === ExternKind.table || e.kind === ExternKind.global)) return false;
  return w.memories.length <= 1;
}

/**
 * Puts globals, tables and segments back as instantiation leaves them (before
 * start): everything is recomputed from the module and the instance's own
 * function records, so no per-instance snapshot is kept.
 */
function resetDefinitions(rt: Runtime, s: InstanceState): { elems: (number[] | null)[]; datas: (Uint8Array | null)[] } {
  const w = s.module.wasm;
  // The common handler: no globals, tables or element segments (nothing to evaluate), only its data segments' drop state.
  if (w.globals.length === 0 && s.ownTables.length === 0 && w.elements.length === 0) {
    const datas: (Uint8Array | null)[] = new Array(w.datas.length);
    for (let d = 0; d < datas.length; d++) datas[d] = w.datas[d]!.mode === SegmentMode.passive ? w.datas[d]!.data : null;
    return { elems: [], datas };
  }
  const ctx: ConstContext = {
    funcRecord: (i) => s.funcRecords[i]!,
    globalRaw: () => { throw new Error('corral: a simple module imports no globals'); },
  };
  w.globals.forEach((g, k) => s.globals[w.numImportedGlobals + k]!.writeRaw(evalConst(g.init, ctx)));
  s.ownTables.forEach((t, i) => t.restore(w.tables[i]!.limits.min, []));
  const elems = w.elements.map((seg) => (seg.mode === SegmentMode.passive ? seg.items.map((e) => Number(evalConst(e, ctx))) : null));
  for (const seg of w.elements) {
    if (seg.mode !== SegmentMode.active) continue;
    const table = s.tables[seg.tableIndex]!;
    const offset = Number(evalConst(seg.offsetExpr!, ctx) & 0xffffffffn);
    seg.items.forEach((e, k) => table.setRaw(offset + k, Number(evalConst(e, ctx))));
  }
  const datas = w.datas.map((seg) => (seg.mode === SegmentMode.passive ? seg.data : null));
  return { elems, datas };
}

/** Turns a freed instance into a ready shell of its module; false when it does not qualify (free it instead). */
export function toShell(rt: Runtime, s: InstanceState): boolean {
  const module = s.module;
  const image = module.dataImage;
  if (!s.initialised || image === undefined || !module.simple || rt.shellCount >= MAX_SHELLS || rt.closed) return false;
  for (const m of s.group.members) {
    if (m !== s && m.runGuest !== undefined) return false;
    if (m.pins === true) return false;
  }
  // Every import is a JS function with its info here (fromShell binds the next tenant's into these slots).
  for (let i = 0; i < module.wasm.numImportedFuncs; i++) if (s.hostImports[i] === undefined) return false;
  // The old tenant's handles die with the old objects.
  s.freed = s.released = s.dead = true;
  // The maps keep their keys (a delete and a set of the same key per request churn the tables: refs.park):
  // the vmctx and the defined functions' records are overwritten below with the new state and infos, the JS
  // imports' records with infos that refuse until the next tenant binds its own.
  const memory = s.memories[0]?.renew(image.initialMemoryBytes, image.segments);
  const w = module.wasm;
  // The JS imports' infos are s.hostImports (a simple module imports only functions, and another
  // instance's would have put it in this group): no lookup of every record in refs.funcs.
  for (let i = 0; i < s.ownRecords.length; i++) rt.refs.dropWrapper(s.ownRecords[i]!);
  const { elems, datas } = resetDefinitions(rt, s);
  // A shell is made outside any run (the group is idle), and every run cancelled its interrupt timer when it finished.
  rt.pool.resetGuest(s.pooled, true);

  const next: InstanceState = {
    group: undefined as unknown as Group, runGuest: s.guest, guest: s.guest, area: s.area, address: s.address, module,
    funcRecords: s.funcRecords, hostImports: [], memories: memory === undefined ? [] : [memory], tables: s.tables, globals: s.globals,
    elems, datas,
    pooled: s.pooled, dataBlock: s.dataBlock, ownMemories: memory === undefined ? [] : [memory], ownTables: s.ownTables, ownRecords: s.ownRecords,
    tokenRef: undefined, released: false, dead: false, freed: false, limits: rt.config, phase: 'idle', initialised: true,
  };
  const group = new Group();
  const join = (m: GroupMember): void => {
    m.group = group;
    group.members.add(m);
  };
  join(next);
  // resetGuest left the guest attached to itself, which is all prepareRunner would do for the only instance of a group.
  group.runner = next;
  for (const x of next.memories) join(x.member);
  for (const x of next.tables) join(x.member);
  for (const x of next.globals) join(x.member);
  // JS imports are bound per tenant (fromShell sets fn on these infos): until then they refuse. Defined
  // functions get new infos (owner: the new state), as do the imports: the old infos may be held by the old
  // tenant's wrappers.
  for (let i = 0; i < s.hostImports.length; i++) {
    const h = s.hostImports[i];
    if (h === undefined) continue;
    const parked: HostFunc = { kind: 'host', record: h.record, owner: next, fn: unboundImport, type: h.type };
    rt.refs.park(parked);
    next.hostImports[i] = parked;
  }
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

/** What a ready shell's JS imports do until a tenant binds its own: nothing can call them (the shell is not running), but a stale record must not reach the previous tenant's function. */
function unboundImport(): never {
  throw new Error('corral: a ready shell\'s import was called before a tenant bound it');
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
  // The parked infos (toShell) are the shell's own, made for this state and never wrapped: the
  // tenant's functions go into them, with no new info and no registry write per import.
  for (let i = 0; i < fns.length; i++) s.hostImports[i]!.fn = fns[i]!;
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
    freeShell(rt, s);
    return true;
  }
  return false;
}

/** Frees a ready shell (already taken off its module's list) for good: its guest, slot and data go back to the pool. */
export function freeShell(rt: Runtime, s: InstanceState): void {
  rt.shellCount--;
  s.initialised = false; // freeInstance must not make it a shell again
  rt.pool.live++; // freeInstance gives one back
  rt.freeInstance(s);
}
