// Whether an action's result satisfies an assertion's expected result, by the
// reference interpreter's rules: exact bits for numbers (so -0 differs from 0
// and NaN payloads count), NaN classes for `nan:canonical` / `nan:arithmetic`,
// lane-wise for v128, any of the options for `either`.
//
// Invariants: pure functions over values.ts types; no engine knowledge.
// Only the conformance runner imports this.

import type { Expected, ExpectedLane, NanPattern, Value } from './values.js';

interface Bits {
  readonly mantBits: number;
  readonly expBits: number;
}
const F32: Bits = { mantBits: 23, expBits: 8 };
const F64: Bits = { mantBits: 52, expBits: 11 };

/** Canonical NaN: any sign, exponent all ones, payload exactly the quiet bit. Arithmetic: quiet bit set. */
function nanMatches(bits: bigint, pattern: NanPattern, f: Bits): boolean {
  const expMask = ((1n << BigInt(f.expBits)) - 1n) << BigInt(f.mantBits);
  const payloadMask = (1n << BigInt(f.mantBits)) - 1n;
  const quiet = 1n << BigInt(f.mantBits - 1);
  if ((bits & expMask) !== expMask) return false;
  const payload = bits & payloadMask;
  return pattern === 'canonical' ? payload === quiet : (payload & quiet) !== 0n;
}

function laneValue(bytes: Uint8Array, index: number, width: number): bigint {
  let v = 0n;
  const per = width / 8;
  for (let b = per - 1; b >= 0; b--) v = (v << 8n) | BigInt(bytes[index * per + b]!);
  return v;
}

const SHAPE_WIDTH = { i8x16: 8, i16x8: 16, i32x4: 32, i64x2: 64, f32x4: 32, f64x2: 64 } as const;

function laneMatches(actual: bigint, expected: ExpectedLane, float: Bits | undefined): boolean {
  if (typeof expected === 'bigint') return actual === expected;
  return float !== undefined && nanMatches(actual, expected, float);
}

export function matches(actual: Value, expected: Expected): boolean {
  if (expected.type === 'either') return expected.options.some((o) => matches(actual, o));
  if (actual.type !== expected.type) return false;
  if ('nan' in expected) {
    if (actual.type === 'f32') return nanMatches(BigInt(actual.bits), expected.nan, F32);
    if (actual.type === 'f64') return nanMatches(actual.bits, expected.nan, F64);
    return false;
  }
  if ('anyNonNull' in expected) return 'ref' in actual && actual.ref !== null;
  if ('func' in expected) return 'ref' in actual && actual.ref !== null; // function identity is the executor's to check
  if ('shape' in expected) {
    if (actual.type !== 'v128') return false;
    const width = SHAPE_WIDTH[expected.shape];
    const float = expected.shape === 'f32x4' ? F32 : expected.shape === 'f64x2' ? F64 : undefined;
    return expected.lanes.every((lane, i) => laneMatches(laneValue(actual.bytes, i, width), lane, float));
  }
  switch (actual.type) {
    case 'i32':
    case 'f32':
    case 'i64':
    case 'f64':
      return 'bits' in expected && actual.bits === expected.bits;
    case 'v128':
      return 'bytes' in expected && actual.bytes.every((b, i) => b === expected.bytes[i]);
    default:
      return 'ref' in expected && actual.ref === expected.ref;
  }
}

export function formatValue(v: Value | Expected): string {
  if (v.type === 'either') return `(either ${v.options.map(formatValue).join(' ')})`;
  if ('nan' in v) return `${v.type}:nan:${v.nan}`;
  if ('bits' in v) return `${v.type}:0x${v.bits.toString(16)}`;
  if ('bytes' in v) return `v128:${Array.from(v.bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
  if ('shape' in v) return `v128:${v.shape}[${v.lanes.map(String).join(' ')}]`;
  if ('anyNonNull' in v) return `${v.type}:non-null`;
  if ('func' in v) return `funcref:${v.func}`;
  return `${v.type}:${v.ref === null ? 'null' : v.ref}`;
}
