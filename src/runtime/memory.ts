// Linear memory: the public Memory object, for host-created memories and for
// the memories instances define (both are owned by a vmctx: its
// memory_base/size/max are the live values that compiled code and the native
// memory_grow helper read and write).
//
// Every memory takes a slot of the instance pool (pool.ts). Guarded mode: a
// GUARDED_SLOT_BYTES slot with no access, [0, size) made read-write; grow
// makes more pages read-write (the base never moves). Checked mode: a slot of
// at least the maximum size in a shared read-write, lazily committed
// reservation; grow only moves memory_size (pages past it are still zero).
// An instance's memory is freed with it (free(): the slot is recycled, every
// buffer handed out is detached and the object's methods throw); a host
// memory is freed, with its guest, when it is collected.
//
// Copy-on-write: an instance's memory may start from its module's image
// (memory-image.ts) mapped into the slot instead of written (imageMapped);
// renew then restores it with one madvise (the private copies go, the image
// shows again) instead of rewriting the segments.
//
// Invariants: `buffer` views [0, memory_size) of the owner's live size and is
// refreshed whenever that size changed (an old buffer stays valid, it just
// does not see new pages). A host Memory gets a guest of its own that never
// runs: its vmctx is what importers point memory_def at.
// Only src/runtime/ and the public API import this.

import { PROT, WASM_PAGE } from '../abi/vmctx.js';
import type { Engine } from './engine.js';
import { Group, type GroupMember } from './group.js';
import { PoolExhausted } from './errors.js';
import type { MemoryImage } from './memory-image.js';
import { isNativeError, native, type GuestArea, type GuestId, type ReservationId } from './native.js';
import type { MemorySlot } from './pool.js';
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
  /** Offset of byte 0 in `res` (slots share a reservation). */
  private readonly offset: number;
  private readonly slot: MemorySlot;
  private revoked = false;
  private readonly guarded: boolean;
  private cachedBuffer: ArrayBuffer = new ArrayBuffer(0);
  private cachedSize = 0;
  /** @internal The module's data image is mapped here: the instance must not write the segments. */
  readonly imageMapped: boolean;

  /**
   * `owner`: the defining instance's guest; `maxPages`: a per-instance cap
   * below the engine's; `image`: the defining module's memory image, mapped
   * when the pool's mapping budget allows (see imageMapped).
   */
  constructor(engine: Engine, descriptor: MemoryDescriptor, owner?: MemoryOwner, maxPages?: number, image?: MemoryImage) {
    const rt: Runtime = engine.runtime;
    rt.check();
    this.rt = rt;
    const initial = pages(descriptor.initial, 'initial');
    const declared = descriptor.maximum === undefined ? undefined : pages(descriptor.maximum, 'maximum');
    if (declared !== undefined && declared < initial) throw new RangeError('Memory: maximum is smaller than initial');
    const cap = Math.min(rt.config.maxMemoryPages, maxPages ?? 65536);
    if (initial > cap) throw new RangeError(`Memory: ${initial} initial pages exceed the limit of ${cap} pages (maxMemoryPages)`);
    this.maximumPages = Math.min(declared ?? 65536, cap);
    this.declaredMaximum = declared;
    this.guarded = rt.config.memoryMode === 'guarded';
    const pooled = owner === undefined ? rt.pool.takeGuest() : undefined;
    const guest = owner === undefined ? pooled!.guest : owner.guest;
    this.area = owner === undefined ? pooled!.area : owner.area;
    this.member = { group: undefined as unknown as Group };
    this.member.group = Group.single(this.member);
    const maxBytes = this.maximumPages * WASM_PAGE;
    const slot = rt.pool.takeMemory(maxBytes);
    this.slot = slot;
    this.res = slot.res;
    this.offset = slot.offset;
    if (this.guarded && initial > 0) {
      try {
        native.protect(this.res, this.offset, initial * WASM_PAGE, PROT.readWrite);
      } catch (e) {
        rt.pool.giveMemory(slot, 0);
        if (pooled !== undefined) rt.pool.giveGuest(pooled);
        if (!isNativeError(e, 'ERR_CORRAL_MAPPINGS')) throw e;
        throw new PoolExhausted(`the kernel's mapping budget is spent: ${e.message}`, rt.pool.live, rt.config.maxInstances);
      }
    }
    try {
      this.imageMapped = owner !== undefined && image !== undefined && image.offset + image.bytes <= initial * WASM_PAGE && rt.pool.mapImage(slot, image);
    } catch (e) {
      rt.pool.giveMemory(slot, initial * WASM_PAGE);
      throw e;
    }
    native.guestBindMemory(guest, this.res, this.offset, initial * WASM_PAGE, maxBytes, this.guarded);
    this.ownerAddress = native.guestAddress(guest);
    if (pooled !== undefined) {
      const { pool } = rt, area = this.area;
      rt.lifetimes.watchHost(this, () => {
        pool.giveMemory(slot, Number(area.field('memory_size')));
        pool.giveGuest(pooled);
      });
    }
  }

  /** @internal The owning instance is freed: the slot goes back to the pool, buffers are detached, methods throw. */
  free(): void {
    if (this.revoked) return;
    const size = Number(this.area.field('memory_size'));
    this.revoked = true;
    this.cachedBuffer = new ArrayBuffer(0);
    this.cachedSize = 0;
    this.rt.pool.giveMemory(this.slot, size);
  }

  /**
   * @internal For a ready shell (shell.ts): revokes this object, returns the
   * slot to `initialBytes` of zeros plus `image`, and gives it a new object.
   * With the module's image mapped, the decommit alone restores the image
   * (MADV_DONTNEED on a private file mapping drops the copies), so nothing is written.
   */
  renew(initialBytes: number, image: readonly { readonly offset: number; readonly bytes: Uint8Array }[]): Memory {
    const size = Number(this.area.field('memory_size'));
    this.revoked = true;
    this.cachedBuffer = new ArrayBuffer(0);
    this.cachedSize = 0;
    if (size > 0) {
      native.detachViews(this.res, this.offset, size);
      native.decommit(this.res, this.offset, size);
      if (this.guarded && size > initialBytes) native.protect(this.res, this.offset + initialBytes, size - initialBytes, PROT.none);
    }
    this.area.setField('memory_size', BigInt(initialBytes));
    const m = Object.assign(Object.create(Memory.prototype) as Memory, this);
    m.revoked = false;
    if (!this.imageMapped) for (const seg of image) m.write(seg.offset, seg.bytes);
    return m;
  }

  /** @internal Copies `bytes` to [dst, dst + length), which the caller has bounds-checked (no JS view is made). */
  write(dst: number, bytes: Uint8Array): void {
    if (bytes.length > 0) native.write(this.res, this.offset + dst, bytes);
  }

  /** Base address of byte 0 (importers copy it into their memory_base). */
  get baseAddress(): number {
    return native.address(this.res) + this.offset;
  }

  /** Current size in bytes, as the owner's vmctx says. */
  get byteLength(): number {
    this.rt.check();
    if (this.revoked) throw new Error('corral: the instance that owned this memory was released');
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
        native.protect(this.res, this.offset + old * WASM_PAGE, delta * WASM_PAGE, PROT.readWrite);
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
