// The thread between a benchmark process and bench/run.ts: when run.ts starts
// a benchmark it names a file in CORRAL_BENCH_SUMMARY, and each table a
// benchmark wants in the final summary is appended to it as one JSON line.
// Run alone, a benchmark records nothing. Nothing in src/ imports bench/.

import { appendFileSync, readFileSync } from 'node:fs';

export const SUMMARY_ENV = 'CORRAL_BENCH_SUMMARY';

export interface SummaryTable {
  readonly title: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Lines printed under the table: why a cell is n/a, how to read the ratios. */
  readonly notes: readonly string[];
}

export function recordSummary(title: string, header: readonly string[], rows: readonly (readonly string[])[], notes: readonly string[] = []): void {
  const file = process.env[SUMMARY_ENV];
  if (file) appendFileSync(file, `${JSON.stringify({ title, header, rows, notes } satisfies SummaryTable)}\n`);
}

export function readSummaries(file: string): SummaryTable[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return text.split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l) as SummaryTable);
}
