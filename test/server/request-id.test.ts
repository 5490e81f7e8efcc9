// Request ids (src/server/request-id.ts): UUID-shaped, unique within the
// process, and not predictable from the previous one (32 fresh random bits).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newRequestId } from '../../src/server/request-id.js';

const SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

test('ids are 36 characters of lowercase hex with dashes at 8, 13, 18 and 23', () => {
  for (let i = 0; i < 3000; i++) assert.match(newRequestId(), SHAPE);
});

test('100,000 ids in a row (several pool refills) are all different', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 100000; i++) seen.add(newRequestId());
  assert.equal(seen.size, 100000);
});

test('consecutive ids share the process prefix but differ in their random part', () => {
  const ids = Array.from({ length: 2000 }, () => newRequestId());
  assert.equal(new Set(ids.map((id) => id.slice(0, 19))).size, 1, 'one prefix per process');
  const randomParts = new Set(ids.map((id) => id.slice(28)));
  // 2000 draws of 32 random bits: a repeat is possible but rare (p ≈ 0.0005); a counter or constant would give 1 or few.
  assert.ok(randomParts.size >= 1998, `random parts: ${randomParts.size} distinct of 2000`);
  // The counter part steps by one: it is what keeps ids unique.
  const counters = ids.map((id) => parseInt(id.slice(19, 23) + id.slice(24, 28), 16));
  for (let i = 1; i < counters.length; i++) assert.equal(counters[i], (counters[i - 1]! + 1) >>> 0);
});
