#!/usr/bin/env bash
# Rebuilds examples/*.wasm from examples/*.c: the C handlers the server
# serves CGI-style (`npm start`, test/server/). The .wasm files are
# committed, so the server and its tests run without clang; run this after
# changing a program.
#
#   bash scripts/build-examples.sh   # installs clang-19, lld-19, wasi-libc and the wasm32
#                                    # compiler runtime if missing (Debian, as root)
#
# Flags: -O2 for wasm32-wasi against Debian's wasi-libc sysroot (/usr), debug
# info stripped.
set -euo pipefail
cd "$(dirname "$0")/.."

. scripts/lib/wasi-toolchain.sh build-examples

FLAGS=(--target=wasm32-wasi --sysroot=/usr -O2 -Wl,--strip-debug -Wall -Wextra -Werror)

for src in examples/*.c; do
  out="${src%.c}.wasm"
  "$CLANG" "${FLAGS[@]}" -o "$out" "$src"
  echo "built $out ($(stat -c %s "$out") bytes)"
done
