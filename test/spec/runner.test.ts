// The runner's verdicts and the ratchet, on small scripts. The front end here
// is a stand-in (V8's WebAssembly.validate, failing with one fixed reason), so
// these tests pin the runner's logic independently of Corral's decoder; the
// real front end runs in conformance.test.ts.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CompileError } from '../../src/wasm/errors.js';
import { watToBinary } from '../../src/wasm/text.js';
import type { Expectations } from './expectations.js';
import { bless, judge, staleEntries } from './expectations.js';
import type { ActionOutcome, Executor, InstanceHandle, InstantiateOutcome } from './executor.js';
import type { FrontEnd, Outcome } from './runner.js';
import { runScript } from './runner.js';
import { v8 } from './v8.js';
import type { Value } from './values.js';
import { parseWast } from './wast.js';

const v8FrontEnd: FrontEnd = (bytes) => {
  if (!v8.validate(bytes)) throw new CompileError('type mismatch (stand-in reason)', 0);
};

async function run(script: string, frontEnd: FrontEnd = v8FrontEnd, executor?: Executor): Promise<Outcome[]> {
  return runScript(parseWast(new TextEncoder().encode(script)), {
    frontEnd,
    textToBinary: (t, n) => watToBinary(t, n),
    fileName: 'test.wast',
    ...(executor ? { executor } : {}),
  });
}

function summary(outcomes: readonly Outcome[]): string[] {
  return outcomes.map((o) => `${o.key} ${o.kind} ${o.passed ? 'pass' : o.category}`);
}

test('validation verdicts: reasons must start with the expected text', async () => {
  const outcomes = await run([
    '(module (func))',
    '(assert_invalid (module (func (result i32) (i64.const 0))) "type mismatch")',
    '(assert_invalid (module (func (result i32) (i64.const 0))) "unknown local")',
    '(assert_invalid (module (func)) "type mismatch")',
    '(assert_malformed (module binary "\\00asm\\02\\00\\00\\00") "unknown binary version")',
    '(assert_malformed (module binary "\\00asm\\01\\00\\00\\00") "anything")',
    '(assert_malformed (module quote "(func (i32.const))") "unexpected token")',
    '(assert_malformed (module quote "(func)") "wabt accepts this")',
    '(module (func (result i32) (i64.const 0)))',
    '(module quote "(func)")',
  ].join('\n'));
  assert.deepEqual(summary(outcomes), [
    'L1 module pass',
    'L2 assert_invalid:text pass',
    'L3 assert_invalid:text bug:wrong-reason',
    'L4 assert_invalid:text bug:accepts-invalid',
    'L5 assert_malformed:binary bug:wrong-reason', // the stand-in's reason is not "unknown binary version"
    'L6 assert_malformed:binary bug:accepts-malformed',
    'L7 assert_malformed:quote pass',
    'L8 assert_malformed:quote unsupported:text',
    'L9 module bug:rejects-valid',
    'L10 module pass',
  ]);
  assert.equal(outcomes[2]!.detail, 'expected "unknown local", got "type mismatch (stand-in reason)"');
});

test('anything but CompileError from the front end is a crash', async () => {
  const outcomes = await run('(module (func))\n(assert_invalid (module (func)) "type mismatch")', () => {
    throw new RangeError('index out of range');
  });
  assert.deepEqual(summary(outcomes), ['L1 module bug:crash', 'L2 assert_invalid:text bug:crash']);
});

test('without an engine, execution commands are unsupported:execution, but their modules are still validated', async () => {
  const outcomes = await run([
    '(module $m (func (export "f") (result i32) (i32.const 1)))',
    '(register "m" $m)',
    '(assert_return (invoke "f") (i32.const 1))',
    '(assert_trap (invoke "f") "unreachable")',
    '(assert_exhaustion (invoke "f") "call stack exhausted")',
    '(invoke "f")',
    '(assert_unlinkable (module (import "x" "y" (func))) "unknown import")',
    '(assert_trap (module (func (result i32) (i64.const 0))) "unreachable")',
  ].join('\n'));
  assert.deepEqual(summary(outcomes), [
    'L1 module pass',
    'L2 register unsupported:execution',
    'L3 assert_return unsupported:execution',
    'L4 assert_trap unsupported:execution',
    'L5 assert_exhaustion unsupported:execution',
    'L6 action unsupported:execution',
    'L7 assert_unlinkable unsupported:execution',
    'L8 assert_uninstantiable bug:rejects-valid',
  ]);
});

