// Benchmark: suspended requests — N concurrent requests (default 1,000;
// --n 10000 for the figure) whose handlers each await a 1-second
// outbound call, so N sandboxes are alive at once, each suspended in a host
// call. Reports: all answered or not, wall time, latency p50/p99, the
// server's RSS growth per request in flight, its event-loop delay, and the
// most instances live at once — beside a plain node:http server whose
// handler awaits the same fetch (the rival: no sandbox at all), same run.
//
//   node dist/bench/suspended.js [--n 10000]
//
// Processes: an upstream (answers every request after 1 s), the servers
// under test, and this one (the clients). A server holds two sockets per
// request in flight (client in, upstream out), so above 8,000 requests the
// load is split over several server processes (the file-descriptor limit
// here is 20,000 per process); figures are then summed. Bounded: each phase
// ends in a few seconds (a 30 s guard aborts it). Nothing imports this.

import { fork, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { table } from './lib/report.js';
import { recordSummary } from './lib/summary.js';

const HERE = fileURLToPath(import.meta.url);
const EXAMPLES = path.resolve(path.dirname(HERE), '../../examples');
const PER_PROCESS = 8000;
const GUARD_MS = 30_000;

interface ServerReport {
  readonly rssBefore: number;
  readonly rssPeak: number;
  readonly loopP50Ms: number;
  readonly loopP99Ms: number;
  readonly loopMaxMs: number;
  readonly livePeak: number;
  readonly liveAfter: number;
}

// ---- children ----

async function listen(server: http.Server): Promise<number> {
  await new Promise<void>((r) => server.listen({ port: 0, host: '127.0.0.1', backlog: 8192 }, r));
  return (server.address() as AddressInfo).port;
}

async function upstreamChild(): Promise<void> {
  const server = http.createServer((_req, res) => {
    setTimeout(() => res.writeHead(200, { 'content-type': 'text/plain' }).end('slow answer\n'), 1000);
  });
  server.maxConnections = Infinity;
  process.send!({ port: await listen(server) });
}

async function serverChild(kind: string, upstream: string): Promise<void> {
  let live = () => 0;
  let server: http.Server;
  if (kind === 'corral') {
    const { createHandler } = await import('../src/server/index.js');
    const { pino } = await import('pino');
    const handler = await createHandler({
      module: path.join(EXAMPLES, 'http-handler.wat'),
      limits: { timeoutMs: 20_000, maxOutboundRequests: 1 },
      outbound: { allow: [upstream] },
      logger: pino({ level: 'warn' }),
    });
    live = () => handler.stats().live;
    server = http.createServer(handler);
  } else {
    server = http.createServer((req, res) => {
      // The rival does the same work without a sandbox: read the URL from the body, fetch, stream back.
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        fetch(Buffer.concat(chunks).toString()).then(async (r) => {
          res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'text/plain' });
          res.end(Buffer.from(await r.arrayBuffer()));
        }, () => res.writeHead(502).end());
      });
    });
  }
  const port = await listen(server);
  let rssPeak = 0, livePeak = 0, rssBefore = 0;
  let sampler: NodeJS.Timeout | undefined;
  const loop = monitorEventLoopDelay({ resolution: 5 });
  process.on('message', (m) => {
    if (m === 'start') {
      global.gc?.();
      rssBefore = rssPeak = process.memoryUsage().rss;
      livePeak = 0;
      loop.reset();
      loop.enable();
      sampler = setInterval(() => {
        rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
        livePeak = Math.max(livePeak, live());
      }, 20);
    } else if (m === 'stop') {
      clearInterval(sampler);
      loop.disable();
      const report: ServerReport = {
        rssBefore, rssPeak, livePeak, liveAfter: live(),
        loopP50Ms: loop.percentile(50) / 1e6, loopP99Ms: loop.percentile(99) / 1e6, loopMaxMs: loop.max / 1e6,
      };
      process.send!(report);
    }
  });
  process.send!({ port });
}

// ---- parent ----

function startChild(args: string[]): Promise<{ proc: ChildProcess; port: number }> {
  const proc = fork(HERE, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: ['--expose-gc'] });
  return new Promise((resolve, reject) => {
    proc.once('message', (m) => resolve({ proc, port: (m as { port: number }).port }));
    proc.once('exit', (code) => reject(new Error(`child ${args.join(' ')} exited with ${code}`)));
  });
}

