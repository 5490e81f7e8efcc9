// A differential campaign: for each seed, generate a module, prepare it
// (memory exported), record V8's transcript as the oracle and each other
// side's, and compare. Shared by the bounded default test and the on-demand
// long run (run.ts); the tallies are what both report.
//
// Invariants: every seed ends in exactly one bucket per side — matched,
// mismatched, unsupported (the engine refused a feature: counted and
// reported, never a pass), exhausted (compared up to the call that
// exhausted the stack), or skipped (the harness cannot drive the module, or
// the oracle itself failed; named in `notes`). Only test/differential
// imports this.

import { CompileError } from '../../src/wasm/errors.js';
import { v8 } from '../spec/v8.js';
import { MEMORY_EXPORT, withMemoryExport } from './export-memory.js';
import { type ModuleFacts, hasMemory, moduleFacts } from './facts.js';
import type { Generator } from './generator.js';
import type { Side } from './sides.js';
import { showEnding } from './sides.js';
import { compare, type Difference, record, type Transcript } from './transcript.js';

export interface Mismatch {
  readonly seed: number;
  readonly side: string;
  readonly bytes: Uint8Array;
  readonly expected: Transcript;
  readonly difference: Difference;
}

export interface Tally {
  modules: number;
  matched: number;
  mismatched: number;
  exhausted: number;
  skipped: number;
  /** feature → count of modules a side refused. */
  readonly unsupported: Map<string, number>;
  readonly mismatches: Mismatch[];
  readonly notes: string[];
}

export function newTally(): Tally {
  return { modules: 0, matched: 0, mismatched: 0, exhausted: 0, skipped: 0, unsupported: new Map(), mismatches: [], notes: [] };
}

/** The module as the harness runs it: memory 0 exported, so final contents can be compared. */
export function prepare(raw: Uint8Array): { bytes: Uint8Array; facts: ModuleFacts } {
  let facts = moduleFacts(raw);
  if (facts.memory !== undefined || !hasMemory(raw)) return { bytes: raw, facts };
  const bytes = withMemoryExport(raw);
  facts = moduleFacts(bytes);
  if (facts.memory !== MEMORY_EXPORT) throw new Error('memory export was not added');
  return { bytes, facts };
}

/** Compares one module on the oracle and each side, adding to the tally. */
export async function checkModule(seed: number, raw: Uint8Array, oracle: Side, sides: readonly Side[], tally: Tally): Promise<void> {
  tally.modules++;
  if (!v8.validate(raw)) {
    // translate-to-fuzz now and then emits an opcode from a later proposal (e.g. ref.as_non_null): not a 2.0 module.
    tally.skipped += sides.length;
    tally.notes.push(`seed ${seed}: V8 rejects the generated module (not WebAssembly 2.0)`);
    return;
  }
  let prepared;
  try {
    prepared = prepare(raw);
  } catch (e) {
    // V8 accepted the generator's module; Corral's front end rejecting it is a Corral finding.
    const message = e instanceof CompileError ? `front end rejects a valid module: ${e.message}` : String(e);
    for (const side of sides) {
      tally.mismatched++;
      tally.mismatches.push({ seed, side: side.name, bytes: raw, expected: { events: ['front end accepts'] }, difference: { at: 0, expected: 'front end accepts', actual: message } });
    }
    return;
  }
  const { bytes, facts } = prepared;
  const expected = await record(oracle, bytes, facts);
  if (expected.refusal !== undefined) {
    tally.skipped += sides.length;
    tally.notes.push(`seed ${seed}: oracle cannot run it (${showEnding(expected.refusal)})`);
    return;
  }
  for (const side of sides) {
    const actual = await record(side, bytes, facts);
    const difference = compare(expected, actual);
    if (actual.refusal?.kind === 'unsupported' && difference !== undefined) {
      const feature = actual.refusal.feature;
      tally.unsupported.set(feature, (tally.unsupported.get(feature) ?? 0) + 1);
    } else if (difference !== undefined) {
      tally.mismatched++;
      tally.mismatches.push({ seed, side: side.name, bytes, expected, difference });
    } else if (expected.exhaustedAt !== undefined || actual.exhaustedAt !== undefined) {
      tally.exhausted++;
    } else {
      tally.matched++;
    }
  }
}

/** Generates and checks `count` modules from consecutive seeds. */
export async function campaign(generator: Generator, firstSeed: number, count: number, oracle: Side, sides: readonly Side[], tally = newTally(), progress?: (seed: number, t: Tally) => void): Promise<Tally> {
  for (let seed = firstSeed; seed < firstSeed + count; seed++) {
    await checkModule(seed, generator.generate(seed), oracle, sides, tally);
    progress?.(seed, tally);
  }
  return tally;
}

export function formatTally(t: Tally, sides: readonly Side[]): string {
  const unsupported = [...t.unsupported].map(([f, n]) => `${f} ×${n}`).join(', ');
  const lines = [
    `${t.modules} modules × ${sides.map((s) => s.name).join(', ')}: ${t.matched} matched, ${t.mismatched} mismatched, ${t.exhausted} compared up to stack exhaustion, ` +
      `${[...t.unsupported.values()].reduce((a, b) => a + b, 0)} unsupported${unsupported ? ` (${unsupported})` : ''}, ${t.skipped} skipped`,
  ];
  for (const m of t.mismatches.slice(0, 20)) {
    lines.push(`  seed ${m.seed} on ${m.side}: event ${m.difference.at}: expected "${m.difference.expected}", got "${m.difference.actual}"`);
  }
  if (t.mismatches.length > 20) lines.push(`  ... ${t.mismatches.length - 20} more`);
  for (const n of t.notes.slice(0, 10)) lines.push(`  note: ${n}`);
  return lines.join('\n');
}
