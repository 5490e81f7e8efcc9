// Instantiation, in the order of the WebAssembly 2.0 spec: resolve imports
// (LinkError), allocate the vmctx and runtime data, build function records,
// memories, tables and globals, evaluate global initialisers, apply active
// element segments then active data segments in order (a segment out of
// bounds traps; earlier writes persist), drop declarative segments, run start.
//
// Runtime data layout of one instance (one heap block, src/abi/layout.ts):
//   funcrefs (8/function) | tables (8/table) | globals (16/global) |
//   imports (16/imported function) | sig_ids (4/type) | FuncRecords (32 each,
//   defined functions then JS-function imports)
//
// Resources come from the instance pool (pool.ts): a guest, memory slots,
// one runtime-data block. Invariants: once the instance is registered, its
// resources are freed only by the lifetime rules (lifetime.ts); when
// initialisation fails the instance is released at once, and the rules keep
// whatever a shared table or another live instance may still reach.
// Only src/runtime/ imports this.

import { NO_THUNK } from '../compiler/compiled-module.js';
import { FUNC_RECORD, FUNC_RECORD_SIZE, GLOBAL_SLOT, IMPORT_ENTRY, IMPORT_ENTRY_SIZE } from '../abi/layout.js';
import { WASM_PAGE } from '../abi/vmctx.js';
import { Unsupported } from '../compiler/errors.js';
import { ExternKind, SegmentMode } from '../wasm/types.js';
import { invokeRaw } from './call.js';
import { evalConst, type ConstContext } from './const-expr.js';
import type { Engine } from './engine.js';
import { Trap } from './errors.js';
import { Global } from './global.js';
import { Group } from './group.js';
import type { CallLimits, InstanceState } from './instance-state.js';
import { resolveImports, type ResolvedImport } from './linker.js';
import { Memory } from './memory.js';
import { memoryImageOf } from './memory-image.js';
import type { Module } from './module.js';
import type { HostFunc, WasmFunc } from './refs.js';
import { memoryInit, tableInit } from './runtime-calls.js';
import type { Runtime } from './runtime.js';
import { fromShell, makeDataImage } from './shell.js';
import { Table } from './table.js';
import type { ImportObject } from './values.js';

/** The compiler's marker for a thunk it could not make. */
const align = (n: number, a: number) => Math.ceil(n / a) * a;

/** Per-instance limits (each at most the engine's). */
export interface InstanceLimits {
  /** Cap on each memory's maximum, in pages: memory.grow returns -1 beyond it. */
  readonly maxMemoryPages?: number;
  /** Cap on each defined table's maximum, in elements: table.grow returns -1 beyond it. */
  readonly maxTableElements?: number;
}

/**
 * The instance's state: directly when a ready shell serves (no start
 * function to run: nothing to wait for, so no Promise), else a Promise.
 */
export function instantiate(engine: Engine, module: Module, imports: ImportObject | undefined, limits: InstanceLimits, callLimits: CallLimits): InstanceState | Promise<InstanceState> {
  const rt: Runtime = engine.runtime;
  rt.check();
  module = module.core; // the user's handle: instances keep the core (module-lifetime.ts)
  if (module.runtime !== rt) throw new Error('corral: the module was compiled by another engine');
  const c = module.compiled;
  if (c.memoryMode !== rt.config.memoryMode) {
    throw new Error(`corral: the module was compiled for ${c.memoryMode} memory, the engine runs ${rt.config.memoryMode}`);
  }
  if ((c.fuel === true) !== (rt.config.fuel !== undefined)) {
    throw new Error(`corral: the module was compiled ${c.fuel === true ? 'with' : 'without'} fuel metering, the engine runs ${rt.config.fuel !== undefined ? 'with' : 'without'} it`);
  }
  // Shells carry the caps they were made with: only instances without per-instance caps share them.
  const custom = limits.maxMemoryPages !== undefined || limits.maxTableElements !== undefined;
  if (module.simple && !custom) {
    const shell = fromShell(rt, module, imports);
    if (shell !== undefined) {
      shell.limits = callLimits;
      const start = module.wasm.start;
      return start === undefined ? shell : runStart(rt, shell, start);
    }
  }
  return instantiateNew(engine, module, imports, limits, callLimits, custom);
}

async function runStart(rt: Runtime, shell: InstanceState, start: number): Promise<InstanceState> {
  try {
    await invokeRaw(rt, rt.refs.info(shell.funcRecords[start]!), []);
  } catch (e) {
    rt.lifetimes.abandon(shell);
    throw e;
  }
  return shell;
}

