// Errors by audience, for the compilers.
//
// - CompileError (src/wasm/errors.ts): the user's module is malformed or invalid.
// - Unsupported: the module is valid, but this tier cannot compile a feature yet
//   (a typed answer, with a reason category such as "simd"), not a bug.
// - InternalError: Corral broke an invariant of its own; always a bug to report.

export class Unsupported extends Error {
  override name = 'Unsupported';
  /** A short category, e.g. "simd", stable enough for expectation files. */
  readonly feature: string;
  constructor(feature: string, detail: string) {
    super(`unsupported: ${feature}: ${detail}`);
    this.feature = feature;
  }
}

export class InternalError extends Error {
  override name = 'InternalError';
  constructor(message: string) {
    super(`internal error (a bug in Corral, please report it): ${message}`);
  }
}

/** Asserts a compiler invariant; failing it is an InternalError, never a crash. */
export function invariant(condition: unknown, message: string): asserts condition {
  if (!condition) throw new InternalError(message);
}
