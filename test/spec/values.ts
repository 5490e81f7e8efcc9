// Script values: the constants a .wast script passes to and expects from an
// action (`(i32.const 1)`, `(f32.const nan:canonical)`, `(v128.const f64x2 ...)`,
// `(ref.null func)`, ...), and the exact literal-to-bits conversion they need.
//
// Invariants: numbers are raw bit patterns, never JS numbers, so NaN payloads
// and -0 survive: i32/f32 as unsigned 32-bit integers, i64/f64 as unsigned
// 64-bit bigints, v128 as 16 little-endian bytes. Float literals are rounded
// exactly (round to nearest, ties to even) from their full decimal or hex
// digits, never through a JS double (f32 via f64 would round twice).
// Only the conformance runner (and later an executor adapter) imports this.

import type { SExpr, SList } from './sexpr.js';
import { atomText, headOf, WastSyntaxError } from './sexpr.js';

export type NanPattern = 'canonical' | 'arithmetic';

/** A concrete argument or result value. */
export type Value =
  | { readonly type: 'i32'; readonly bits: number }
  | { readonly type: 'i64'; readonly bits: bigint }
  | { readonly type: 'f32'; readonly bits: number }
  | { readonly type: 'f64'; readonly bits: bigint }
  | { readonly type: 'v128'; readonly bytes: Uint8Array }
  /** null, or a non-null reference: for externref the script's `ref.extern N`, for funcref an executor-chosen id. */
  | { readonly type: 'funcref' | 'externref'; readonly ref: number | null };

export type LaneShape = 'i8x16' | 'i16x8' | 'i32x4' | 'i64x2' | 'f32x4' | 'f64x2';

/** One lane of an expected v128: exact bits, or a NaN class for float lanes. */
export type ExpectedLane = bigint | NanPattern;

/** What an assertion accepts as one result. */
export type Expected =
  | Value
  | { readonly type: 'f32' | 'f64'; readonly nan: NanPattern }
  | { readonly type: 'v128'; readonly shape: LaneShape; readonly lanes: readonly ExpectedLane[] }
  /** `(ref.func)` / `(ref.extern)` without an index: any non-null reference of that type. */
  | { readonly type: 'funcref' | 'externref'; readonly anyNonNull: true }
  /** `(ref.func $f)`: a specific function, identified as the script names it. */
  | { readonly type: 'funcref'; readonly func: string }
  | { readonly type: 'either'; readonly options: readonly Expected[] };

interface FloatFormat {
  readonly mantBits: number;
  readonly expBits: number;
}
const F32: FloatFormat = { mantBits: 23, expBits: 8 };
const F64: FloatFormat = { mantBits: 52, expBits: 11 };

function bad(what: string, line: number): never {
  throw new WastSyntaxError(what, line);
}

/** Parses an integer literal of `width` bits (signed or unsigned range) to its unsigned bits. */
export function parseIntBits(text: string, width: 8 | 16 | 32 | 64): bigint | undefined {
  let s = text;
  let negative = false;
  if (s.startsWith('-') || s.startsWith('+')) {
    negative = s[0] === '-';
    s = s.slice(1);
  }
  const hex = s.startsWith('0x');
  const digits = hex ? s.slice(2) : s;
  if (!(hex ? /^[0-9a-fA-F](_?[0-9a-fA-F])*$/ : /^[0-9](_?[0-9])*$/).test(digits)) return undefined;
  const magnitude = BigInt((hex ? '0x' : '') + digits.replaceAll('_', ''));
  const limit = 1n << BigInt(width);
  if (negative ? magnitude > limit / 2n : magnitude >= limit) return undefined;
  return negative ? (limit - magnitude) % limit : magnitude;
}

function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

/**
 * Rounds the positive rational num/den to the format, ties to even, and
 * returns the bits without the sign. Overflow gives infinity.
 */
function roundRational(num: bigint, den: bigint, f: FloatFormat): bigint {
  const bias = (1 << (f.expBits - 1)) - 1;
  const maxExpField = BigInt((1 << f.expBits) - 1);
  if (num === 0n) return 0n;
  // e such that 2^e <= num/den < 2^(e+1)
  let e = bitLength(num) - bitLength(den);
  if (e >= 0 ? num < den << BigInt(e) : num << BigInt(-e) < den) e--;
  const emin = 1 - bias;
  const shift = Math.max(e, emin) - f.mantBits; // value = q * 2^shift
  let n = num;
  let d = den;
  if (shift >= 0) d <<= BigInt(shift);
  else n <<= BigInt(-shift);
  let q = n / d;
  const r2 = (n % d) * 2n;
  if (r2 > d || (r2 === d && (q & 1n) === 1n)) q++;
  // q < 2^(mantBits+1), or exactly that after rounding up (a carry into the exponent).
  const implicit = 1n << BigInt(f.mantBits);
  if (q < implicit) return q; // subnormal; a subnormal that rounds up to `implicit` becomes the smallest normal below
  let expField = BigInt(shift + f.mantBits + bias);
  if (q === implicit << 1n) {
    q >>= 1n;
    expField++;
  }
  if (expField >= maxExpField) return maxExpField << BigInt(f.mantBits);
  return (expField << BigInt(f.mantBits)) | (q - implicit);
}

