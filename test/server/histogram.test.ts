// The server's one-label histogram (src/server/histogram.ts): the exposition
// text a Prometheus scrape reads, through a prom-client Registry.

import assert from 'node:assert/strict';
import test from 'node:test';
import { Registry } from 'prom-client';
import { LabelledHistogram } from '../../src/server/histogram.js';

test('histogram: cumulative buckets, +Inf, sum and count per label value', async () => {
  const registry = new Registry();
  const h = new LabelledHistogram('t_seconds', 'test', 'mount', [0.1, 1, 10], registry);
  const root = h.labels('/');
  for (const v of [0.05, 0.1, 0.5, 5, 50]) root.observe(v);
  h.labels('/api').observe(2);
  const text = await registry.metrics();
  const line = (s: string) => assert.ok(text.split('\n').includes(s), `missing "${s}" in\n${text}`);
  line('# TYPE t_seconds histogram');
  line('t_seconds_bucket{le="0.1",mount="/"} 2');
  line('t_seconds_bucket{le="1",mount="/"} 3');
  line('t_seconds_bucket{le="10",mount="/"} 4');
  line('t_seconds_bucket{le="+Inf",mount="/"} 5');
  line('t_seconds_sum{mount="/"} 55.65');
  line('t_seconds_count{mount="/"} 5');
  line('t_seconds_bucket{le="1",mount="/api"} 0');
  line('t_seconds_bucket{le="10",mount="/api"} 1');
  line('t_seconds_count{mount="/api"} 1');
  assert.equal(h.labels('/'), root, 'a label value has one series');
});

test('histogram: buckets must increase', () => {
  assert.throws(() => new LabelledHistogram('bad', 'x', 'mount', [1, 1], new Registry()), /increase/);
});
