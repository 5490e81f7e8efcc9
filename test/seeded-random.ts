// One seeded generator for the tests that draw random inputs, so a failure
// repeats from its seed. Test-only.

/** xorshift32: the next unsigned 32-bit value on each call (a zero seed becomes 1). */
export function xorshift32(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    return x;
  };
}
