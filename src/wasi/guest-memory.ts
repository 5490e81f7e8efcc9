// Checked access to a guest's linear memory from host functions.
//
// Two kinds of memory: one that copies in and out (Corral's Memory: read and
// write), used without ever viewing the whole memory — a view of a large
// memory is an external ArrayBuffer, and a fresh one per instance or growth
// makes V8 collect garbage for the "external memory pressure" — and any
// other JS-API-shaped memory (V8's, or a test's), viewed through its live
// `buffer`. A memory that offers both is copied through.
//
// Invariants: every read or write is bounds-checked against the memory's
// size when the MemoryView was taken, as unsigned 32-bit addresses (a
// memory never shrinks); a bad range throws WasiError(EFAULT), which the
// function wrapper turns into the errno (never a host exception, never an
// access outside the memory). A MemoryView is never kept across an await:
// growth replaces a buffer, and a released instance's memory refuses access.
// Bytes handed out are copies. Imports only errno.ts.

import { Errno, WasiError } from './errno.js';

/** A memory viewed through its live buffer (the JS API's shape). */
export interface BufferMemory {
  readonly buffer: ArrayBuffer;
}

/** A memory that copies in and out, bounds-checked on its side too (Corral's Memory). */
export interface CopyingMemory {
  readonly byteLength: number;
  read(offset: number, into: Uint8Array): void;
  write(offset: number, bytes: Uint8Array): void;
}

/** What a host function needs of a memory. */
export type GuestMemory = BufferMemory | CopyingMemory;

export function isGuestMemory(x: unknown): x is GuestMemory {
  if (typeof x !== 'object' || x === null) return false;
  const m = x as Partial<CopyingMemory> & Partial<BufferMemory>;
  return (typeof m.read === 'function' && typeof m.write === 'function') || 'buffer' in m;
}

