// Fuzzing the loader: truncations at every length, random byte flips, random
// garbage (with and without a plausible prefix), and flips behind a recomputed
// checksum. Every input must end in ArtifactError or — only for resealed
// flips, which nothing executes — a load whose header fields are in range;
// no other exception may escape, nothing crashes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileModule } from '../../src/compiler/baseline/index.js';
import { parseModule } from '../../src/wasm/index.js';
import { ArtifactError, loadArtifact, serializeArtifact } from '../../src/artifact/index.js';
import { MAGIC, OFF } from '../../src/artifact/format.js';
import { checksumOf } from '../../src/artifact/write.js';
import { prng, sampleBytes } from './fixtures.js';

const good = serializeArtifact(compileModule(parseModule(await sampleBytes()), { memoryMode: 'checked' }));

function outcome(bytes: Uint8Array): string {
  try {
    loadArtifact(bytes);
    return 'loaded';
  } catch (e) {
    if (e instanceof ArtifactError) return e.reason;
    throw e;
  }
}

test('every truncation is rejected as truncated', () => {
  for (let n = 0; n < good.length; n++) assert.equal(outcome(good.subarray(0, n)), 'truncated', `length ${n}`);
});

test('random byte flips (1 to 4 bytes) are all rejected', () => {
  const next = prng(0xc0ffee);
  const reasons = new Map<string, number>();
  for (let i = 0; i < 3000; i++) {
    const b = good.slice();
    const flips = 1 + (next() % 4);
    for (let f = 0; f < flips; f++) b[next() % b.length]! ^= 1 + (next() % 255);
    const r = outcome(b);
    assert.notEqual(r, 'loaded', `flip set ${i} loaded`);
    reasons.set(r, (reasons.get(r) ?? 0) + 1);
  }
  assert.ok((reasons.get('checksum') ?? 0) > 2500, `most flips are checksum failures: ${JSON.stringify([...reasons])}`);
});

test('random garbage, and garbage after a valid magic and version, is rejected', () => {
  const next = prng(42);
  for (let i = 0; i < 1000; i++) {
    const b = new Uint8Array(next() % 3000).map(() => next() & 0xff);
    if (i % 2 === 1 && b.length >= 16) {
      b.set(MAGIC, 0);
      new DataView(b.buffer).setUint32(OFF.formatVersion, 1, true);
      if (i % 4 === 3) new DataView(b.buffer).setUint32(OFF.fileLength, b.length, true);
    }
    assert.notEqual(outcome(b), 'loaded', `garbage ${i}`);
  }
});

test('flips behind a recomputed checksum end in ArtifactError or a load, never another exception', () => {
  const next = prng(7);
  let rejected = 0;
  const headerAndTables = Math.min(good.length, 4096);
  for (let i = 0; i < 3000; i++) {
    const b = good.slice();
    // Mostly the header and early sections, where the structure lives.
    const at = i % 3 === 0 ? next() % b.length : next() % headerAndTables;
    if (at >= OFF.checksum && at < OFF.checksum + 32) continue;
    b[at]! ^= 1 + (next() % 255);
    b.set(checksumOf(b), OFF.checksum);
    if (outcome(b) !== 'loaded') rejected++;
  }
  assert.ok(rejected > 500, `structural checks reject resealed flips (${rejected})`);
});
