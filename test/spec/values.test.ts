// Script value literals → bit patterns: exact rounding, NaN payloads, -0,
// integer ranges, v128 lane layouts. Oracles: known IEEE encodings, and JS
// doubles (correctly rounded by the language) for f64 decimals.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseF32Bits, parseF64Bits, parseIntBits, parseArg, parseExpected } from './values.js';
import { readSExprs } from './sexpr.js';

function f64BitsOf(x: number): bigint {
  const v = new DataView(new ArrayBuffer(8));
  v.setFloat64(0, x);
  return v.getBigUint64(0);
}
function f32BitsOf(x: number): number {
  const v = new DataView(new ArrayBuffer(4));
  v.setFloat32(0, x);
  return v.getUint32(0);
}

test('integers: signed and unsigned ranges, hex, underscores', () => {
  assert.equal(parseIntBits('-1', 32), 0xffffffffn);
  assert.equal(parseIntBits('0xffff_ffff', 32), 0xffffffffn);
  assert.equal(parseIntBits('-0x8000_0000', 32), 0x80000000n);
  assert.equal(parseIntBits('4294967296', 32), undefined);
  assert.equal(parseIntBits('-2147483649', 32), undefined);
  assert.equal(parseIntBits('-9223372036854775808', 64), 0x8000000000000000n);
  assert.equal(parseIntBits('18446744073709551615', 64), 0xffffffffffffffffn);
  assert.equal(parseIntBits('+7', 8), 7n);
  assert.equal(parseIntBits('-128', 8), 0x80n);
  assert.equal(parseIntBits('1__0', 32), undefined);
  assert.equal(parseIntBits('_1', 32), undefined);
});

test('f32 specials: signed zeros, infinities, NaN payloads', () => {
  assert.equal(parseF32Bits('-0'), 0x80000000);
  assert.equal(parseF32Bits('0x0p+0'), 0);
  assert.equal(parseF32Bits('-inf'), 0xff800000);
  assert.equal(parseF32Bits('nan'), 0x7fc00000);
  assert.equal(parseF32Bits('-nan'), 0xffc00000);
  assert.equal(parseF32Bits('nan:0x200000'), 0x7fa00000);
  assert.equal(parseF32Bits('-nan:0x7f_ffff'), 0xffffffff);
  assert.equal(parseF32Bits('nan:0x0'), undefined);
  assert.equal(parseF32Bits('nan:0x800000'), undefined);
});

test('f32 rounding is exact, not via a double (ties to even at the f32 halfway point)', () => {
  // 1 + 2^-24 is exactly halfway between 1 and the next f32: ties to even gives 1.
  assert.equal(parseF32Bits('0x1.000001p+0'), 0x3f800000);
  // Just above halfway rounds up; a double would hold this value exactly, so
  // only exact rounding from all the digits gets both right.
  assert.equal(parseF32Bits('0x1.000001000000000001p+0'), 0x3f800001);
  assert.equal(parseF32Bits('1.000000059604644775390625'), 0x3f800000); // exactly 1 + 2^-24
  assert.equal(parseF32Bits('1.000000059604644775390626'), 0x3f800001);
  // A decimal whose nearest double is exactly an f32 halfway point (double rounding would go wrong).
  assert.equal(parseF32Bits('1.00000005960464477550'), 0x3f800001);
  assert.equal(parseF32Bits('0x1p-149'), 1);
  assert.equal(parseF32Bits('0x1p-150'), 0); // halfway to the smallest subnormal: even is 0
  assert.equal(parseF32Bits('0x1.000002p-150'), 1);
  assert.equal(parseF32Bits('0x1.fffffep127'), 0x7f7fffff);
  assert.equal(parseF32Bits('0x1.ffffffp127'), 0x7f800000); // rounds past the largest finite
  assert.equal(parseF32Bits('0x1.fffffcp-127'), 0x007fffff); // the largest subnormal
  assert.equal(parseF32Bits('1e-400'), 0);
  assert.equal(parseF32Bits('1e400'), 0x7f800000);
});

test('f32 decimals agree with Math.fround where the double is not near an f32 halfway point', () => {
  for (const s of ['0.1', '3.14159', '-123456.789', '1e-38', '1.17549435e-38', '3.4028234e38', '6.0221e23', '1_000.5']) {
    assert.equal(parseF32Bits(s), f32BitsOf(Math.fround(Number(s.replaceAll('_', '')))), s);
  }
});

test('f64 decimals agree with JS (correctly rounded), hex floats with exact encodings', () => {
  let seed = 12345;
  const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  for (let i = 0; i < 2000; i++) {
    const s = `${rand()}.${rand()}e${(rand() % 600) - 300}`;
    assert.equal(parseF64Bits(s), f64BitsOf(Number(s)), s);
  }
  assert.equal(parseF64Bits('0x1p-1074'), 1n);
  assert.equal(parseF64Bits('0x1.fffffffffffffp1023'), 0x7fefffffffffffffn);
  assert.equal(parseF64Bits('-0x0.0000000000001p-1022'), 0x8000000000000001n);
  assert.equal(parseF64Bits('0x.8p1'), 0x3ff0000000000000n);
  assert.equal(parseF64Bits('0x1.'), 0x3ff0000000000000n);
  assert.equal(parseF64Bits('nan:0x4_0000_0000_0000'), 0x7ff4000000000000n);
  assert.equal(parseF64Bits('2.2250738585072011e-308'), f64BitsOf(2.2250738585072011e-308));
  assert.equal(parseF64Bits('1.'), 0x3ff0000000000000n);
  assert.equal(parseF64Bits('0x'), undefined);
  assert.equal(parseF64Bits('1e'), undefined);
});

function one(src: string) {
  return readSExprs(new TextEncoder().encode(src))[0]!;
}

test('arguments and expected results', () => {
  assert.deepEqual(parseArg(one('(i32.const -1)')), { type: 'i32', bits: 0xffffffff });
  assert.deepEqual(parseArg(one('(f32.const -0x0p+0)')), { type: 'f32', bits: 0x80000000 });
  assert.deepEqual(parseArg(one('(ref.null extern)')), { type: 'externref', ref: null });
  assert.deepEqual(parseArg(one('(ref.extern 7)')), { type: 'externref', ref: 7 });
  assert.deepEqual(parseExpected(one('(f64.const nan:arithmetic)')), { type: 'f64', nan: 'arithmetic' });
  assert.throws(() => parseArg(one('(f64.const nan:canonical)')));
  const v = parseArg(one('(v128.const i16x8 1 -1 0x8000 0 0 0 0 2)'));
  assert.deepEqual(v, { type: 'v128', bytes: Uint8Array.from([1, 0, 0xff, 0xff, 0, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0]) });
  const lanes = parseExpected(one('(v128.const f32x4 nan:canonical 1 -0 inf)'));
  assert.deepEqual(lanes, { type: 'v128', shape: 'f32x4', lanes: ['canonical', 0x3f800000n, 0x80000000n, 0x7f800000n] });
  assert.throws(() => parseArg(one('(v128.const i32x4 1 2 3)')));
  assert.throws(() => parseArg(one('(v128.const i8x16 256 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0)')));
  const either = parseExpected(one('(either (i32.const 1) (ref.func))'));
  assert.deepEqual(either, { type: 'either', options: [{ type: 'i32', bits: 1 }, { type: 'funcref', anyNonNull: true }] });
});
