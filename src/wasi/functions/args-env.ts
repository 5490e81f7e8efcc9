// args_get, args_sizes_get, environ_get, environ_sizes_get: NUL-terminated
// UTF-8 strings laid out in a guest buffer, pointers in a guest array.
//
// Invariants: both ranges are checked before the first byte is written.
// Imports the context only.

import { OK, u32, viewOf, wrap, type HostFunction, type WasiContext } from '../context.js';

export function argsEnvFunctions(ctx: WasiContext): Record<string, HostFunction> {
  return {
    args_get: wrap((argv, buf) => put(ctx, ctx.args, u32(argv), u32(buf))),
    args_sizes_get: wrap((count, size) => sizes(ctx, ctx.args, u32(count), u32(size))),
    environ_get: wrap((envp, buf) => put(ctx, ctx.env, u32(envp), u32(buf))),
    environ_sizes_get: wrap((count, size) => sizes(ctx, ctx.env, u32(count), u32(size))),
  };
}

function put(ctx: WasiContext, strings: readonly Uint8Array[], ptrs: number, buf: number): number {
  const m = viewOf(ctx);
  m.check(ptrs, strings.length * 4);
  m.check(buf, totalBytes(strings));
  let at = buf;
  strings.forEach((s, i) => {
    m.setU32(ptrs + i * 4, at);
    m.copyIn(at, s);
    m.setU8(at + s.length, 0);
    at += s.length + 1;
  });
  return OK;
}

function sizes(ctx: WasiContext, strings: readonly Uint8Array[], countPtr: number, sizePtr: number): number {
  const m = viewOf(ctx);
  m.check(countPtr, 4);
  m.check(sizePtr, 4);
  m.setU32(countPtr, strings.length);
  m.setU32(sizePtr, totalBytes(strings));
  return OK;
}

function totalBytes(strings: readonly Uint8Array[]): number {
  let n = 0;
  for (const s of strings) n += s.length + 1;
  return n;
}
