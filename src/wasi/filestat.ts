// Host stat results → the preview1 filestat struct, and fst_flags → the times
// to set, shared by the fd_ and path_ functions.
//
// Invariants: stats are taken with bigint: true, so inode numbers, sizes and
// nanosecond times arrive exact. Imports constants, errno, guest-memory, host-io.

import type { BigIntStats } from 'node:fs';
import { Fstflags, Layout } from './constants.js';
import { Errno, WasiError } from './errno.js';
import type { MemoryView } from './guest-memory.js';
import { filetypeOfStats } from './host-io.js';

const F = Layout.filestat;

export function writeFilestat(m: MemoryView, ptr: number, st: BigIntStats | undefined, filetype?: number): void {
  m.zero(ptr, F.size);
  if (st === undefined) {
    m.setU8(ptr + F.filetype, filetype ?? 0);
    return;
  }
  m.setU64(ptr + F.dev, st.dev);
  m.setU64(ptr + F.ino, st.ino);
  m.setU8(ptr + F.filetype, filetype ?? filetypeOfStats(st));
  m.setU64(ptr + F.nlink, st.nlink);
  m.setU64(ptr + F.fileSize, st.size);
  m.setU64(ptr + F.atim, st.atimeNs);
  m.setU64(ptr + F.mtim, st.mtimeNs);
  m.setU64(ptr + F.ctim, st.ctimeNs);
}

/**
 * The (atime, mtime) to pass to utimes, in seconds, from fst_flags; `current`
 * supplies a time that is not being set. EINVAL for contradictory or unknown flags.
 */
export function timesToSet(atim: bigint, mtim: bigint, flags: number, current: () => Promise<BigIntStats>): Promise<[number, number]> {
  if ((flags & ~0xf) !== 0) throw new WasiError(Errno.INVAL);
  if ((flags & Fstflags.ATIM) !== 0 && (flags & Fstflags.ATIM_NOW) !== 0) throw new WasiError(Errno.INVAL);
  if ((flags & Fstflags.MTIM) !== 0 && (flags & Fstflags.MTIM_NOW) !== 0) throw new WasiError(Errno.INVAL);
  const nowS = Date.now() / 1000;
  const pick = async (ns: bigint, set: number, setNow: number, cur: (s: BigIntStats) => bigint, st: () => Promise<BigIntStats>) => {
    if ((flags & setNow) !== 0) return nowS;
    if ((flags & set) !== 0) return nsToSeconds(ns);
    return nsToSeconds(cur(await st()));
  };
  let cached: Promise<BigIntStats> | undefined;
  const st = () => (cached ??= current());
  return Promise.all([
    pick(atim, Fstflags.ATIM, Fstflags.ATIM_NOW, (s) => s.atimeNs, st),
    pick(mtim, Fstflags.MTIM, Fstflags.MTIM_NOW, (s) => s.mtimeNs, st),
  ]);
}

function nsToSeconds(ns: bigint): number {
  return Number(ns / 1_000_000_000n) + Number(ns % 1_000_000_000n) / 1e9;
}
