#!/usr/bin/env bash
# Rebuilds bench/kernels/*.wasm from bench/kernels/*.c: the compute kernels of
# bench/execute.ts. Pure computation, no libc, no WASI: each module exports
# `run` (and its memory) and imports nothing. The .wasm files are committed, so
# the benchmarks run without clang; run this after changing a kernel.
#
#   bash scripts/build-kernels.sh            # installs clang-19/lld-19 if missing (Debian, as root)
#
# Flags: -O2; WebAssembly 2.0 features without SIMD (bulk memory lets clang
# lower memset/memcpy to memory.fill/memory.copy instead of calling a libc);
# -ffp-contract=off, because clang otherwise folds a*b+c constants as fused
# multiply-adds and the checksums of wasm and native would differ.
# The native column builds the same sources with gcc (bench/lib/native.ts).
set -euo pipefail
cd "$(dirname "$0")/.."

CLANG=clang-19
if ! command -v "$CLANG" >/dev/null || ! command -v wasm-ld-19 >/dev/null; then
  echo "build-kernels: installing clang-19 and lld-19 (Debian packages)" >&2
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq clang-19 lld-19 >/dev/null
fi

FLAGS=(--target=wasm32-unknown-unknown -O2 -nostdlib -ffreestanding
  -mcpu=generic -mbulk-memory -mno-simd128 -ffp-contract=off
  -Wl,--no-entry -Wl,--export=run -Wl,--strip-debug
  -Wall -Wextra -Werror)

for src in bench/kernels/*.c; do
  out="${src%.c}.wasm"
  "$CLANG" "${FLAGS[@]}" -o "$out" "$src"
  echo "built $out ($(stat -c %s "$out") bytes)"
done
