// Benchmark: HTTP throughput with a fresh Corral sandbox per request, beside
// a plain node:http hello-world server in the same run (the target:
// Corral ≥ 70% of plain Node's requests/s), then "isolation under fire": the
// same load while one request in ten hits a handler that loops forever,
// recurses without end or grows memory without end — the good requests'
// p99 latency, errors, and live instances afterwards.
//
//   node dist/bench/server.js [--duration S] [--connections N] [--timeout-ms MS]
//
// Each server runs in its own child process (so the load generator,
// autocannon in this process, never shares the server's event loop); the
// same generator and settings drive every server. Loopback only; every phase
// is bounded (default 8 s each, about 30 s in all). Nothing imports this.

import { fork, type ChildProcess } from 'node:child_process';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
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

async function child(kind: string, timeoutMs: number): Promise<void> {
  let port: number;
  if (kind === 'plain') {
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('hello, world\n');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as { port: number }).port;
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
    const s = await serve({ port: 0, module, limits: { timeoutMs, maxMemoryPages: 64 }, logger: pino({ level: 'silent' }) });
    port = s.port;
    process.on('message', (m) => {
      if (m === 'stats') {
        void s.metrics!.text().then((text) => process.send!({ metrics: text, rss: process.memoryUsage().rss }));
      }
    });
  }
  process.send!({ port });
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

function startChild(kind: string, timeoutMs: number): Promise<{ proc: ChildProcess; port: number }> {
  const proc = fork(HERE, ['--child', kind, '--timeout-ms', String(timeoutMs)], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    proc.once('message', (m) => resolve({ proc, port: (m as { port: number }).port }));
    proc.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
}

function stats(proc: ChildProcess): Promise<{ metrics: string; rss: number }> {
  return new Promise((resolve) => {
    proc.once('message', (m) => resolve(m as { metrics: string; rss: number }));
    proc.send('stats');
  });
}

function metricValue(text: string, name: string): number | undefined {
  const m = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text);
  return m === null ? undefined : Number(m[1]);
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
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

async function main(): Promise<void> {
  const { values } = parseArgs({ options: {
    child: { type: 'string' }, duration: { type: 'string' }, connections: { type: 'string' }, 'timeout-ms': { type: 'string' },
  } });
  const timeoutMs = Number(values['timeout-ms'] ?? 100);
  if (values.child !== undefined) return child(values.child, timeoutMs);
  const duration = Number(values.duration ?? 8), connections = Number(values.connections ?? 32);
  console.log(`server benchmark: ${duration} s per phase, ${connections} connections, loopback, ${os.cpus().length} CPUs (shared)\n`);

  const plain = await startChild('plain', timeoutMs);
  const p = await load(plain.port, duration, connections);
  plain.proc.kill();

  const corral = await startChild('corral', timeoutMs);
  const c = await load(corral.port, duration, connections);
  const cs = await stats(corral.proc);
  corral.proc.kill();

  const ratio = c.result.requests.average / p.result.requests.average;
  const rows = [
    ['server', 'requests/s', 'p50 ms', 'p99 ms', 'errors', 'non-2xx'],
    ['plain node:http', p.result.requests.average.toFixed(0), String(p.result.latency.p50), String(p.result.latency.p99), String(p.result.errors), String(p.result.non2xx)],
    ['Corral, fresh sandbox per request', c.result.requests.average.toFixed(0), String(c.result.latency.p50), String(c.result.latency.p99), String(c.result.errors), String(c.result.non2xx)],
  ];
  const inst = metricValue(cs.metrics, 'corral_instantiation_seconds_sum')! / metricValue(cs.metrics, 'corral_instantiation_seconds_count')!;
  const notes = [
    `Corral ÷ plain Node: ${(ratio * 100).toFixed(0)}% of plain Node's requests/s (target ≥ 70%)`,
    `mean instantiation ${(inst * 1e6).toFixed(0)} µs per request; server RSS after ${(cs.rss / 2 ** 20).toFixed(0)} MiB; live instances after ${metricValue(cs.metrics, 'corral_live_instances')}`,
  ];
  console.log(`Throughput: hello world\n${table(rows)}\n${notes.join('\n')}\n`);
  recordSummary('Server throughput: hello world (requests/s)', rows[0]!, rows.slice(1), notes);

  // Isolation under fire: 27 hello + 1 each of loop, recurse, grow in every 30 requests.
  const seq: { path: string }[] = [];
  for (let i = 0; i < 30; i++) seq.push({ path: i === 9 ? '/loop' : i === 19 ? '/recurse' : i === 29 ? '/grow' : '/' });
  const fire = await startChild('fire', timeoutMs);
  const f = await load(fire.port, duration, connections, seq);
  await new Promise((r) => setTimeout(r, timeoutMs + 200));
  const fs = await stats(fire.proc);
  fire.proc.kill();
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
