// Turning anything thrown while running a command into one helpful stderr
// report and an exit status (exit-codes.ts): compile errors with byte offset
// and reason, traps with code, message and wasm backtrace, artifact rejections
// with their reason, file errors with the path.
//
// Invariant: every error class the library raises maps to its own status;
// anything unrecognised is an internal error, reported with its stack.
// Only src/cli/ imports this.

import { ArtifactError } from '../artifact/errors.js';
import { Unsupported } from '../compiler/errors.js';
import { LinkError, Trap, type WasmFrame } from '../runtime/errors.js';
import { CompileError } from '../wasm/errors.js';
import { ExitCode } from './exit-codes.js';

/** A failure the CLI itself detected, with its exit status. */
export class CliFailure extends Error {
  constructor(readonly exitCode: number, message: string) {
    super(message);
  }
}

export function usage(message: string): CliFailure {
  return new CliFailure(ExitCode.usage, `${message}\n(run 'corral help' or add --help for usage)`);
}

export interface FailureContext {
  /** The input file, for messages. */
  readonly file?: string;
  /** --timeout, to say what the limit was. */
  readonly timeoutMs?: number;
}

/** Writes the report for `e` to stderr and returns the exit status. */
export function reportFailure(e: unknown, ctx: FailureContext = {}, write: (s: string) => void = (s) => process.stderr.write(s)): number {
  const where = ctx.file ? `${ctx.file}: ` : '';
  if (e instanceof CliFailure) {
    write(`corral: ${e.message}\n`);
    return e.exitCode;
  }
  if (e instanceof CompileError) {
    write(`corral: ${where}compile error at byte offset ${e.offset} (0x${e.offset.toString(16)}): ${e.reason}\n`);
    return ExitCode.compile;
  }
  if (e instanceof Unsupported) {
    write(`corral: ${where}cannot compile: ${e.message}\n`);
    return ExitCode.compile;
  }
  if (e instanceof LinkError) {
    write(`corral: ${where}link error: ${e.message}\n`);
    return ExitCode.link;
  }
  if (e instanceof ArtifactError) {
    write(`corral: ${where}${e.message}\n`);
    return ExitCode.artifact;
  }
  if (e instanceof Trap) {
    const limit = e.code === 'interrupted' || e.code === 'out_of_fuel';
    const what = e.code === 'interrupted' && ctx.timeoutMs !== undefined
      ? `timed out after ${ctx.timeoutMs} ms [${e.code}]`
      : e.code === 'out_of_fuel' ? `out of fuel [${e.code}]` : `trap: ${e.message} [${e.code}]`;
    write(`corral: ${where}${what}\n${formatBacktrace(e.frames)}`);
    return limit ? ExitCode.limit : ExitCode.trap;
  }
  const errno = e as NodeJS.ErrnoException;
  if (errno instanceof Error && typeof errno.code === 'string' && typeof errno.syscall === 'string') {
    write(`corral: ${errno.path ?? ctx.file ?? ''}: ${ioReason(errno)}\n`);
    return ExitCode.io;
  }
  write(`corral: internal error (a bug in Corral, please report it): ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  return ExitCode.internal;
}

export function formatBacktrace(frames: readonly WasmFrame[]): string {
  if (frames.length === 0) return '';
  const lines = frames.map((f, i) => {
    const name = f.funcName !== undefined ? ` <${f.funcName}>` : '';
    const at = f.wasmOffset !== undefined ? ` at wasm offset 0x${f.wasmOffset.toString(16)}` : ` +0x${f.codeOffset.toString(16)}`;
    return `  ${i}: func[${f.funcIndex}]${name}${at}\n`;
  });
  return `wasm backtrace (innermost first):\n${lines.join('')}`;
}

function ioReason(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case 'ENOENT': return 'no such file or directory';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'EISDIR': return 'is a directory';
    case 'ENOTDIR': return 'not a directory';
    default: return e.message;
  }
}