test('with an executor, actions are checked by exact bits and messages', async () => {
  const handle = {} as InstanceHandle;
  const results: Record<string, ActionOutcome> = {
    one: { kind: 'values', values: [{ type: 'i32', bits: 1 }] },
    negzero: { kind: 'values', values: [{ type: 'f32', bits: 0x80000000 }] },
    qnan: { kind: 'values', values: [{ type: 'f64', bits: 0x7ff8000000000001n }] },
    trap: { kind: 'trap', message: 'integer divide by zero' },
  };
  const executor: Executor = {
    instantiate: async (): Promise<InstantiateOutcome> => ({ kind: 'ok', instance: handle }),
    register: () => undefined,
    invoke: async (_i, field: string, _args: readonly Value[]) => results[field]!,
    get: async (_i, field: string) => results[field]!,
  };
  const outcomes = await run([
    '(module (func))',
    '(assert_return (invoke "one") (i32.const 1))',
    '(assert_return (invoke "one") (i32.const 2))',
    '(assert_return (invoke "negzero") (f32.const -0))',
    '(assert_return (invoke "negzero") (f32.const 0))',
    '(assert_return (invoke "qnan") (f64.const nan:arithmetic))',
    '(assert_return (invoke "qnan") (f64.const nan:canonical))',
    '(assert_return (invoke "one") (either (i32.const 0) (i32.const 1)))',
    '(assert_trap (invoke "trap") "integer divide by zero")',
    '(assert_trap (invoke "trap") "integer overflow")',
    '(assert_trap (invoke "one") "unreachable")',
  ].join('\n'), v8FrontEnd, executor);
  assert.deepEqual(summary(outcomes), [
    'L1 module pass',
    'L2 assert_return pass',
    'L3 assert_return bug:wrong-result',
    'L4 assert_return pass',
    'L5 assert_return bug:wrong-result',
    'L6 assert_return pass',
    'L7 assert_return bug:wrong-result',
    'L8 assert_return pass',
    'L9 assert_trap pass',
    'L10 assert_trap bug:wrong-reason',
    'L11 assert_trap bug:no-trap',
  ]);
});

const outcome = (key: string, kind: string, category?: string): Outcome =>
  category === undefined ? { key, line: 1, kind, passed: true } : { key, line: 1, kind, passed: false, category, detail: '' };

test('the ratchet: surprises in both directions, rules by kind, stale entries', () => {
  const exp: Expectations = {
    rules: [{ kinds: ['assert_return', 'assert_malformed'], category: 'unsupported:execution', why: 'test' }],
    files: { 'a.wast': { L2: 'bug:x', L3: 'bug:y', L9: 'bug:gone' } },
  };
  const judged = judge(exp, 'a.wast', [
    outcome('L1', 'module'), // passes, not expected to fail
    outcome('L2', 'module', 'bug:x'), // expected failure
    outcome('L3', 'module'), // expected to fail, passes: surprise
    outcome('L4', 'module', 'bug:z'), // unexpected failure: surprise
    outcome('L5', 'assert_return', 'unsupported:execution'), // covered by a rule
    outcome('L6', 'assert_malformed:quote', 'unsupported:execution'), // rule on a bare kind covers forms
  ]);
  assert.deepEqual(judged.map((j) => [j.key, j.verdict, j.surprise !== undefined]), [
    ['L1', 'passed', false],
    ['L2', 'skipped', false],
    ['L3', 'passed', true],
    ['L4', 'failed', true],
    ['L5', 'skipped', false],
    ['L6', 'skipped', false],
  ]);
  assert.deepEqual(staleEntries(exp, 'a.wast', judged), ['L9']);
});

test('bless: rules survive only while everything they cover fails with their category; kept failures keep their entries', () => {
  const old: Expectations = {
    rules: [
      { kinds: ['assert_return'], category: 'unsupported:execution', why: 'no engine' },
      { kinds: ['assert_trap'], category: 'unsupported:execution', why: 'no engine' },
    ],
    files: { 'other.wast': { L1: 'bug:keep' }, 'a.wast': { L1: 'bug:old', L2: { category: 'unsupported:text', note: 'by hand' } } },
  };
  const results = new Map<string, Outcome[]>([
    ['a.wast', [
      outcome('L1', 'module'),
      outcome('L2', 'assert_invalid:text', 'bug:wrong-reason'),
      outcome('L3', 'assert_return', 'unsupported:execution'),
      outcome('L4', 'assert_trap', 'unsupported:execution'),
      outcome('L5', 'assert_trap'),
    ]],
  ]);
  const blessed = bless(old, results);
  assert.deepEqual(blessed.rules.map((r) => r.kinds[0]), ['assert_return']);
  assert.deepEqual(blessed.files, {
    'a.wast': { L2: { category: 'unsupported:text', note: 'by hand' }, L4: 'unsupported:execution' },
    'other.wast': { L1: 'bug:keep' },
  });
  // Blessed data judges the same run without surprises.
  assert.ok(judge(blessed, 'a.wast', results.get('a.wast')!).every((j) => j.surprise === undefined));
});
