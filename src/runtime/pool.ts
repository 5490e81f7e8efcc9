// The instance pool: the engine's slots for linear memories and guests, taken
// at instantiation and recycled at release, with a ceiling on live instances.
//
// Layout (strides are fixed per engine and mode; chunks are reserved on demand
// up to the ceiling, then kept until the engine closes):
//
//   guarded mode — chunk = GUARDED_CHUNK_SLOTS slots of GUARDED_SLOT_BYTES (8 GiB):
//   ┌────────────── slot 0 ──────────────┬────────────── slot 1 ──────────────┬─
//   │ [0, size) RW │ PROT_NONE … guard   │ [0, size) RW │ PROT_NONE … guard   │ …
//   └─────────────────────────────────────┴─────────────────────────────────────┴─
//     any u32 index + u32 offset from a slot's base stays inside the slot.
//
//   checked mode — per size class c (a slot of 2^c pages), chunk = one
//   read-write, lazily committed reservation (one mapping) of
//   CHECKED_CHUNK_SLOTS slots, at most CHECKED_CHUNK_BYTES (and at least one slot):
//   ┌──────────┬──────────┬──────────┬─
//   │ slot 0   │ slot 1   │ slot 2   │ …   stride 2^c × 64 KiB, bounds-checked
//   └──────────┴──────────┴──────────┴─
//
//   guests — native stack-slab cells: | stack (grows down) … | vmctx + private |
//   (native/corral.c); idle ones wait in a free list with their context views.
//
// Recycling: a memory slot is detached from every JS view, decommitted
// (madvise: its pages read as zero and leave RSS) and, in guarded mode, made
// PROT_NONE again before it is handed out; a guest is detached, ended, its
// stack trimmed and its vmctx scalars and area zeroed.
//
// Copy-on-write images (memory-image.ts): a module with enough constant data
// has its initial memory image in a sealed memfd, and mapImage maps it
// MAP_PRIVATE over [image.offset, +image.bytes) of a slot's accessible pages:
//
//   guarded slot:  | anon RW | image (file, private) | anon RW | PROT_NONE …  2 to 4 mappings (2 without)
//   checked chunk: … anon RW | image | anon RW …                               +2 mappings per image
//
// Measured (kernel count, /proc/self/maps): guarded 3 per instance for an
// image starting in page 0 that ends before the initial size, 2 when it
// spans the whole initial memory; checked 2 per instance (1/256 without).
//
// Releasing a slot to the pool unmaps the image (imageUnmap: fresh anonymous
// pages, which merge back with their neighbours), because the slot may go to
// another module: madvise(MADV_DONTNEED) alone would show this module's image
// again, not zeros. A ready shell (shell.ts) keeps its mapping instead: there
// madvise is exactly right, the next tenant is the same module and the pages
// read as the image again without a byte copied (Memory.renew).
//
// Mapping budget: every image mapping costs up to two kernel mappings, and
// the limit (vm.max_map_count, 65,530) is per process. Images may use the
// budget only while the addon's mappings stay under half of it; past that,
// instances copy their data (as small modules always do), so the other half
// stays for slots, grown memories and stacks, and checked mode still reaches
// 100,000 instances (its chunks cost one mapping per 256 slots). Measured
// in checked mode: 15,195 instances held an image (30,630 of 61,261
// mappings) before the next one copied; 25,000 then lived at 30,821.
// A refusal of the kernel budget itself becomes PoolExhausted, never a crash.
//
// Invariants: a slot or guest is in at most one place (free list or one
// owner); every slot handed out reads as zero; `live` counts instances from
// instantiation until their resources are freed and never exceeds
// maxInstances (PoolExhausted instead); ready shells (shell.ts) are not
// live, and are broken up (reclaim) before anything new is reserved.
// Only src/runtime/ imports this.

import { AREA_SLOTS, GUARDED_SLOT_BYTES, PROT, VMCTX, WASM_PAGE, type VmctxFieldName } from '../abi/vmctx.js';
import { PoolExhausted } from './errors.js';
import type { MemoryImage } from './memory-image.js';
import { GuestArea, isNativeError, native, type GuestId, type ReservationId } from './native.js';

const GUARDED_CHUNK_SLOTS = 8;
const CHECKED_CHUNK_BYTES = 64 * 1024 * 1024 * 1024;
/**
 * Slots per checked chunk. The native layer finds a range's JS views by
 * scanning its reservation's view list, so a release costs O(views in the
 * chunk): 256 slots a chunk keeps that small, and 100,000 one-page memories
 * still take only ~400 mappings.
 */
const CHECKED_CHUNK_SLOTS = 256;

export interface MemorySlot {
  readonly res: ReservationId;
  readonly offset: number;
  /** Bytes the slot spans (its stride). */
  readonly bytes: number;
  /** Size class (checked) or -1 (guarded). */
  readonly cls: number;
  /** The image mapped copy-on-write into the slot now (mapImage), if any. */
  image: MemoryImage | undefined;
}

