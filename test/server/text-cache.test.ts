// TextCache (src/server/text-cache.ts) answers exactly what a fatal UTF-8
// decode of the range answers, for repeated, colliding, changed-by-one-byte,
// invalid and long ranges, at any offset of the buffer.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TextCache } from '../../src/server/text-cache.js';
import { xorshift32 } from '../seeded-random.js';

const fatal = new TextDecoder('utf-8', { fatal: true });
function oracle(b: Uint8Array): string | null {
  try {
    return fatal.decode(b);
  } catch {
    return null;
  }
}

const rng = xorshift32;

test('every answer equals a fatal decode of the same bytes', () => {
  const next = rng(0xc0ffee);
  const cache = new TextCache();
  // A few recurring strings (as a handler's headers recur), some invalid UTF-8, and mutations of them.
  const enc = new TextEncoder();
  const pool: Uint8Array[] = [enc.encode('content-type'), enc.encode('text/plain'), enc.encode('héllo ☃'), new Uint8Array([0x63, 0xff, 0x64]), new Uint8Array(0), enc.encode('x'.repeat(100))];
  for (let round = 0; round < 20000; round++) {
    let s: Uint8Array;
    const pick = next() % 4;
    if (pick < 2) s = pool[next() % pool.length]!;
    else if (pick === 2) {
      s = pool[next() % pool.length]!.slice();
      if (s.length > 0) s[next() % s.length] = next() & 0xff; // one byte changed: must not hit the old entry
    } else {
      s = new Uint8Array(next() % 70);
      for (let i = 0; i < s.length; i++) s[i] = next() % 3 === 0 ? next() & 0xff : 0x61 + (next() % 3);
    }
    // Placed at a random offset of a larger buffer, itself a view at an offset.
    const pad = next() % 9;
    const backing = new Uint8Array(pad + s.length + 5 + 3);
    const buf = backing.subarray(3);
    buf.set(s, pad);
    assert.equal(cache.decode(buf, pad, s.length), oracle(s), `round ${round}`);
  }
});

test('a repeated range is answered from the cache (the same string object), a changed one is not', () => {
  const cache = new TextCache();
  const a = new TextEncoder().encode('__content-type__');
  const first = cache.decode(a, 2, 12);
  assert.equal(first, 'content-type');
  assert.equal(cache.decode(a, 2, 12), first);
  a[5] = 0x4e; // 'conNent-type'
  assert.equal(cache.decode(a, 2, 12), 'conNent-type');
});
