// Promise forms of the few Node fs calls on raw host fds that host functions
// use, with EAGAIN retried (a non-blocking pipe or terminal handed to a guest
// as stdio must not surface as a spurious guest error), and the host stat →
// preview1 filetype mapping.
//
// Invariants: reads and writes go through libuv's thread pool, so a guest
// waiting on stdin or a large read never blocks the event loop. Imports only
// Node, errno.ts and constants.ts; used by the fd table and the function groups.

import fs from 'node:fs';
import { Filetype } from './constants.js';
import { Errno, WasiError } from './errno.js';

const RETRY_MS = 5;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function isAgain(e: unknown): boolean {
  const code = (e as { code?: string } | null)?.code;
  return code === 'EAGAIN' || code === 'EWOULDBLOCK';
}

/** Node's fs.write ignores bigint positions (it writes at the kernel offset): pass numbers only. */
function hostPosition(position: bigint | null): number | null {
  if (position === null) return null;
  if (position > BigInt(Number.MAX_SAFE_INTEGER)) throw new WasiError(Errno.FBIG);
  return Number(position);
}

/** One read(2)/pread(2): position null reads at the kernel offset. */
export async function hostRead(fd: number, into: Uint8Array, position: bigint | null): Promise<number> {
  const at = hostPosition(position);
  for (;;) {
    try {
      return await new Promise<number>((resolve, reject) =>
        fs.read(fd, into, 0, into.length, at, (err, n) => (err ? reject(err) : resolve(n))),
      );
    } catch (e) {
      if (!isAgain(e)) throw e;
      await sleep(RETRY_MS);
    }
  }
}

/** One write(2)/pwrite(2); may be partial, as the syscall is. */
export async function hostWrite(fd: number, data: Uint8Array, position: bigint | null): Promise<number> {
  const at = hostPosition(position);
  for (;;) {
    try {
      return await new Promise<number>((resolve, reject) =>
        fs.write(fd, data, 0, data.length, at, (err, n) => (err ? reject(err) : resolve(n))),
      );
    } catch (e) {
      if (!isAgain(e)) throw e;
      await sleep(RETRY_MS);
    }
  }
}

export function filetypeOfStats(st: { isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isFIFO(): boolean; isSocket(): boolean }): number {
  if (st.isFile()) return Filetype.REGULAR_FILE;
  if (st.isDirectory()) return Filetype.DIRECTORY;
  if (st.isSymbolicLink()) return Filetype.SYMBOLIC_LINK;
  if (st.isCharacterDevice()) return Filetype.CHARACTER_DEVICE;
  if (st.isBlockDevice()) return Filetype.BLOCK_DEVICE;
  if (st.isFIFO() || st.isSocket()) return Filetype.SOCKET_STREAM;
  return Filetype.UNKNOWN;
}