/** Kernel mappings one image mapping may add (the file mapping, and the split around it). */
const IMAGE_MAPPINGS = 2;

export interface PooledGuest {
  readonly guest: GuestId;
  readonly area: GuestArea;
  readonly address: number;
}

export interface PoolConfig {
  readonly memoryMode: 'guarded' | 'checked';
  readonly maxInstances: number;
  readonly stackBytes: number;
}

/** Scalar vmctx fields a recycled guest starts without (stack_limit, runner and helpers are the native layer's). */
const RESET_FIELDS: readonly VmctxFieldName[] = [
  'memory_base', 'memory_size', 'memory_max', 'memory_def', 'funcrefs', 'tables', 'globals', 'imports', 'sig_ids',
  'interrupt', 'fuel', 'hostcall_index', 'trap_code', 'trap_pc', 'trap_fp', 'hostcall_vmctx', 'trap_detail',
];

export class InstancePool {
  /** Instances holding resources (from instantiation until freed). */
  live = 0;
  private readonly freeGuests: PooledGuest[] = [];
  /** Free memory slots per size class (guarded: index 0). */
  private readonly freeSlots: MemorySlot[][] = [];
  private readonly carve: ({ res: ReservationId; top: number; size: number } | undefined)[] = [];
  private guardedSlots = 0;
  /** Slots with an image mapped now, and instantiations that copied because the mapping budget was short. */
  imagesMapped = 0;
  imagesDeclined = 0;

  constructor(
    private readonly config: PoolConfig,
    private readonly reserve: (bytes: number, readWrite: boolean) => ReservationId,
    private readonly createGuest: () => GuestId,
    /** Frees one ready shell into the free lists (shell.ts); false when none is left. */
    private readonly reclaim: () => boolean,
  ) {}

  /** Counts one more live instance, or throws PoolExhausted. */
  admit(): void {
    if (this.live >= this.config.maxInstances) {
      throw new PoolExhausted(`${this.live} of ${this.config.maxInstances} instance slots are in use (EngineConfig.maxInstances)`, this.live, this.config.maxInstances);
    }
    this.live++;
  }

  /** One instance's resources went back to the pool. */
  leave(): void {
    this.live--;
  }

  takeGuest(): PooledGuest {
    let g = this.freeGuests.pop();
    while (g === undefined && this.reclaim()) g = this.freeGuests.pop();
    if (g !== undefined) return g;
    let guest: GuestId;
    try {
      guest = this.createGuest();
    } catch (e) {
      if (isNativeError(e, 'ERR_CORRAL_ADDRESS_SPACE') || isNativeError(e, 'ERR_CORRAL_MAPPINGS')) {
        throw new PoolExhausted(`no guest stack could be made with ${this.live} instances live: ${(e as Error).message}`, this.live, this.config.maxInstances);
      }
      throw e;
    }
    return { guest, area: new GuestArea(guest), address: native.guestAddress(guest) };
  }

  /** Returns a guest: detached, idle, trimmed, its context zeroed (but for the native layer's fields). */
  giveGuest(g: PooledGuest): void {
    this.resetGuest(g);
    native.trimStack(g.guest);
    const w = g.area.words;
    for (const f of RESET_FIELDS) w[VMCTX[f] / 8] = 0n;
    this.freeGuests.push(g);
  }

  /**
   * Makes a guest idle and detached with no pending interrupt and a zeroed
   * area; its vmctx pointers and stack pages stay. `disarmed`: the caller
   * knows no interrupt timer is pending (every run cancels its own when it
   * finishes, call.ts), which spares a native call taking the timer's lock.
   */
  resetGuest(g: PooledGuest, disarmed = false): void {
    if (!disarmed) native.interruptAfter(g.guest, -1);
    native.guestAttach(g.guest, g.guest);
    native.end(g.guest);
    const w = g.area.words;
    w[VMCTX.interrupt / 8] = 0n;
    w.fill(0n, g.area.areaIndex, g.area.areaIndex + AREA_SLOTS);
  }

  /** A zeroed memory slot of at least `maxBytes` (guarded: always a full guard slot). */
  takeMemory(maxBytes: number): MemorySlot {
    const guarded = this.config.memoryMode === 'guarded';
    const cls = guarded ? -1 : Math.max(0, Math.ceil(Math.log2(Math.max(1, Math.ceil(maxBytes / WASM_PAGE)))));
    const list = (this.freeSlots[cls + 1] ??= []);
    let reused = list.pop();
    while (reused === undefined && this.reclaim()) reused = list.pop();
    if (reused !== undefined) return reused;
    return guarded ? this.carveGuarded() : this.carveChecked(cls);
  }