function ask<T>(proc: ChildProcess, message: string): Promise<T> {
  return new Promise((resolve) => {
    proc.once('message', (m) => resolve(m as T));
    proc.send(message);
  });
}

interface PhaseResult {
  readonly ok: number;
  readonly failed: number;
  readonly wallMs: number;
  readonly p50: number;
  readonly p99: number;
  readonly servers: ServerReport[];
}

async function phase(kind: string, n: number, upstreamUrl: string): Promise<PhaseResult> {
  const procs = Math.ceil(n / PER_PROCESS);
  const servers = await Promise.all(Array.from({ length: procs }, () => startChild(['--child', kind, '--upstream', upstreamUrl])));
  for (const s of servers) s.proc.send('start');
  const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
  const latencies: number[] = [];
  let ok = 0, failed = 0;
  const t0 = performance.now();
  const body = `${upstreamUrl}/slow`;
  const one = (i: number) => new Promise<void>((resolve) => {
    const started = performance.now();
    const req = http.request({ host: '127.0.0.1', port: servers[i % procs]!.port, path: '/fetch', method: 'POST', agent, headers: { 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => {
        latencies.push(performance.now() - started);
        if (res.statusCode === 200) ok++;
        else failed++;
        resolve();
      });
    });
    req.setTimeout(GUARD_MS, () => req.destroy(new Error('guard timeout')));
    req.on('error', () => {
      failed++;
      resolve();
    });
    req.end(body);
  });
  await Promise.all(Array.from({ length: n }, (_, i) => one(i)));
  const wallMs = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 100));
  const reports = await Promise.all(servers.map((s) => ask<ServerReport>(s.proc, 'stop')));
  for (const s of servers) s.proc.kill();
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
  return { ok, failed, wallMs, p50: pct(50), p99: pct(99), servers: reports };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { child: { type: 'string' }, upstream: { type: 'string' }, n: { type: 'string' } } });
  if (values.child === 'upstream') return upstreamChild();
  if (values.child !== undefined) return serverChild(values.child, values.upstream!);
  const n = Number(values.n ?? 1000);
  if (!Number.isInteger(n) || n < 1) throw new Error('--n wants a positive integer');
  const upstream = await startChild(['--child', 'upstream']);
  const upstreamUrl = `http://127.0.0.1:${upstream.port}`;
  console.log(`suspended requests: ${n} at once, each awaiting a 1 s outbound call (loopback)\n`);
  const results: [string, PhaseResult][] = [];
  for (const kind of ['plain', 'corral']) results.push([kind, await phase(kind, n, upstreamUrl)]);
  upstream.proc.kill();

  const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
  const rows = [['server', 'answered', 'failed', 'wall ms', 'p50 ms', 'p99 ms', 'RSS growth', 'per request', 'loop delay p99 ms', 'loop max ms', 'live peak', 'live after']];
  for (const [kind, r] of results) {
    const growth = r.servers.reduce((a, s) => a + (s.rssPeak - s.rssBefore), 0);
    rows.push([
      kind === 'plain' ? 'plain node:http + fetch' : 'Corral, sandbox per request',
      String(r.ok), String(r.failed), r.wallMs.toFixed(0), r.p50.toFixed(0), r.p99.toFixed(0), mib(growth),
      `${(growth / n / 1024).toFixed(1)} KiB`,
      Math.max(...r.servers.map((s) => s.loopP99Ms)).toFixed(1), Math.max(...r.servers.map((s) => s.loopMaxMs)).toFixed(1),
      kind === 'plain' ? '-' : String(r.servers.reduce((a, s) => a + s.livePeak, 0)),
      kind === 'plain' ? '-' : String(r.servers.reduce((a, s) => a + s.liveAfter, 0)),
    ]);
  }
  const procs = Math.ceil(n / PER_PROCESS);
  const notes = [`${procs} server process(es) per server kind${procs > 1 ? ' (two sockets per request in flight; 20,000 fds per process here): sums of RSS growth and live instances, worst event-loop delay' : ''}`];
  console.log(`${table(rows)}\n${notes.join('\n')}`);
  recordSummary(`Suspended requests: ${n} concurrent, each awaiting a 1 s outbound call`, rows[0]!, rows.slice(1), notes);
}

await main();
