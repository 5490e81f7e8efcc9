/* The one contract every compute kernel follows, for the wasm and the native build.
 *
 * A kernel is pure computation: it exports `unsigned run(int n)`, rebuilds all
 * of its state from n on every call (so every call with the same n returns the
 * same checksum, in every engine), uses no libc and no WASI, and keeps its data
 * in static arrays (linear memory in wasm, .bss natively). Floating point is
 * plain IEEE double without fast-math or contraction (-ffp-contract=off in
 * both builds), so wasm and native agree bit for bit.
 * Built by scripts/build-kernels.sh (wasm) and bench/lib/native.ts (gcc). */
#ifndef KERNEL_H
#define KERNEL_H

#include <stdint.h>

unsigned run(int n);

/* Folds a value into a running checksum (FNV-1a style, 32-bit). */
static inline uint32_t mix32(uint32_t h, uint32_t v) {
  return (h ^ v) * 16777619u;
}

/* Folds a double's bit pattern: any difference in any bit shows. */
static inline uint32_t mix_f64(uint32_t h, double d) {
  union { double d; uint64_t u; } bits = { d };
  return mix32(mix32(h, (uint32_t)bits.u), (uint32_t)(bits.u >> 32));
}

/* A small deterministic generator (xorshift32) for inputs. */
static inline uint32_t next_random(uint32_t *state) {
  uint32_t x = *state;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  return *state = x;
}

#endif