  /**
   * Maps `image` copy-on-write into the slot's accessible pages (the caller
   * made [0, image end) read-write and will not write the segments itself).
   * False when the mapping budget is short: the caller copies the data.
   */
  mapImage(slot: MemorySlot, image: MemoryImage): boolean {
    const s = native.stats();
    if (s.mappings + IMAGE_MAPPINGS > s.mappingLimit / 2) {
      this.imagesDeclined++;
      return false;
    }
    const at = slot.offset + image.offset;
    try {
      native.imageMap(slot.res, at, image.id);
    } catch (e) {
      if (!isNativeError(e, 'ERR_CORRAL_MAPPINGS') && !isNativeError(e, 'ERR_CORRAL_SYSCALL')) throw e;
      // A failed MAP_FIXED leaves the range inaccessible: give it back its access, then copy.
      if (isNativeError(e, 'ERR_CORRAL_SYSCALL')) this.mappingsOrExhausted(() => native.protect(slot.res, at, image.bytes, PROT.readWrite));
      this.imagesDeclined++;
      return false;
    }
    slot.image = image;
    this.imagesMapped++;
    return true;
  }

  /**
   * Recycles a slot whose first `dirtyBytes` may have been written or made
   * accessible: no JS view survives, the pages read as zero (an image mapped
   * there is replaced by fresh pages), and (guarded) they are inaccessible again.
   */
  giveMemory(slot: MemorySlot, dirtyBytes: number): void {
    const len = Math.min(slot.bytes, Math.ceil(dirtyBytes / WASM_PAGE) * WASM_PAGE);
    const image = slot.image;
    if (image !== undefined) {
      native.detachViews(slot.res, slot.offset, Math.max(len, image.offset + image.bytes));
      // Fresh pages merge with the neighbours again: this gives the image's mappings back.
      native.imageUnmap(slot.res, slot.offset + image.offset, image.bytes, slot.cls < 0 ? PROT.none : PROT.readWrite);
      slot.image = undefined;
      this.imagesMapped--;
    }
    if (len > 0) {
      native.detachViews(slot.res, slot.offset, len);
      native.decommit(slot.res, slot.offset, len);
      if (slot.cls < 0) native.protect(slot.res, slot.offset, len, PROT.none);
    }
    (this.freeSlots[slot.cls + 1] ??= []).push(slot);
  }

  /** Runs `f`, turning a refusal of the kernel-mapping budget into PoolExhausted. */
  mappingsOrExhausted(f: () => void): void {
    try {
      f();
    } catch (e) {
      if (!isNativeError(e, 'ERR_CORRAL_MAPPINGS')) throw e;
      throw new PoolExhausted(`the kernel's mapping budget is spent with ${this.live} instances live: ${e.message}`, this.live, this.config.maxInstances);
    }
  }

  private carveGuarded(): MemorySlot {
    let chunk = this.carve[0];
    if (chunk === undefined || chunk.top >= chunk.size) {
      chunk = undefined;
      for (const n of [GUARDED_CHUNK_SLOTS, 1]) {
        try {
          chunk = { res: this.reserve(n * GUARDED_SLOT_BYTES, false), top: 0, size: n * GUARDED_SLOT_BYTES };
          break;
        } catch (e) {
          if (!isNativeError(e, 'ERR_CORRAL_ADDRESS_SPACE') && !isNativeError(e, 'ERR_CORRAL_MAPPINGS')) throw e;
          if (n === 1) {
            throw new PoolExhausted(`address space for guarded memories exhausted after ${this.guardedSlots} slots of 8 GiB: ${(e as Error).message}`, this.live, this.config.maxInstances);
          }
        }
      }
      this.carve[0] = chunk;
    }
    const slot: MemorySlot = { res: chunk!.res, offset: chunk!.top, bytes: GUARDED_SLOT_BYTES, cls: -1, image: undefined };
    chunk!.top += GUARDED_SLOT_BYTES;
    this.guardedSlots++;
    return slot;
  }

  private carveChecked(cls: number): MemorySlot {
    const bytes = 2 ** cls * WASM_PAGE;
    let chunk = this.carve[cls + 1];
    if (chunk === undefined || chunk.top + bytes > chunk.size) {
      const size = Math.max(bytes, Math.min(CHECKED_CHUNK_BYTES, CHECKED_CHUNK_SLOTS * bytes));
      try {
        chunk = { res: this.reserve(size, true), top: 0, size };
      } catch (e) {
        if (isNativeError(e, 'ERR_CORRAL_ADDRESS_SPACE') || isNativeError(e, 'ERR_CORRAL_MAPPINGS')) {
          throw new PoolExhausted(`no memory slot of ${bytes} bytes: ${(e as Error).message}`, this.live, this.config.maxInstances);
        }
        throw e;
      }
      this.carve[cls + 1] = chunk;
    }
    const slot: MemorySlot = { res: chunk.res, offset: chunk.top, bytes, cls, image: undefined };
    chunk.top += bytes;
    return slot;
  }
}
