// random_get: cryptographically secure bytes into guest memory (made in a
// host buffer, then copied in).
// Imports the context only.

import { randomFillSync } from 'node:crypto';
import { OK, u32, viewOf, wrap, type HostFunction, type WasiContext } from '../context.js';

/** randomFillSync refuses more than this per call. */
const MAX_FILL = 65536;

export function randomFunctions(ctx: WasiContext): Record<string, HostFunction> {
  return {
    random_get: wrap((buf, len) => {
      const p = u32(buf), n = u32(len);
      const m = viewOf(ctx);
      m.check(p, n);
      const chunk = new Uint8Array(Math.min(MAX_FILL, n));
      for (let at = 0; at < n; at += MAX_FILL) {
        const part = chunk.subarray(0, Math.min(MAX_FILL, n - at));
        m.copyIn(p + at, randomFillSync(part));
      }
      return OK;
    }),
  };
}
