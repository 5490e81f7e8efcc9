/* Dense linear algebra: C = A x B for n x n doubles (i-k-j loop order, as
 * people write it when they care a little). Exercises f64 loads, multiplies,
 * adds and address arithmetic in a tight inner loop. */
#include "kernel.h"

#define MAX_DIM 512
static double a[MAX_DIM * MAX_DIM], b[MAX_DIM * MAX_DIM], c[MAX_DIM * MAX_DIM];

unsigned run(int n) {
  if (n > MAX_DIM) n = MAX_DIM;
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++) {
      a[i * n + j] = (double)((i * 7 + j * 3) % 17) * 0.25 - 1.5;
      b[i * n + j] = (double)((i * 5 + j * 11) % 13) * 0.5 + 0.125;
      c[i * n + j] = 0.0;
    }
  for (int i = 0; i < n; i++)
    for (int k = 0; k < n; k++) {
      double aik = a[i * n + k];
      for (int j = 0; j < n; j++) c[i * n + j] += aik * b[k * n + j];
    }
  uint32_t h = 2166136261u;
  for (int i = 0; i < n * n; i += 7) h = mix_f64(h, c[i]);
  return h;
}
