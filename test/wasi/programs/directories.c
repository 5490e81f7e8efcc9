// WASI area: directories. mkdir/rmdir, listing (sorted, so host order does
// not matter), stat through symlinks, hard links, renames, and paths that try
// to climb out of the pre-open (they must fail).
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void list(const char *path) {
  DIR *d = opendir(path);
  if (!d) { printf("opendir %s: errno %d\n", path, errno); return; }
  char *names[64];
  int n = 0;
  struct dirent *e;
  while ((e = readdir(d)) && n < 64) {
    char line[300];
    snprintf(line, sizeof line, "%s type=%d", e->d_name, e->d_type);
    names[n++] = strdup(line);
  }
  closedir(d);
  qsort(names, n, sizeof *names, cmp);
  printf("list %s (%d):\n", path, n);
  for (int i = 0; i < n; i++) { printf("  %s\n", names[i]); free(names[i]); }
}

static void touch(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  if (f) { fputs(text, f); fclose(f); }
}

int main(void) {
  printf("mkdir d: %d\n", mkdir("/sandbox/d", 0755));
  printf("mkdir d/e: %d\n", mkdir("/sandbox/d/e", 0755));
  errno = 0;
  printf("mkdir d again: %d errno %d\n", mkdir("/sandbox/d", 0755), errno);
  touch("/sandbox/d/f1.txt", "one");
  touch("/sandbox/d/e/f2.txt", "two!");
  for (int i = 0; i < 20; i++) {
    char p[64];
    snprintf(p, sizeof p, "/sandbox/d/many-%02d", i);
    touch(p, "x");
  }
  list("/sandbox/d");
  list("/sandbox/d/e");

  struct stat st;
  printf("stat d: %d dir=%d\n", stat("/sandbox/d", &st), S_ISDIR(st.st_mode));
  printf("stat f2: %d size=%lld\n", stat("/sandbox/d/e/f2.txt", &st), (long long)st.st_size);

  printf("symlink: %d\n", symlink("e/f2.txt", "/sandbox/d/link"));
  char target[128] = {0};
  ssize_t n = readlink("/sandbox/d/link", target, sizeof target - 1);
  printf("readlink: %zd %s\n", n, target);
  printf("stat via link: %d size=%lld reg=%d\n", stat("/sandbox/d/link", &st), (long long)st.st_size, S_ISREG(st.st_mode));
  printf("lstat link: %d lnk=%d\n", lstat("/sandbox/d/link", &st), S_ISLNK(st.st_mode));
  FILE *f = fopen("/sandbox/d/link", "r");
  char buf[32] = {0};
  if (f) { fread(buf, 1, sizeof buf - 1, f); fclose(f); }
  printf("read via link: %s\n", buf);
  printf("symlink dir: %d\n", symlink("e", "/sandbox/d/elink"));
  printf("stat through dir link: %d\n", stat("/sandbox/d/elink/f2.txt", &st));
  printf("dotdot through dir link: %d\n", stat("/sandbox/d/elink/../f1.txt", &st));

  printf("link: %d\n", link("/sandbox/d/f1.txt", "/sandbox/d/hard"));
  stat("/sandbox/d/f1.txt", &st);
  printf("nlink: %lld\n", (long long)st.st_nlink);

  errno = 0;
  printf("rmdir non-empty: %d errno %d\n", rmdir("/sandbox/d/e"), errno);
  printf("rename dir: %d\n", rename("/sandbox/d/e", "/sandbox/d/g"));
  list("/sandbox/d/g");
  errno = 0;
  printf("stat dangling link: %d errno %d\n", stat("/sandbox/d/link", &st), errno);
  printf("unlink f2: %d\n", unlink("/sandbox/d/g/f2.txt"));
  printf("rmdir g: %d\n", rmdir("/sandbox/d/g"));
  errno = 0;
  printf("unlink dir: %d errno %d\n", unlink("/sandbox/d"), errno);

  int dfd = open("/sandbox/d", O_RDONLY | O_DIRECTORY);
  printf("open dir: %d\n", dfd >= 0);
  int ffd = openat(dfd, "f1.txt", O_RDONLY);
  memset(buf, 0, sizeof buf);
  read(ffd, buf, sizeof buf - 1);
  printf("openat read: %s\n", buf);
  close(ffd);
  errno = 0;
  printf("openat escape: %d errno %d\n", openat(dfd, "../d/f1.txt", O_RDONLY), errno);
  close(dfd);

  errno = 0;
  printf("escape dotdot: %d errno %d\n", open("/sandbox/../etc/passwd", O_RDONLY), errno);
  errno = 0;
  printf("escape deep: %d errno %d\n", open("/sandbox/d/../../etc/passwd", O_RDONLY), errno);
  errno = 0;
  printf("outside preopen: %d errno %d\n", open("/etc/passwd", O_RDONLY), errno);
  return 0;
}
