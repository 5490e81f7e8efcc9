// Errors across the thread boundary: each error class a worker can raise is
// written as a plain record and rebuilt on the other side as the same class
// with the same fields (Trap keeps .code, .limit, .frames and its message;
// CompileError its .offset and .reason), because structured clone keeps only
// an Error's name, message and stack.
//
// Host errors keep their identity: when a JS import on the main thread throws
// E, the worker rejects the guest's host call with a copy marked by the host
// call's number; when that copy comes back as the reason a call failed, the
// main thread answers with E itself (the single-thread Engine rejects with
// the very error the import threw).
// Imported by both sides of src/threads/ only.

import { TRAP_CODES, TRAP_MESSAGES, type TrapCode } from '../abi/trap-codes.js';
import { ArtifactError, type ArtifactErrorReason } from '../artifact/errors.js';
import { Unsupported } from '../compiler/errors.js';
import { LinkError, PoolExhausted, Trap, type LimitName, type WasmFrame } from '../runtime/errors.js';
import { WasiExit } from '../wasi/exit.js';
import { CompileError } from '../wasm/errors.js';

export type WireError =
  | { readonly kind: 'Trap'; readonly code: TrapCode; readonly message: string; readonly frames: readonly WasmFrame[]; readonly limit: LimitName | undefined; readonly host?: number }
  | { readonly kind: 'CompileError'; readonly reason: string; readonly offset: number; readonly stack?: string }
  | { readonly kind: 'Unsupported'; readonly feature: string; readonly message: string; readonly stack?: string }
  | { readonly kind: 'PoolExhausted'; readonly message: string; readonly live: number; readonly max: number; readonly stack?: string }
  | { readonly kind: 'ArtifactError'; readonly reason: ArtifactErrorReason; readonly message: string; readonly stack?: string }
  | { readonly kind: 'WasiExit'; readonly code: number }
  | { readonly kind: 'Error'; readonly name: string; readonly message: string; readonly stack?: string; readonly host?: number };

/** The errors a worker made from main-thread import failures, by host-call number. */
const hostCallOf = new WeakMap<object, number>();

export function markHostError(e: Error, host: number): Error {
  hostCallOf.set(e, host);
  return e;
}

export function toWire(e: unknown): WireError {
  const host = typeof e === 'object' && e !== null ? hostCallOf.get(e) : undefined;
  if (e instanceof Trap) return { kind: 'Trap', code: e.code, message: e.message, frames: e.frames.map((f) => ({ ...f })), limit: e.limit, host };
  if (e instanceof CompileError) return { kind: 'CompileError', reason: e.reason, offset: e.offset, stack: e.stack };
  if (e instanceof Unsupported) return { kind: 'Unsupported', feature: e.feature, message: e.message, stack: e.stack };
  if (e instanceof PoolExhausted) return { kind: 'PoolExhausted', message: e.message, live: e.live, max: e.max, stack: e.stack };
  if (e instanceof ArtifactError) return { kind: 'ArtifactError', reason: e.reason, message: e.message, stack: e.stack };
  if (e instanceof WasiExit) return { kind: 'WasiExit', code: e.code };
  if (e instanceof Error) return { kind: 'Error', name: e.name, message: e.message, stack: e.stack, host };
  return { kind: 'Error', name: 'Error', message: `a non-Error was thrown: ${String(e)}`, host };
}

/** Rebuilds the error; `original` maps a host-call number to the error the import really threw, if this side has it. */
export function fromWire(w: WireError, original?: (host: number) => unknown): unknown {
  if ('host' in w && w.host !== undefined && original !== undefined) {
    const o = original(w.host);
    if (o !== undefined) return o;
  }
  switch (w.kind) {
    case 'Trap': {
      // The message is TRAP_MESSAGES[code] plus an optional detail ("(killed)", "(deadline of 5 ms)").
      const code = (TRAP_CODES as readonly string[]).includes(w.code) ? w.code : 'host_error';
      const base = TRAP_MESSAGES[code];
      const detail = w.message.startsWith(`${base} `) ? w.message.slice(base.length + 1) : undefined;
      return new Trap(code, w.frames, detail, w.limit);
    }
    case 'CompileError': return withStack(new CompileError(w.reason, w.offset), w.stack);
    case 'Unsupported': {
      const prefix = `unsupported: ${w.feature}: `;
      return withStack(new Unsupported(w.feature, w.message.startsWith(prefix) ? w.message.slice(prefix.length) : w.message), w.stack);
    }
    case 'PoolExhausted': {
      const e = new PoolExhausted('', w.live, w.max);
      e.message = w.message;
      return withStack(e, w.stack);
    }
    case 'ArtifactError': {
      const e = new ArtifactError(w.reason, '');
      e.message = w.message;
      return withStack(e, w.stack);
    }
    case 'WasiExit': return new WasiExit(w.code);
    case 'Error': {
      const Ctor = w.name === 'TypeError' ? TypeError : w.name === 'RangeError' ? RangeError : w.name === 'LinkError' ? LinkError : Error;
      const e = new Ctor(w.message);
      if (e.name !== w.name) e.name = w.name;
      return withStack(e, w.stack);
    }
  }
}

/** The worker's stack says where it failed; the main thread's would only show the message port. */
function withStack<E extends Error>(e: E, stack: string | undefined): E {
  if (stack !== undefined) e.stack = stack;
  return e;
}
