// Inputs for the differential tests: edge values of each type (zeros,
// infinities, NaNs with payloads, denormals, the bounds of every conversion
// and their neighbouring floats, integer extremes, rounding ties) and seeded
// random bit patterns, half uniform and half shaped like "ordinary" numbers
// so conversions see in-range values too. Test-only.

import type { Kind } from './v8-oracle.js';

/** A small seeded generator (xorshift64*), so every run sees the same inputs. */
export class Rng {
  private s: bigint;
  constructor(seed: bigint) { this.s = seed || 1n; }
  next64(): bigint {
    let x = this.s;
    x ^= x >> 12n; x ^= (x << 25n) & 0xffffffffffffffffn; x ^= x >> 27n;
    this.s = x;
    return (x * 0x2545f4914f6cdd1dn) & 0xffffffffffffffffn;
  }
  below(n: number): number { return Number(this.next64() % BigInt(n)); }
}

const f32Bits = (x: number): bigint => { const b = new DataView(new ArrayBuffer(4)); b.setFloat32(0, x, true); return BigInt(b.getUint32(0, true)); };
const f64Bits = (x: number): bigint => { const b = new DataView(new ArrayBuffer(8)); b.setFloat64(0, x, true); return b.getBigUint64(0, true); };
export const floatBits = (k: 'f32' | 'f64', x: number): bigint => (k === 'f32' ? f32Bits(x) : f64Bits(x));

/** bits - 1, bits, bits + 1 for a finite nonzero float, and the same negated. */
function neighbours(k: 'f32' | 'f64', x: number): bigint[] {
  const b = floatBits(k, x);
  const sign = k === 'f32' ? 0x80000000n : 0x8000000000000000n;
  return [b - 1n, b, b + 1n, (b - 1n) | sign, b | sign, (b + 1n) | sign];
}

const FLOAT_BASES = [1, 0.5, 1.5, 2 ** 23, 2 ** 24, 2 ** 31, 2 ** 32, 2 ** 52, 2 ** 53, 2 ** 63, 2 ** 64];
const FLOAT_VALUES = [0, -0, 0.49999999999999994, 2.5, -2.5, 3.5, -3.5, 4.5, 1e-40, Infinity, -Infinity, 2 ** 31 - 1, -(2 ** 31) - 1, 2 ** 32 - 1, -(2 ** 31) + 0.5, -(2 ** 31) - 0.5];

export const EDGES: Record<Kind, readonly bigint[]> = {
  f32: uniq([
    ...FLOAT_VALUES.map((x) => f32Bits(x)), ...FLOAT_BASES.flatMap((x) => neighbours('f32', x)),
    0x7fc00000n, 0xffc00000n, 0x7fc12345n, 0x7f800001n, 0xff812345n, 0x7fffffffn, // NaNs: canonical, payloads, signalling
    0x00000001n, 0x80000001n, 0x007fffffn, 0x00800000n, 0x7f7fffffn, 0xff7fffffn, // denormals, min normal, max
  ]),
  f64: uniq([
    ...FLOAT_VALUES.map((x) => f64Bits(x)), ...FLOAT_BASES.flatMap((x) => neighbours('f64', x)),
    ...neighbours('f64', 2 ** 31 + 1), // -2^31 - 1: the exclusive bound of f64 → i32
    0x7ff8000000000000n, 0xfff8000000000000n, 0x7ff8000012345678n, 0x7ff0000000000001n, 0xfff4000000000abcn, 0x7fffffffffffffffn,
    0x0000000000000001n, 0x8000000000000001n, 0x000fffffffffffffn, 0x0010000000000000n, 0x7fefffffffffffffn, 0xffefffffffffffffn,
  ]),
  i32: uniq([0n, 1n, 2n, 3n, 7n, 31n, 32n, 33n, 63n, 0x7fn, 0x80n, 0xffn, 0x7fffn, 0x8000n, 0xffffn, 0x1000001n, 0x12345678n,
    0x7fffffffn, 0x80000000n, 0x80000001n, 0xfffffffen, 0xffffffffn, 0xff000000n, 0x00ff00ffn, 0x8000ffffn]),
  i64: uniq([0n, 1n, 2n, 63n, 64n, 65n, 0x7fn, 0x80n, 0xffffn, 0x8000n, 0x7fffffffn, 0x80000000n, 0xffffffffn, 0x100000000n,
    0x1000001n, 0x20000000000001n, 0x20000010000001n, 0x7fffffffffffffffn, 0x7ffffffffffffc00n, 0x7ffffe8000000000n,
    0x8000000000000000n, 0x8000000000000001n, 0x8000000000000400n, 0x8000000000000401n, 0x8000000000000c00n,
    0x8000008000000000n, 0x8000008000000001n, 0x8000018000000000n, 0x8000007fffffffffn, // u64 → float rounding ties
    0xfffffffffffffbffn, 0xfffffffffffffc00n, 0xffffff7fffffffffn, 0xffffff8000000000n, 0xfffffffffffffffen, 0xffffffffffffffffn,
    0xffffffff80000000n, 0xffffffff7fffffffn, 0x123456789abcdef0n]),
};

function uniq(xs: bigint[]): bigint[] {
  return [...new Set(xs)];
}

/** A random value of kind k: uniform bits, or a number-like value (integers of random size, fractions, negatives). */
export function randomValue(rng: Rng, k: Kind): bigint {
  const bits = rng.next64();
  if (rng.below(2) === 0) return k === 'i32' || k === 'f32' ? bits & 0xffffffffn : bits;
  if (k === 'i32' || k === 'i64') {
    const w = k === 'i32' ? 32 : 64;
    const v = bits >> BigInt(64 - 1 - rng.below(w));
    const signed = rng.below(2) === 0 ? -v : v;
    return BigInt.asUintN(w, signed);
  }
  const e = rng.below(70);
  const x = (Number(bits >> 11n) / 2 ** 53) * 2 ** e * (rng.below(2) === 0 ? -1 : 1);
  return floatBits(k, rng.below(4) === 0 ? Math.trunc(x) : x);
}

/** Argument lists: every edge (unary) or edge pairs (binary), then `random` random lists. */
export function argLists(kinds: readonly Kind[], random: number, seed: bigint): bigint[][] {
  const rng = new Rng(seed);
  const out: bigint[][] = [];
  if (kinds.length === 1) for (const a of EDGES[kinds[0]!]) out.push([a]);
  else if (kinds.length === 2) {
    // Every pair of a thinned edge list (each edge with each), so ±0/NaN/inf pairs all meet.
    const thin = (k: Kind) => EDGES[k].filter((_, i) => i % 2 === 0 || EDGES[k].length < 40);
    for (const a of thin(kinds[0]!)) for (const b of thin(kinds[1]!)) out.push([a, b]);
  }
  for (let i = 0; i < random; i++) out.push(kinds.map((k) => randomValue(rng, k)));
  return out;
}
