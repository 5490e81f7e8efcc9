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
// Invariants: gauges about instances are read from their owners at scrape
// time (collect), never kept as a second count that could drift.
// Imports prom-client only.

import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface InstanceCounts {
  /** Instances that may still run (requests in flight). */
  readonly live: number;
  /** Instances holding pool resources (Engine.liveInstances). */
  readonly pooled: number;
}

export class ServerMetrics {
  readonly registry = new Registry();
  readonly requests: Counter<'mount' | 'status'>;
  readonly latency: Histogram<'mount'>;
  readonly instantiation: Histogram<'mount'>;
  readonly traps: Counter<'mount' | 'code'>;
  private readonly sources = new Set<() => InstanceCounts>();

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 10 });
    this.requests = new Counter({ name: 'corral_http_requests_total', help: 'Responses sent, by status', labelNames: ['mount', 'status'], registers });
    this.latency = new Histogram({
      name: 'corral_http_request_duration_seconds', help: 'Request latency, first byte in to last byte out', labelNames: ['mount'], registers,
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    });
    this.instantiation = new Histogram({
      name: 'corral_instantiation_seconds', help: 'Time to instantiate the handler for one request', labelNames: ['mount'], registers,
      buckets: [0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05],
    });
    this.traps = new Counter({ name: 'corral_traps_total', help: 'Handler failures by trap code', labelNames: ['mount', 'code'], registers });
    const sum = (k: keyof InstanceCounts) => {
      let n = 0;
      for (const s of this.sources) n += s()[k];
      return n;
    };
    new Gauge({ name: 'corral_live_instances', help: 'Instances that may still run (requests in flight)', registers, collect() { this.set(sum('live')); } });
    new Gauge({ name: 'corral_pool_instances', help: 'Instances holding pool slots (live, and released ones not yet reclaimed)', registers, collect() { this.set(sum('pooled')); } });
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
