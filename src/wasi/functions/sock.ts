// sock_accept, sock_recv, sock_send, sock_shutdown.
//
// Corral pre-opens no sockets, so no guest fd is ever a socket: an fd that is
// not open is EBADF, any other is ENOTSUP (as node:wasi answers for all
// four). Imports the context only.

import { Errno } from '../errno.js';
import { u32, wrap, type HostFunction, type WasiContext } from '../context.js';

export function sockFunctions(ctx: WasiContext): Record<string, HostFunction> {
  const unsupported = wrap((fd) => (ctx.fds.has(u32(fd)) ? Errno.NOTSUP : Errno.BADF));
  return { sock_accept: unsupported, sock_recv: unsupported, sock_send: unsupported, sock_shutdown: unsupported };
}
