// A cursor over untrusted module bytes: the primitive encodings of the binary
// format (bytes, LEB128 integers, floats, names, vectors).
//
// Invariants: `pos` never passes `end`; every read that would pass it throws
// CompileError("unexpected end"), and every malformed encoding throws with the
// spec's phrase. Nothing here allocates on the hot paths (u8, u32, s32 skips).
// Used by the decoder, the validator and the compilers; it knows nothing of
// sections or instructions.

import { CompileError } from './errors.js';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export class Reader {
  readonly bytes: Uint8Array;
  pos: number;
  end: number;

  constructor(bytes: Uint8Array, pos = 0, end = bytes.length) {
    this.bytes = bytes;
    this.pos = pos;
    this.end = end;
  }

  get atEnd(): boolean {
    return this.pos >= this.end;
  }

  fail(reason: string, offset = this.pos): never {
    throw new CompileError(reason, offset);
  }

  /** The phrase for running off the end; sections and bodies override it via `endReason`. */
  endReason = 'unexpected end';

  u8(): number {
    if (this.pos >= this.end) this.fail(this.endReason);
    return this.bytes[this.pos++]!;
  }

  peekU8(): number {
    if (this.pos >= this.end) this.fail(this.endReason);
    return this.bytes[this.pos]!;
  }

  /** Unsigned LEB128, at most 32 bits. */
  u32(): number {
    const b = this.bytes;
    let p = this.pos;
    if (p < this.end) {
      const x = b[p]!;
      if (x < 0x80) { this.pos = p + 1; return x; }
    }
    let result = 0;
    let shift = 0;
    const start = p;
    for (;;) {
      if (p >= this.end) { this.pos = p; this.fail(this.endReason); }
      const byte = b[p++]!;
      if (shift === 28) {
        // Unused bits first, as the reference interpreter checks them.
        if (byte & 0x70) { this.pos = p; this.fail('integer too large', start); }
        if (byte & 0x80) { this.pos = p; this.fail('integer representation too long', start); }
        result = (result | (byte << 28)) >>> 0;
        break;
      }
      result |= (byte & 0x7f) << shift;
      shift += 7;
      if (!(byte & 0x80)) break;
    }
    this.pos = p;
    return result >>> 0;
  }

  /** Signed LEB128, at most 32 bits. */
  s32(): number {
    const b = this.bytes;
    let p = this.pos;
    let result = 0;
    let shift = 0;
    const start = p;
    for (;;) {
      if (p >= this.end) { this.pos = p; this.fail(this.endReason); }
      const byte = b[p++]!;
      if (shift === 28) {
        // The unused high bits must all equal the sign bit (bit 3 of this byte).
        const high = byte & 0x78;
        if (high !== 0 && high !== 0x78) { this.pos = p; this.fail('integer too large', start); }
        if (byte & 0x80) { this.pos = p; this.fail('integer representation too long', start); }
        result |= byte << 28;
        break;
      }
      result |= (byte & 0x7f) << shift;
      shift += 7;
      if (!(byte & 0x80)) {
        if (shift < 32 && (byte & 0x40)) result |= -1 << shift;
        break;
      }
    }
    this.pos = p;
    return result | 0;
  }

  /** Signed LEB128 of 33 bits (block types); returned as a JS number. */
  s33(): number {
    const b = this.bytes;
    let p = this.pos;
    let result = 0;
    let mul = 1;
    const start = p;
    for (let i = 0; ; i++) {
      if (p >= this.end) { this.pos = p; this.fail(this.endReason); }
      const byte = b[p++]!;
      if (i === 4) {
        // 33 bits: 4*7 = 28 used, 5 bits of this byte used (bit 4 is the sign).
        const high = byte & 0x60;
        if (high !== ((byte & 0x10) ? 0x60 : 0)) { this.pos = p; this.fail('integer too large', start); }
        if (byte & 0x80) { this.pos = p; this.fail('integer representation too long', start); }
        result += (byte & 0x1f) * mul;
        if (byte & 0x10) result -= 2 ** 33;
        break;
      }
      result += (byte & 0x7f) * mul;
      mul *= 128;
      if (!(byte & 0x80)) {
        if (byte & 0x40) result -= mul;
        break;
      }
    }
    this.pos = p;
    return result;
  }

  /** Signed LEB128, at most 64 bits, as a BigInt. */
  s64(): bigint {
    const start = this.pos;
    this.skipS64();
    let result = 0n;
    let shift = 0n;
    let byte = 0;
    for (let p = start; p < this.pos; p++) {
      byte = this.bytes[p]!;
      result |= BigInt(byte & 0x7f) << shift;
      shift += 7n;
    }
    if (shift < 64n && (byte & 0x40)) result -= 1n << shift;
    return BigInt.asIntN(64, result);
  }

  /** Checks and skips a signed 64-bit LEB128 without allocating. */
  skipS64(): void {
    const b = this.bytes;
    let p = this.pos;
    const start = p;
    for (let i = 0; ; i++) {
      if (p >= this.end) { this.pos = p; this.fail(this.endReason); }
      const byte = b[p++]!;
      if (i === 9) {
        // 64 bits: 63 used, 1 bit of this byte plus sign extension must be 0x00 or 0x7f.
        const low = byte & 0x7f;
        if (low !== 0 && low !== 0x7f) { this.pos = p; this.fail('integer too large', start); }
        if (byte & 0x80) { this.pos = p; this.fail('integer representation too long', start); }
        break;
      }
      if (!(byte & 0x80)) break;
    }
    this.pos = p;
  }

  /** A 32-bit float's raw bits (little endian), as an unsigned integer. */
  f32Bits(): number {
    if (this.end - this.pos < 4) { this.pos = this.end; this.fail(this.endReason); }
    const b = this.bytes, p = this.pos;
    this.pos = p + 4;
    return (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0;
  }

  /** A 64-bit float's raw bits as a BigInt (NaN payloads survive). */
  f64Bits(): bigint {
    const lo = this.f32Bits();
    const hi = this.f32Bits();
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  skip(n: number): void {
    if (n > this.end - this.pos) { this.pos = this.end; this.fail(this.endReason); }
    this.pos += n;
  }

  /** `n` raw bytes as a view (no copy). */
  bytesView(n: number): Uint8Array {
    const p = this.pos;
    this.skip(n);
    return this.bytes.subarray(p, p + n);
  }

  /** A vector length, checked against the bytes left (each element takes at least one byte). */
  count(minElementBytes = 1): number {
    const at = this.pos;
    const n = this.u32();
    if (minElementBytes > 0 && n > (this.end - this.pos) / minElementBytes) {
      this.fail(this.endReason, at);
    }
    return n;
  }

  /**
   * A byte length (of a name, a function body): one that passes the end of
   * the whole module is "length out of bounds", one that only passes the end
   * of the current section or body is `endReason`, as the spec tests expect.
   */
  length(): number {
    const at = this.pos;
    const n = this.u32();
    if (n > this.bytes.length - this.pos) this.fail('length out of bounds', at);
    if (n > this.end - this.pos) { this.pos = this.end; this.fail(this.endReason); }
    return n;
  }

  /** A UTF-8 name. */
  name(): string {
    const n = this.length();
    const at = this.pos;
    const view = this.bytes.subarray(at, at + n);
    this.pos += n;
    // Fast path: pure ASCII.
    let ascii = true;
    for (let i = 0; i < n; i++) if (view[i]! >= 0x80) { ascii = false; break; }
    if (ascii && n <= 1024) return String.fromCharCode.apply(null, view as unknown as number[]);
    try {
      return utf8.decode(view);
    } catch {
      this.fail('malformed UTF-8 encoding', at);
    }
  }
}
