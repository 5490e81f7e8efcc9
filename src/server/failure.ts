// How a handler's failure becomes a response status and a trap code for the
// log and metrics — one table, so both guest interfaces answer alike.
//
//   request deadline passed            → 504  'deadline'
//   Trap interrupted / out_of_fuel     → 504  the trap code (limit deadline or fuel)
//   any other Trap (incl. stack_overflow, memory_out_of_bounds, unreachable
//     after a refused memory.grow)     → 500  the trap code
//   client went away                   → (no response)  'client_gone'
//   CGI output without a valid head    → 502  'malformed_response'
//   pool or address space exhausted    → 503  'pool_exhausted'
//   LinkError                          → 500  'link_error'
//   anything else (a host function threw, an engine error) → 500 'host_error'
//
// Invariants: pure (no I/O); every input maps to exactly one row.
// Imports the public runtime API only.

import { LinkError, PoolExhausted, Trap, type WasmFrame } from '../index.js';

/** A CGI handler's output that is not a response (no head, malformed header lines). */
export class MalformedResponse extends Error {
  override name = 'MalformedResponse';
}

export interface Failure {
  readonly status: 500 | 502 | 503 | 504;
  readonly code: string;
  readonly reason: string;
  readonly frames?: readonly WasmFrame[];
}

export type RequestEnd = 'running' | 'deadline' | 'client_gone';

export function classifyFailure(e: unknown, end: RequestEnd): Failure {
  if (end === 'deadline') return { status: 504, code: 'deadline', reason: 'Gateway Timeout: the handler ran past its deadline' };
  if (end === 'client_gone') return { status: 500, code: 'client_gone', reason: 'the client went away' };
  if (e instanceof Trap) {
    const timeLike = e.code === 'interrupted' || e.code === 'out_of_fuel';
    return {
      status: timeLike ? 504 : 500,
      code: e.code,
      reason: timeLike ? `Gateway Timeout: the handler was stopped (${e.message})` : `Internal Server Error: the handler trapped (${e.message})`,
      frames: e.frames,
    };
  }
  if (e instanceof MalformedResponse) return { status: 502, code: 'malformed_response', reason: `Bad Gateway: ${e.message}` };
  const code = (e as { code?: unknown } | null)?.code;
  const name = (e as { name?: unknown } | null)?.name;
  if (e instanceof PoolExhausted || code === 'ERR_CORRAL_ADDRESS_SPACE' || code === 'ERR_CORRAL_MAPPINGS' || name === 'PoolExhausted') {
    return { status: 503, code: 'pool_exhausted', reason: 'Service Unavailable: no sandbox available' };
  }
  if (e instanceof LinkError) return { status: 500, code: 'link_error', reason: 'Internal Server Error: the handler cannot be linked' };
  return { status: 500, code: 'host_error', reason: 'Internal Server Error' };
}
