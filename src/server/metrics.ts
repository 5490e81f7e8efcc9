// The server's Prometheus metrics (prom-client), one registry per server so
// that several servers (or tests) in one process never share counters.
//
//   corral_http_requests_total{mount,status}     responses sent, by status
//   corral_http_request_duration_seconds{mount}  request latency (histogram)
//   corral_instantiation_seconds{mount}          instantiate time per request (histogram)
//   corral_live_instances                        instances that may still run (requests in flight)
//   corral_pool_instances                        instances holding pool slots (live, and released ones not yet reclaimed)
//   corral_traps_total{mount,code}               handler failures by trap code ('deadline', 'host_error', ...)
//   nodejs_eventloop_lag_*_seconds, process_*    prom-client's default metrics (event-loop delay percentiles, RSS)
//
// Per request the handler records through its mount's MountMetrics: plain
// number adds (responses counted by status in a small map, flushed into the
// prom-client Counter when it is scraped; histograms from histogram.ts), so
// the metrics cost no label hashing on the hot path.
//
// Invariants: gauges about instances are read from their owners at scrape
// time (collect), never kept as a second count that could drift; a response
// counted before a scrape is in that scrape's text.
// Imports prom-client only.

import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { LabelledHistogram, type HistogramSeries } from './histogram.js';

export interface InstanceCounts {
  /** Instances that may still run (requests in flight). */
  readonly live: number;
  /** Instances holding pool resources (Engine.liveInstances). */
  readonly pooled: number;
}

/** One mount's request metrics, recorded without label lookups. */
export class MountMetrics {
  /** Responses by status since the last scrape. */
  readonly unflushed = new Map<number, number>();

  constructor(
    readonly mount: string,
    private readonly latency: HistogramSeries,
    private readonly instantiation: HistogramSeries,
    private readonly traps: Counter<'mount' | 'code'>,
  ) {}

  /** A response closed with `status` after `seconds`. */
  response(status: number, seconds: number): void {
    this.unflushed.set(status, (this.unflushed.get(status) ?? 0) + 1);
    this.latency.observe(seconds);
  }

  instantiated(seconds: number): void {
    this.instantiation.observe(seconds);
  }

  /** A handler failure (rare: prom-client's own path is fine). */
  trap(code: string): void {
    this.traps.inc({ mount: this.mount, code });
  }
}

export class ServerMetrics {
  readonly registry = new Registry();
  readonly requests: Counter<'mount' | 'status'>;
  readonly latency: LabelledHistogram;
  readonly instantiation: LabelledHistogram;
  readonly traps: Counter<'mount' | 'code'>;
  private readonly sources = new Set<() => InstanceCounts>();
  private readonly mounts = new Map<string, MountMetrics>();

  constructor() {
    const registers = [this.registry];
    const mounts = this.mounts;
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 10 });
    this.requests = new Counter({
      name: 'corral_http_requests_total', help: 'Responses sent, by status', labelNames: ['mount', 'status'], registers,
      collect() {
        for (const m of mounts.values()) {
          for (const [status, n] of m.unflushed) this.inc({ mount: m.mount, status: String(status) }, n);
          m.unflushed.clear();
        }
      },
    });
    this.latency = new LabelledHistogram(
      'corral_http_request_duration_seconds', 'Request latency, first byte in to last byte out', 'mount',
      [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], this.registry,
    );
    this.instantiation = new LabelledHistogram(
      'corral_instantiation_seconds', 'Time to instantiate the handler for one request', 'mount',
      [0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05], this.registry,
    );
    this.traps = new Counter({ name: 'corral_traps_total', help: 'Handler failures by trap code', labelNames: ['mount', 'code'], registers });
    const sum = (k: keyof InstanceCounts) => {
      let n = 0;
      for (const s of this.sources) n += s()[k];
      return n;
    };
    new Gauge({ name: 'corral_live_instances', help: 'Instances that may still run (requests in flight)', registers, collect() { this.set(sum('live')); } });
    new Gauge({ name: 'corral_pool_instances', help: 'Instances holding pool slots (live, and released ones not yet reclaimed)', registers, collect() { this.set(sum('pooled')); } });
  }

  /** The metrics of one mount ("/" for the root), made once. */
  forMount(mount: string): MountMetrics {
    let m = this.mounts.get(mount);
    if (m === undefined) {
      m = new MountMetrics(mount, this.latency.labels(mount), this.instantiation.labels(mount), this.traps);
      this.mounts.set(mount, m);
    }
    return m;
  }

  /** Adds a source of instance counts (one per mounted handler). */
  track(source: () => InstanceCounts): () => void {
    this.sources.add(source);
    return () => this.sources.delete(source);
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}
