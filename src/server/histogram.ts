// A Prometheus histogram with one label, cheap to observe: what the server
// records per request (latency, instantiation time).
//
// prom-client's Histogram validates and hashes the label set on every
// observe (about a microsecond, twice per request); here a series is looked
// up once per label value and observing is a bucket search and three adds.
// The registry reads it at scrape time through prom-client's metric
// interface (name, help, type, aggregator, get), so the exposition text is
// the same as a prom-client Histogram's: `<name>_bucket{le=...,<label>=...}`
// cumulative counts, `+Inf`, `_sum` and `_count`.
//
// Invariants: buckets are strictly increasing upper bounds; a series' bucket
// counts are per bucket (made cumulative only when exported); count equals
// the sum of all bucket counts including +Inf. Imports prom-client's types only.

import type { Registry } from 'prom-client';

export class HistogramSeries {
  /** Per bucket, then +Inf last. */
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(private readonly bounds: readonly number[]) {
    this.counts = new Float64Array(bounds.length + 1);
  }

  observe(v: number): void {
    const b = this.bounds;
    let i = 0;
    while (i < b.length && v > b[i]!) i++;
    this.counts[i]!++;
    this.sum += v;
    this.count++;
  }
}

interface ExportedValue {
  readonly value: number;
  readonly labels: Record<string, string | number>;
  readonly metricName: string;
}

export class LabelledHistogram {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  private readonly series = new Map<string, HistogramSeries>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly labelName: string,
    private readonly bounds: readonly number[],
    registry: Registry,
  ) {
    for (let i = 1; i < bounds.length; i++) if (!(bounds[i]! > bounds[i - 1]!)) throw new RangeError(`${name}: buckets must increase`);
    // The registry needs only what get() gives (the exposition text is made from it).
    registry.registerMetric(this as unknown as Parameters<Registry['registerMetric']>[0]);
  }

  /** The series for one label value (keep it: observing through it costs no lookup). */
  labels(value: string): HistogramSeries {
    let s = this.series.get(value);
    if (s === undefined) this.series.set(value, (s = new HistogramSeries(this.bounds)));
    return s;
  }

  /** Prometheus' view, as prom-client's Histogram.get() shapes it. */
  async get(): Promise<{ name: string; help: string; type: string; aggregator: string; values: ExportedValue[] }> {
    const values: ExportedValue[] = [];
    const bucket = `${this.name}_bucket`;
    for (const [label, s] of this.series) {
      let acc = 0;
      this.bounds.forEach((le, i) => {
        acc += s.counts[i]!;
        values.push({ value: acc, labels: { le, [this.labelName]: label }, metricName: bucket });
      });
      values.push({ value: s.count, labels: { le: '+Inf', [this.labelName]: label }, metricName: bucket });
      values.push({ value: s.sum, labels: { [this.labelName]: label }, metricName: `${this.name}_sum` });
      values.push({ value: s.count, labels: { [this.labelName]: label }, metricName: `${this.name}_count` });
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  reset(): void {
    this.series.clear();
  }
}
