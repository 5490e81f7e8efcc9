// WASI area: poll_oneoff on descriptors. Regular files are always ready
// (stdin here is a file with data, the other a file opened in the pre-open);
// stdout is writable; a bad fd is reported in its event with EBADF; absolute
// realtime and monotonic clocks fire no earlier than asked. node:wasi answers
// EPERM for regular files (libuv cannot poll them) and gets the others wrong
// (see poll.c), so the test checks this program's output against written
// expectations instead of node:wasi.
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wasi/api.h>

static long long mono(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

int main(void) {
  int fd = open("/sandbox/data.txt", O_RDONLY);
  struct pollfd fds[3] = {{0, POLLIN, 0}, {1, POLLOUT, 0}, {fd, POLLIN, 0}};
  int r = poll(fds, 3, 1000);
  printf("poll: %d stdin=%d stdout=%d file=%d\n", r, (fds[0].revents & POLLIN) != 0,
         (fds[1].revents & POLLOUT) != 0, (fds[2].revents & POLLIN) != 0);
  char buf[64] = {0};
  printf("read stdin after poll: %zd [%s]\n", read(0, buf, sizeof buf - 1), buf);

  __wasi_subscription_t sub;
  memset(&sub, 0, sizeof sub);
  sub.userdata = 7;
  sub.u.tag = __WASI_EVENTTYPE_FD_READ;
  sub.u.u.fd_read.file_descriptor = fd;
  __wasi_event_t ev;
  __wasi_size_t n = 0;
  int rc = __wasi_poll_oneoff(&sub, &ev, 1, &n);
  printf("file read event: rc %d n %zu type %d err %d nbytes %llu\n", rc, (size_t)n, ev.type, ev.error,
         (unsigned long long)ev.fd_readwrite.nbytes);
  sub.u.u.fd_read.file_descriptor = 0;
  rc = __wasi_poll_oneoff(&sub, &ev, 1, &n);
  printf("stdin at end: rc %d n %zu hangup %d\n", rc, (size_t)n, (ev.fd_readwrite.flags & __WASI_EVENTRWFLAGS_FD_READWRITE_HANGUP) != 0);

  sub.userdata = 9;
  sub.u.u.fd_read.file_descriptor = 99;
  rc = __wasi_poll_oneoff(&sub, &ev, 1, &n);
  printf("bad fd: rc %d n %zu userdata %llu err %d\n", rc, (size_t)n, (unsigned long long)ev.userdata, ev.error);

  memset(&sub, 0, sizeof sub);
  sub.userdata = 10;
  sub.u.tag = __WASI_EVENTTYPE_CLOCK;
  sub.u.u.clock.id = __WASI_CLOCKID_REALTIME;
  sub.u.u.clock.flags = __WASI_SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME;
  struct timespec rt;
  clock_gettime(CLOCK_REALTIME, &rt);
  long long t1 = mono();
  sub.u.u.clock.timeout = (unsigned long long)rt.tv_sec * 1000000000ULL + rt.tv_nsec + 15 * 1000000ULL;
  rc = __wasi_poll_oneoff(&sub, &ev, 1, &n);
  printf("absolute realtime: rc %d userdata %llu waited>=14ms %d\n", rc, (unsigned long long)ev.userdata, mono() - t1 >= 14LL * 1000000);

  memset(&sub, 0, sizeof sub);
  sub.userdata = 8;
  sub.u.tag = __WASI_EVENTTYPE_CLOCK;
  sub.u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
  sub.u.u.clock.flags = __WASI_SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME;
  long long t0 = mono();
  sub.u.u.clock.timeout = (unsigned long long)t0 + 15 * 1000000ULL;
  rc = __wasi_poll_oneoff(&sub, &ev, 1, &n);
  printf("absolute monotonic: rc %d userdata %llu waited>=15ms %d\n", rc, (unsigned long long)ev.userdata, mono() - t0 >= 15LL * 1000000);
  return 0;
}
