// Benchmark: HTTP throughput with a fresh Corral sandbox per request, beside
// a plain node:http hello-world server in the same run (the issue's target:
// Corral ≥ 70% of plain Node's requests/s), then "isolation under fire": the
// same load while one request in ten hits a handler that loops forever,
// recurses without end or grows memory without end — the good requests'
// p99 latency, errors, and live instances afterwards.
//
//   node dist/bench/server.js [--duration S] [--warmup S] [--rounds R] [--connections N]
//                             [--timeout-ms MS] [--workers N] [--skip-fire] [--in-process]
//
// Fairness: each server runs in its own child process (the load generator,
// autocannon in this process, never shares a server's event loop); the same
// generator and settings drive every server; each server gets a warm-up load
// (not counted: V8 compiles the hot paths) before each measured one; rounds
// alternate plain and Corral so a noisy machine hurts both alike, and the
// table gives medians over rounds. Beside requests/s and latency, each
// server's own CPU time per request (process.cpuUsage in the child) is
// printed: on a shared machine it says more about the server's cost than
// requests/s, which also depend on what else runs. The main comparison is
// single process against single process; --workers N adds a line for Corral
// with N worker processes (node:cluster) sharing the port. Corral's server
// writes the responses finished in one event-loop turn together at its end
// (coalesceResponses, the default): a row with it turned off shows what one
// write per response costs when the client is on the same machine (each
// write wakes the sleeping load generator, and the server pays for the wakeup).
// --in-process adds a steadier figure for a shared machine: each server runs
// in a child together with 16 raw keep-alive clients (one request in flight
// each), and the child's CPU time per request (server and clients, which
// cost the same for both servers) is measured over a fixed number of
// requests. No second process competes for the server's core, so the figure
// moves much less with outside load than the forked runs' (where every
// preemption also means cold caches for the server).
// Loopback only; every phase is bounded. Nothing imports this.

import { fork, type ChildProcess } from 'node:child_process';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { table } from './lib/report.js';
import { recordSummary } from './lib/summary.js';

const HERE = fileURLToPath(import.meta.url);
const EXAMPLES = path.resolve(path.dirname(HERE), '../../examples');

// One handler for the fire phase: hello, or one of three misbehaviours by path.
const FIRE_WAT = `(module
  (import "corral_http" "request_url" (func $request_url (param i32 i32) (result i32)))
  (import "corral_http" "response_set_header" (func $set_header (param i32 i32 i32 i32) (result i32)))
  (import "corral_http" "response_write" (func $write (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "content-type")
  (data (i32.const 16) "text/plain")
  (data (i32.const 32) "hello, world\\n")
  (func $down (param i32) (result i32) (i32.add (call $down (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))
  (func (export "handle")
    (drop (call $request_url (i32.const 64) (i32.const 8)))
    ;; "/loop", "/recurse", "/grow": the byte after '/'
    (if (i32.eq (i32.load8_u (i32.const 65)) (i32.const 108)) (then (loop $forever (br $forever))))
    (if (i32.eq (i32.load8_u (i32.const 65)) (i32.const 114)) (then (drop (call $down (i32.const 0)))))
    (if (i32.eq (i32.load8_u (i32.const 65)) (i32.const 103))
      (then
        (loop $more (br_if $more (i32.ne (memory.grow (i32.const 1)) (i32.const -1))))
        (unreachable)))
    (drop (call $set_header (i32.const 0) (i32.const 12) (i32.const 16) (i32.const 10)))
    (drop (call $write (i32.const 32) (i32.const 13)))))`;

// ---- child: one server ----

/** Messages a server child answers: its metrics (Corral) and its CPU time so far. */
interface ChildStats {
  readonly metrics: string | undefined;
  readonly rss: number;
  /** process.cpuUsage() total, µs (the primary's only, with workers). */
  readonly cpuUs: number;
}

/** The plain node:http hello world the servers are compared with, on a free loopback port; its port. */
async function listenPlain(): Promise<number> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('hello, world\n');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

