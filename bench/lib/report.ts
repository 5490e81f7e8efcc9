// Printing benchmark results. The one rule every benchmark's output follows:
// Corral's figure stands beside each rival's (V8's, and native where it
// applies) from the same run, with the ratio Corral ÷ rival; where Corral (or
// a rival) has no figure, the cell says so and a footnote gives the reason,
// never a number. Ratios are always of time (for a throughput, the inverse
// ratio of rates), so below 1.00x always means Corral is faster.
//
// Every printed comparison is also recorded for bench/run.ts's summary (see
// summary.ts). Nothing in src/ imports bench/.

import { geomean, median, quantile, spread, type Summary } from './stats.js';
import { recordSummary } from './summary.js';

/** A measured figure, or the reason there is none. */
export type Figure = { readonly ok: Summary } | { readonly unavailable: string };

export const measured = (s: Summary): Figure => ({ ok: s });
export const unavailable = (reason: string): Figure => ({ unavailable: reason });

export interface Unit {
  readonly format: (value: number) => string;
  /** True for rates (MB/s): the time ratio is then rival ÷ Corral. */
  readonly isRate: boolean;
}

export const fmtNs = (ns: number): string => (ns >= 1000 ? `${(ns / 1000).toFixed(2)} µs` : `${ns.toFixed(1)} ns`);
export const fmtMs = (ms: number): string => (ms >= 100 ? `${ms.toFixed(0)} ms` : ms >= 10 ? `${ms.toFixed(1)} ms` : `${ms.toFixed(2)} ms`);

export const MS: Unit = { format: fmtMs, isRate: false };
export const NS: Unit = { format: fmtNs, isRate: false };
export const MB_PER_S: Unit = { format: (v) => `${v.toFixed(1)} MB/s`, isRate: true };

/** Corral's time ÷ the rival's time, as a number. */
export function timeRatio(corral: number, rival: number, unit: Unit): number {
  return unit.isRate ? rival / corral : corral / rival;
}

export const fmtRatio = (r: number): string => `${r.toFixed(2)}x`;

/** Columns padded to their widest cell; the first column left-aligned, the rest right-aligned. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows
    .map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ').trimEnd())
    .join('\n');
}

export interface ComparisonRow {
  readonly label: string;
  readonly corral: Figure;
  /** One figure per name in Comparison.rivals. */
  readonly rivals: Readonly<Record<string, Figure>>;
  /**
   * Optional, per rival: the ratios of calls measured side by side (round i of
   * Corral ÷ round i of the rival). Given, the ratio printed is their median
   * with the quartiles beside it, which says whether a ratio above 1.00x is
   * steady or noise.
   */
  readonly paired?: Readonly<Record<string, readonly number[]>>;
}

export interface Comparison {
  readonly title: string;
  /** What the rows are (first column's header). */
  readonly rowName: string;
  readonly unit: Unit;
  /** The rivals' column names, in order (e.g. 'V8 liftoff', 'V8 tiered', 'native'). */
  readonly rivals: readonly string[];
  readonly rows: readonly ComparisonRow[];
}

function figureCell(f: Figure | undefined, unit: Unit): string {
  if (f === undefined || 'unavailable' in f) return 'n/a';
  return `${unit.format(f.ok.median)} ±${((spread(f.ok) / 2) * 100).toFixed(0)}%`;
}

function ratioOf(row: ComparisonRow, rival: string, unit: Unit): number | undefined {
  const c = row.corral, r = row.rivals[rival];
  if ('unavailable' in c || r === undefined || 'unavailable' in r) return undefined;
  const paired = row.paired?.[rival];
  if (paired !== undefined && paired.length > 0) return median(paired);
  return timeRatio(c.ok.median, r.ok.median, unit);
}

function ratioCell(row: ComparisonRow, rival: string, unit: Unit): string {
  const x = ratioOf(row, rival, unit);
  if (x === undefined) return '-';
  const paired = row.paired?.[rival];
  if (paired === undefined || paired.length < 4) return fmtRatio(x);
  return `${fmtRatio(x)} [${quantile(paired, 0.25).toFixed(2)}–${quantile(paired, 0.75).toFixed(2)}]`;
}

/** The reasons behind every n/a, one line per distinct (who, reason), naming the rows it covers. */
function footnotes(c: Comparison): string[] {
  const byReason = new Map<string, string[]>();
  const note = (who: string, f: Figure | undefined, label: string) => {
    const reason = f === undefined ? 'not measured' : 'unavailable' in f ? f.unavailable : undefined;
    if (reason === undefined) return;
    const key = `${who}: not available (${reason})`;
    byReason.set(key, [...(byReason.get(key) ?? []), label]);
  };
  for (const row of c.rows) {
    note('corral', row.corral, row.label);
    for (const r of c.rivals) note(r, row.rivals[r], row.label);
  }
  return [...byReason].map(([line, labels]) =>
    labels.length === c.rows.length && c.rows.length > 1 ? `${line} — every row` : `${labels.join(', ')}: ${line}`);
}

/** Prints the comparison table (with geometric means of the ratios over the rows that have them) and records it for the summary. */
export function printComparison(c: Comparison): void {
  const ratioHeads = c.rivals.map((r) => `corral/${r}`);
  const header = [c.rowName, 'corral', ...c.rivals, ...ratioHeads];
  const rows: string[][] = [header];
  for (const row of c.rows) {
    const ratios = c.rivals.map((r) => ratioCell(row, r, c.unit));
    rows.push([row.label, figureCell(row.corral, c.unit), ...c.rivals.map((r) => figureCell(row.rivals[r], c.unit)), ...ratios]);
  }
  if (c.rows.length > 1) {
    const means = c.rivals.map((r) => {
      const xs = c.rows.map((row) => ratioOf(row, r, c.unit)).filter((x): x is number => x !== undefined);
      return xs.length === 0 ? '-' : `${fmtRatio(geomean(xs))}${xs.length < c.rows.length ? ` (${xs.length} rows)` : ''}`;
    });
    if (means.some((m) => m !== '-')) rows.push(['geomean', '', ...c.rivals.map(() => ''), ...means]);
  }
  const notes = [
    ...footnotes(c),
    `(medians ±half their range; ratios are Corral's ${c.unit.isRate ? 'time per MB' : 'time'} ÷ the rival's: below 1.00x Corral is faster)`,
    ...(c.rows.some((r) => r.paired !== undefined)
      ? ['(ratios with [q1–q3]: the median and quartiles of the per-round ratios of interleaved calls)']
      : []),
  ];
  console.log(`${c.title}\n`);
  console.log(table(rows));
  console.log(`${notes.join('\n')}\n`);
  recordSummary(c.title, header, rows.slice(1), notes);
}
