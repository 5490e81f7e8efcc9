// WASI area: regular files. Creates, writes, reads, seeks, appends, truncates,
// positional I/O, stat, times, rename and unlink inside the pre-open /sandbox;
// prints what it observes. Errors are printed as errno numbers so the output
// compares exactly between runtimes.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void check(const char *what, int ok) { printf("%s: %s (errno %d)\n", what, ok ? "ok" : "FAIL", ok ? 0 : errno); }

int main(void) {
  FILE *f = fopen("/sandbox/a.txt", "w");
  check("fopen w", f != NULL);
  fprintf(f, "line one\nline two\n");
  fclose(f);

  char buf[256];
  f = fopen("/sandbox/a.txt", "r");
  while (fgets(buf, sizeof buf, f)) printf("read: %s", buf);
  fseek(f, 5, SEEK_SET);
  printf("ftell after seek: %ld\n", ftell(f));
  printf("next char: %c\n", fgetc(f));
  fseek(f, -4, SEEK_END);
  printf("tail: %s", fgets(buf, sizeof buf, f));
  fclose(f);

  f = fopen("/sandbox/a.txt", "a");
  fputs("line three\n", f);
  fclose(f);

  int fd = open("/sandbox/a.txt", O_RDWR);
  check("open rdwr", fd >= 0);
  struct stat st;
  fstat(fd, &st);
  printf("size: %lld regular: %d\n", (long long)st.st_size, S_ISREG(st.st_mode));
  printf("pwrite: %zd\n", pwrite(fd, "LINE", 4, 0));
  memset(buf, 0, sizeof buf);
  printf("pread: %zd %.8s\n", pread(fd, buf, 8, 9), buf);
  printf("lseek cur after pread: %lld\n", (long long)lseek(fd, 0, SEEK_CUR));
  printf("lseek end: %lld\n", (long long)lseek(fd, 0, SEEK_END));
  printf("write at end: %zd\n", write(fd, "tail\n", 5));
  printf("lseek negative: %lld errno %d\n", (long long)lseek(fd, -1000, SEEK_SET), errno);
  check("ftruncate 12", ftruncate(fd, 12) == 0);
  fstat(fd, &st);
  printf("size after truncate: %lld\n", (long long)st.st_size);
  check("posix_fallocate", posix_fallocate(fd, 0, 100) == 0);
  fstat(fd, &st);
  printf("size after allocate: %lld\n", (long long)st.st_size);
  check("fsync", fsync(fd) == 0);
  check("fdatasync", fdatasync(fd) == 0);
  struct timespec times[2] = {{1000000000, 0}, {1234567890, 0}};
  check("futimens", futimens(fd, times) == 0);
  fstat(fd, &st);
  printf("mtime: %lld atime: %lld\n", (long long)st.st_mtim.tv_sec, (long long)st.st_atim.tv_sec);
  close(fd);

  fd = open("/sandbox/a.txt", O_RDONLY);
  errno = 0;
  ssize_t w = write(fd, "x", 1);
  printf("write to read-only: %zd errno %d\n", w, errno);
  close(fd);
  printf("close twice: %d errno %d\n", close(fd), errno);

  fd = open("/sandbox/b.txt", O_WRONLY | O_CREAT | O_EXCL, 0644);
  check("create excl", fd >= 0);
  errno = 0;
  printf("create excl again: %d errno %d\n", open("/sandbox/b.txt", O_WRONLY | O_CREAT | O_EXCL, 0644), errno);
  int flags = fcntl(fd, F_GETFL);
  fcntl(fd, F_SETFL, flags | O_APPEND);
  write(fd, "one", 3);
  lseek(fd, 0, SEEK_SET);
  write(fd, "two", 3);
  close(fd);
  f = fopen("/sandbox/b.txt", "r");
  memset(buf, 0, sizeof buf);
  fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  printf("appended: %s\n", buf);

  // A megabyte through several writes and reads, checksummed.
  fd = open("/sandbox/big.bin", O_RDWR | O_CREAT | O_TRUNC, 0644);
  static unsigned char block[65536];
  unsigned long sum = 0;
  for (int i = 0; i < 16; i++) {
    for (int j = 0; j < (int)sizeof block; j++) block[j] = (unsigned char)(i * 31 + j * 7);
    write(fd, block, sizeof block);
  }
  lseek(fd, 0, SEEK_SET);
  ssize_t n, total = 0;
  while ((n = read(fd, block, sizeof block)) > 0) {
    for (ssize_t j = 0; j < n; j++) sum = sum * 33 + block[j];
    total += n;
  }
  printf("big: %zd bytes sum %lu\n", total, sum);
  close(fd);

  errno = 0;
  printf("open missing: %d errno %d\n", open("/sandbox/missing.txt", O_RDONLY), errno);
  check("rename", rename("/sandbox/b.txt", "/sandbox/c.txt") == 0);
  check("unlink", unlink("/sandbox/big.bin") == 0);
  errno = 0;
  printf("unlink missing: %d errno %d\n", unlink("/sandbox/big.bin"), errno);
  errno = 0;
  printf("open file as dir: %d errno %d\n", open("/sandbox/a.txt/x", O_RDONLY), errno);
  return 0;
}
