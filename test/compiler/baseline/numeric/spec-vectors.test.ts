// The emitters against the official spec tests' own vectors: every
// assert_return / assert_trap of the numeric .wast files whose function is a
// single operator on its parameters, run on our emitter (every register
// shape) and compared with the script's expectation — an oracle independent
// of V8. NaN patterns follow the script: nan:canonical needs the canonical
// payload (either sign), nan:arithmetic a quiet NaN.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { TRAP_MESSAGES, type TrapCode } from '../../../../src/abi/trap-codes.js';
import { parseWast } from '../../../spec/wast.js';
import { suiteRoot } from '../../../spec/suite.js';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Expected, Value } from '../../../spec/values.js';
import { loadCases } from './harness.js';
import { OPERATOR_KEYS, casesOf } from './operators.js';
import type { Kind } from './v8-oracle.js';

const SUITE = pathToFileURL(path.join(suiteRoot(), 'core') + path.sep);
const FILES = ['i32', 'i64', 'f32', 'f64', 'f32_cmp', 'f64_cmp', 'f32_bitwise', 'f64_bitwise', 'conversions', 'float_misc'];
/** `(func (export "name") (param ...) (result t) (op (local.get $x) [(local.get $y)]))`: a single operator. */
const SINGLE_OP = /\(func \(export "([^"]+)"\)(?: \(param \$\w+ \w+\))+ \(result \w+\) \(([a-z0-9_.]+) \(local\.get \$\w+\)(?: \(local\.get \$\w+\))?\)\)/g;

interface Vector { readonly op: string; readonly args: bigint[]; readonly expect: Expected | { readonly trap: TrapCode }; readonly where: string }

const trapByMessage = new Map<string, TrapCode>(
  (Object.entries(TRAP_MESSAGES) as [TrapCode, string][]).filter(([c]) => c.startsWith('integer') || c.startsWith('invalid')).map(([c, m]) => [m, c]));

const bitsOf = (v: Value): bigint => ('bits' in v ? BigInt.asUintN(v.type === 'i32' || v.type === 'f32' ? 32 : 64, BigInt(v.bits)) : 0n);

function vectors(): Vector[] {
  const out: Vector[] = [];
  for (const file of FILES) {
    let ops = new Map<string, string>();
    for (const c of parseWast(readFileSync(new URL(`${file}.wast`, SUITE)))) {
      if (c.kind === 'module') {
        ops = new Map();
        if (c.module.source.form === 'text') {
          for (const m of new TextDecoder().decode(c.module.source.text).matchAll(SINGLE_OP)) ops.set(m[1]!, m[2]!);
        }
        continue;
      }
      if (c.kind !== 'assert_return' && c.kind !== 'assert_trap') continue;
      if (c.action.kind !== 'invoke' || c.action.module !== undefined) continue;
      const op = ops.get(c.action.field);
      if (op === undefined || !OPERATOR_KEYS.includes(op)) continue;
      const args = c.action.args.map(bitsOf);
      const where = `${file}.wast:${c.line}`;
      if (c.kind === 'assert_return') out.push({ op, args, expect: c.expected[0]!, where });
      else {
        const trap = trapByMessage.get(c.message);
        assert.ok(trap, `${where}: unknown trap message ${c.message}`);
        out.push({ op, args, expect: { trap }, where });
      }
    }
  }
  return out;
}

function isNaN(k: Kind, b: bigint): { nan: boolean; canonical: boolean; quiet: boolean } {
  const [exp, mant, q] = k === 'f32' ? [0x7f800000n, 0x7fffffn, 0x400000n] : [0x7ff0000000000000n, 0xfffffffffffffn, 0x8000000000000n];
  const nan = (b & exp) === exp && (b & mant) !== 0n;
  return { nan, canonical: nan && (b & mant) === q, quiet: nan && (b & q) !== 0n };
}

test('numeric emitters pass the spec suite vectors of their operators', (t) => {
  const all = vectors();
  const used = [...new Set(all.map((v) => v.op))];
  const cases = casesOf(...used);
  const bench = loadCases(cases);
  const failures: string[] = [];
  let runs = 0;
  for (const v of all) {
    cases.forEach((c, i) => {
      if (c.op !== v.op) return;
      // A shape that aliases both operands only runs vectors with equal operands.
      if (c.regs.length === 2 && c.regs[0] === c.regs[1] && v.args[0] !== v.args[1]) return;
      runs++;
      const got = bench.run(i, v.args);
      const shown = got.kind === 'trap' ? `trap ${got.code}` : '0x' + got.bits.toString(16);
      const e = v.expect;
      let ok: boolean;
      if ('trap' in e) ok = got.kind === 'trap' && got.code === e.trap;
      else if (got.kind === 'trap') ok = false;
      else if ('nan' in e) {
        const n = isNaN(c.result, got.bits);
        ok = e.nan === 'canonical' ? n.canonical : n.quiet;
      } else if ('bits' in e) ok = got.bits === bitsOf(e);
      else ok = false;
      if (!ok && failures.length < 20) failures.push(`${v.where} ${c.label}(${v.args.map((a) => '0x' + a.toString(16)).join(', ')}): want ${JSON.stringify(e, (_, x) => (typeof x === 'bigint' ? '0x' + x.toString(16) : x))}, got ${shown}`);
    });
  }
  t.diagnostic(`${all.length} spec vectors over ${used.length} operators, ${runs} runs`);
  assert.deepEqual(failures, []);
  assert.deepEqual(OPERATOR_KEYS.filter((k) => !used.includes(k)), [], "operators without spec vectors");
});
