/* The native column's runner: links with one kernel's run(n) and serves timed
 * calls by the protocol of bench/lib/kernel-run.ts: prints {"ready":true},
 * then for each "run" line on stdin calls run(n) once under the clocks and
 * prints {"result":"<unsigned decimal>","cpuMs":...,"wallMs":...}; ends when
 * stdin closes. The parent compares results across calls and engines.
 * Usage: harness n. Built with gcc -O2 by bench/lib/native.ts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

unsigned run(int n);

static double ms(clockid_t clock) {
  struct timespec t;
  clock_gettime(clock, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

int main(int argc, char **argv) {
  if (argc != 2) { fprintf(stderr, "usage: %s n  (then one \"run\" line per call on stdin)\n", argv[0]); return 2; }
  int n = atoi(argv[1]);
  char line[64];
  printf("{\"ready\":true}\n");
  fflush(stdout);
  while (fgets(line, sizeof line, stdin)) {
    if (strncmp(line, "run", 3) != 0) continue;
    double c0 = ms(CLOCK_PROCESS_CPUTIME_ID), w0 = ms(CLOCK_MONOTONIC);
    unsigned got = run(n);
    double wall = ms(CLOCK_MONOTONIC) - w0, cpu = ms(CLOCK_PROCESS_CPUTIME_ID) - c0;
    printf("{\"result\":\"%u\",\"cpuMs\":%.4f,\"wallMs\":%.4f}\n", got, cpu, wall);
    fflush(stdout);
  }
  return 0;
}
