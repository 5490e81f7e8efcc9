// One conformance run over the suite: parse each script, run it, judge the
// outcomes against the expectations, and summarise (totals per kind and per
// directory, failure groups, surprises, the final "N passed, N failed, N
// skipped" line). Shared by the CLI (run.ts) and the npm test.
//
// Invariants: "failed" counts only surprises of the failing direction;
// "skipped" counts expected failures (unsupported or known bugs); an expected
// failure that passes counts as passed but is a surprise. A run with any
// surprise is not ok. Only the conformance entry points import this.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Expectations, Judged } from './expectations.js';
import { judge, staleEntries } from './expectations.js';
import type { Executor } from './executor.js';
import type { FrontEnd, Outcome, TextToBinary } from './runner.js';
import { runScript } from './runner.js';
import { listScripts } from './suite.js';
import { parseWast } from './wast.js';

export interface ConformanceOptions {
  readonly suiteRoot: string;
  readonly filter?: string;
  readonly frontEnd: FrontEnd;
  readonly textToBinary: TextToBinary;
  readonly executor?: Executor;
  /** A fresh executor per script (registrations and host state are per script); wins over `executor`. */
  readonly executorFor?: (file: string) => Executor;
  readonly expectations: Expectations;
}

export interface ConformanceResult {
  readonly outcomes: ReadonlyMap<string, readonly Outcome[]>;
  readonly judged: readonly Judged[];
  /** Human-readable surprise lines, including stale expectation entries. */
  readonly surprises: readonly string[];
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
}

export async function runConformance(o: ConformanceOptions): Promise<ConformanceResult> {
  const files = listScripts(o.suiteRoot, o.filter);
  if (files.length === 0) throw new Error(`no .wast script matches "${o.filter ?? ''}"`);
  const outcomes = new Map<string, Outcome[]>();
  const judged: Judged[] = [];
  const surprises: string[] = [];
  for (const file of files) {
    const source = readFileSync(path.join(o.suiteRoot, file));
    let fileOutcomes: Outcome[];
    try {
      const commands = parseWast(new Uint8Array(source.buffer, source.byteOffset, source.length));
      const executor = o.executorFor?.(file) ?? o.executor;
      fileOutcomes = await runScript(commands, { frontEnd: o.frontEnd, textToBinary: o.textToBinary, fileName: file, ...(executor ? { executor } : {}) });
    } catch (e) {
      // A script we cannot parse is the runner's bug: one failing outcome stands for the whole file.
      fileOutcomes = [{ key: 'script', line: 0, kind: 'script', passed: false, category: 'bug:script-parse', detail: String(e) }];
    }
    outcomes.set(file, fileOutcomes);
    const fileJudged = judge(o.expectations, file, fileOutcomes);
    judged.push(...fileJudged);
    for (const j of fileJudged) if (j.surprise !== undefined) surprises.push(`${file}:${j.line} ${j.kind} [${j.key}]: ${j.surprise}`);
    for (const key of staleEntries(o.expectations, file, fileOutcomes)) surprises.push(`${file} [${key}]: stale expectation (no such command)`);
  }
  if (o.filter === undefined || o.filter === '') {
    const ran = new Set(files);
    for (const file of Object.keys(o.expectations.files)) if (!ran.has(file)) surprises.push(`${file}: stale expectations (no such script)`);
  }
  const count = (v: Judged['verdict']): number => judged.filter((j) => j.verdict === v).length;
  return { outcomes, judged, surprises, passed: count('passed'), failed: count('failed'), skipped: count('skipped') };
}

interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}

function tallyBy(judged: readonly Judged[], keyOf: (j: Judged) => string): Map<string, Tally> {
  const m = new Map<string, Tally>();
  for (const j of judged) {
    const key = keyOf(j);
    const t = m.get(key) ?? { passed: 0, failed: 0, skipped: 0 };
    t[j.verdict]++;
    m.set(key, t);
  }
  return new Map([...m].sort(([a], [b]) => a.localeCompare(b)));
}

function table(title: string, rows: Map<string, Tally>): string[] {
  const lines = [`${title.padEnd(28)} ${'passed'.padStart(7)} ${'failed'.padStart(7)} ${'skipped'.padStart(7)}`];
  for (const [k, t] of rows) lines.push(`${k.padEnd(28)} ${String(t.passed).padStart(7)} ${String(t.failed).padStart(7)} ${String(t.skipped).padStart(7)}`);
  return lines;
}

/** Non-passing outcomes grouped by category and detail, largest groups first. */
export function failureGroups(judged: readonly Judged[]): { category: string; detail: string; count: number; where: string[] }[] {
  const groups = new Map<string, { category: string; detail: string; count: number; where: string[] }>();
  for (const j of judged) {
    const category = j.expected ?? j.category ?? '?';
    if (j.passed || category === 'unsupported:execution') continue;
    // Group by the expected message only, so one root cause is one line.
    const detail = (j.detail ?? '').replace(/, got .*/, '');
    const id = `${category}\u0000${detail}`;
    const g = groups.get(id) ?? { category, detail, count: 0, where: [] };
    g.count++;
    g.where.push(`${j.file}:${j.line}`);
    groups.set(id, g);
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || a.category.localeCompare(b.category));
}

export function formatReport(r: ConformanceResult, verbose = false): string {
  const lines: string[] = [];
  lines.push(...table('kind', tallyBy(r.judged, (j) => j.kind)), '');
  lines.push(...table('directory', tallyBy(r.judged, (j) => j.file.split('/')[0]!)), '');
  lines.push(...table('category (not passed)', tallyBy(r.judged.filter((j) => !j.passed), (j) => j.expected ?? j.category ?? '?')), '');
  const groups = failureGroups(r.judged);
  if (groups.length > 0) {
    lines.push('failure groups (excluding unsupported:execution):');
    for (const g of groups.slice(0, verbose ? groups.length : 40)) {
      const where = g.where.slice(0, verbose ? g.where.length : 3).join(', ') + (!verbose && g.where.length > 3 ? ', ...' : '');
      lines.push(`  ${String(g.count).padStart(5)}  ${g.category}  ${g.detail}  (${where})`);
    }
    if (!verbose && groups.length > 40) lines.push(`  ... ${groups.length - 40} more groups (--verbose)`);
    lines.push('');
  }
  if (r.surprises.length > 0) {
    lines.push(`${r.surprises.length} surprise(s):`);
    for (const s of r.surprises.slice(0, verbose ? r.surprises.length : 50)) lines.push(`  ${s}`);
    if (!verbose && r.surprises.length > 50) lines.push(`  ... ${r.surprises.length - 50} more (--verbose)`);
    lines.push('');
  }
  lines.push(`${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped`);
  return lines.join('\n');
}
