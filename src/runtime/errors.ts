// Errors the runtime raises to users, shaped like the WebAssembly JS API's.
//
// LinkError: imports that cannot satisfy a module. Trap: a guest fault, with the
// shared trap code (src/abi/trap-codes.ts) and a wasm backtrace; a trap that
// enforces a limit names it (`limit`). PoolExhausted: the engine's instance
// pool, the address space or the kernel's mapping budget has no room left.

import { TRAP_MESSAGES, type TrapCode } from '../abi/trap-codes.js';

export class LinkError extends Error {
  override name = 'LinkError';
}

/** One frame of a wasm backtrace, innermost first. */
export interface WasmFrame {
  readonly funcIndex: number;
  /** From the name section, when the module has one. */
  readonly funcName?: string;
  /** Offset of the machine-code return address inside the function's code. */
  readonly codeOffset: number;
  /** Byte offset in the module binary of the trapping instruction or call, when the compiler recorded it. */
  readonly wasmOffset?: number;
}

/** The per-instance limits a Trap can name. */
export type LimitName = 'deadline' | 'fuel' | 'killed' | 'host_calls';

export class Trap extends Error {
  override name = 'Trap';
  readonly code: TrapCode;
  readonly frames: readonly WasmFrame[];
  /** The limit this trap enforces, when it ends a guest for exceeding one. */
  readonly limit: LimitName | undefined;

  constructor(code: TrapCode, frames: readonly WasmFrame[] = [], detail?: string, limit?: LimitName) {
    super(detail ? `${TRAP_MESSAGES[code]} ${detail}` : TRAP_MESSAGES[code]);
    this.code = code;
    this.frames = frames;
    this.limit = limit;
    if (frames.length > 0) {
      const lines = frames.map((f, i) =>
        `    ${i}: wasm function ${f.funcIndex}${f.funcName ? ` <${f.funcName}>` : ''} +0x${f.codeOffset.toString(16)}` +
        (f.wasmOffset !== undefined ? ` (module byte 0x${f.wasmOffset.toString(16)})` : ''));
      this.stack = `${this.name} [${code}]: ${this.message}\n  wasm backtrace:\n${lines.join('\n')}`;
    }
  }
}

export class PoolExhausted extends Error {
  override name = 'PoolExhausted';

  constructor(detail: string, readonly live: number, readonly max: number) {
    super(`corral: instance pool exhausted: ${detail}`);
  }
}
