// A module's initial memory image, for copy-on-write instantiation: the
// page-rounded span of its memory's initial contents that holds data (zeros
// plus every active data segment applied in order), written once per module
// into a sealed memfd (native imageCreate) at its first instantiation. An
// instance whose slot maps it (pool.mapImage) skips writing the segments, so
// instantiation costs one mmap whatever the data's size.
//
// A module qualifies when copying would cost more than mapping and the image
// is the same for every instance:
//   - it defines its one memory (an imported memory is someone else's bytes);
//   - every active segment's offset is a plain i32.const (an offset read from
//     an imported global may differ per instance: those modules copy);
//   - every active segment lies within the initial memory (otherwise
//     instantiation traps, and the copying path reports it as the spec says);
//   - the segments carry at least COW_MIN_DATA_BYTES. Measured on this
//     machine (native write + decommit against imageMap + imageUnmap):
//     copying costs ~0.47 µs per KiB (3.4 µs at 4 KiB, 8.9 at 16, 17 at 32,
//     38 at 64, 480 at 1 MiB) while a map/unmap pair costs ~6 µs at any size;
//     they break even near 16 KiB. Each mapped image also spends up to two of
//     the kernel's scarce mappings, so the threshold sits where the map wins
//     clearly (~3x): 32 KiB.
//
// Invariants: a module's image is decided once (memoryImage: undefined = not
// yet, null = copies); an image's memfd stays open until its module is freed
// (module-lifetime.ts: no slot maps it any more) or the engine closes, and is
// never written after creation (sealed).
// Only src/runtime/ imports this.

import { SegmentMode } from '../wasm/types.js';
import { isNativeError, native, type ImageId } from './native.js';
import type { Module } from './module.js';
import type { InstancePool } from './pool.js';

/** Active data bytes from which a module's data is mapped instead of copied. */
export const COW_MIN_DATA_BYTES = 32 * 1024;

const PAGE = 4096;

export interface MemoryImage {
  readonly id: ImageId;
  /** Byte offset in linear memory where the image starts (page-aligned). */
  readonly offset: number;
  /** Length of the image (page-rounded). */
  readonly bytes: number;
}

/** The module's memory image, made on first use; undefined when its instances copy their data. */
export function memoryImageOf(_pool: InstancePool, module: Module): MemoryImage | undefined {
  if (module.memoryImage === undefined) module.memoryImage = buildImage(module);
  return module.memoryImage ?? undefined;
}

function buildImage(module: Module): MemoryImage | null {
  const w = module.wasm;
  if (w.memories.length !== 1 || w.numImportedMemories !== 0) return null;
  const initialBytes = w.memories[0]!.limits.min * 65536;
  const segments: { offset: number; data: Uint8Array }[] = [];
  let total = 0, lo = Infinity, hi = 0;
  for (const seg of w.datas) {
    if (seg.mode !== SegmentMode.active) continue;
    const instrs = seg.offsetExpr?.instrs;
    const first = instrs?.[0];
    if (seg.memoryIndex !== 0 || instrs?.length !== 1 || first?.op !== 'i32.const') return null;
    const offset = first.value >>> 0;
    if (offset + seg.data.length > initialBytes) return null;
    total += seg.data.length;
    if (seg.data.length === 0) continue;
    segments.push({ offset, data: seg.data });
    lo = Math.min(lo, offset);
    hi = Math.max(hi, offset + seg.data.length);
  }
  if (total < COW_MIN_DATA_BYTES) return null;
  const start = Math.floor(lo / PAGE) * PAGE;
  const bytes = new Uint8Array(Math.ceil(hi / PAGE) * PAGE - start);
  for (const s of segments) bytes.set(s.data, s.offset - start);
  let id: ImageId;
  try {
    id = native.imageCreate(bytes);
  } catch (e) {
    // Out of descriptors or memory for the memfd: this module copies, as small ones do.
    if (isNativeError(e, 'ERR_CORRAL_SYSCALL')) return null;
    throw e;
  }
  module.runtime.adoptImage(module.resources, id);
  return { id, offset: start, bytes: bytes.length };
}
