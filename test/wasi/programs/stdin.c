// WASI area: stdin. Reads lines with fgets, then the rest with read(2),
// printing a summary and an uppercased echo; errors go to stderr.
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void) {
  char line[4096];
  int lines = 0;
  while (lines < 3 && fgets(line, sizeof line, stdin)) {
    for (char *p = line; *p; p++) *p = (char)toupper((unsigned char)*p);
    printf("line %d: %s", ++lines, line);
  }
  // The rest in big reads (stdio's buffer first, then the fd).
  unsigned long sum = 0, total = 0;
  size_t n;
  static char buf[100000];
  while ((n = fread(buf, 1, sizeof buf, stdin)) > 0) {
    for (size_t i = 0; i < n; i++) sum = sum * 31 + (unsigned char)buf[i];
    total += n;
  }
  printf("rest: %lu bytes, sum %lu, eof %d\n", total, sum, feof(stdin) != 0);
  fprintf(stderr, "stderr: done after %d lines\n", lines);
  return 0;
}
