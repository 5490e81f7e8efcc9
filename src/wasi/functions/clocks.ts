// clock_res_get and clock_time_get, and the clock readings poll_oneoff
// shares.
//
// Realtime is the wall clock at ns resolution (one Date.now() reading at load
// plus the monotonic clock since, so it never steps backwards within a run);
// monotonic is process.hrtime; the CPU-time clocks are the Node process's
// CPU time (user + system; the guest runs on the main thread, so this is the
// closest honest figure Node offers). Imports the context only.

import { Clockid } from '../constants.js';
import { Errno, WasiError } from '../errno.js';
import { OK, u32, viewOf, wrap, type HostFunction, type WasiContext } from '../context.js';

const loadMono = process.hrtime.bigint();
const loadReal = BigInt(Date.now()) * 1_000_000n;

/** Nanoseconds on `id`; EINVAL for a clock preview1 does not define. */
export function now(id: number): bigint {
  switch (id) {
    case Clockid.REALTIME:
      return loadReal + (process.hrtime.bigint() - loadMono);
    case Clockid.MONOTONIC:
      return process.hrtime.bigint();
    case Clockid.PROCESS_CPUTIME_ID:
    case Clockid.THREAD_CPUTIME_ID: {
      const u = process.cpuUsage();
      return BigInt(u.user + u.system) * 1000n;
    }
    default:
      throw new WasiError(Errno.INVAL);
  }
}

export function resolution(id: number): bigint {
  switch (id) {
    case Clockid.REALTIME:
    case Clockid.MONOTONIC:
      return 1n;
    case Clockid.PROCESS_CPUTIME_ID:
    case Clockid.THREAD_CPUTIME_ID:
      return 1000n; // cpuUsage counts microseconds
    default:
      throw new WasiError(Errno.INVAL);
  }
}

export function clockFunctions(ctx: WasiContext): Record<string, HostFunction> {
  return {
    clock_res_get: wrap((id, out) => {
      const r = resolution(u32(id));
      viewOf(ctx).setU64(u32(out), r);
      return OK;
    }),
    clock_time_get: wrap((id, _precision, out) => {
      const t = now(u32(id));
      viewOf(ctx).setU64(u32(out), t);
      return OK;
    }),
  };
}
