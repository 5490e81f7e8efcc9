// References as guests hold them, and the JS objects they stand for: the
// FuncRecord registry (record address → what the function is), the cache of
// exported-function wrappers (one JS function per record, so identity
// survives round trips), and the externref handle table.
//
// Invariants: a record address maps to one FuncInfo until its instance is
// freed (unregister; the address may then be reused by another instance) or
// its ready shell is parked for the next tenant (its JS imports then refuse);
// wrappers are cached weakly (a collected wrapper had no observable identity);
// handle 0 is null and every other handle names one JS value (the same value
// always gets the same handle). Handles are not garbage collected yet: a value
// once passed to a guest stays reachable until the engine closes.
// Only src/runtime/ imports this.

import type { FuncType } from '../wasm/types.js';
import type { InstanceState } from './instance-state.js';
import type { ExportedFunction, RefCodec } from './values.js';

/** A JS function used as an import. */
export type HostFunction = (...args: unknown[]) => unknown;

/** A function compiled into an instance's image. */
export interface WasmFunc {
  readonly kind: 'wasm';
  readonly record: number;
  readonly owner: InstanceState;
  readonly funcIndex: number;
  /** Type index in the owner's module (selects the entry thunk). */
  readonly typeIndex: number;
  readonly type: FuncType;
}

/** A JS function imported by `owner` (its record's code is the owner's host trampoline). */
export interface HostFunc {
  readonly kind: 'host';
  readonly record: number;
  readonly owner: InstanceState;
  /** Set once, except on a ready shell's parked info, which its next tenant's function replaces (shell.ts: no wrapper was made for it). */
  fn: HostFunction;
  readonly type: FuncType;
}

export type FuncInfo = WasmFunc | HostFunc;

export class Refs implements RefCodec {
  readonly funcs = new Map<number, FuncInfo>();
  private readonly wrappers = new Map<number, WeakRef<ExportedFunction>>();
  private readonly recordOfWrapper = new WeakMap<object, number>();
  private externs: unknown[] = [null];
  private readonly handles = new Map<unknown, number>();

  constructor(private readonly makeWrapper: (info: FuncInfo) => ExportedFunction) {}

  register(info: FuncInfo): void {
    this.funcs.set(info.record, info);
  }

  /**
   * A ready shell's JS import between tenants (shell.ts): the record keeps its
   * key and now names `info`, whose function refuses, until the next tenant
   * binds its own. Overwriting instead of deleting matters per request: a
   * Map's delete and re-add of the same key fill its hash table with deleted
   * entries until V8 rehashes it into a new table, and the old table keeps a
   * pointer to the new one; an old table already promoted to the old
   * generation then keeps every later table (and through their entries each
   * request's objects) alive across scavenges until a full GC. In the server
   * that promoted nearly every request's objects (3-4 MB per scavenge, a
   * mark-compact every half second).
   */
  park(info: HostFunc): void {
    this.funcs.set(info.record, info);
    this.dropWrapper(info.record);
  }

  /** Forgets a freed instance's record: no wrapper or lookup reaches it any more. */
  unregister(record: number): void {
    this.funcs.delete(record);
    this.dropWrapper(record);
  }

  /**
   * Forgets the wrapper made for `record` (its function is about to be
   * replaced by a register of the same record): a wrapper kept by the old
   * tenant is no longer recognised as a funcref, and the next wrapperFor
   * makes a new one for the new function.
   */
  dropWrapper(record: number): void {
    if (this.wrappers.size === 0) return;
    const w = this.wrappers.get(record)?.deref();
    if (w !== undefined) this.recordOfWrapper.delete(w);
    this.wrappers.delete(record);
  }

  info(record: number): FuncInfo {
    const f = this.funcs.get(record);
    if (f === undefined) throw new Error(`corral: 0x${record.toString(16)} is not a function record`);
    return f;
  }

  /** The record behind an exported function, or undefined for any other value. */
  recordOf(value: unknown): number | undefined {
    return typeof value === 'function' ? this.recordOfWrapper.get(value) : undefined;
  }

  wrapperFor(record: number): ExportedFunction {
    let w = this.wrappers.get(record)?.deref();
    if (w === undefined) {
      w = this.makeWrapper(this.info(record));
      this.wrappers.set(record, new WeakRef(w));
      this.recordOfWrapper.set(w, record);
    }
    return w;
  }

  funcToRaw(value: unknown): number {
    if (value === null) return 0;
    const r = this.recordOf(value);
    if (r === undefined) throw new TypeError('a funcref must be null or a function exported by a Corral instance');
    return r;
  }

  rawToFunc(record: number): ExportedFunction | null {
    return record === 0 ? null : this.wrapperFor(record);
  }

  externToRaw(value: unknown): number {
    if (value === null) return 0;
    let h = this.handles.get(value);
    if (h === undefined) {
      h = this.externs.length;
      this.externs.push(value);
      this.handles.set(value, h);
    }
    return h;
  }

  rawToExtern(handle: number): unknown {
    if (handle === 0) return null;
    if (handle >= this.externs.length) throw new Error(`corral: externref handle ${handle} is unknown`);
    return this.externs[handle];
  }

  /** Handles given out and still held (null's 0 aside). */
  get externCount(): number {
    return this.externs.length - 1;
  }

  /**
   * Forgets every externref handle, so their values can be collected. Only
   * when nothing can hold a handle any more (Runtime.freeInstance): no live
   * instance (the only places wasm keeps a reference are an instance's
   * stack, locals, tables and globals; ready shells hold none) and no host
   * table or global of externrefs.
   */
  dropExterns(): void {
    if (this.externs.length === 1) return;
    this.externs = [null];
    this.handles.clear();
  }
}