function copying(m: GuestMemory): CopyingMemory | undefined {
  const c = m as Partial<CopyingMemory>;
  return typeof c.read === 'function' && typeof c.write === 'function' ? (m as CopyingMemory) : undefined;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const utf8Encoder = new TextEncoder();

// Scalars pass through these (host functions are synchronous between awaits, so one set serves every view).
const scalarBytes = new Uint8Array(8);
const scalar = new DataView(scalarBytes.buffer);
const SCALAR: Readonly<Record<1 | 2 | 4 | 8, Uint8Array>> = {
  1: scalarBytes.subarray(0, 1), 2: scalarBytes.subarray(0, 2), 4: scalarBytes.subarray(0, 4), 8: scalarBytes.subarray(0, 8),
};
const ZEROS = new Uint8Array(256);

/** The memory as it is now; take a new one after any await. */
export class MemoryView {
  readonly size: number;
  private readonly copier: CopyingMemory | undefined;
  private readonly bytes: Uint8Array | undefined;

  /** No memory: every range but the empty one is EFAULT. */
  constructor(memory: GuestMemory | undefined) {
    this.copier = memory === undefined ? undefined : copying(memory);
    if (this.copier !== undefined) {
      this.size = this.copier.byteLength;
    } else {
      this.bytes = new Uint8Array(memory === undefined ? new ArrayBuffer(0) : (memory as BufferMemory).buffer);
      this.size = this.bytes.length;
    }
  }

  /** Throws EFAULT unless [ptr, ptr+len) lies inside the memory. */
  check(ptr: number, len: number): void {
    if (ptr < 0 || len < 0 || ptr + len > this.size) throw new WasiError(Errno.FAULT);
  }

  u8(ptr: number): number {
    this.load(ptr, 1);
    return scalar.getUint8(0);
  }
  u16(ptr: number): number {
    this.load(ptr, 2);
    return scalar.getUint16(0, true);
  }
  u32(ptr: number): number {
    this.load(ptr, 4);
    return scalar.getUint32(0, true);
  }
  u64(ptr: number): bigint {
    this.load(ptr, 8);
    return scalar.getBigUint64(0, true);
  }
  setU8(ptr: number, v: number): void {
    scalar.setUint8(0, v);
    this.copyIn(ptr, SCALAR[1]);
  }
  setU16(ptr: number, v: number): void {
    scalar.setUint16(0, v, true);
    this.copyIn(ptr, SCALAR[2]);
  }
  setU32(ptr: number, v: number): void {
    scalar.setUint32(0, v >>> 0, true);
    this.copyIn(ptr, SCALAR[4]);
  }
  setU64(ptr: number, v: bigint): void {
    scalar.setBigUint64(0, BigInt.asUintN(64, v), true);
    this.copyIn(ptr, SCALAR[8]);
  }

  /** A copy of the bytes (safe to keep across awaits). */
  copyOut(ptr: number, len: number): Uint8Array {
    const out = new Uint8Array(len);
    this.readInto(ptr, out);
    return out;
  }
  /** Fills `into` from [ptr, ptr + into.length). */
  readInto(ptr: number, into: Uint8Array): void {
    this.check(ptr, into.length);
    if (this.copier !== undefined) this.copier.read(ptr, into);
    else into.set(this.bytes!.subarray(ptr, ptr + into.length));
  }
  copyIn(ptr: number, src: Uint8Array): void {
    this.check(ptr, src.length);
    if (this.copier !== undefined) this.copier.write(ptr, src);
    else this.bytes!.set(src, ptr);
  }
  /** Zeroes [ptr, ptr+len) (records are cleared before their fields are set). */
  zero(ptr: number, len: number): void {
    this.check(ptr, len);
    this.copyIn(ptr, len <= ZEROS.length ? ZEROS.subarray(0, len) : new Uint8Array(len));
  }

  /** A guest string (UTF-8, length-delimited); EILSEQ when it is not UTF-8. */
  string(ptr: number, len: number): string {
    this.check(ptr, len);
    const bytes = this.copier !== undefined ? this.copyOut(ptr, len) : this.bytes!.subarray(ptr, ptr + len);
    try {
      return utf8.decode(bytes);
    } catch {
      throw new WasiError(Errno.ILSEQ);
    }
  }

  /** An iovec array as checked {ptr, len} pairs (each buffer checked too). */
  iovecs(ptr: number, count: number): { ptr: number; len: number }[] {
    this.check(ptr, count * 8);
    const raw = this.copyOut(ptr, count * 8);
    const data = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    const out: { ptr: number; len: number }[] = [];
    for (let i = 0; i < count; i++) {
      const p = data.getUint32(i * 8, true), l = data.getUint32(i * 8 + 4, true);
      this.check(p, l);
      out.push({ ptr: p, len: l });
    }
    return out;
  }

  /** Reads a scalar of `n` bytes at ptr into the shared scalar buffer. */
  private load(ptr: number, n: 1 | 2 | 4 | 8): void {
    this.readInto(ptr, SCALAR[n]);
  }
}

export function encodeUtf8(s: string): Uint8Array {
  return utf8Encoder.encode(s);
}

/** Total length of iovecs, capped so one call never asks the host for more than the memory holds. */
export function iovTotal(iovs: readonly { len: number }[]): number {
  let n = 0;
  for (const v of iovs) n += v.len;
  return n;
}

/** Scatters `data` into iovecs in order; returns the bytes placed. */
export function scatter(view: MemoryView, iovs: readonly { ptr: number; len: number }[], data: Uint8Array): number {
  let off = 0;
  for (const v of iovs) {
    if (off >= data.length) break;
    const n = Math.min(v.len, data.length - off);
    view.copyIn(v.ptr, data.subarray(off, off + n));
    off += n;
  }
  return off;
}

/** Gathers iovecs into one copied buffer. */
export function gather(view: MemoryView, iovs: readonly { ptr: number; len: number }[]): Uint8Array {
  const out = new Uint8Array(iovTotal(iovs));
  let off = 0;
  for (const v of iovs) {
    view.readInto(v.ptr, out.subarray(off, off + v.len));
    off += v.len;
  }
  return out;
}
