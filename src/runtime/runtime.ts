// The engine's internal state shared by every runtime object: configuration,
// the native heap, signature ids, references, the vmctx → instance map, the
// loaded code ranges (for backtraces) and the native resources to release.
//
// Invariants: every native resource an engine creates is recorded here and
// released by close(), in an order the native layer accepts (guests before the
// reservations bound to them; code last). Only src/runtime/ imports this.

import type { MemoryMode } from '../compiler/compiled-module.js';
import type { InstanceState } from './instance-state.js';
import type { Module } from './module.js';
import { CheckedMemoryPool } from './memory-pool.js';
import { NativeHeap } from './native-heap.js';
import { native, type CodeId, type GuestId, type ReservationId } from './native.js';
import { Refs } from './refs.js';
import { SignatureRegistry } from './signatures.js';
import type { ExportedFunction } from './values.js';
import type { FuncInfo } from './refs.js';

export interface RuntimeConfig {
  readonly memoryMode: MemoryMode;
  readonly maxMemoryPages: number;
  readonly stackBytes: number;
  readonly timeoutMs: number | undefined;
  /** Fuel given to every instance of a group before each call; undefined: no metering. */
  readonly fuel: bigint | undefined;
}

/** Largest table length this runtime allocates (V8's limit too). */
export const MAX_TABLE_LENGTH = 10_000_000;

interface CodeRange {
  readonly start: number;
  readonly end: number;
  readonly module: Module;
}

export class Runtime {
  readonly heap = new NativeHeap();
  readonly sigs = new SignatureRegistry();
  readonly refs: Refs;
  readonly checkedMemories = new CheckedMemoryPool((bytes) => this.reserve(bytes, true));
  readonly instances = new Map<number, InstanceState>();
  private readonly codeRanges: CodeRange[] = [];
  private readonly guests = new Set<GuestId>();
  private readonly reservations = new Set<ReservationId>();
  private readonly codes = new Set<CodeId>();
  closed = false;

  constructor(readonly config: RuntimeConfig, makeWrapper: (rt: Runtime, info: FuncInfo) => ExportedFunction) {
    this.refs = new Refs((info) => makeWrapper(this, info));
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
    const errors: unknown[] = [];
    const attempt = (f: () => void) => { try { f(); } catch (e) { errors.push(e); } };
    for (const g of this.guests) attempt(() => native.guestDestroy(g));
    for (const r of this.reservations) attempt(() => native.release(r));
    attempt(() => this.heap.close());
    for (const c of this.codes) attempt(() => native.codeUnload(c));
    this.guests.clear();
    this.reservations.clear();
    this.codes.clear();
    this.instances.clear();
    if (errors.length > 0) throw new AggregateError(errors, 'corral: some native resources could not be released');
  }
}
