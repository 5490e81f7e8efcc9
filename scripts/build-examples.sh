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

CLANG=clang-19
need=()
command -v "$CLANG" >/dev/null || need+=(clang-19)
command -v wasm-ld-19 >/dev/null || need+=(lld-19)
[ -f /usr/lib/wasm32-wasi/libc.a ] || need+=(wasi-libc)
ls /usr/lib/llvm-19/lib/clang/19/lib/wasi/libclang_rt.builtins-wasm32.a >/dev/null 2>&1 || need+=(libclang-rt-19-dev-wasm32)
if [ ${#need[@]} -gt 0 ]; then
  echo "build-examples: installing ${need[*]} (Debian packages)" >&2
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

FLAGS=(--target=wasm32-wasi --sysroot=/usr -O2 -Wl,--strip-debug -Wall -Wextra -Werror)

for src in examples/*.c; do
  out="${src%.c}.wasm"
  "$CLANG" "${FLAGS[@]}" -o "$out" "$src"
  echo "built $out ($(stat -c %s "$out") bytes)"
done
