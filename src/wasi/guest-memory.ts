// Checked access to a guest's linear memory from host functions.
//
// Invariants: every read or write is bounds-checked against the memory's
// size at the moment of access, as unsigned 32-bit addresses; a bad range
// throws WasiError(EFAULT), which the function wrapper turns into the errno
// (never a host exception, never an access outside the memory). Views are
// never cached across calls or awaits: `buffer` is re-read on every
// snapshot, because growth replaces it. Imports only errno.ts.

import { Errno, WasiError } from './errno.js';

/** What a host function needs of a memory: Corral's Memory, or anything with a live `buffer`. */
export interface GuestMemory {
  readonly buffer: ArrayBuffer;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const utf8Encoder = new TextEncoder();

/** A view of the memory as it is now; take a new one after any await. */
export class MemoryView {
  readonly bytes: Uint8Array;
  readonly data: DataView;

  constructor(buffer: ArrayBuffer) {
    this.bytes = new Uint8Array(buffer);
    this.data = new DataView(buffer);
  }

  get size(): number {
    return this.bytes.length;
  }

  /** Throws EFAULT unless [ptr, ptr+len) lies inside the memory. */
  check(ptr: number, len: number): void {
    if (ptr < 0 || len < 0 || ptr + len > this.bytes.length) throw new WasiError(Errno.FAULT);
  }

  u8(ptr: number): number {
    this.check(ptr, 1);
    return this.data.getUint8(ptr);
  }
  u16(ptr: number): number {
    this.check(ptr, 2);
    return this.data.getUint16(ptr, true);
  }
  u32(ptr: number): number {
    this.check(ptr, 4);
    return this.data.getUint32(ptr, true);
  }
  u64(ptr: number): bigint {
    this.check(ptr, 8);
    return this.data.getBigUint64(ptr, true);
  }
  setU8(ptr: number, v: number): void {
    this.check(ptr, 1);
    this.data.setUint8(ptr, v);
  }
  setU16(ptr: number, v: number): void {
    this.check(ptr, 2);
    this.data.setUint16(ptr, v, true);
  }
  setU32(ptr: number, v: number): void {
    this.check(ptr, 4);
    this.data.setUint32(ptr, v >>> 0, true);
  }
  setU64(ptr: number, v: bigint): void {
    this.check(ptr, 8);
    this.data.setBigUint64(ptr, BigInt.asUintN(64, v), true);
  }

  /** A copy of the bytes (safe to keep across awaits). */
  copyOut(ptr: number, len: number): Uint8Array {
    this.check(ptr, len);
    return this.bytes.slice(ptr, ptr + len);
  }
  copyIn(ptr: number, src: Uint8Array): void {
    this.check(ptr, src.length);
    this.bytes.set(src, ptr);
  }

  /** A guest string (UTF-8, length-delimited); EILSEQ when it is not UTF-8. */
  string(ptr: number, len: number): string {
    this.check(ptr, len);
    try {
      return utf8.decode(this.bytes.subarray(ptr, ptr + len));
    } catch {
      throw new WasiError(Errno.ILSEQ);
    }
  }

  /** An iovec array as checked {ptr, len} pairs (each buffer checked too). */
  iovecs(ptr: number, count: number): { ptr: number; len: number }[] {
    this.check(ptr, count * 8);
    const out: { ptr: number; len: number }[] = [];
    for (let i = 0; i < count; i++) {
      const p = this.data.getUint32(ptr + i * 8, true), l = this.data.getUint32(ptr + i * 8 + 4, true);
      this.check(p, l);
      out.push({ ptr: p, len: l });
    }
    return out;
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
    out.set(view.bytes.subarray(v.ptr, v.ptr + v.len), off);
    off += v.len;
  }
  return out;
}
