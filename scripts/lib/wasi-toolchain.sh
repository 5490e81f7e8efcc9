# Sourced by the scripts that build C to wasm32-wasi (build-examples.sh,
# build-wasi-tests.sh): installs clang-19, lld-19, wasi-libc and the wasm32
# compiler runtime from Debian's packages when any is missing (as root, or
# through sudo), and sets CLANG. $1 names the caller in the message.
CLANG=clang-19
need=()
command -v "$CLANG" >/dev/null || need+=(clang-19)
command -v wasm-ld-19 >/dev/null || need+=(lld-19)
[ -f /usr/lib/wasm32-wasi/libc.a ] || need+=(wasi-libc)
ls /usr/lib/llvm-19/lib/clang/19/lib/wasi/libclang_rt.builtins-wasm32.a >/dev/null 2>&1 || need+=(libclang-rt-19-dev-wasm32)
if [ ${#need[@]} -gt 0 ]; then
  echo "$1: installing ${need[*]} (Debian packages)" >&2
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
