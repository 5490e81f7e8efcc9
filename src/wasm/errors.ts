// Errors raised while reading and checking a module.
//
// Every problem with untrusted input is a CompileError carrying the byte offset
// where it was found and a message that begins with the spec test suite's phrase
// ("unexpected end", "type mismatch", ...), so conformance tests can check the
// reason and not only that something failed. Nothing else may escape the
// decoder or validator for any input: other exceptions are our bugs.

export class CompileError extends Error {
  override name = 'CompileError';
  /** Byte offset in the module binary at which the problem was detected. */
  readonly offset: number;
  /** The message without the offset suffix, starting with the spec phrase. */
  readonly reason: string;

  constructor(reason: string, offset: number) {
    super(`${reason} (at byte offset ${offset})`);
    this.reason = reason;
    this.offset = offset;
  }
}

/** Thrown when an implementation limit (see limits.ts) is exceeded. Still a CompileError. */
export function limitError(what: string, value: number, max: number, offset: number): CompileError {
  return new CompileError(`${what} exceeds implementation limit (${value} > ${max})`, offset);
}
