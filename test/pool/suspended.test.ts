// Async host calls at scale (issue 5): 10,000 guests suspended at once in a
// host import that returns a Promise, each on its own stack, all resumed and
// answered correctly; their instances then go back to the pool.
// Only the test runner imports this.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { Engine } from '../../src/index.js';

const rss = () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))![1]) * 1024;

test('10,000 guests suspended in async host calls at once, all answered', async (t) => {
  const N = 10_000;
  const engine = new Engine({ memoryMode: 'checked', stackBytes: 64 * 1024 });
  try {
    const m = await engine.compile(`(module
      (import "h" "fetch" (func $fetch (param i32) (result i32)))
      (memory 1)
      (func (export "handle") (param i32) (result i32)
        (i32.store (i32.const 0) (local.get 0))
        (i32.add (call $fetch (local.get 0)) (i32.load (i32.const 0)))))`);
    const waiting: (() => void)[] = [];
    const imports = { h: { fetch: (x: number) => new Promise<number>((r) => waiting.push(() => r(x * 2))) } };
    const instances = [];
    for (let i = 0; i < N; i++) instances.push(await engine.instantiate(m, imports));
    const before = rss();
    const calls = instances.map((x, i) => (x.exports['handle'] as (v: number) => Promise<number>)(i));
    while (waiting.length < N) await new Promise((r) => setImmediate(r));
    const perGuest = (rss() - before) / N;
    t.diagnostic(`${N} guests suspended at once; RSS ${(perGuest / 1024).toFixed(1)} KiB each while suspended (stack, context, the call's promises)`);
    for (const w of waiting) w();
    const results = await Promise.all(calls);
    results.forEach((r, i) => assert.equal(r, 3 * i, `guest ${i} resumed with its own state`));
    for (const x of instances) x.release();
    assert.equal(engine.liveInstances, 0);
  } finally {
    engine.close();
  }
});
