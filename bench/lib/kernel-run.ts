// The result of timing one compute kernel in one engine: the JSON line that
// kernel-runner.ts (V8, Corral) and the native harness (bench/kernels/native/
// harness.c) print and bench/execute.ts reads. Checksums are unsigned 32-bit
// decimals, so every engine's answer compares as a string.
// Nothing in src/ imports bench/.

export type KernelRun =
  /** Timed runs after the warm-up; every run returned `checksum`. */
  | { readonly checksum: string; readonly cpuMs: readonly number[]; readonly wallMs: readonly number[] }
  /** The engine ran the kernel but misbehaved (a trap, runs that disagree). */
  | { readonly error: string }
  /** The engine cannot run it at all (not built yet, Unsupported). */
  | { readonly unavailable: string };

/** The same run repeated must give the same answer; returns the checksum, or an error when it does not. */
export function agreedChecksum(results: readonly unknown[]): { checksum: string } | { error: string } {
  const sums = results.map((r) => String(Number(r) >>> 0));
  const first = sums[0]!;
  const odd = sums.findIndex((s) => s !== first);
  if (odd >= 0) return { error: `run ${odd} returned ${sums[odd]}, run 0 returned ${first}` };
  if (typeof results[0] !== 'number') return { error: `run returned ${typeof results[0]}, expected an i32 number` };
  return { checksum: first };
}
