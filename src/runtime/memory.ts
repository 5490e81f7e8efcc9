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
// Host access: `buffer` (the JS API's) is an external ArrayBuffer over the
// whole memory, which V8 counts as external memory; a new one per instance
// or growth makes V8 collect garbage for the pressure. The runtime's own host
// code (WASI, the server's host API) copies through read/write instead,
// which make no view at all.
//
// Handles: a Memory is a small handle on a MemoryBinding (the slot and what
// was fixed when it was bound). renew gives a ready shell's next tenant a
// new handle on the same binding and revokes the old one.
//
// Invariants: `buffer` views [0, memory_size) of the owner's live size and is
// refreshed whenever that size changed (an old buffer stays valid, it just
// does not see new pages); a revoked handle's methods throw and its buffers
// are detached before the slot is reused. read/write check [offset, +length)
// against the live size. A host Memory gets a guest of its own that never
// runs: its vmctx is what importers point memory_def at.
// Only src/runtime/ and the public API import this.

import { PROT, WASM_PAGE } from '../abi/vmctx.js';
import type { Engine } from './engine.js';
import { Group, type GroupMember } from './group.js';
import { PoolExhausted } from './errors.js';
import type { MemoryImage } from './memory-image.js';
import { isNativeError, native, type GuestArea, type GuestId } from './native.js';
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

/** Memories of at most this many bytes are zeroed by writing (renew), larger ones by madvise. */
const ZERO_BY_WRITING_MAX = 65536;

/**
 * Small copies go through one off-heap scratch buffer. V8 keeps a typed
 * array of at most 64 bytes inside its JS heap object, and the addon can only
 * reach its bytes through napi_get_typedarray_info, which first moves them
 * to a fresh off-heap ArrayBuffer (an allocation and a tracked buffer per
 * call: the host API's `new Uint8Array(len)` results are such arrays). Here
 * the addon copies through a view of the scratch, made once per length, and
 * JS copies between that and the caller's array (a memcpy, no allocation).
 * Synchronous use only; each thread has its own module instance, so its own.
 */
const SCRATCH_MAX = 64;
const scratchViews: readonly Uint8Array[] = (() => {
  const buffer = new ArrayBuffer(SCRATCH_MAX);
  return Array.from({ length: SCRATCH_MAX + 1 }, (_, n) => new Uint8Array(buffer, 0, n));
})();

/**
 * @internal What every handle on one memory shares: the slot and the facts
 * fixed when it was bound. renew() makes a new handle on the same binding,
 * so the handle itself stays a small object of one shape.
 */
export class MemoryBinding {
  constructor(
    readonly rt: Runtime,
    readonly area: GuestArea,
    readonly slot: MemorySlot,
    readonly guarded: boolean,
    readonly imageMapped: boolean,
    readonly ownerAddress: number,
    readonly member: GroupMember,
    readonly maximumPages: number,
    readonly declaredMaximum: number | undefined,
  ) {}
}

export class Memory {
  // Truly private: a binding in hand would let code make a handle that no release revokes.
  readonly #b: MemoryBinding;
  private revoked = false;
  /** A buffer of this handle may exist (renew must detach it). */
  private viewed = false;
  private cachedBuffer: ArrayBuffer | undefined = undefined;
  private cachedSize = 0;

  /**
   * `owner`: the defining instance's guest; `maxPages`: a per-instance cap
   * below the engine's; `image`: the defining module's memory image, mapped
   * when the pool's mapping budget allows (see imageMapped).
   */
  constructor(engine: Engine, descriptor: MemoryDescriptor, owner?: MemoryOwner, maxPages?: number, image?: MemoryImage);
  /** @internal A new handle on a bound slot (renew). */
  constructor(binding: MemoryBinding);
  constructor(engine: Engine | MemoryBinding, descriptor?: MemoryDescriptor, owner?: MemoryOwner, maxPages?: number, image?: MemoryImage) {
    this.#b = engine instanceof MemoryBinding ? engine : bind(engine, descriptor!, owner, maxPages, image);
  }

  /** The vmctx that owns this memory (importers point memory_def here). */
  get ownerAddress(): number {
    return this.#b.ownerAddress;
  }
  /** Host memories are group members so that instances sharing one run together. */
  get member(): GroupMember {
    return this.#b.member;
  }
  get maximumPages(): number {
    return this.#b.maximumPages;
  }
  /** The declared maximum, if any (for import subtyping). */
  get declaredMaximum(): number | undefined {
    return this.#b.declaredMaximum;
  }
  /** @internal */
  get rt(): Runtime {
    return this.#b.rt;
  }
  /** @internal The module's data image is mapped here: the instance must not write the segments. */
  get imageMapped(): boolean {
    return this.#b.imageMapped;
  }

