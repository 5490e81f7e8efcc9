// The engine's internal state shared by every runtime object: configuration,
// the native heap, signature ids, references, the vmctx → instance map, the
// instance pool, lifetimes, the loaded code ranges (for backtraces) and the
// native resources to release.
//
// Invariants: every native resource an engine creates is recorded here and
// released by close(), in an order the native layer accepts (guests before the
// reservations bound to them; code last); freeInstance returns one instance's
// resources to the pool and forgets it. Only src/runtime/ imports this.

import type { MemoryMode } from '../compiler/compiled-module.js';
import type { InstanceState } from './instance-state.js';
import type { Module } from './module.js';
import { Lifetimes } from './lifetime.js';
import { InstancePool } from './pool.js';
import { breakShell, toShell } from './shell.js';
import { NativeHeap } from './native-heap.js';
import { PoolExhausted } from './errors.js';
import { native, type CodeId, type GuestId, type ReservationId } from './native.js';
import { Refs } from './refs.js';
import { SignatureRegistry } from './signatures.js';
import type { ExportedFunction } from './values.js';
import type { FuncInfo } from './refs.js';

export interface RuntimeConfig {
  readonly memoryMode: MemoryMode;
  readonly maxMemoryPages: number;
  /** Cap on each defined table's maximum (undefined: MAX_TABLE_LENGTH). */
  readonly maxTableElements: number | undefined;
  readonly stackBytes: number;
  readonly timeoutMs: number | undefined;
  /** Fuel given to every instance of a group before each call; undefined: no metering. */
  readonly fuel: bigint | undefined;
  /** Instances holding resources at once (PoolExhausted beyond). */
  readonly maxInstances: number;
  /** Time slice in milliseconds: a guest running longer yields to the event loop (undefined: never). */
  readonly sliceMs: number | undefined;
  /** Host calls pending at once per instance group (undefined: no limit). */
  readonly maxHostCalls: number | undefined;
}

/** Largest table length this runtime allocates (V8's limit too). */
export const MAX_TABLE_LENGTH = 10_000_000;

interface CodeRange {
  readonly start: number;
  readonly end: number;
  readonly module: Module;
}

export class Runtime {
  readonly heap = new NativeHeap((detail) => new PoolExhausted(detail, this.pool.live, this.config.maxInstances));
  readonly sigs = new SignatureRegistry();
  readonly refs: Refs;
  readonly pool: InstancePool;
  readonly lifetimes: Lifetimes = new Lifetimes(this);
  readonly instances = new Map<number, InstanceState>();
  private readonly codeRanges: CodeRange[] = [];
  private readonly guests = new Set<GuestId>();
  private readonly reservations = new Set<ReservationId>();
  private readonly codes = new Set<CodeId>();
  closed = false;
  /** Aborts of the runs waiting right now (an async import, a slice's turn): close() wakes them. */
  readonly waits = new Set<(e: Error) => void>();
  /** Ready shells kept (shell.ts) and the modules that have some. */
  shellCount = 0;
  readonly shelledModules = new Set<Module>();
  /** Host calls awaiting their import right now (CallLimits.maxHostCalls). */
  pendingHostCalls = 0;

  constructor(readonly config: RuntimeConfig, makeWrapper: (rt: Runtime, info: FuncInfo) => ExportedFunction) {
    this.refs = new Refs((info) => makeWrapper(this, info));
    this.pool = new InstancePool(config, (bytes, rw) => this.reserve(bytes, rw), () => this.createGuest(), () => breakShell(this));
  }

  /** Returns one dead instance's resources to the pool (lifetime.ts decides when). */
  freeInstance(s: InstanceState): void {
    if (s.freed) return;
    if (toShell(this, s)) {
      this.pool.leave();
      return;
    }
    s.freed = true;
    s.dead = true;
    s.released = true;
    this.instances.delete(s.address);
    for (const r of s.ownRecords) this.refs.unregister(r);
    for (const m of s.ownMemories) m.free();
    for (const t of s.ownTables) t.free();
    for (const g of s.globals) g.revokeIfIn(s.dataBlock);
    if (s.dataBlock !== undefined) this.heap.freeBlock(s.dataBlock);
    s.dataBlock = undefined;
    this.pool.giveGuest(s.pooled);
    this.pool.leave();
  }

  check(): void {
    if (this.closed) throw new Error('corral: the engine is closed');
  }

  createGuest(): GuestId {
    this.check();
    const g = native.guestCreate(this.config.stackBytes, false);
    this.guests.add(g);
    return g;
  }

  reserve(bytes: number, readWrite: boolean): ReservationId {
    this.check();
    const r = native.reserve(bytes, readWrite);
    this.reservations.add(r);
    return r;
  }

  loadCode(module: Module, code: Uint8Array, trapOffsets: Uint32Array, trapCodes: Uint8Array): { id: CodeId; address: number } {
    this.check();
    const id = native.codeLoad(code, trapOffsets, trapCodes);
    this.codes.add(id);
    const address = native.codeAddress(id);
    this.codeRanges.push({ start: address, end: address + code.length, module });
    this.codeRanges.sort((a, b) => a.start - b.start);
    return { id, address };
  }

  /** The module whose image contains `pc`, and the image's base address. */
  moduleAt(pc: number): { module: Module; base: number } | undefined {
    let lo = 0, hi = this.codeRanges.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = this.codeRanges[mid]!;
      if (pc < r.start) hi = mid - 1;
      else if (pc >= r.end) lo = mid + 1;
      else return { module: r.module, base: r.start };
    }
    return undefined;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const abort of [...this.waits]) abort(new Error('corral: the engine is closed'));
    const errors: unknown[] = [];
    const attempt = (f: () => void) => { try { f(); } catch (e) { errors.push(e); } };
    for (const g of this.guests) attempt(() => native.guestDestroy(g));
    for (const r of this.reservations) attempt(() => native.release(r));
    attempt(() => this.heap.close());
    attempt(() => this.pool.close()); // memory images (memfds)
    for (const c of this.codes) attempt(() => native.codeUnload(c));
    this.guests.clear();
    this.reservations.clear();
    this.codes.clear();
    this.instances.clear();
    if (errors.length > 0) throw new AggregateError(errors, 'corral: some native resources could not be released');
  }
}
