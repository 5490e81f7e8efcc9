// WASI area: exit codes. argv[1] picks how to end: "return N", "exit N",
// "_exit N" (no stdio flush), "abort" (a trap, not an exit code).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc < 3 && !(argc == 2 && strcmp(argv[1], "abort") == 0)) { fprintf(stderr, "usage: exit MODE N\n"); return 2; }
  printf("buffered before %s", argv[1]);
  fprintf(stderr, "to stderr\n");
  if (strcmp(argv[1], "abort") == 0) abort();
  int code = atoi(argv[2]);
  if (strcmp(argv[1], "exit") == 0) exit(code);
  if (strcmp(argv[1], "_exit") == 0) _exit(code);
  return code;
}