async function child(kind: string, timeoutMs: number, workers: number, fixedPort: number): Promise<void> {
  let port: number;
  let metricsText: () => Promise<string | undefined> = async () => undefined;
  if (kind === 'plain') {
    port = await listenPlain();
  } else {
    const { serve } = await import('../src/server/index.js');
    const { pino } = await import('pino');
    let module = path.join(EXAMPLES, 'hello.wat');
    if (kind === 'fire') {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'corral-bench-'));
      module = path.join(dir, 'fire.wat');
      writeFileSync(module, FIRE_WAT);
      process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
    }
    const many = kind === 'workers';
    const s = await serve({
      port: many ? fixedPort : 0, module, limits: { timeoutMs, maxMemoryPages: 64 }, logger: pino({ level: 'silent' }),
      ...(many ? { workers } : {}),
      ...(kind === 'corral-eager' ? { coalesceResponses: false } : {}),
    });
    port = s.port;
    if (s.metrics !== undefined) metricsText = () => s.metrics!.text();
    if (many) process.on('SIGTERM', () => void s.close().then(() => process.exit(0)));
  }
  process.on('message', (m) => {
    if (m !== 'stats') return;
    const u = process.cpuUsage();
    void metricsText().then((metrics) => process.send!({ metrics, rss: process.memoryUsage().rss, cpuUs: u.user + u.system } satisfies ChildStats));
  });
  process.send!({ port });
}

/** A server and 16 raw keep-alive clients in this process: CPU µs per request over `n` requests, after a warm-up. */
async function inProcess(kind: string, n: number, timeoutMs: number): Promise<void> {
  let port: number;
  if (kind === 'plain') {
    port = await listenPlain();
  } else {
    const { serve } = await import('../src/server/index.js');
    const { pino } = await import('pino');
    const s = await serve({ port: 0, module: path.join(EXAMPLES, 'hello.wat'), limits: { timeoutMs, maxMemoryPages: 64 }, logger: pino({ level: 'silent' }) });
    port = s.port;
  }
  const request = Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
  const warm = 10000;
  let answered = 0;
  let cpu0: NodeJS.CpuUsage | undefined;
  const { createConnection } = await import('node:net');
  await new Promise<void>((resolve) => {
    for (let k = 0; k < 16; k++) {
      const sock = createConnection(port, '127.0.0.1', () => sock.write(request));
      // A hello-world response arrives in one segment: one 'data' per response.
      sock.on('data', () => {
        if (++answered === warm) cpu0 = process.cpuUsage();
        if (answered >= warm + n) {
          sock.destroy();
          resolve();
          return;
        }
        sock.write(request);
      });
    }
  });
  const u = process.cpuUsage(cpu0);
  process.send!({ cpuPerRequest: (u.user + u.system) / n });
  process.exit(0);
}

function inProcessRun(kind: string, n: number, timeoutMs: number): Promise<number> {
  const proc = fork(HERE, ['--in-process-child', kind, '--requests', String(n), '--timeout-ms', String(timeoutMs)], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    proc.once('message', (m) => resolve((m as { cpuPerRequest: number }).cpuPerRequest));
    proc.once('exit', (code) => reject(new Error(`${kind} in-process run exited with ${code}`)));
  });
}

// ---- parent: load and report ----

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  '2xx': number;
}
interface AutocannonInstance extends Promise<AutocannonResult> {
  on(event: 'response', f: (client: unknown, status: number, bytes: number, ms: number) => void): void;
}
type Autocannon = (opts: Record<string, unknown>) => AutocannonInstance;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

function startChild(kind: string, timeoutMs: number, workers = 1, port = 0): Promise<{ proc: ChildProcess; port: number }> {
  const proc = fork(HERE, ['--child', kind, '--timeout-ms', String(timeoutMs), '--workers', String(workers), '--port', String(port)], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    proc.once('message', (m) => resolve({ proc, port: (m as { port: number }).port }));
    proc.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
}

function stats(proc: ChildProcess): Promise<ChildStats> {
  return new Promise((resolve) => {
    proc.once('message', (m) => resolve(m as ChildStats));
    proc.send('stats');
  });
}

function stop(proc: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (proc.exitCode !== null) { resolve(); return; }
    proc.once('exit', () => resolve());
    proc.kill('SIGTERM');
  });
}

function metricValue(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  const m = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text);
  return m === null ? undefined : Number(m[1]);
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function median(xs: readonly number[]): number {
  return percentile([...xs].sort((a, b) => a - b), 50);
}

async function load(port: number, duration: number, connections: number, requests?: { path: string }[]) {
  const byStatus = new Map<number, number[]>();
  const inst = autocannon({ url: `http://127.0.0.1:${port}`, connections, duration, ...(requests ? { requests } : {}) });
  inst.on('response', (_c, status, _b, ms) => {
    let l = byStatus.get(status);
    if (l === undefined) byStatus.set(status, (l = []));
    l.push(ms);
  });
  const result = await inst;
  for (const l of byStatus.values()) l.sort((a, b) => a - b);
  return { result, byStatus };
}

