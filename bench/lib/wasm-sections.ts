// Where a module's sections lie, read with Corral's own Reader: the benchmarks
// quote compile throughput per MB of code section (the function bodies), the
// figure V8's and other engines' numbers are quoted in.
// Nothing in src/ imports bench/.

import { Reader } from '../../src/wasm/reader.js';

const CODE_SECTION = 10;

/** The size in bytes of the code section's contents (0 when there is none). */
export function codeSectionBytes(bytes: Uint8Array): number {
  const r = new Reader(bytes, 8);
  while (!r.atEnd) {
    const id = r.u8();
    const size = r.u32();
    if (id === CODE_SECTION) return size;
    r.pos += size;
  }
  return 0;
}

/**
 * The module with one more custom section, named `tag`: the same code, but
 * other bytes, so an engine that caches compiled modules by their bytes (V8
 * does) compiles it afresh.
 */
export function withCustomSection(bytes: Uint8Array, tag: string): Uint8Array {
  const name = new TextEncoder().encode(tag);
  if (name.length > 127) throw new Error('tag too long for a one-byte size');
  const out = new Uint8Array(bytes.length + 3 + name.length);
  out.set(bytes);
  out.set([0, 1 + name.length, name.length], bytes.length);
  out.set(name, bytes.length + 3);
  return out;
}
