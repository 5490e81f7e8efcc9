// Entry point of WebAssembly 2.0 validation: checks a decoded Module against
// the spec's typing rules and throws CompileError (spec phrase + byte offset)
// at the first violation. Never throws anything else for any input.
//
// Module-level rules live in validator/module.ts, function bodies in
// validator/function.ts, the shared context C in validator/context.ts; this
// file only sequences them (module rules first, then bodies in order, as the
// spec's module validation rule lists them).

import type { Module } from './types.js';
import { CompileError } from './errors.js';
import { buildContext } from './validator/context.js';
import { validateModuleRules } from './validator/module.js';
import { bodyRanges, validateBodyRun } from './validator/bodies.js';

/** Parallel validation (worker threads) with validateModule's verdicts and messages. */
export { ValidatorPool } from './validator/pool.js';

/** Validates a decoded module. Throws CompileError. */
export function validateModule(module: Module): void {
  const c = buildContext(module);
  validateModuleRules(module, c);
  if (module.bodies.length !== c.numFuncs - module.numImportedFuncs) {
    throw new CompileError('function and code section have inconsistent lengths', module.bodies[0]?.start ?? 0);
  }
  const { starts, ends } = bodyRanges(module, 0, module.bodies.length);
  validateBodyRun(c, module.bytes, {
    firstFunc: module.numImportedFuncs,
    starts,
    ends,
    endsCode: true,
    moduleLength: module.bytes.length,
    base: 0,
  });
}
