// What every group of host functions shares: the fd table, the guest memory
// (bound when the instance starts), args/env, and the conversions from the
// raw JS values the runtime passes (i32 as a signed number, i64 as a BigInt)
// to the unsigned quantities the ABI means.
//
// Invariants: `viewOf()` takes the memory as it is now on every call (growth
// replaces a buffer); without a bound memory every pointer is EFAULT. `wrap` is the
// one place exceptions become errnos: WasiExit passes through, nothing else
// does. Imports errno.ts, exit.ts, fd-table.ts, guest-memory.ts.

import { Errno, errnoOf } from './errno.js';
import { WasiExit } from './exit.js';
import type { FdTable } from './fd-table.js';
import { MemoryView, type GuestMemory } from './guest-memory.js';

export type HostFunction = (...args: unknown[]) => number | Promise<number> | void | Promise<void>;

export interface WasiContext {
  readonly fds: FdTable;
  readonly args: readonly Uint8Array[];
  readonly env: readonly Uint8Array[];
  memory: GuestMemory | undefined;
}

export function viewOf(ctx: WasiContext): MemoryView {
  return new MemoryView(ctx.memory);
}

/** A guest u32 (also pointers and sizes). */
export function u32(x: unknown): number {
  return typeof x === 'number' ? x >>> 0 : typeof x === 'bigint' ? Number(BigInt.asUintN(32, x)) : 0;
}
/** A guest u64. */
export function u64(x: unknown): bigint {
  return typeof x === 'bigint' ? BigInt.asUintN(64, x) : typeof x === 'number' && Number.isInteger(x) ? BigInt.asUintN(64, BigInt(x)) : 0n;
}
/** A guest s64. */
export function s64(x: unknown): bigint {
  return typeof x === 'bigint' ? BigInt.asIntN(64, x) : typeof x === 'number' && Number.isInteger(x) ? BigInt.asIntN(64, BigInt(x)) : 0n;
}

function fail(e: unknown): number {
  if (e instanceof WasiExit) throw e;
  return errnoOf(e);
}

/** Makes a host function total: a result errno for every failure, sync stays sync. */
export function wrap(fn: (...args: unknown[]) => number | Promise<number>): HostFunction {
  return (...args: unknown[]) => {
    try {
      const r = fn(...args);
      return typeof r === 'number' ? r : r.then((v) => v, fail);
    } catch (e) {
      return fail(e);
    }
  };
}

export const OK = Errno.SUCCESS;
