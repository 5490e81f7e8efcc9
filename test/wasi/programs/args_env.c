// WASI area: args and environ, including non-ASCII and empty strings.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

int main(int argc, char **argv) {
  printf("argc: %d\n", argc);
  for (int i = 0; i < argc; i++) printf("argv[%d] = [%s] (%zu bytes)\n", i, argv[i], strlen(argv[i]));
  int n = 0;
  for (char **e = environ; *e; e++) printf("env[%d] = [%s]\n", n++, *e);
  printf("getenv HOME_ISH: %s\n", getenv("HOME_ISH") ? getenv("HOME_ISH") : "(null)");
  printf("getenv MISSING: %s\n", getenv("MISSING") ? "set" : "(null)");
  return 0;
}
