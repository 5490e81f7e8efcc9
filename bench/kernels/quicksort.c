/* Sorting: recursive quicksort (median of three, insertion sort for short
 * ranges) of n pseudo-random 32-bit integers; checks order on the way out.
 * Exercises i32 loads/stores, compares and unpredictable branches. */
#include "kernel.h"

#define MAX_N (4 << 20)
static int32_t values[MAX_N];

static void insertion_sort(int32_t *a, int lo, int hi) {
  for (int i = lo + 1; i <= hi; i++) {
    int32_t v = a[i];
    int j = i - 1;
    while (j >= lo && a[j] > v) { a[j + 1] = a[j]; j--; }
    a[j + 1] = v;
  }
}

static void swap(int32_t *a, int i, int j) { int32_t t = a[i]; a[i] = a[j]; a[j] = t; }

static void quicksort(int32_t *a, int lo, int hi) {
  while (hi - lo > 16) {
    int mid = lo + ((hi - lo) >> 1);
    if (a[mid] < a[lo]) swap(a, mid, lo);
    if (a[hi] < a[lo]) swap(a, hi, lo);
    if (a[hi] < a[mid]) swap(a, hi, mid);
    int32_t pivot = a[mid];
    int i = lo, j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) { swap(a, i, j); i++; j--; }
    }
    /* Recurse into the smaller side, loop on the larger: the stack stays O(log n). */
    if (j - lo < hi - i) { quicksort(a, lo, j); lo = i; }
    else { quicksort(a, i, hi); hi = j; }
  }
  insertion_sort(a, lo, hi);
}

unsigned run(int n) {
  if (n > MAX_N) n = MAX_N;
  uint32_t state = 2463534242u;
  for (int i = 0; i < n; i++) values[i] = (int32_t)next_random(&state);
  quicksort(values, 0, n - 1);
  uint32_t h = 2166136261u;
  for (int i = 0; i < n; i++) {
    if (i > 0 && values[i - 1] > values[i]) return 0; /* unsorted: a checksum no engine should give */
    if ((i & 1023) == 0) h = mix32(h, (uint32_t)values[i]);
  }
  return h;
}
