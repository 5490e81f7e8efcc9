// The runtime's allocator for native data that compiled code reads: globals
// areas, table records and element arrays, FuncRecords, funcref arrays,
// import tables and signature-id arrays (src/abi/layout.ts).
//
// Memory comes from a few large read-write, lazily committed reservations
// (one kernel mapping each), carved into power-of-two blocks: a block of
// class c is 2^c bytes, aligned to min(2^c, 4096). Freed blocks go on the
// free list of their class and are zeroed first (pages returned to the kernel
// for large blocks), so every block handed out reads as zero.
//
// Invariants: an address is a Number (< 2^47); a block never spans chunks;
// the heap never moves a block. Blocks larger than a chunk get a reservation
// of their own. Only src/runtime/ imports this.

import { isNativeError, native, type ReservationId } from './native.js';

const CHUNK_BYTES = 1024 * 1024 * 1024;
const PAGE = 4096;
const MIN_CLASS = 4; // 16 bytes

interface Chunk {
  readonly res: ReservationId;
  readonly base: number;
  readonly size: number;
  readonly bytes: Uint8Array;
  readonly dv: DataView;
  /** Next free byte for bump allocation. */
  top: number;
  /** A chunk made for one large block: released when the block is freed. */
  readonly single: boolean;
}

export interface Block {
  readonly address: number;
  readonly size: number;
}

export class NativeHeap {
  private readonly chunks: Chunk[] = [];
  /** Free block addresses per size class. */
  private readonly free: number[][] = [];
  private last: Chunk | undefined;
  private closed = false;

  /** `exhausted` makes the error for a reservation refused by the mapping or address-space budget. */
  constructor(private readonly exhausted: (detail: string) => Error) {}

  alloc(bytes: number): Block {
    if (this.closed) throw new Error('corral: the engine is closed');
    const cls = Math.max(MIN_CLASS, Math.ceil(Math.log2(Math.max(bytes, 1))));
    const size = 2 ** cls;
    if (size > CHUNK_BYTES / 4) return this.allocSingle(size);
    const list = (this.free[cls] ??= []);
    const reused = list.pop();
    if (reused !== undefined) return { address: reused, size };
    const align = Math.min(size, PAGE);
    for (const c of this.chunks) {
      if (c.single) continue;
      const at = Math.ceil(c.top / align) * align;
      if (at + size <= c.size) {
        c.top = at + size;
        return { address: c.base + at, size };
      }
    }
    const c = this.addChunk(CHUNK_BYTES, false);
    c.top = size;
    return { address: c.base, size };
  }

  /** Returns a block; its bytes read as zero when it is handed out again. */
  freeBlock(block: Block): void {
    if (this.closed) return;
    const c = this.chunkOf(block.address);
    if (c.single) {
      this.chunks.splice(this.chunks.indexOf(c), 1);
      if (this.last === c) this.last = undefined;
      native.release(c.res);
      return;
    }
    const off = block.address - c.base;
    if (block.size >= 64 * 1024) native.decommit(c.res, off, block.size);
    else c.bytes.fill(0, off, off + block.size);
    (this.free[Math.log2(block.size)] ??= []).push(block.address);
  }

  /** Releases every reservation; later calls throw. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const c of this.chunks) native.release(c.res);
    this.chunks.length = 0;
    this.last = undefined;
  }

  readU32(address: number): number {
    const c = this.chunkOf(address);
    return c.dv.getUint32(address - c.base, true);
  }
  writeU32(address: number, value: number): void {
    const c = this.chunkOf(address);
    c.dv.setUint32(address - c.base, value >>> 0, true);
  }
  /** A 64-bit word known to hold an address or small integer (< 2^53). */
  readAddr(address: number): number {
    const c = this.chunkOf(address);
    const o = address - c.base;
    return c.dv.getUint32(o, true) + c.dv.getUint32(o + 4, true) * 0x100000000;
  }
  writeAddr(address: number, value: number): void {
    const c = this.chunkOf(address);
    const o = address - c.base;
    c.dv.setUint32(o, value % 0x100000000, true);
    c.dv.setUint32(o + 4, Math.floor(value / 0x100000000), true);
  }
  readU64(address: number): bigint {
    const c = this.chunkOf(address);
    return c.dv.getBigUint64(address - c.base, true);
  }
  writeU64(address: number, value: bigint): void {
    const c = this.chunkOf(address);
    c.dv.setBigUint64(address - c.base, BigInt.asUintN(64, value), true);
  }
  /** Moves `bytes` bytes between two blocks (memmove semantics). */
  copy(dst: number, src: number, bytes: number): void {
    if (bytes === 0) return;
    const d = this.chunkOf(dst), s = this.chunkOf(src);
    d.bytes.set(s.bytes.subarray(src - s.base, src - s.base + bytes), dst - d.base);
  }

  /** Kernel mappings held (one per chunk). */
  get mappings(): number {
    return this.chunks.length;
  }

  private allocSingle(size: number): Block {
    const bytes = Math.ceil(size / PAGE) * PAGE;
    const c = this.addChunk(bytes, true);
    c.top = bytes;
    return { address: c.base, size };
  }

  private addChunk(size: number, single: boolean): Chunk {
    let res: ReservationId;
    try {
      res = native.reserve(size, true);
    } catch (e) {
      if (isNativeError(e, 'ERR_CORRAL_MAPPINGS') || isNativeError(e, 'ERR_CORRAL_ADDRESS_SPACE')) throw this.exhausted(`the runtime heap could not grow: ${e.message}`);
      throw e;
    }
    const base = native.address(res);
    const buf = native.view(res, 0, size);
    const c: Chunk = { res, base, size, bytes: new Uint8Array(buf), dv: new DataView(buf), top: 0, single };
    this.chunks.push(c);
    return c;
  }

  private chunkOf(address: number): Chunk {
    const l = this.last;
    if (l !== undefined && address >= l.base && address < l.base + l.size) return l;
    for (const c of this.chunks) {
      if (address >= c.base && address < c.base + c.size) {
        this.last = c;
        return c;
      }
    }
    throw new Error(`corral: address 0x${address.toString(16)} is not in the runtime heap`);
  }
}
