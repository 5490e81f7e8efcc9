// Linear memory: the public Memory object, for host-created memories and for
// the memories instances define (both are owned by a vmctx: its
// memory_base/size/max are the live values that compiled code and the native
// memory_grow helper read and write).
//
// Guarded mode: GUARDED_SLOT_BYTES reserved with no access, [0, size) made
// read-write; grow makes more pages read-write (the base never moves).
// Checked mode: a slot of the maximum size in a shared read-write, lazily
// committed reservation (memory-pool.ts); grow only moves memory_size (pages
// past it are still zero).
//
// Invariants: `buffer` views [0, memory_size) of the owner's live size and is
// refreshed whenever that size changed (an old buffer stays valid, it just
// does not see new pages). A host Memory gets a guest of its own that never
// runs: its vmctx is what importers point memory_def at.
// Only src/runtime/ and the public API import this.

import { GUARDED_SLOT_BYTES, PROT, WASM_PAGE } from '../abi/vmctx.js';
import type { Engine } from './engine.js';
import { Group, type GroupMember } from './group.js';
import { GuestArea, native, type GuestId, type ReservationId } from './native.js';
import type { Runtime } from './runtime.js';

export interface MemoryDescriptor {
  readonly initial: number;
  readonly maximum?: number;
}

/** A memory's owner when an instance defines it (internal). */
export interface MemoryOwner {
  readonly guest: GuestId;
  readonly area: GuestArea;
}

export class Memory {
  /** The vmctx that owns this memory (importers point memory_def here). */
  readonly ownerAddress: number;
  /** Host memories are group members so that instances sharing one run together. */
  readonly member: GroupMember;
  readonly maximumPages: number;
  /** The declared maximum, if any (for import subtyping). */
  readonly declaredMaximum: number | undefined;
  /** @internal */
  readonly rt: Runtime;
  private readonly area: GuestArea;
  private readonly res: ReservationId;
  /** Offset of byte 0 in `res` (checked-mode slots share a reservation). */
  private readonly offset: number;
  private readonly guarded: boolean;
  private cachedBuffer: ArrayBuffer = new ArrayBuffer(0);
  private cachedSize = 0;

  constructor(engine: Engine, descriptor: MemoryDescriptor, owner?: MemoryOwner) {
    const rt: Runtime = engine.runtime;
    rt.check();
    this.rt = rt;
    const initial = pages(descriptor.initial, 'initial');
    const declared = descriptor.maximum === undefined ? undefined : pages(descriptor.maximum, 'maximum');
    if (declared !== undefined && declared < initial) throw new RangeError('Memory: maximum is smaller than initial');
    const cap = rt.config.maxMemoryPages;
    if (initial > cap) throw new RangeError(`Memory: ${initial} initial pages exceed the engine's maxMemoryPages (${cap})`);
    this.maximumPages = Math.min(declared ?? 65536, cap);
    this.declaredMaximum = declared;
    this.guarded = rt.config.memoryMode === 'guarded';
    const guest = owner === undefined ? rt.createGuest() : owner.guest;
    this.area = owner === undefined ? new GuestArea(guest) : owner.area;
    this.member = { group: undefined as unknown as Group };
    this.member.group = Group.single(this.member);
    const maxBytes = this.maximumPages * WASM_PAGE;
    if (this.guarded) {
      this.res = rt.reserve(GUARDED_SLOT_BYTES, false);
      this.offset = 0;
      if (initial > 0) native.protect(this.res, 0, initial * WASM_PAGE, PROT.readWrite);
    } else {
      const slot = rt.checkedMemories.allocate(maxBytes);
      this.res = slot.res;
      this.offset = slot.offset;
    }
    native.guestBindMemory(guest, this.res, this.offset, initial * WASM_PAGE, maxBytes, this.guarded);
    this.ownerAddress = native.guestAddress(guest);
  }

  /** Base address of byte 0 (importers copy it into their memory_base). */
  get baseAddress(): number {
    return native.address(this.res) + this.offset;
  }

  /** Current size in bytes, as the owner's vmctx says. */
  get byteLength(): number {
    this.rt.check();
    return Number(this.area.field('memory_size'));
  }

  /** Current size in pages. */
  get pages(): number {
    return this.byteLength / WASM_PAGE;
  }

  get buffer(): ArrayBuffer {
    const size = this.byteLength;
    if (size !== this.cachedSize) {
      this.cachedBuffer = size === 0 ? new ArrayBuffer(0) : native.view(this.res, this.offset, size);
      this.cachedSize = size;
    }
    return this.cachedBuffer;
  }

  /** Grows by `delta` pages; returns the old size in pages. RangeError past the maximum. */
  grow(delta: number): number {
    const d = pages(delta, 'delta');
    const r = this.growRaw(d);
    if (r < 0) throw new RangeError(`Memory.grow(${delta}): the maximum is ${this.maximumPages} pages`);
    return r;
  }

  /** memory.grow semantics: old size in pages, or -1. */
  growRaw(delta: number): number {
    const old = this.pages;
    if (delta > this.maximumPages - old) return -1;
    if (delta === 0) return old;
    if (this.guarded) {
      try {
        native.protect(this.res, old * WASM_PAGE, delta * WASM_PAGE, PROT.readWrite);
      } catch {
        return -1;
      }
    }
    this.area.setField('memory_size', BigInt((old + delta) * WASM_PAGE));
    return old;
  }
}

function pages(v: unknown, what: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65536) throw new TypeError(`Memory: ${what} must be an integer number of pages in 0..65536`);
  return n;
}
