// Conversion emitters against V8: the trapping truncations (NaN →
// invalid_conversion_to_integer, out of range → integer_overflow, exact at
// every bound), the saturating ones, integer → float with exact rounding
// (u64 ties included), demote/promote and the reinterpretations (bit-exact).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertDifferential } from './differential.js';
import { casesOf } from './operators.js';

const RANDOM = 500;
const truncs = (infix: string) => ['i32', 'i64'].flatMap((i) => ['f32', 'f64'].flatMap((f) => [`${i}.${infix}_${f}_s`, `${i}.${infix}_${f}_u`]));

test('trapping truncations: i32/i64.trunc_f32/f64_s/u', (t) => {
  const r = assertDifferential(t, casesOf(...truncs('trunc')), RANDOM);
  // The inputs must reach all three outcomes, or the comparison proves little.
  for (const o of ['value', 'trap:integer_overflow', 'trap:invalid_conversion_to_integer']) assert.ok((r.outcomes[o] ?? 0) > 50, o);
});

test('saturating truncations: *.trunc_sat_*', (t) => {
  assertDifferential(t, casesOf(...truncs('trunc_sat')), RANDOM);
});

test('integer → float conversions round exactly (u64 via halving)', (t) => {
  const ops = ['f32', 'f64'].flatMap((f) => ['i32_s', 'i64_s', 'i32_u', 'i64_u'].map((i) => `${f}.convert_${i}`));
  assertDifferential(t, casesOf(...ops), 2000);
});

test('demote, promote; reinterpret keeps every bit', (t) => {
  assertDifferential(t, casesOf('f32.demote_f64', 'f64.promote_f32',
    'i32.reinterpret_f32', 'i64.reinterpret_f64', 'f32.reinterpret_i32', 'f64.reinterpret_i64'), RANDOM);
});
