// Differential check of emitters against V8: the same operator on the same
// raw bit patterns, compared bit-exactly, with three allowances the spec
// makes: where a result may be any NaN (`anyNaN` cases) both sides must agree
// it is a NaN, and ours must also follow the spec's rule for it (a quiet
// NaN; the canonical payload when no input NaN had another payload). Traps
// are compared by kind: V8's RuntimeError message is mapped to our trap code
// (V8 says "float unrepresentable" for both conversion traps; the spec's rule,
// NaN → invalid_conversion_to_integer, decides which). Also checked: inputs
// the sequence must keep are unchanged. Test-only.

import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import type { TrapCode } from '../../../../src/abi/trap-codes.js';
import { loadCases, type Case, type Run } from './harness.js';
import { argLists } from './inputs.js';
import { WIDTH, oracle, type Kind, type Outcome } from './v8-oracle.js';

export interface DiffCase extends Case {
  /** The spec lets the result be any (arithmetic) NaN when it is a NaN. */
  readonly anyNaN?: boolean;
  /** Operands with a fixed value (e.g. the count a *Imm emitter was given), by position. */
  readonly fixed?: readonly (bigint | undefined)[];
}

function isNaNBits(k: Kind, b: bigint): boolean {
  if (k === 'f32') return (b & 0x7f800000n) === 0x7f800000n && (b & 0x7fffffn) !== 0n;
  if (k === 'f64') return (b & 0x7ff0000000000000n) === 0x7ff0000000000000n && (b & 0xfffffffffffffn) !== 0n;
  return false;
}
/** Payload of a NaN without its sign: canonical is exactly the quiet bit. */
function payload(k: Kind, b: bigint): bigint {
  return k === 'f32' ? b & 0x7fffffn : b & 0xfffffffffffffn;
}
const QUIET: Record<'f32' | 'f64', bigint> = { f32: 0x400000n, f64: 0x8000000000000n };

function expectedTrap(c: Case, args: readonly bigint[], message: string): TrapCode | string {
  if (/divide by zero|remainder by zero/.test(message)) return 'integer_divide_by_zero';
  if (/divide result unrepresentable/.test(message)) return 'integer_overflow';
  if (/float unrepresentable/.test(message)) {
    return isNaNBits(c.params[0]!, args[0]!) ? 'invalid_conversion_to_integer' : 'integer_overflow';
  }
  return `unmapped V8 message: ${message}`;
}

const hex = (b: bigint) => '0x' + b.toString(16);

function compare(c: DiffCase, args: readonly bigint[], ours: Run, theirs: Outcome): string | undefined {
  const at = `${c.label}(${args.map(hex).join(', ')})`;
  if (theirs.kind === 'trap') {
    const want = expectedTrap(c, args, theirs.message);
    if (ours.kind !== 'trap' || ours.code !== want) return `${at}: want trap ${want}, got ${ours.kind === 'trap' ? ours.code : hex(ours.bits)}`;
    return undefined;
  }
  if (ours.kind === 'trap') return `${at}: want ${hex(theirs.bits)}, got trap ${ours.code}`;
  for (let k = 0; k < args.length; k++) {
    const kept = ours.kept[k];
    const input = WIDTH[c.params[k]!] === 32 ? args[k]! & 0xffffffffn : args[k]!;
    if (kept !== undefined && kept !== input) return `${at}: operand ${k} clobbered: ${hex(kept)}`;
  }
  if (c.anyNaN && isNaNBits(c.result, theirs.bits)) {
    const r = c.result as 'f32' | 'f64';
    if (!isNaNBits(r, ours.bits)) return `${at}: want a NaN, got ${hex(ours.bits)}`;
    if (!(ours.bits & QUIET[r])) return `${at}: NaN result ${hex(ours.bits)} is not quiet (not an arithmetic NaN)`;
    const inputNaNs = args.filter((a, k) => isNaNBits(c.params[k]!, a));
    const allCanonical = inputNaNs.every((a, k) => payload(c.params[k]!, a) === QUIET[c.params[k] as 'f32' | 'f64']);
    if (allCanonical && payload(r, ours.bits) !== QUIET[r]) return `${at}: want a canonical NaN, got ${hex(ours.bits)}`;
    return undefined;
  }
  if (ours.bits !== theirs.bits) return `${at}: want ${hex(theirs.bits)}, got ${hex(ours.bits)}`;
  return undefined;
}

export interface DiffReport {
  readonly runs: number;
  readonly failures: readonly string[];
  /** How many runs ended each way: 'value', 'nan' (a NaN result), 'trap:<code>'. */
  readonly outcomes: Readonly<Record<string, number>>;
}

/**
 * Runs every case on its edge inputs and `random` random ones; aliased
 * operands (the same register twice) get equal arguments.
 */
export function runDifferential(cases: readonly DiffCase[], random: number, seed = 0x5eedn): DiffReport {
  const bench = loadCases(cases);
  const v8 = oracle(cases);
  const failures: string[] = [];
  const outcomes: Record<string, number> = {};
  let runs = 0;
  cases.forEach((c, i) => {
    let caseFailures = 0;
    for (const raw of argLists(c.params, random, seed + BigInt(i))) {
      const args = raw.map((a, k) => {
        const fixed = c.fixed?.[k];
        if (fixed !== undefined) return fixed;
        const isFloat = (j: number) => c.params[j] === 'f32' || c.params[j] === 'f64';
        const first = c.regs.findIndex((r, j) => r === c.regs[k] && isFloat(j) === isFloat(k));
        return first === k ? a : raw[first]!;
      });
      runs++;
      const ours = bench.run(i, args);
      const outcome = ours.kind === 'trap' ? `trap:${ours.code}` : isNaNBits(c.result, ours.bits) ? 'nan' : 'value';
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      const problem = compare(c, args, ours, v8(i, args));
      if (problem && caseFailures++ < 5) failures.push(problem);
    }
  });
  return { runs, failures, outcomes };
}

/** Random argument lists per case by default: a few hundred, on top of the edge values. */
export const RANDOM_RUNS = 300;
/**
 * A long run on demand: CORRAL_NUMERIC_SCALE=N multiplies every random count
 * by N, CORRAL_NUMERIC_SEED picks other random inputs (the default run is fixed).
 */
const SCALE = Number(process.env['CORRAL_NUMERIC_SCALE'] ?? '1') || 1;
const SEED = BigInt(process.env['CORRAL_NUMERIC_SEED'] ?? '0x5eed');

/** Runs the cases and fails the test on any mismatch; reports the counts as a diagnostic. */
export function assertDifferential(t: TestContext, cases: readonly DiffCase[], random = RANDOM_RUNS): DiffReport {
  const r = runDifferential(cases, Math.round(random * SCALE), SEED);
  t.diagnostic(`${cases.length} cases, ${r.runs} runs: ${JSON.stringify(r.outcomes)}`);
  assert.deepEqual(r.failures, [], `${r.failures.length} mismatches in ${r.runs} runs`);
  assert.ok(r.runs >= cases.length * 20, `only ${r.runs} runs`);
  return r;
}
