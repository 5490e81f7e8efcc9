// random_get: cryptographically secure bytes straight into guest memory.
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
      for (let at = 0; at < n; at += MAX_FILL) randomFillSync(m.bytes, p + at, Math.min(MAX_FILL, n - at));
      return OK;
    }),
  };
}
