// The engine's internal state shared by every runtime object: configuration,
// the native heap, signature ids, references, the vmctx → instance map, the
// instance pool, lifetimes, the loaded code ranges (for backtraces) and the
// native resources to release.
//
// Invariants: every native resource an engine creates is recorded here and
// released by close(), in an order the native layer accepts (guests before the
// reservations bound to them; code last); freeInstance returns one instance's
// resources to the pool and forgets it; freeModule returns one module's code
// and memory image (module-lifetime.ts decides when). Nothing here refers to a
// Module: the code ranges keep only what backtraces read, so they pin no
// module. Only src/runtime/ imports this.

import type { CompiledModule, MemoryMode } from '../compiler/compiled-module.js';
import type { InstanceState } from './instance-state.js';
import type { Module } from './module.js';
import { Lifetimes } from './lifetime.js';
import { ModuleLifetimes } from './module-lifetime.js';
import { InstancePool } from './pool.js';
import { breakShell, toShell } from './shell.js';
import { NativeHeap } from './native-heap.js';
import { PoolExhausted } from './errors.js';
import { native, type CodeId, type GuestId, type ImageId, type ReservationId } from './native.js';
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
  /** Re-entry through an import's awaits is looked for (AsyncLocalStorage; call.ts). */
  readonly asyncReentryCheck: boolean;
}

/** Largest table length this runtime allocates (V8's limit too). */
export const MAX_TABLE_LENGTH = 10_000_000;

/** One loaded code image: its native id, where it lies, and the metadata backtraces read (never the Module). */
export interface CodeRange {
  readonly id: CodeId;
  readonly start: number;
  readonly end: number;
  readonly compiled: CompiledModule;
}

/** A module's native resources (module-lifetime.ts frees them). */
export interface ModuleResources {
  /** Undefined for a module without code. */
  readonly code: CodeRange | undefined;
  /** Its memory image (memory-image.ts), once made. */
  image: ImageId | undefined;
  freed: boolean;
}

export class Runtime {
  readonly heap = new NativeHeap((detail) => new PoolExhausted(detail, this.pool.live, this.config.maxInstances));
  readonly sigs = new SignatureRegistry();
  readonly refs: Refs;
  readonly pool: InstancePool;
  readonly lifetimes: Lifetimes = new Lifetimes(this);
  readonly moduleLifetimes: ModuleLifetimes = new ModuleLifetimes(this);
  readonly instances = new Map<number, InstanceState>();
  /** Host tables and globals of externrefs not yet collected (holdExterns): they may hold externref handles. */
  private externHolders = 0;
  /** Loaded code, sorted by start address. */
  private readonly codeRanges: CodeRange[] = [];
  private readonly guests = new Set<GuestId>();
  private readonly reservations = new Set<ReservationId>();
  /** Memory images (memfds) not yet closed. */
  private readonly images = new Set<ImageId>();
  closed = false;
  /** Aborts of the runs waiting right now (an async import, a slice's turn): close() wakes them. */
  readonly waits = new Set<(e: Error) => void>();
  /** Ready shells kept (shell.ts) and the modules (cores) that have some: module-lifetime.ts removes a module whose handle was collected. */
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
      this.dropExternsIfUnreachable();
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
    this.dropExternsIfUnreachable();
  }

  /**
   * Externref handles live as long as something may hold them: once no
   * instance is live (ready shells hold no externrefs: they are reset to
   * their module's initial state) and no host table or global of externrefs
   * exists, the runtime forgets them all (refs.ts dropExterns). A runtime
   * that always has a live instance keeps every handle it gave out (see
   * docs/how-it-works.md, Not done yet).
   */
  dropExternsIfUnreachable(): void {
    if (this.pool.live === 0 && this.externHolders === 0) this.refs.dropExterns();
  }

  /** A host table or global of externrefs now exists (it may hold handles): call the returned function when it is freed. */
  holdExterns(): () => void {
    this.externHolders++;
    return () => {
      this.externHolders--;
      this.dropExternsIfUnreachable();
    };
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

  loadCode(compiled: CompiledModule): CodeRange {
    this.check();
    const id = native.codeLoad(compiled.code, compiled.trapOffsets, compiled.trapCodes);
    const start = native.codeAddress(id);
    const range: CodeRange = { id, start, end: start + compiled.code.length, compiled };
    this.codeRanges.splice(this.rangeIndex(start), 0, range);
    return range;
  }

  /** Code images loaded now. */
  get loadedCodes(): number {
    return this.codeRanges.length;
  }

  /** Records a memory image of a module, to close it with the module (or the engine). */
  adoptImage(res: ModuleResources, id: ImageId): void {
    this.images.add(id);
    res.image = id;
  }

  /** Unloads a module's code and closes its memory image; the caller knows nothing can run the code (module-lifetime.ts). */
  freeModule(res: ModuleResources): void {
    if (res.freed || this.closed) return;
    res.freed = true;
    // Each resource leaves its set only once freed: what a failure leaves, close() frees.
    const code = res.code;
    if (code !== undefined) {
      native.codeUnload(code.id);
      const i = this.rangeIndex(code.start);
      if (this.codeRanges[i] === code) this.codeRanges.splice(i, 1);
    }
    if (res.image !== undefined && this.images.has(res.image)) {
      native.imageDestroy(res.image);
      this.images.delete(res.image);
    }
  }

  /** The index of the first range starting at or after `start`. */
  private rangeIndex(start: number): number {
    let lo = 0, hi = this.codeRanges.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.codeRanges[mid]!.start < start) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The loaded code image containing `pc`. */
  codeAt(pc: number): CodeRange | undefined {
    let lo = 0, hi = this.codeRanges.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = this.codeRanges[mid]!;
      if (pc < r.start) hi = mid - 1;
      else if (pc >= r.end) lo = mid + 1;
      else return r;
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
    for (const i of this.images) attempt(() => native.imageDestroy(i));
    for (const c of this.codeRanges) attempt(() => native.codeUnload(c.id));
    this.guests.clear();
    this.reservations.clear();
    this.images.clear();
    this.codeRanges.length = 0;
    this.instances.clear();
    if (errors.length > 0) throw new AggregateError(errors, 'corral: some native resources could not be released');
  }
}
