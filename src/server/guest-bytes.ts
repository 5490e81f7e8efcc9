// Checked access to a handler's linear memory for the corral_http functions:
// (ptr, len) pairs from the guest become bytes only when they lie inside the
// memory as it is at that moment.
//
// Corral's Memory is copied in and out (read/write): viewing the whole
// memory would make an external ArrayBuffer per request (every request runs
// a fresh or recycled instance), which V8 counts as external memory and
// collects garbage for. A memory with only a `buffer` (the JS API's shape)
// is viewed through it.
//
// Invariants: pointers and lengths are taken as unsigned 32-bit; a range is
// checked against the memory's size read at the time of the access (growth
// replaces a buffer, so nothing is kept across an await); bytes handed to
// the host are copies, except view()'s over a buffer-only memory, which are
// valid until the next await. Before a memory is bound every range is out
// of bounds. Imports nothing from the runtime.

/** What this needs of a memory: a live `buffer`, or (Corral's Memory) read/write copies too. */
export interface BufferSource {
  readonly buffer: ArrayBuffer;
}

/** Copy access: read and write throw a RangeError for a range outside the memory (an empty one included). */
interface CopyingSource {
  readonly byteLength: number;
  read(offset: number, into: Uint8Array): void;
  write(offset: number, bytes: Uint8Array): void;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export class GuestBytes {
  private memory: BufferSource | undefined;
  private copier: CopyingSource | undefined;

  bind(memory: BufferSource): void {
    this.memory = memory;
    const c = memory as Partial<CopyingSource>;
    this.copier = typeof c.read === 'function' && typeof c.write === 'function' ? (memory as BufferSource & CopyingSource) : undefined;
  }

  /** Whether [ptr, ptr + len) lies inside the memory now. */
  contains(ptr: unknown, len: unknown): boolean {
    const size = this.size();
    return size !== undefined && u32(ptr) + u32(len) <= size;
  }

  /**
   * The bytes of [ptr, ptr + len), for reading, or undefined when the range
   * is outside the memory: a copy, or a view valid until the next await.
   */
  view(ptr: unknown, len: unknown): Uint8Array | undefined {
    if (this.copier === undefined) {
      const buffer = this.memory?.buffer;
      if (buffer === undefined) return undefined;
      const p = u32(ptr), n = u32(len);
      return p + n > buffer.byteLength ? undefined : new Uint8Array(buffer, p, n);
    }
    return this.copy(ptr, len);
  }

  /** A copy of the range (safe to keep across awaits; a Buffer over Corral's Memory), or undefined when out of bounds. */
  copy(ptr: unknown, len: unknown): Uint8Array | undefined {
    const copier = this.copier;
    if (copier === undefined) return this.view(ptr, len)?.slice();
    // From Node's buffer pool, off V8's heap: a fresh typed array of up to 64 bytes lives on the heap,
    // and the first subarray or `.buffer` of it (decoding, handing it to the socket) moves its bytes to
    // a new ArrayBuffer. Every byte is written by read before anyone sees it.
    const out = Buffer.allocUnsafe(u32(len));
    // read checks the range against the live size itself (RangeError): checking it here first
    // would read the memory's size twice per copy, and a host call copies a range or two.
    try {
      copier.read(u32(ptr), out);
    } catch (e) {
      if (e instanceof RangeError) return undefined;
      throw e;
    }
    return out;
  }

  /** The range decoded as UTF-8: undefined when out of bounds, null when not valid UTF-8. */
  text(ptr: unknown, len: unknown): string | undefined | null {
    const v = this.view(ptr, len);
    if (v === undefined) return undefined;
    try {
      return utf8.decode(v);
    } catch {
      return null;
    }
  }

  /**
   * Copy-out: writes min(cap, value.length) bytes at buf and returns
   * value.length; undefined when [buf, buf + cap) is out of bounds.
   */
  copyOut(buf: unknown, cap: unknown, value: Uint8Array): number | undefined {
    if (!this.contains(buf, cap)) return undefined;
    const n = Math.min(u32(cap), value.length);
    const part = n === value.length ? value : value.subarray(0, n);
    if (this.copier !== undefined) {
      if (n > 0) this.copier.write(u32(buf), part);
    } else {
      new Uint8Array(this.memory!.buffer, u32(buf), n).set(part);
    }
    return value.length;
  }

  /** The memory's size now, or undefined before one is bound. */
  private size(): number | undefined {
    if (this.copier !== undefined) return this.copier.byteLength;
    return this.memory?.buffer.byteLength;
  }
}

/** A guest i32 as the unsigned quantity the ABI means (the runtime passes i32 as a signed number). */
export function u32(x: unknown): number {
  return typeof x === 'number' ? x >>> 0 : 0;
}
