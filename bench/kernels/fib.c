/* Recursion: naive Fibonacci, nearly all calls and returns. run(n) = fib(n). */
#include "kernel.h"

__attribute__((noinline)) static uint32_t fib(int n) {
  return n < 2 ? (uint32_t)n : fib(n - 1) + fib(n - 2);
}

unsigned run(int n) {
  return fib(n);
}
