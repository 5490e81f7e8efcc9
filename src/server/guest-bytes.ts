// Checked access to a handler's linear memory for the corral_http functions:
// (ptr, len) pairs from the guest become byte views only when they lie inside
// the memory as it is at that moment.
//
// Invariants: pointers and lengths are taken as unsigned 32-bit; a range is
// checked against `buffer.byteLength` read at the time of the access (growth
// replaces the buffer, so no view is kept across an await); bytes handed to
// the host are copies whenever they may outlive the call. Before a memory is
// bound every range is out of bounds. Imports nothing from the runtime.

/** What this needs of a memory: Corral's Memory has a live `buffer`. */
export interface BufferSource {
  readonly buffer: ArrayBuffer;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export class GuestBytes {
  private memory: BufferSource | undefined;

  bind(memory: BufferSource): void {
    this.memory = memory;
  }

  /** A view of [ptr, ptr + len), or undefined when the range is outside the memory. Valid until the next await. */
  view(ptr: unknown, len: unknown): Uint8Array | undefined {
    const buffer = this.memory?.buffer;
    if (buffer === undefined) return undefined;
    const p = u32(ptr), n = u32(len);
    if (p + n > buffer.byteLength) return undefined;
    return new Uint8Array(buffer, p, n);
  }

  /** A copy of the range (safe to keep across awaits), or undefined when out of bounds. */
  copy(ptr: unknown, len: unknown): Uint8Array | undefined {
    const v = this.view(ptr, len);
    return v === undefined ? undefined : v.slice();
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
    const dst = this.view(buf, cap);
    if (dst === undefined) return undefined;
    dst.set(value.length <= dst.length ? value : value.subarray(0, dst.length));
    return value.length;
  }
}

/** A guest i32 as the unsigned quantity the ABI means (the runtime passes i32 as a signed number). */
export function u32(x: unknown): number {
  return typeof x === 'number' ? x >>> 0 : 0;
}
