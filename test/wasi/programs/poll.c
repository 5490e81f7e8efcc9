// WASI area: poll_oneoff, the part node:wasi gets right: a clock-only poll
// sleeps at least its timeout; a relative monotonic clock subscription fires
// first with its userdata; zero subscriptions are EINVAL. (node:wasi cannot
// poll regular files, waits forever on an absolute monotonic clock, fires an
// absolute realtime one early and reports a bad fd as success: those are in
// poll_fds.c, checked against written expectations.)
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wasi/api.h>

// node:wasi's timers run on libuv's millisecond loop clock and may fire up to
// a millisecond before the monotonic clock says the time is up.
#define SLACK(ms) ((ms) * 1000000LL - 1000000LL)

static long long mono(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

int main(void) {
  long long t0 = mono();
  printf("poll none: %d\n", poll(NULL, 0, 25));
  printf("waited >= 25ms: %d\n", mono() - t0 >= SLACK(25));

  __wasi_subscription_t subs[2];
  memset(subs, 0, sizeof subs);
  subs[0].userdata = 111;
  subs[0].u.tag = __WASI_EVENTTYPE_CLOCK;
  subs[0].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
  subs[0].u.u.clock.timeout = 20 * 1000000ULL;
  subs[1].userdata = 222;
  subs[1].u.tag = __WASI_EVENTTYPE_CLOCK;
  subs[1].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
  subs[1].u.u.clock.timeout = 5000 * 1000000ULL;
  __wasi_event_t ev[2];
  __wasi_size_t nev = 0;
  t0 = mono();
  int rc = __wasi_poll_oneoff(subs, ev, 2, &nev);
  printf("relative clock: rc %d nevents %zu userdata %llu type %d err %d waited>=20ms %d\n", rc, (size_t)nev,
         (unsigned long long)ev[0].userdata, ev[0].type, ev[0].error, mono() - t0 >= SLACK(20));

  rc = __wasi_poll_oneoff(subs, ev, 0, &nev);
  printf("zero subscriptions: rc %d\n", rc);
  return 0;
}