/** Instantiation from nothing: slots from the pool, runtime data laid out, segments applied. */
async function instantiateNew(engine: Engine, module: Module, imports: ImportObject | undefined, limits: InstanceLimits, callLimits: CallLimits, custom: boolean): Promise<InstanceState> {
  const rt: Runtime = engine.runtime;
  const c = module.compiled;
  const resolved = resolveImports(engine, module, imports);
  let funcImport = 0;
  for (const r of resolved) {
    if (r.kind !== 'host-func' && r.kind !== 'wasm-func') continue;
    if (r.kind === 'host-func' && c.hostTrampolines[funcImport] === NO_THUNK) {
      throw new Unsupported('many-values', `function import ${funcImport} passes more values than a host call can carry`);
    }
    funcImport++;
  }

  rt.pool.admit();
  let pooled;
  try {
    pooled = rt.pool.takeGuest();
  } catch (e) {
    rt.pool.leave();
    throw e;
  }
  const { guest, area, address } = pooled;
  const state: InstanceState = {
    group: undefined as unknown as Group, runGuest: guest, guest, area, address, module,
    funcRecords: [], hostImports: [], memories: [], tables: [], globals: [], elems: [], datas: [],
    pooled, dataBlock: undefined, ownMemories: [], ownTables: [], ownRecords: [],
    tokenRef: undefined, released: false, dead: false, freed: false,
    limits: callLimits, phase: 'idle',
  };
  state.group = Group.single(state);
  rt.instances.set(address, state);
  try {
    await initialise(engine, rt, module, state, resolved, limits, module.simple && !custom);
  } catch (e) {
    rt.lifetimes.abandon(state);
    throw e;
  }
  return state;
}

