// The standalone server: routing between mounts, /metrics (requests, latency,
// instantiation time, live instances, traps by code, event-loop delay), and a
// short bounded load test — 200 requests, 20 at a time, a tenth of them
// trapping — after which no instance is live and none holds a pool slot.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { serve, type RunningServer } from '../../src/server/index.js';
import { EXAMPLES, captureLogger, request } from './helpers.js';

let server: RunningServer;
const { logger } = captureLogger();

before(async () => {
  server = await serve({
    port: 0,
    module: path.join(EXAMPLES, 'http-handler.wat'),
    mounts: { '/cgi': path.join(EXAMPLES, 'cgi-hello.wasm') },
    limits: { timeoutMs: 2000 },
    logger,
  });
});
after(() => server.close());

function metric(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})? (\S+)$/.exec(line);
    if (m === null || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return undefined;
}

test('routing: the mount prefix picks the handler; /metrics is the server’s', async () => {
  assert.equal((await request(`${server.url}/anything`)).body, 'hello from corral_http\n');
  const cgi = await request(`${server.url}/cgi/x`);
  assert.match(cgi.body, /^hello from C \(CGI\)\n/);
  assert.match(cgi.body, /^path=\/x$/m);
  // '/cgix' is not under the '/cgi' mount.
  assert.equal((await request(`${server.url}/cgix`)).body, 'hello from corral_http\n');
  const m = await request(`${server.url}/metrics`);
  assert.equal(m.status, 200);
  assert.match(String(m.headers['content-type']), /^text\/plain/);
});

test('bounded load: 200 requests, 20 concurrent, 10% trapping; all answered, metrics add up, nothing live after', async () => {
  const before = await (await request(`${server.url}/metrics`)).body;
  const ok0 = metric(before, 'corral_http_requests_total', { mount: '/', status: '200' }) ?? 0;
  const traps0 = metric(before, 'corral_traps_total', { mount: '/', code: 'unreachable' }) ?? 0;
  const failed0 = metric(before, 'corral_http_requests_total', { mount: '/', status: '500' }) ?? 0;
  const total = 200, concurrency = 20;
  let next = 0;
  const statuses: number[] = [];
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < total) {
      const i = next++;
      const r = await request(`${server.url}/${i % 10 === 0 ? 'trap' : 'echo'}`, i % 10 === 0 ? {} : { body: `request ${i}` });
      statuses.push(r.status);
      if (i % 10 !== 0) assert.equal(r.body, `request ${i}`);
    }
  }));
  assert.equal(statuses.length, total);
  assert.equal(statuses.filter((s) => s === 200).length, 180);
  assert.equal(statuses.filter((s) => s === 500).length, 20);

  const text = (await request(`${server.url}/metrics`)).body;
  assert.equal(metric(text, 'corral_http_requests_total', { mount: '/', status: '200' })! - ok0, 180);
  assert.equal(metric(text, 'corral_traps_total', { mount: '/', code: 'unreachable' })! - traps0, 20);
  // The echoes waited for their bodies (counted at 'close'); the traps ran synchronously (counted when disposed).
  assert.equal(metric(text, 'corral_http_requests_total', { mount: '/', status: '500' })! - failed0, 20);
  assert.equal(metric(text, 'corral_live_instances'), 0);
  // Every instance was released: none holds a pool slot.
  assert.equal(metric(text, 'corral_pool_instances'), 0);
  assert.ok(metric(text, 'corral_instantiation_seconds_count', { mount: '/' })! >= total);
  assert.ok(metric(text, 'corral_http_request_duration_seconds_count', { mount: '/' })! >= total);
  assert.ok(metric(text, 'nodejs_eventloop_lag_p99_seconds') !== undefined, 'event-loop delay is reported');
});