/** Parses a float literal (decimal, hex, inf, nan, nan:0x...) to its bits; undefined if malformed. */
export function parseFloatBits(text: string, f: FloatFormat): bigint | undefined {
  let s = text;
  let sign = 0n;
  if (s.startsWith('-') || s.startsWith('+')) {
    if (s[0] === '-') sign = 1n;
    s = s.slice(1);
  }
  const signBit = sign << BigInt(f.mantBits + f.expBits);
  const expAllOnes = BigInt((1 << f.expBits) - 1) << BigInt(f.mantBits);
  if (s === 'inf') return signBit | expAllOnes;
  if (s === 'nan') return signBit | expAllOnes | (1n << BigInt(f.mantBits - 1));
  if (s.startsWith('nan:0x')) {
    const payload = s.slice(6);
    if (!/^[0-9a-fA-F](_?[0-9a-fA-F])*$/.test(payload)) return undefined;
    const p = BigInt('0x' + payload.replaceAll('_', ''));
    if (p === 0n || p >= 1n << BigInt(f.mantBits)) return undefined;
    return signBit | expAllOnes | p;
  }
  const hex = /^0x([0-9a-fA-F](?:_?[0-9a-fA-F])*)?(?:\.([0-9a-fA-F](?:_?[0-9a-fA-F])*)?)?(?:[pP]([+-]?[0-9](?:_?[0-9])*))?$/.exec(s);
  if (hex !== null && (hex[1] !== undefined || hex[2] !== undefined)) {
    const intDigits = (hex[1] ?? '').replaceAll('_', '');
    const fracDigits = (hex[2] ?? '').replaceAll('_', '');
    const mantissa = BigInt('0x0' + intDigits + fracDigits);
    const exp = Number((hex[3] ?? '0').replaceAll('_', '')) - 4 * fracDigits.length;
    return signBit | scaled(mantissa, 2n, exp, f);
  }
  const dec = /^([0-9](?:_?[0-9])*)(?:\.([0-9](?:_?[0-9])*)?)?(?:[eE]([+-]?[0-9](?:_?[0-9])*))?$/.exec(s);
  if (dec !== null) {
    const intDigits = dec[1]!.replaceAll('_', '');
    const fracDigits = (dec[2] ?? '').replaceAll('_', '');
    const mantissa = BigInt(intDigits + fracDigits);
    const exp = Number((dec[3] ?? '0').replaceAll('_', '')) - fracDigits.length;
    return signBit | scaled(mantissa, 10n, exp, f);
  }
  return undefined;
}

/** Bits of mantissa * radix^exp, with exponents far out of range clamped (they round to 0 or inf anyway). */
function scaled(mantissa: bigint, radix: bigint, exp: number, f: FloatFormat): bigint {
  if (mantissa === 0n) return 0n;
  const limit = radix === 2n ? 20000 : 5000;
  const e = Math.max(-limit - mantissa.toString().length * 4, Math.min(limit, exp));
  return e >= 0
    ? roundRational(mantissa * radix ** BigInt(e), 1n, f)
    : roundRational(mantissa, radix ** BigInt(-e), f);
}

export function parseF32Bits(text: string): number | undefined {
  const bits = parseFloatBits(text, F32);
  return bits === undefined ? undefined : Number(bits);
}
export function parseF64Bits(text: string): bigint | undefined {
  return parseFloatBits(text, F64);
}

const LANES: Record<LaneShape, { count: number; width: 8 | 16 | 32 | 64; float?: FloatFormat }> = {
  i8x16: { count: 16, width: 8 },
  i16x8: { count: 8, width: 16 },
  i32x4: { count: 4, width: 32 },
  i64x2: { count: 2, width: 64 },
  f32x4: { count: 4, width: 32, float: F32 },
  f64x2: { count: 2, width: 64, float: F64 },
};