  /** @internal The owning instance is freed: the slot goes back to the pool, buffers are detached, methods throw. */
  free(): void {
    if (this.revoked) return;
    const size = this.sizeNow();
    this.revoke();
    this.#b.rt.pool.giveMemory(this.#b.slot, size);
  }

  /**
   * @internal For a ready shell (shell.ts): revokes this handle, returns the
   * slot to `initialBytes` of zeros plus `image`, and gives it a new handle.
   * With the module's image mapped, the decommit alone restores the image
   * (MADV_DONTNEED on a private file mapping drops the copies), so nothing is
   * written. Without one, a memory of at most ZERO_BY_WRITING_MAX bytes is
   * zeroed by writing: its 16 pages stay resident (at most 64 KiB per ready
   * shell), which costs less than madvise and the faults that follow it
   * (measured: ~1.3 µs against ~8 µs for one 64 KiB page, segment write
   * included; at 256 KiB the madvise wins).
   */
  renew(initialBytes: number, image: readonly { readonly offset: number; readonly bytes: Uint8Array }[]): Memory {
    const b = this.#b, { res, offset } = b.slot;
    const size = this.sizeNow();
    const viewed = this.viewed;
    this.revoke();
    if (size > 0) {
      if (viewed) native.detachViews(res, offset, size);
      // Zero before any protect: PROT_NONE keeps contents, and a later grow would show them.
      if (!b.imageMapped && size <= ZERO_BY_WRITING_MAX) native.fill(res, offset, size, 0);
      else native.decommit(res, offset, size);
      if (b.guarded && size > initialBytes) native.protect(res, offset + initialBytes, size - initialBytes, PROT.none);
    }
    b.area.setField('memory_size', BigInt(initialBytes));
    const m = new Memory(b);
    if (!b.imageMapped) for (const seg of image) if (seg.bytes.length > 0) native.write(res, offset + seg.offset, seg.bytes);
    return m;
  }

