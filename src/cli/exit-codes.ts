// The `corral` command's exit statuses: the contract scripts rely on.
//
// Invariant: append only; the README and `corral --help` list the same table.
// A WASI command's own exit status passes through unchanged (so a guest can
// exit with any of these numbers too, exactly as under other runtimes).
// Must not import: src/runtime/ (this is data).

export const ExitCode = {
  ok: 0,
  /** Bad command line: unknown command or option, missing or malformed value. */
  usage: 1,
  /** The module is malformed or invalid, or uses a feature Corral cannot compile. */
  compile: 2,
  /** The module's imports cannot be satisfied. */
  link: 3,
  /** The guest trapped. */
  trap: 4,
  /** The guest ran out of time (--timeout) or fuel (--fuel). */
  limit: 5,
  /** An artifact was rejected: corrupt, truncated, or built for another Corral, configuration or CPU. */
  artifact: 6,
  /** A file could not be read or written. */
  io: 7,
  /** Corral itself failed (a bug: please report it). */
  internal: 70,
} as const;

export const EXIT_CODE_HELP = `Exit status:
  0   success (for a WASI command: the guest's own exit status)
  1   usage error (unknown command or option, bad value)
  2   compile error (malformed or invalid module, unsupported feature)
  3   link error (an import cannot be satisfied)
  4   the guest trapped
  5   time or fuel limit reached (--timeout, --fuel)
  6   artifact rejected (corrupt, or built for another Corral, configuration or CPU)
  7   file error (cannot read or write a file)
  70  internal error in Corral (please report it)`;