/** One measured run against a server: requests/s, latency, errors, and the server's CPU µs per request. */
interface Measured {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
  readonly non2xx: number;
  readonly cpuPerRequest: number;
}

async function measure(proc: ChildProcess, port: number, duration: number, warmup: number, connections: number): Promise<Measured> {
  if (warmup > 0) await load(port, warmup, connections);
  const before = await stats(proc);
  const { result } = await load(port, duration, connections);
  const after = await stats(proc);
  const total = result.requests.total;
  return {
    rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors, non2xx: result.non2xx,
    cpuPerRequest: total > 0 ? (after.cpuUs - before.cpuUs) / total : NaN,
  };
}

/** A free loopback port for the cluster run (workers need a fixed one). */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = http.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function row(name: string, ms: readonly Measured[]): string[] {
  const med = (f: (m: Measured) => number) => median(ms.map(f));
  return [
    name, med((m) => m.rps).toFixed(0), med((m) => m.p50).toFixed(1), med((m) => m.p99).toFixed(1),
    med((m) => m.cpuPerRequest).toFixed(1), String(ms.reduce((n, m) => n + m.errors, 0)), String(ms.reduce((n, m) => n + m.non2xx, 0)),
  ];
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: {
    child: { type: 'string' }, duration: { type: 'string' }, warmup: { type: 'string' }, rounds: { type: 'string' },
    connections: { type: 'string' }, 'timeout-ms': { type: 'string' }, workers: { type: 'string' }, port: { type: 'string' },
    'skip-fire': { type: 'boolean' }, 'in-process': { type: 'boolean' }, 'in-process-child': { type: 'string' }, requests: { type: 'string' },
  } });
  const timeoutMs = Number(values['timeout-ms'] ?? 100);
  const workers = Number(values.workers ?? 1);
  if (values.child !== undefined) return child(values.child, timeoutMs, workers, Number(values.port ?? 0));
  if (values['in-process-child'] !== undefined) return inProcess(values['in-process-child'], Number(values.requests ?? 100000), timeoutMs);
  const duration = Number(values.duration ?? 5), warmup = Number(values.warmup ?? 2), rounds = Number(values.rounds ?? 3);
  const connections = Number(values.connections ?? 32);
  console.log(`server benchmark: ${rounds} rounds of ${warmup} s warm-up + ${duration} s measured per server, ${connections} connections, loopback, ${os.cpus().length} CPUs (shared)\n`);

  const plainRuns: Measured[] = [], corralRuns: Measured[] = [], eagerRuns: Measured[] = [];
  let corralStats: ChildStats | undefined;
  const order = ['plain', 'corral', 'corral-eager'];
  for (let r = 0; r < rounds; r++) {
    // Alternate the order, so a burst of outside load is shared.
    for (const kind of r % 2 === 0 ? order : [...order].reverse()) {
      const s = await startChild(kind, timeoutMs);
      const m = await measure(s.proc, s.port, duration, warmup, connections);
      (kind === 'plain' ? plainRuns : kind === 'corral' ? corralRuns : eagerRuns).push(m);
      if (kind === 'corral') corralStats = await stats(s.proc);
      await stop(s.proc);
    }
  }
  const ratios = plainRuns.map((p, i) => corralRuns[i]!.rps / p.rps);
  const eagerRatios = plainRuns.map((p, i) => eagerRuns[i]!.rps / p.rps);
  const rows = [
    ['server', 'requests/s', 'p50 ms', 'p99 ms', 'server CPU µs/req', 'errors', 'non-2xx'],
    row('plain node:http', plainRuns),
    row('Corral, fresh sandbox per request', corralRuns),
    row('Corral, responses not coalesced', eagerRuns),
  ];
  const inst = metricValue(corralStats?.metrics, 'corral_instantiation_seconds_sum')! / metricValue(corralStats?.metrics, 'corral_instantiation_seconds_count')!;
  const notes = [
    `Corral ÷ plain Node: ${(median(ratios) * 100).toFixed(0)}% of plain Node's requests/s (median of the rounds' ratios: ${ratios.map((x) => `${(x * 100).toFixed(0)}%`).join(', ')}; target ≥ 70%)`,
    `without coalescing (coalesceResponses: false, each response written as soon as it is finished, so the load generator is woken once per response): ${(median(eagerRatios) * 100).toFixed(0)}% (rounds: ${eagerRatios.map((x) => `${(x * 100).toFixed(0)}%`).join(', ')})`,
    `medians over ${rounds} rounds; mean instantiation ${(inst * 1e6).toFixed(1)} µs per request; Corral server RSS after ${((corralStats?.rss ?? NaN) / 2 ** 20).toFixed(0)} MiB; live instances after ${metricValue(corralStats?.metrics, 'corral_live_instances')}`,
  ];
  if (workers > 1) {
    const port = await freePort();
    const s = await startChild('workers', timeoutMs, workers, port);
    const m = await measure(s.proc, port, duration, warmup, connections);
    await stop(s.proc);
    rows.push([`Corral, ${workers} worker processes (extra)`, m.rps.toFixed(0), m.p50.toFixed(1), m.p99.toFixed(1), 'n/a', String(m.errors), String(m.non2xx)]);
    notes.push(`the ${workers}-worker line is one run beside the single-process comparison (${((m.rps / median(plainRuns.map((p) => p.rps))) * 100).toFixed(0)}% of single-process plain Node); its CPU column is n/a (the workers are other processes)`);
  }
  console.log(`Throughput: hello world\n${table(rows)}\n${notes.join('\n')}\n`);
  recordSummary('Server throughput: hello world (requests/s)', rows[0]!, rows.slice(1), notes);
  if (values['in-process'] === true) {
    const n = 100000;
    const plainCpu: number[] = [], corralCpu: number[] = [];
    for (let r = 0; r < rounds; r++) {
      for (const kind of r % 2 === 0 ? ['plain', 'corral'] : ['corral', 'plain']) {
        (kind === 'plain' ? plainCpu : corralCpu).push(await inProcessRun(kind, n, timeoutMs));
      }
    }
    const inRows = [
      ['server (and 16 in-process clients)', 'CPU µs/req'],
      ['plain node:http', median(plainCpu).toFixed(1)],
      ['Corral, fresh sandbox per request', median(corralCpu).toFixed(1)],
    ];
    const inNotes = [
      `medians over ${rounds} rounds of ${n} requests; the clients' share is the same for both; plain ÷ Corral ${((median(plainCpu) / median(corralCpu)) * 100).toFixed(0)}% (for one CPU-bound process serving both sides, the ratio of requests/s); rounds: plain ${plainCpu.map((x) => x.toFixed(1)).join(', ')}; Corral ${corralCpu.map((x) => x.toFixed(1)).join(', ')}`,
    ];
    console.log(`In process: server and clients share one process\n${table(inRows)}\n${inNotes.join('\n')}\n`);
    recordSummary('Server throughput in process: hello world (CPU µs per request, server + clients)', inRows[0]!, inRows.slice(1), inNotes);
  }
  if (values['skip-fire'] === true) return;

  // Isolation under fire: 27 hello + 1 each of loop, recurse, grow in every 30 requests.
  const seq: { path: string }[] = [];
  for (let i = 0; i < 30; i++) seq.push({ path: i === 9 ? '/loop' : i === 19 ? '/recurse' : i === 29 ? '/grow' : '/' });
  const fire = await startChild('fire', timeoutMs);
  const f = await load(fire.port, duration, connections, seq);
  await new Promise((r) => setTimeout(r, timeoutMs + 200));
  const fs = await stats(fire.proc);
  await stop(fire.proc);
  const good = f.byStatus.get(200) ?? [];
  const count = (s: number) => f.byStatus.get(s)?.length ?? 0;
  const fireRows = [
    ['requests', 'requests/s', 'good p50 ms', 'good p99 ms', 'all p99 ms', '200', '500', '504', 'errors'],
    [
      String(f.result.requests.total), f.result.requests.average.toFixed(0), String(percentile(good, 50)), String(percentile(good, 99)),
      String(f.result.latency.p99), String(count(200)), String(count(500)), String(count(504)), String(f.result.errors),
    ],
  ];
  const fireNotes = [
    `10% of requests misbehave (loop → 504 at the ${timeoutMs} ms deadline; recursion → 500 stack_overflow; unbounded memory.grow → refused at 64 pages, then 500)`,
    `after the run: live instances ${metricValue(fs.metrics, 'corral_live_instances')}, pool slots held ${metricValue(fs.metrics, 'corral_pool_instances')}, server RSS ${(fs.rss / 2 ** 20).toFixed(0)} MiB, event-loop delay p99 ${((metricValue(fs.metrics, 'nodejs_eventloop_lag_p99_seconds') ?? NaN) * 1000).toFixed(1)} ms`,
  ];
  console.log(`Isolation under fire\n${table(fireRows)}\n${fireNotes.join('\n')}`);
  recordSummary('Server isolation under fire', fireRows[0]!, fireRows.slice(1), fireNotes);
}

await main();
