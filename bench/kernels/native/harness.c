/* The native column's runner: links with one kernel's run(n), calls it
 * `warmup` times, then `runs` times under the clocks, and prints one JSON line
 * in the shape bench/lib/kernel-result.ts reads:
 *   {"checksum":"<unsigned decimal>","cpuMs":[...],"wallMs":[...]}
 * or {"error":"..."} when two runs disagree (a kernel must be deterministic).
 * Usage: harness n runs warmup. Built with gcc -O2 by bench/lib/native.ts. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

unsigned run(int n);

static double ms(clockid_t clock) {
  struct timespec t;
  clock_gettime(clock, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

int main(int argc, char **argv) {
  if (argc != 4) { fprintf(stderr, "usage: %s n runs warmup\n", argv[0]); return 2; }
  int n = atoi(argv[1]), runs = atoi(argv[2]), warmup = atoi(argv[3]);
  if (runs < 1 || runs > 1000) { fprintf(stderr, "runs must be 1..1000\n"); return 2; }
  double cpu[1000], wall[1000];
  unsigned checksum = 0;
  for (int i = 0; i < warmup; i++) checksum = run(n);
  for (int i = 0; i < runs; i++) {
    double c0 = ms(CLOCK_PROCESS_CPUTIME_ID), w0 = ms(CLOCK_MONOTONIC);
    unsigned got = run(n);
    wall[i] = ms(CLOCK_MONOTONIC) - w0;
    cpu[i] = ms(CLOCK_PROCESS_CPUTIME_ID) - c0;
    if ((warmup > 0 || i > 0) && got != checksum) {
      printf("{\"error\":\"run %d returned %u, an earlier run %u\"}\n", i, got, checksum);
      return 1;
    }
    checksum = got;
  }
  printf("{\"checksum\":\"%u\",\"cpuMs\":[", checksum);
  for (int i = 0; i < runs; i++) printf("%s%.4f", i ? "," : "", cpu[i]);
  printf("],\"wallMs\":[");
  for (int i = 0; i < runs; i++) printf("%s%.4f", i ? "," : "", wall[i]);
  printf("]}\n");
  return 0;
}
