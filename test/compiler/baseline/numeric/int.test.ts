// Integer emitters against V8: bit counts, rotates, division and remainder
// (with their traps), comparisons, sign extension and width changes.
// Every i32 result must also have its upper 32 bits zero (the harness stores
// 64 bits and the oracle's i32 is zero-extended), and the registers the
// contract keeps must be unchanged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as N from '../../../../src/compiler/baseline/numeric/index.js';
import { RAX, RCX, RDX, RSI, R9, type Gpr } from '../../../../src/compiler/x64/registers.js';
import { Assembler } from '../../../../src/compiler/x64/assembler.js';
import { INT_COMPARE, INT_ROTATE, INT_UNARY, cases, gpr, type Shape } from './cases.js';
import { assertDifferential, type DiffCase } from './differential.js';
import type { Kind } from './v8-oracle.js';

type UnaryGpr = (asm: Assembler, dst: Gpr, src: Gpr) => void;

function unary(op: string, from: Kind, to: Kind, f: UnaryGpr): DiffCase[] {
  return cases(op, [from], to, INT_UNARY, (asm, dst, ops) => f(asm, gpr(dst), gpr(ops[0]!)));
}

test('clz, ctz, popcnt (i32, i64)', (t) => {
  assertDifferential(t, [
    ...unary('i32.clz', 'i32', 'i32', N.emitI32Clz), ...unary('i64.clz', 'i64', 'i64', N.emitI64Clz),
    ...unary('i32.ctz', 'i32', 'i32', N.emitI32Ctz), ...unary('i64.ctz', 'i64', 'i64', N.emitI64Ctz),
    ...unary('i32.popcnt', 'i32', 'i32', N.emitI32Popcnt), ...unary('i64.popcnt', 'i64', 'i64', N.emitI64Popcnt),
  ]);
});

test('sign extension, wrap and extend', (t) => {
  assertDifferential(t, [
    ...unary('i32.extend8_s', 'i32', 'i32', N.emitI32Extend8S), ...unary('i32.extend16_s', 'i32', 'i32', N.emitI32Extend16S),
    ...unary('i64.extend8_s', 'i64', 'i64', N.emitI64Extend8S), ...unary('i64.extend16_s', 'i64', 'i64', N.emitI64Extend16S),
    ...unary('i64.extend32_s', 'i64', 'i64', N.emitI64Extend32S),
    ...unary('i64.extend_i32_s', 'i32', 'i64', N.emitI64ExtendI32S), ...unary('i64.extend_i32_u', 'i32', 'i64', N.emitI64ExtendI32U),
    ...unary('i32.wrap_i64', 'i64', 'i32', N.emitI32WrapI64),
  ]);
});

test('rotl, rotr by cl and by a constant', (t) => {
  const byCl = (op: string, k: Kind, f: (asm: Assembler, dst: Gpr) => void) =>
    cases(op, [k, k], k, INT_ROTATE, (asm, dst) => f(asm, gpr(dst)));
  const byImm = (op: string, k: Kind, f: (asm: Assembler, dst: Gpr, n: number) => void) =>
    [0, 1, 7, 31, 32, 33, 63, 64, 100].flatMap((n) =>
      cases(op, [k, k], k, [{ dst: R9, ops: [R9, RSI] }], (asm, dst) => f(asm, gpr(dst), n), { fixed: [undefined, BigInt(n)] }));
  assertDifferential(t, [
    ...byCl('i32.rotl', 'i32', N.emitI32Rotl), ...byCl('i32.rotr', 'i32', N.emitI32Rotr),
    ...byCl('i64.rotl', 'i64', N.emitI64Rotl), ...byCl('i64.rotr', 'i64', N.emitI64Rotr),
  ]);
  assertDifferential(t, [
    ...byImm('i32.rotl', 'i32', N.emitI32RotlImm), ...byImm('i32.rotr', 'i32', N.emitI32RotrImm),
    ...byImm('i64.rotl', 'i64', N.emitI64RotlImm), ...byImm('i64.rotr', 'i64', N.emitI64RotrImm),
  ], 40);
});

test('div_s, div_u, rem_s, rem_u with their traps (zero, INT_MIN / -1)', (t) => {
  type Div = (asm: Assembler, divisor: Gpr, trap: N.TrapLabel) => void;
  const shapes = (out: number): Shape[] => [{ dst: out, ops: [RAX, RSI] }, { dst: out, ops: [RAX, R9] }];
  const div = (op: string, k: Kind, f: Div) =>
    cases(op, [k, k], k, shapes(RAX), (asm, _dst, ops, trap) => f(asm, gpr(ops[1]!), trap), { clobbers: [RDX] });
  const rem = (op: string, k: Kind, f: Div) =>
    cases(op, [k, k], k, shapes(RDX), (asm, _dst, ops, trap) => f(asm, gpr(ops[1]!), trap), { clobbers: [RAX] });
  const r = assertDifferential(t, [
    ...div('i32.div_s', 'i32', N.emitI32DivS), ...div('i32.div_u', 'i32', N.emitI32DivU),
    ...div('i64.div_s', 'i64', N.emitI64DivS), ...div('i64.div_u', 'i64', N.emitI64DivU),
    ...rem('i32.rem_s', 'i32', N.emitI32RemS), ...rem('i32.rem_u', 'i32', N.emitI32RemU),
    ...rem('i64.rem_s', 'i64', N.emitI64RemS), ...rem('i64.rem_u', 'i64', N.emitI64RemU),
  ]);
  for (const o of ['value', 'trap:integer_divide_by_zero', 'trap:integer_overflow']) assert.ok((r.outcomes[o] ?? 0) > 0, o);
});

test('eqz and the ten comparisons (i32, i64)', (t) => {
  const all: DiffCase[] = [
    ...unary('i32.eqz', 'i32', 'i32', N.emitI32Eqz), ...unary('i64.eqz', 'i64', 'i32', N.emitI64Eqz),
  ];
  for (const [p, w] of [['i32', 32], ['i64', 64]] as const) {
    for (const op of Object.keys(N.INT_COMPARE) as N.IntCompare[]) {
      all.push(...cases(`${p}.${op}`, [p, p], 'i32', INT_COMPARE, (asm, dst, ops) => N.emitIntCompare(asm, w, op, gpr(dst), gpr(ops[0]!), gpr(ops[1]!))));
    }
  }
  assertDifferential(t, all, 150);
});

test('fixed-register rules are enforced at emit time', () => {
  const asm = new Assembler();
  const trap: N.TrapLabel = () => asm.newLabel();
  assert.throws(() => N.emitI32Rotl(asm, RCX), /rcx/);
  assert.throws(() => N.emitI64DivS(asm, RAX, trap), /divisor/);
  assert.throws(() => N.emitI32RemU(asm, RDX, trap), /divisor/);
});
