// WASI area: clocks. Prints only facts that hold on any correct host: the
// wall clock is after 2020, the monotonic clock never goes back, a sleep
// lasts at least as long as asked, resolutions are positive.
#include <stdio.h>
#include <time.h>
#include <sys/time.h>

static long long ns(clockid_t c) {
  struct timespec t;
  if (clock_gettime(c, &t) != 0) return -1;
  return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

int main(void) {
  printf("realtime after 2020: %d\n", ns(CLOCK_REALTIME) > 1577836800LL * 1000000000LL);
  printf("time() after 2020: %d\n", time(NULL) > 1577836800);
  struct timeval tv;
  gettimeofday(&tv, NULL);
  printf("gettimeofday after 2020: %d\n", tv.tv_sec > 1577836800);
  long long prev = ns(CLOCK_MONOTONIC), back = 0;
  for (int i = 0; i < 10000; i++) {
    long long t = ns(CLOCK_MONOTONIC);
    if (t < prev) back++;
    prev = t;
  }
  printf("monotonic went back: %lld\n", back);
  const clockid_t ids[] = {CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID};
  for (int i = 0; i < 4; i++) {
    struct timespec r;
    int rc = clock_getres(ids[i], &r);
    printf("clock %d: res rc %d positive %d readable %d\n", i, rc, r.tv_sec > 0 || r.tv_nsec > 0, ns(ids[i]) >= 0);
  }
  long long before = ns(CLOCK_MONOTONIC);
  struct timespec req = {0, 30 * 1000 * 1000};
  printf("nanosleep: %d\n", nanosleep(&req, NULL));
  printf("slept at least 30ms: %d\n", ns(CLOCK_MONOTONIC) - before >= 30LL * 1000 * 1000);
  long long cpu0 = ns(CLOCK_PROCESS_CPUTIME_ID);
  volatile unsigned long x = 0;
  for (unsigned long i = 0; i < 20000000; i++) x += i;
  printf("cpu time advanced: %d\n", ns(CLOCK_PROCESS_CPUTIME_ID) > cpu0);
  return 0;
}
