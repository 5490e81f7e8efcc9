#!/usr/bin/env bash
# Rebuilds test/wasi/programs/*.wasm from test/wasi/programs/*.c: the WASI
# test programs (one per area) that test/wasi/programs.test.ts runs under
# Corral and under node:wasi. The .wasm files are committed, so the tests run
# without clang; run this after changing a program.
#
#   bash scripts/build-wasi-tests.sh   # installs clang-19, lld-19, wasi-libc and the wasm32
#                                      # compiler runtime if missing (Debian, as root)
#
# Flags: -O2 for wasm32-wasi against Debian's wasi-libc sysroot (/usr), MVP
# plus what clang-19 enables by default, debug info stripped.
set -euo pipefail
cd "$(dirname "$0")/.."

. scripts/lib/wasi-toolchain.sh build-wasi-tests

FLAGS=(--target=wasm32-wasi --sysroot=/usr -O2 -Wl,--strip-debug -Wall -Wextra -Wno-unused-result)

for src in test/wasi/programs/*.c; do
  out="${src%.c}.wasm"
  "$CLANG" "${FLAGS[@]}" -o "$out" "$src"
  echo "built $out ($(stat -c %s "$out") bytes)"
done