async function initialise(engine: Engine, rt: Runtime, module: Module, state: InstanceState, resolved: ResolvedImport[], limits: InstanceLimits, recyclable: boolean): Promise<void> {
  const wasm = module.wasm, c = module.compiled;
  const { guest, area, address } = state;

  // One block for the instance's runtime data.
  const nFuncs = wasm.funcTypes.length, nImported = wasm.numImportedFuncs;
  const funcImports = wasm.imports.map((imp, i) => ({ imp, r: resolved[i]! })).filter((x) => x.imp.desc.kind === ExternKind.func);
  const nHost = funcImports.filter((x) => x.r.kind === 'host-func').length;
  const oFuncrefs = 0;
  const oTables = oFuncrefs + 8 * nFuncs;
  const oGlobals = align(oTables + 8 * wasm.tables.length, 16);
  const oImports = oGlobals + GLOBAL_SLOT * wasm.globalTypes.length;
  const oSigs = oImports + IMPORT_ENTRY_SIZE * nImported;
  const oRecords = align(oSigs + 4 * wasm.types.length, 32);
  const total = oRecords + FUNC_RECORD_SIZE * (nFuncs - nImported + nHost);
  const heap = rt.heap;
  const block = heap.alloc(Math.max(total, 8));
  state.dataBlock = block;
  const base = block.address;

  const sigIds = wasm.types.map((t) => rt.sigs.idOf(t));
  sigIds.forEach((id, t) => heap.writeU32(base + oSigs + 4 * t, id));

  let nextRecord = base + oRecords;
  const writeRecord = (code: number, sigId: number): number => {
    const r = nextRecord;
    nextRecord += FUNC_RECORD_SIZE;
    heap.writeAddr(r + FUNC_RECORD.code, code);
    heap.writeAddr(r + FUNC_RECORD.vmctx, address);
    heap.writeU32(r + FUNC_RECORD.sigId, sigId);
    state.ownRecords.push(r);
    return r;
  };

  // Functions: imports first (a provider's record is shared, identity kept).
  funcImports.forEach(({ r }, i) => {
    let record: number;
    if (r.kind === 'wasm-func') {
      record = r.record;
      Group.join(state, rt.refs.info(record).owner);
    } else if (r.kind === 'host-func') {
      const typeIndex = wasm.funcTypes[i]!;
      record = writeRecord(module.imageAddress + c.hostTrampolines[i]!, sigIds[typeIndex]!);
      const info: HostFunc = { kind: 'host', record, owner: state, fn: r.fn, type: r.type };
      rt.refs.register(info);
      state.hostImports[i] = info;
    } else {
      throw new Error('corral: import kinds out of order');
    }
    state.funcRecords.push(record);
    heap.writeAddr(base + oImports + IMPORT_ENTRY_SIZE * i + IMPORT_ENTRY.code, heap.readAddr(record + FUNC_RECORD.code));
    heap.writeAddr(base + oImports + IMPORT_ENTRY_SIZE * i + IMPORT_ENTRY.vmctx, heap.readAddr(record + FUNC_RECORD.vmctx));
  });
  for (let f = nImported; f < nFuncs; f++) {
    const typeIndex = wasm.funcTypes[f]!;
    const record = writeRecord(module.imageAddress + c.functionStarts[f - nImported]!, sigIds[typeIndex]!);
    const info: WasmFunc = { kind: 'wasm', record, owner: state, funcIndex: f, typeIndex, type: wasm.types[typeIndex]! };
    rt.refs.register(info);
    state.funcRecords.push(record);
  }
  state.funcRecords.forEach((r, f) => heap.writeAddr(base + oFuncrefs + 8 * f, r));

  // Memories, tables and globals: imported objects first, then defined ones.
  for (const r of resolved) {
    if (r.kind === 'memory') state.memories.push(r.memory);
    else if (r.kind === 'table') state.tables.push(r.table);
    else if (r.kind === 'global') state.globals.push(r.global);
  }
  // A module with enough constant data maps its memory image copy-on-write instead of writing the segments.
  const image = memoryImageOf(rt.pool, module);
  for (let m = wasm.numImportedMemories; m < wasm.memories.length; m++) {
    const lim = wasm.memories[m]!.limits;
    const memory = new Memory(engine, { initial: lim.min, ...(lim.max !== undefined ? { maximum: lim.max } : {}) }, { guest, area }, limits.maxMemoryPages, image);
    state.memories.push(memory);
    state.ownMemories.push(memory);
  }
  for (let t = wasm.numImportedTables; t < wasm.tables.length; t++) {
    const tt = wasm.tables[t]!;
    const element = tt.elemType === 0x70 ? 'funcref' : 'externref';
    const cap = limits.maxTableElements ?? rt.config.maxTableElements;
    const maximum = cap === undefined ? tt.limits.max : Math.min(cap, tt.limits.max ?? cap);
    if (maximum !== undefined && tt.limits.min > maximum) throw new RangeError(`corral: table ${t} needs ${tt.limits.min} elements, the limit is ${maximum} (maxTableElements)`);
    const table = new Table(engine, { element, initial: tt.limits.min, ...(maximum !== undefined ? { maximum } : {}) }, undefined, true);
    state.tables.push(table);
    state.ownTables.push(table);
  }
  for (const x of [...state.memories, ...state.tables, ...state.globals]) Group.join(state, x.member);

  const mem = state.memories[0];
  if (mem !== undefined) {
    if (wasm.numImportedMemories > 0) {
      area.setField('memory_base', BigInt(mem.baseAddress));
      area.setField('memory_size', BigInt(mem.byteLength));
      area.setField('memory_max', BigInt(mem.maximumPages * WASM_PAGE));
    }
    area.setField('memory_def', BigInt(mem.ownerAddress));
  }
  state.tables.forEach((t, i) => heap.writeAddr(base + oTables + 8 * i, t.recordAddress));
  state.globals.forEach((g, i) => heap.writeAddr(base + oGlobals + GLOBAL_SLOT * i, g.cell));

  const ctx: ConstContext = {
    funcRecord: (i) => state.funcRecords[i]!,
    globalRaw: (i) => state.globals[i]!.readRaw(),
  };
  wasm.globals.forEach((g, k) => {
    const index = wasm.numImportedGlobals + k;
    const global = new Global(engine, g.type, undefined, base + oGlobals + GLOBAL_SLOT * index);
    global.writeRaw(evalConst(g.init, ctx));
    state.globals.push(global);
    Group.join(state, global.member);
  });

  area.setField('funcrefs', BigInt(base + oFuncrefs));
  area.setField('tables', BigInt(base + oTables));
  area.setField('globals', BigInt(base + oGlobals));
  area.setField('imports', BigInt(base + oImports));
  area.setField('sig_ids', BigInt(base + oSigs));

  // Segments: evaluate, then apply the active ones in order.
  for (const seg of wasm.elements) state.elems.push(seg.items.map((e) => Number(evalConst(e, ctx))));
  for (const seg of wasm.datas) state.datas.push(seg.data);
  wasm.elements.forEach((seg, e) => {
    if (seg.mode === SegmentMode.active) {
      const offset = Number(evalConst(seg.offsetExpr!, ctx) & 0xffffffffn);
      if (tableInit(state, seg.tableIndex, e, offset, 0, seg.items.length) !== 0) throw new Trap('table_out_of_bounds');
    }
    if (seg.mode !== SegmentMode.passive) state.elems[e] = null;
  });
  const segments: { offset: number; bytes: Uint8Array }[] = [];
  const mapped = state.ownMemories[0]?.imageMapped === true; // the image holds every active segment, all in bounds
  wasm.datas.forEach((seg, d) => {
    if (seg.mode !== SegmentMode.active) return;
    const offset = Number(evalConst(seg.offsetExpr!, ctx) & 0xffffffffn);
    if (!mapped && memoryInit(state, d, offset, 0, seg.data.length) !== 0) throw new Trap('memory_out_of_bounds');
    if (seg.data.length > 0) segments.push({ offset, bytes: seg.data });
    state.datas[d] = null;
  });
  if (recyclable) {
    module.dataImage ??= makeDataImage(segments, state.memories[0]?.byteLength ?? 0);
    state.initialised = true;
  }

  if (wasm.start !== undefined) await invokeRaw(rt, rt.refs.info(state.funcRecords[wasm.start]!), []);
}