  /**
   * Copies `bytes` into the memory at `offset`, without making a view of it
   * (the host's way in: WASI and the server copy through here). RangeError
   * when [offset, offset + bytes.length) is not inside the memory.
   */
  write(offset: number, bytes: Uint8Array): void {
    this.checkRange(offset, bytes.length);
    const n = bytes.length;
    if (n === 0) return;
    if (n <= SCRATCH_MAX) {
      const via = scratchViews[n]!;
      via.set(bytes);
      native.write(this.#b.slot.res, this.#b.slot.offset + offset, via);
    } else {
      native.write(this.#b.slot.res, this.#b.slot.offset + offset, bytes);
    }
  }

  /** Fills `into` from the memory at `offset` (the copy-out twin of write). RangeError when the range is not inside the memory. */
  read(offset: number, into: Uint8Array): void {
    this.checkRange(offset, into.length);
    const n = into.length;
    if (n === 0) return;
    if (n <= SCRATCH_MAX) {
      const via = scratchViews[n]!;
      native.read(this.#b.slot.res, this.#b.slot.offset + offset, via);
      into.set(via);
    } else {
      native.read(this.#b.slot.res, this.#b.slot.offset + offset, into);
    }
  }

  /** Base address of byte 0 (importers copy it into their memory_base). */
  get baseAddress(): number {
    return native.address(this.#b.slot.res) + this.#b.slot.offset;
  }

  /** Current size in bytes, as the owner's vmctx says. */
  get byteLength(): number {
    this.#b.rt.check();
    if (this.revoked) throw new Error('corral: the instance that owned this memory was released');
    return this.sizeNow();
  }

  /** Current size in pages. */
  get pages(): number {
    return this.byteLength / WASM_PAGE;
  }

  /**
   * A view of the whole memory as it is now (the JS API's buffer). Each new
   * size makes a new external ArrayBuffer, which V8 counts as external
   * memory: host code of the runtime copies through read/write instead.
   */
  get buffer(): ArrayBuffer {
    const size = this.byteLength;
    if (this.cachedBuffer === undefined || size !== this.cachedSize) {
      if (size > 0) this.viewed = true;
      this.cachedBuffer = size === 0 ? new ArrayBuffer(0) : native.view(this.#b.slot.res, this.#b.slot.offset, size);
      this.cachedSize = size;
    }
    return this.cachedBuffer;
  }

  /** Grows by `delta` pages; returns the old size in pages. RangeError past the maximum. */
  grow(delta: number): number {
    const d = pages(delta, 'delta');
    const r = this.growRaw(d);
    if (r < 0) throw new RangeError(`Memory.grow(${delta}): the maximum is ${this.#b.maximumPages} pages`);
    return r;
  }

  /** memory.grow semantics: old size in pages, or -1. */
  growRaw(delta: number): number {
    const old = this.pages;
    const b = this.#b;
    if (delta > b.maximumPages - old) return -1;
    if (delta === 0) return old;
    if (b.guarded) {
      try {
        native.protect(b.slot.res, b.slot.offset + old * WASM_PAGE, delta * WASM_PAGE, PROT.readWrite);
      } catch {
        return -1;
      }
    }
    b.area.setField('memory_size', BigInt((old + delta) * WASM_PAGE));
    return old;
  }

  /** The owner's memory_size, unchecked. */
  private sizeNow(): number {
    return Number(this.#b.area.field('memory_size'));
  }

  private checkRange(offset: number, length: number): void {
    const size = this.byteLength;
    if (!Number.isInteger(offset) || offset < 0 || offset > size - length) {
      throw new RangeError(`Memory: [${offset}, +${length}) is outside the memory's ${size} bytes`);
    }
  }

  /** This handle stops working: methods throw, and the buffer it cached is forgotten (detaching is the caller's). */
  private revoke(): void {
    this.revoked = true;
    this.cachedBuffer = undefined;
    this.cachedSize = 0;
  }
}

/** Takes a slot (and, for a host memory, a guest of its own) and binds it as `descriptor` says. */
function bind(engine: Engine, descriptor: MemoryDescriptor, owner: MemoryOwner | undefined, maxPages: number | undefined, image: MemoryImage | undefined): MemoryBinding {
  const rt: Runtime = engine.runtime;
  rt.check();
  const initial = pages(descriptor.initial, 'initial');
  const declared = descriptor.maximum === undefined ? undefined : pages(descriptor.maximum, 'maximum');
  if (declared !== undefined && declared < initial) throw new RangeError('Memory: maximum is smaller than initial');
  const cap = Math.min(rt.config.maxMemoryPages, maxPages ?? 65536);
  if (initial > cap) throw new RangeError(`Memory: ${initial} initial pages exceed the limit of ${cap} pages (maxMemoryPages)`);
  const maximumPages = Math.min(declared ?? 65536, cap);
  const guarded = rt.config.memoryMode === 'guarded';
  const pooled = owner === undefined ? rt.pool.takeGuest() : undefined;
  const guest = owner === undefined ? pooled!.guest : owner.guest;
  const area = owner === undefined ? pooled!.area : owner.area;
  const member: GroupMember = { group: undefined as unknown as Group };
  member.group = Group.single(member);
  const maxBytes = maximumPages * WASM_PAGE;
  const slot = rt.pool.takeMemory(maxBytes);
  if (guarded && initial > 0) {
    try {
      native.protect(slot.res, slot.offset, initial * WASM_PAGE, PROT.readWrite);
    } catch (e) {
      rt.pool.giveMemory(slot, 0);
      if (pooled !== undefined) rt.pool.giveGuest(pooled);
      if (!isNativeError(e, 'ERR_CORRAL_MAPPINGS')) throw e;
      throw new PoolExhausted(`the kernel's mapping budget is spent: ${e.message}`, rt.pool.live, rt.config.maxInstances);
    }
  }
  let imageMapped: boolean;
  try {
    imageMapped = owner !== undefined && image !== undefined && image.offset + image.bytes <= initial * WASM_PAGE && rt.pool.mapImage(slot, image);
  } catch (e) {
    rt.pool.giveMemory(slot, initial * WASM_PAGE);
    throw e;
  }
  native.guestBindMemory(guest, slot.res, slot.offset, initial * WASM_PAGE, maxBytes, guarded);
  const binding = new MemoryBinding(rt, area, slot, guarded, imageMapped, native.guestAddress(guest), member, maximumPages, declared);
  if (pooled !== undefined) {
    const { pool } = rt;
    // The binding, not the handle, is watched: only a host memory has one handle, and the closure must not keep it alive.
    rt.lifetimes.watchHost(binding, () => {
      pool.giveMemory(slot, Number(area.field('memory_size')));
      pool.giveGuest(pooled);
    });
  }
  return binding;
}

function pages(v: unknown, what: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65536) throw new TypeError(`Memory: ${what} must be an integer number of pages in 0..65536`);
  return n;
}
