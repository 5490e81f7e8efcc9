// Request ids: UUID-shaped (8-4-4-4-12 lowercase hex), unique within a
// process and hard to guess, made in a fraction of randomUUID's time (each
// request of a hello world pays for one).
//
//   pppppppp-pppp-pppp-cccc-ccccrrrrrrrr
//   p: 64 random bits drawn once per process (tells processes and restarts apart)
//   c: a 32-bit counter (no two ids of one process are equal until it wraps,
//      after 2^32 requests; then the random part still tells them apart)
//   r: 32 random bits per request, from a pool the CSPRNG refills in batches
//
// Why this is enough: the id names a request in logs and error responses; it
// grants nothing. Uniqueness comes from the counter and the per-process
// prefix; the 32 fresh random bits keep one id from predicting the next.
// It is not an RFC 9562 UUID (no version nibble): nothing parses it.
//
// Invariants: 36 characters of [0-9a-f-], dashes at 8, 13, 18 and 23.
// Imports nothing from the runtime.

import { randomBytes, randomFillSync } from 'node:crypto';

const HEX: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
/** Random words drawn per refill: one CSPRNG call serves this many requests. */
const POOL_WORDS = 1024;

const prefixHex = randomBytes(8).toString('hex');
const PREFIX = `${prefixHex.slice(0, 8)}-${prefixHex.slice(8, 12)}-${prefixHex.slice(12, 16)}-`;
const pool = new Uint32Array(POOL_WORDS);
let left = 0;
let counter = 0;

export function newRequestId(): string {
  if (left === 0) {
    randomFillSync(pool);
    left = POOL_WORDS;
  }
  const r = pool[--left]!;
  const c = (counter = (counter + 1) >>> 0);
  return PREFIX + HEX[c >>> 24]! + HEX[(c >>> 16) & 255]! + '-' + HEX[(c >>> 8) & 255]! + HEX[c & 255]! +
    HEX[r >>> 24]! + HEX[(r >>> 16) & 255]! + HEX[(r >>> 8) & 255]! + HEX[r & 255]!;
}
