// The front end's public face: bytes in, a checked Module description out.
// Malformed input (the binary format) and invalid input (the type system) both
// surface as CompileError with a byte offset; nothing else escapes.

import { decodeModule } from './decoder.js';
import { validateModule } from './validate.js';
import { CompileError } from './errors.js';
import type { Module } from './types.js';

/** Decodes and validates a module binary. Throws CompileError. */
export function parseModule(bytes: Uint8Array): Module {
  const module = decodeModule(bytes);
  validateModule(module);
  return module;
}

/** True when `bytes` is a valid WebAssembly 2.0 module. Never throws for bad input. */
export function validate(bytes: Uint8Array): boolean {
  try {
    parseModule(bytes);
    return true;
  } catch (e) {
    if (e instanceof CompileError) return false;
    throw e;
  }
}

export { decodeModule, validateModule, CompileError };
export type { Module };
