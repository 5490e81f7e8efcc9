/* The smallest WASI command: greets its first argument (or the world) and
 * exits 0. The startup benchmark (bench/wasi.ts) runs it with `corral run`
 * and with node:wasi; examples/cli.md shows it on the command line. Built by
 * scripts/build-examples.sh (the built hello.wasm is committed). */
#include <stdio.h>

int main(int argc, char **argv) {
  printf("hello, %s\n", argc > 1 ? argv[1] : "world");
  return 0;
}
