// Summaries of repeated measurements: the median (the figure compared) and the
// spread (how far to trust it on a shared machine). Pure functions over
// numbers; every benchmark summarises through here so "median" means one thing.
// Nothing in src/ imports bench/.

export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly count: number;
}

/** The middle sample (the mean of the two middle ones for an even count): robust to one disturbed run. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error('median of no samples');
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The q-quantile (0 ≤ q ≤ 1) by linear interpolation between the sorted samples: quantile(xs, 0.5) is the median. */
export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) throw new Error('quantile of no samples');
  const s = [...xs].sort((a, b) => a - b);
  const at = q * (s.length - 1), lo = Math.floor(at), hi = Math.ceil(at);
  return s[lo]! + (s[hi]! - s[lo]!) * (at - lo);
}

export function summarize(xs: readonly number[]): Summary {
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs), count: xs.length };
}

/** (max - min) / median: 0.05 means the runs lay within 5% of the median's size. */
export function spread(s: Summary): number {
  return s.median === 0 ? 0 : (s.max - s.min) / s.median;
}

/** Geometric mean: the average of ratios (an arithmetic mean would favour the slow side). */
export function geomean(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error('geomean of no samples');
  return Math.exp(xs.reduce((acc, x) => acc + Math.log(x), 0) / xs.length);
}
