// WASI area: random_get. Two draws differ, bytes are not all zero, a large
// draw fills its whole buffer (no tail left untouched).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wasi/api.h>

int main(void) {
  unsigned char a[256], b[256];
  printf("getentropy a: %d\n", getentropy(a, sizeof a));
  printf("getentropy b: %d\n", getentropy(b, sizeof b));
  printf("differ: %d\n", memcmp(a, b, sizeof a) != 0);
  static unsigned char big[200000];
  memset(big, 0, sizeof big);
  printf("random_get big: %d\n", __wasi_random_get(big, sizeof big));
  int zero_runs = 0;
  for (size_t i = 0; i + 64 <= sizeof big; i += 64) {
    int all0 = 1;
    for (int j = 0; j < 64; j++) if (big[i + j]) { all0 = 0; break; }
    zero_runs += all0;
  }
  printf("zero 64-byte runs: %d\n", zero_runs);
  printf("random_get zero length: %d\n", __wasi_random_get(big, 0));
  printf("arc4random_uniform in range: %d\n", arc4random_uniform(10) < 10);
  return 0;
}