function isLaneShape(s: string | undefined): s is LaneShape {
  return s !== undefined && Object.hasOwn(LANES, s);
}

/** Lays lanes out as 16 little-endian bytes. */
export function laneBytes(shape: LaneShape, lanes: readonly bigint[]): Uint8Array {
  const { width } = LANES[shape];
  const bytes = new Uint8Array(16);
  const perLane = width / 8;
  lanes.forEach((lane, i) => {
    for (let b = 0; b < perLane; b++) bytes[i * perLane + b] = Number((lane >> BigInt(8 * b)) & 0xffn);
  });
  return bytes;
}

function nanPattern(text: string | undefined): NanPattern | undefined {
  if (text === 'nan:canonical') return 'canonical';
  if (text === 'nan:arithmetic') return 'arithmetic';
  return undefined;
}

/** Parses a `(v128.const shape lanes...)`; NaN patterns only when `allowPatterns`. */
function parseV128(e: SList, allowPatterns: boolean): Expected {
  const shape = atomText(e.items[1]);
  if (!isLaneShape(shape)) bad(`bad v128 shape ${shape}`, e.line);
  const info = LANES[shape];
  const texts = e.items.slice(2).map((x) => atomText(x) ?? bad('bad v128 lane', e.line));
  if (texts.length !== info.count) bad(`v128 ${shape} needs ${info.count} lanes`, e.line);
  const lanes: ExpectedLane[] = texts.map((t) => {
    if (info.float !== undefined) {
      const pattern = nanPattern(t);
      if (pattern !== undefined) return allowPatterns ? pattern : bad('NaN pattern in argument', e.line);
      return parseFloatBits(t, info.float) ?? bad(`bad float lane ${t}`, e.line);
    }
    return parseIntBits(t, info.width) ?? bad(`bad int lane ${t}`, e.line);
  });
  if (lanes.every((l): l is bigint => typeof l === 'bigint')) return { type: 'v128', bytes: laneBytes(shape, lanes) };
  return { type: 'v128', shape, lanes };
}

function parseOne(e: SExpr, allowPatterns: boolean): Expected {
  if (e.kind !== 'list') bad('expected a value', e.line);
  const head = headOf(e);
  const arg = atomText(e.items[1]);
  const single = (): string => {
    if (e.items.length !== 2 || arg === undefined) bad(`${head} takes one literal`, e.line);
    return arg;
  };
  switch (head) {
    case 'i32.const':
      return { type: 'i32', bits: Number(parseIntBits(single(), 32) ?? bad(`bad i32 ${arg}`, e.line)) };
    case 'i64.const':
      return { type: 'i64', bits: parseIntBits(single(), 64) ?? bad(`bad i64 ${arg}`, e.line) };
    case 'f32.const':
    case 'f64.const': {
      const type = head === 'f32.const' ? 'f32' : 'f64';
      const text = single();
      const pattern = nanPattern(text);
      if (pattern !== undefined) return allowPatterns ? { type, nan: pattern } : bad('NaN pattern in argument', e.line);
      if (type === 'f32') return { type, bits: parseF32Bits(text) ?? bad(`bad f32 ${text}`, e.line) };
      return { type, bits: parseF64Bits(text) ?? bad(`bad f64 ${text}`, e.line) };
    }
    case 'v128.const':
      return parseV128(e, allowPatterns);
    case 'ref.null': {
      const t = single();
      if (t === 'func' || t === 'funcref') return { type: 'funcref', ref: null };
      if (t === 'extern' || t === 'externref') return { type: 'externref', ref: null };
      return bad(`bad ref.null ${t}`, e.line);
    }
    case 'ref.extern':
      if (e.items.length === 1 && allowPatterns) return { type: 'externref', anyNonNull: true };
      return { type: 'externref', ref: Number(parseIntBits(single(), 32) ?? bad('bad ref.extern', e.line)) };
    case 'ref.func':
      if (!allowPatterns) bad('ref.func as an argument', e.line);
      if (e.items.length === 1) return { type: 'funcref', anyNonNull: true };
      return { type: 'funcref', func: single() };
    case 'either':
      if (!allowPatterns) bad('either as an argument', e.line);
      return { type: 'either', options: e.items.slice(1).map((x) => parseOne(x, true)) };
    default:
      return bad(`unknown value ${head}`, e.line);
  }
}

/** Parses an action argument: a concrete value. */
export function parseArg(e: SExpr): Value {
  return parseOne(e, false) as Value;
}

/** Parses an expected result, which may be a pattern. */
export function parseExpected(e: SExpr): Expected {
  return parseOne(e, true);
}
