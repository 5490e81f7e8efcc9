/* 64-bit hashing: XXH64 (xxHash's 64-bit variant, seed 0) of a 64 KiB buffer,
 * n times with the seed chained. Exercises i64 multiplies, rotates, xors and
 * unaligned 64-bit loads: the 64-bit integer path of an engine. */
#include "kernel.h"

#define BUFFER_BYTES (64 * 1024)
static uint8_t buffer[BUFFER_BYTES];

static const uint64_t P1 = 0x9E3779B185EBCA87ull, P2 = 0xC2B2AE3D27D4EB4Full,
                      P3 = 0x165667B19E3779F9ull, P4 = 0x85EBCA77C2B2AE63ull,
                      P5 = 0x27D4EB2F165667C5ull;

static inline uint64_t rotl64(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

/* Unaligned little-endian loads, as portable C writes them (wasm and x86-64 are both little-endian). */
static inline uint64_t load64(const uint8_t *p) {
  uint64_t v;
  __builtin_memcpy(&v, p, 8);
  return v;
}

static inline uint32_t load32(const uint8_t *p) {
  uint32_t v;
  __builtin_memcpy(&v, p, 4);
  return v;
}

static inline uint64_t round64(uint64_t acc, uint64_t input) {
  acc += input * P2;
  return rotl64(acc, 31) * P1;
}

static inline uint64_t merge64(uint64_t acc, uint64_t v) {
  acc ^= round64(0, v);
  return acc * P1 + P4;
}

static uint64_t xxh64(const uint8_t *p, uint32_t length, uint64_t seed) {
  const uint8_t *end = p + length;
  uint64_t h;
  if (length >= 32) {
    uint64_t v1 = seed + P1 + P2, v2 = seed + P2, v3 = seed, v4 = seed - P1;
    const uint8_t *limit = end - 32;
    do {
      v1 = round64(v1, load64(p)); v2 = round64(v2, load64(p + 8));
      v3 = round64(v3, load64(p + 16)); v4 = round64(v4, load64(p + 24));
      p += 32;
    } while (p <= limit);
    h = rotl64(v1, 1) + rotl64(v2, 7) + rotl64(v3, 12) + rotl64(v4, 18);
    h = merge64(h, v1); h = merge64(h, v2); h = merge64(h, v3); h = merge64(h, v4);
  } else {
    h = seed + P5;
  }
  h += length;
  for (; p + 8 <= end; p += 8) h = rotl64(h ^ round64(0, load64(p)), 27) * P1 + P4;
  if (p + 4 <= end) { h = rotl64(h ^ ((uint64_t)load32(p) * P1), 23) * P2 + P3; p += 4; }
  for (; p < end; p++) h = rotl64(h ^ (*p * P5), 11) * P1;
  h ^= h >> 33; h *= P2; h ^= h >> 29; h *= P3; h ^= h >> 32;
  return h;
}

unsigned run(int n) {
  for (int i = 0; i < BUFFER_BYTES; i++) buffer[i] = (uint8_t)(i ^ (i >> 7) ^ (i >> 13));
  uint64_t h = 0;
  /* Odd lengths reach the tail loops too. */
  for (int round = 0; round < n; round++) h = xxh64(buffer, BUFFER_BYTES - (round & 7), h);
  return (uint32_t)h ^ (uint32_t)(h >> 32);
}
