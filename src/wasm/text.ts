// WebAssembly text (.wat) to binary, through the npm package `wabt`. We do not
// write our own text parser: this file only adapts wabt to our error type and
// feature set.
//
// Invariants: the feature set is exactly WebAssembly 2.0 (no threads, tail
// calls, exceptions, GC, memory64, multi-memory, extended-const, ...). The text
// reaches wabt as a UTF-8 byte array that owns its whole ArrayBuffer (wabt
// copies `view.buffer.byteLength` bytes, not the view, and mangles non-ASCII
// strings). wabt is loaded lazily, once, so users who never pass text never
// pay for it. The binary is produced without wabt's validator: validating is
// our job (parseModule), and the conformance runner needs invalid modules in
// binary form. Every wabt object is destroyed after use. Every failure is a
// CompileError whose reason starts with "text format error: ".
// Nothing in the compiler or runtime imports this; front-end entry points do.

import { CompileError } from './errors.js';

/** The parts of wabt's API we use (its own typings are an `export =` CommonJS module). */
interface WabtModule {
  toBinary(options: { log?: boolean; canonicalize_lebs?: boolean; write_debug_names?: boolean }): { buffer: Uint8Array };
  destroy(): void;
}
interface Wabt {
  parseWat(filename: string, buffer: Uint8Array, features: Record<string, boolean>): WabtModule;
}

/** WebAssembly 2.0, named as wabt names its feature flags. */
const WASM2_FEATURES: Readonly<Record<string, boolean>> = {
  mutable_globals: true,
  sat_float_to_int: true,
  sign_extension: true,
  simd: true,
  bulk_memory: true,
  reference_types: true,
  multi_value: true,
  threads: false,
  tail_call: false,
  exceptions: false,
  gc: false,
  function_references: false,
  memory64: false,
  multi_memory: false,
  extended_const: false,
  relaxed_simd: false,
  annotations: false,
  code_metadata: false,
};

let wabtPromise: Promise<Wabt> | undefined;

function loadWabt(): Promise<Wabt> {
  wabtPromise ??= import('wabt').then((m) => (m.default as unknown as () => Promise<Wabt>)());
  return wabtPromise;
}

const TEXT_ERROR = 'text format error: ';

/**
 * Converts wabt's "name:line:col: error: message" report to a CompileError at
 * the byte offset of that line and column in `bytes`.
 */
function textError(report: string, bytes: Uint8Array): CompileError {
  const m = /:(\d+):(\d+): error: (.*)/.exec(report);
  if (m === null) return new CompileError(TEXT_ERROR + report.replace(/^parseWat failed:\s*/, '').split('\n')[0], 0);
  const line = Number(m[1]);
  const column = Number(m[2]);
  let offset = 0;
  for (let l = 1; l < line && offset < bytes.length; offset++) if (bytes[offset] === 0x0a) l++;
  return new CompileError(`${TEXT_ERROR}${m[3]} (line ${line}, column ${column})`, Math.min(offset + column - 1, bytes.length));
}

/**
 * Parses WebAssembly text to a module binary, without validating it.
 * Throws CompileError when the text is malformed.
 */
export async function watToBinary(text: string | Uint8Array, name = 'module.wat'): Promise<Uint8Array> {
  const wabt = await loadWabt();
  // A fresh, exactly sized copy: wabt reads the view's whole underlying buffer,
  // and a Node Buffer's slice() is a view into its (pooled) memory, not a copy.
  const source = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  const bytes = new Uint8Array(source.length);
  bytes.set(source);
  let module: WabtModule;
  try {
    module = wabt.parseWat(name, bytes, { ...WASM2_FEATURES });
  } catch (e) {
    throw textError(e instanceof Error ? e.message : String(e), bytes);
  }
  try {
    return module.toBinary({ log: false, canonicalize_lebs: true, write_debug_names: true }).buffer;
  } catch (e) {
    throw new CompileError(TEXT_ERROR + (e instanceof Error ? e.message : String(e)), 0);
  } finally {
    module.destroy();
  }
}
