// Integer emitters against V8: bit counts, rotates, division and remainder
// (with their traps), comparisons, sign extension and width changes.
// Every i32 result must also have its upper 32 bits zero (the harness stores
// 64 bits and the oracle's i32 is zero-extended), and the registers the
// contract keeps must be unchanged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Assembler } from '../../../../src/compiler/x64/assembler.js';
import { RAX, RCX, RDX, RSI, R9, type Gpr } from '../../../../src/compiler/x64/registers.js';
import * as N from '../../../../src/compiler/baseline/numeric/index.js';
import { cases, gpr } from './cases.js';
import { assertDifferential } from './differential.js';
import { casesOf } from './operators.js';
import type { Kind } from './v8-oracle.js';

test('clz, ctz, popcnt (i32, i64)', (t) => {
  assertDifferential(t, casesOf('i32.clz', 'i64.clz', 'i32.ctz', 'i64.ctz', 'i32.popcnt', 'i64.popcnt'));
});

test('sign extension, wrap and extend', (t) => {
  assertDifferential(t, casesOf('i32.extend8_s', 'i32.extend16_s', 'i64.extend8_s', 'i64.extend16_s', 'i64.extend32_s',
    'i64.extend_i32_s', 'i64.extend_i32_u', 'i32.wrap_i64'));
});

test('rotl, rotr by cl', (t) => {
  assertDifferential(t, casesOf('i32.rotl', 'i32.rotr', 'i64.rotl', 'i64.rotr'));
});

test('rotl, rotr by a constant (taken modulo the width)', (t) => {
  const byImm = (op: string, k: Kind, f: (asm: Assembler, dst: Gpr, n: number) => void) =>
    [0, 1, 7, 31, 32, 33, 63, 64, 100].flatMap((n) =>
      cases(op, [k, k], k, [{ dst: R9, ops: [R9, RSI] }], (asm, dst) => f(asm, gpr(dst), n), { fixed: [undefined, BigInt(n)] }));
  assertDifferential(t, [
    ...byImm('i32.rotl', 'i32', N.emitI32RotlImm), ...byImm('i32.rotr', 'i32', N.emitI32RotrImm),
    ...byImm('i64.rotl', 'i64', N.emitI64RotlImm), ...byImm('i64.rotr', 'i64', N.emitI64RotrImm),
  ], 40);
});

test('div_s, div_u, rem_s, rem_u with their traps (zero, INT_MIN / -1)', (t) => {
  const r = assertDifferential(t, casesOf('i32.div_s', 'i32.div_u', 'i64.div_s', 'i64.div_u',
    'i32.rem_s', 'i32.rem_u', 'i64.rem_s', 'i64.rem_u'));
  for (const o of ['value', 'trap:integer_divide_by_zero', 'trap:integer_overflow']) assert.ok((r.outcomes[o] ?? 0) > 0, o);
});

test('eqz and the ten comparisons (i32, i64)', (t) => {
  const ops = ['eq', 'ne', 'lt_s', 'lt_u', 'gt_s', 'gt_u', 'le_s', 'le_u', 'ge_s', 'ge_u'];
  assertDifferential(t, casesOf('i32.eqz', 'i64.eqz', ...ops.map((o) => `i32.${o}`), ...ops.map((o) => `i64.${o}`)), 150);
});

test('fixed-register rules are enforced at emit time', () => {
  const asm = new Assembler();
  const trap: N.TrapLabel = () => asm.newLabel();
  assert.throws(() => N.emitI32Rotl(asm, RCX), /rcx/);
  assert.throws(() => N.emitI64DivS(asm, RAX, trap), /divisor/);
  assert.throws(() => N.emitI32RemU(asm, RDX, trap), /divisor/);
});
