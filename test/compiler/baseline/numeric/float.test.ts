// Float emitters against V8: abs/neg/copysign (bit-exact, NaN payloads
// included), min/max (NaN propagation, -0 < +0), the roundings, sqrt, the
// four arithmetic operators and the six NaN-correct comparisons.
import { test } from 'node:test';
import { assertDifferential } from './differential.js';
import { casesOf } from './operators.js';

const both = (...ops: string[]) => ops.flatMap((o) => [`f32.${o}`, `f64.${o}`]);

test('abs, neg, copysign are bit operations (NaN sign and payload kept)', (t) => {
  assertDifferential(t, casesOf(...both('abs', 'neg', 'copysign')));
});

test('min, max: any NaN gives NaN; min(-0, +0) = -0, max(-0, +0) = +0', (t) => {
  assertDifferential(t, casesOf(...both('min', 'max')));
});

test('ceil, floor, trunc, nearest, sqrt', (t) => {
  assertDifferential(t, casesOf(...both('ceil', 'floor', 'trunc', 'nearest', 'sqrt')), 600);
});

test('add, sub, mul, div', (t) => {
  assertDifferential(t, casesOf(...both('add', 'sub', 'mul', 'div')), 200);
});

test('eq, ne, lt, gt, le, ge: false on NaN except ne', (t) => {
  assertDifferential(t, casesOf(...both('eq', 'ne', 'lt', 'gt', 'le', 'ge')), 150);
});
