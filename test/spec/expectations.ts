// The ratchet: which conformance outcomes are expected to fail, as data
// (test/spec/expectations.json), and the comparison of a run against it.
//
// Invariants: an expected failure that passes and a failure that was not
// expected are both surprises, and any surprise fails the run, so the figures
// can only move forward. Rules cover whole command kinds ("every assert_return:
// unsupported:execution") to keep the file readable; per-file entries, keyed
// by wast.ts's stable command keys, name everything else. Blessing rewrites
// the data from a run: a rule survives only if everything it covers still
// fails with its category. Only the conformance entry points import this.

import type { Outcome } from './runner.js';

export interface Rule {
  /** Command kinds as in Outcome.kind; a bare kind also covers its `kind:form` variants. */
  readonly kinds: readonly string[];
  readonly category: string;
  readonly why: string;
}

/** A category, or a category with a human note (why, and whose problem it is). */
export type Entry = string | { readonly category: string; readonly note: string };

export interface Expectations {
  readonly rules: readonly Rule[];
  /** file (relative to the suite root) → command key → expected failure. */
  readonly files: Readonly<Record<string, Readonly<Record<string, Entry>>>>;
}

export function entryCategory(e: Entry): string {
  return typeof e === 'string' ? e : e.category;
}

export type Verdict = 'passed' | 'failed' | 'skipped';

export interface Judged extends Outcome {
  readonly file: string;
  readonly verdict: Verdict;
  /** The expectations' category when this outcome was expected to fail. */
  readonly expected?: string;
  /** Set for surprises: why this outcome breaks the ratchet. */
  readonly surprise?: string;
}

function ruleCovers(rule: Rule, kind: string): boolean {
  return rule.kinds.some((k) => k === kind || kind.startsWith(k + ':'));
}

/** The category an outcome is expected to fail with, or undefined when it must pass. */
export function expectedFailure(exp: Expectations, file: string, o: Outcome): string | undefined {
  const entry = exp.files[file]?.[o.key];
  if (entry !== undefined) return entryCategory(entry);
  return exp.rules.find((r) => ruleCovers(r, o.kind))?.category;
}

export function judge(exp: Expectations, file: string, outcomes: readonly Outcome[]): Judged[] {
  return outcomes.map((o) => {
    const expected = expectedFailure(exp, file, o);
    if (o.passed) {
      if (expected === undefined) return { ...o, file, verdict: 'passed' };
      return { ...o, file, verdict: 'passed', surprise: `expected to fail (${expected}) but passed` };
    }
    if (expected !== undefined) return { ...o, file, verdict: 'skipped', expected };
    return { ...o, file, verdict: 'failed', surprise: `unexpected failure: ${o.category}: ${o.detail ?? ''}` };
  });
}

/** Per-file entries that name no command of that file: the data has gone stale. */
export function staleEntries(exp: Expectations, file: string, outcomes: readonly Outcome[]): string[] {
  const keys = new Set(outcomes.map((o) => o.key));
  return Object.keys(exp.files[file] ?? {}).filter((k) => !keys.has(k));
}

/**
 * New expectations from a run. Only the files that ran are rewritten (a
 * filtered run keeps the other files' entries). A failure that was already
 * expected keeps its entry, category and note: a human's classification (say,
 * `unsupported:text` for a module wabt encodes differently) outranks the
 * runner's generic guess. New failures get the runner's category.
 */
export function bless(old: Expectations, results: ReadonlyMap<string, readonly Outcome[]>): Expectations {
  const all = [...results.values()].flat();
  const rules = old.rules.filter((r) => all.every((o) => !ruleCovers(r, o.kind) || (!o.passed && o.category === r.category)));
  const covered = (o: Outcome): boolean => rules.some((r) => ruleCovers(r, o.kind) && o.category === r.category);
  const files: Record<string, Record<string, Entry>> = {};
  for (const [file, entries] of Object.entries(old.files)) if (!results.has(file)) files[file] = { ...entries };
  for (const [file, outcomes] of results) {
    const entries: Record<string, Entry> = {};
    for (const o of outcomes) {
      if (o.passed || covered(o)) continue;
      entries[o.key] = old.files[file]?.[o.key] ?? o.category ?? 'bug:unknown';
    }
    if (Object.keys(entries).length > 0) files[file] = entries;
  }
  const sorted: Record<string, Record<string, Entry>> = {};
  for (const file of Object.keys(files).sort()) sorted[file] = files[file]!;
  return { rules, files: sorted };
}

export function parseExpectations(json: string): Expectations {
  const data = JSON.parse(json) as Partial<Expectations>;
  return { rules: data.rules ?? [], files: data.files ?? {} };
}

export function formatExpectations(exp: Expectations): string {
  return JSON.stringify(exp, null, 2) + '\n';
}
