// The guest's file descriptor table: guest-private numbers mapped to what
// they stand for on the host.
//
//   0..2        stdio     InputSource / OutputSink (host fds borrowed, never closed here)
//   3..         preopens  directories, in the order given (a host path, no host fd)
//   later       path_open results: regular files own a host fd; directories a host path
//
// Invariants: a guest never sees a host fd number; every host fd in the
// table was opened by Corral for this guest and is closed by fd_close,
// fd_renumber or closeAll, so none outlives the Wasi object's use. Regular
// files keep their own offset (Node has no lseek): reads and writes are
// positional. New numbers are the lowest free ones (as node:wasi does).
// Imports errno.ts, constants.ts, stdio.ts.

import fs from 'node:fs';
import { Errno, WasiError } from './errno.js';
import type { InputSource, OutputSink } from './stdio.js';

interface Common {
  filetype: number;
  rightsBase: bigint;
  rightsInheriting: bigint;
  fdflags: number;
}

export interface FileEntry extends Common {
  readonly kind: 'file';
  readonly hostFd: number;
  /** Opened with O_APPEND on the host (fd_fdstat_set_flags can only emulate append). */
  readonly hostAppend: boolean;
  position: bigint;
}

export interface DirEntry extends Common {
  readonly kind: 'dir';
  /** The directory's host path (a real path, at or below `root`). */
  readonly hostPath: string;
  /** The real path of the pre-open this directory lies in: no path resolves above it. */
  readonly root: string;
  /** Set for pre-opens: the name the guest sees in fd_prestat_dir_name. */
  readonly preopenName: string | undefined;
  /** fd_readdir's snapshot, taken when a read starts at cookie 0. */
  listing: { name: string; type: number; ino: bigint }[] | undefined;
}

export interface InputEntry extends Common {
  readonly kind: 'input';
  readonly source: InputSource;
}

export interface OutputEntry extends Common {
  readonly kind: 'output';
  readonly sink: OutputSink;
}

export type FdEntry = FileEntry | DirEntry | InputEntry | OutputEntry;

export class FdTable {
  private readonly entries: (FdEntry | undefined)[] = [];

  /** The entry, if it holds all of `base` (else ENOTCAPABLE); EBADF when not open. */
  get(fd: number, base: bigint = 0n, inheriting: bigint = 0n): FdEntry {
    const e = this.entries[fd];
    if (e === undefined) throw new WasiError(Errno.BADF);
    if ((e.rightsBase & base) !== base || (e.rightsInheriting & inheriting) !== inheriting) {
      throw new WasiError(Errno.NOTCAPABLE);
    }
    return e;
  }

  file(fd: number, base: bigint = 0n): FileEntry | InputEntry | OutputEntry {
    const e = this.get(fd, base);
    if (e.kind === 'dir') throw new WasiError(Errno.ISDIR);
    return e;
  }

  dir(fd: number, base: bigint = 0n, inheriting: bigint = 0n): DirEntry {
    const e = this.get(fd, base, inheriting);
    if (e.kind !== 'dir') throw new WasiError(Errno.NOTDIR);
    return e;
  }

  has(fd: number): boolean {
    return this.entries[fd] !== undefined;
  }

  add(e: FdEntry): number {
    let fd = 0;
    while (fd < this.entries.length && this.entries[fd] !== undefined) fd++;
    this.entries[fd] = e;
    return fd;
  }

  /** Puts an entry at a fixed number (stdio and pre-opens at setup). */
  set(fd: number, e: FdEntry): void {
    this.entries[fd] = e;
  }

  async close(fd: number): Promise<void> {
    const e = this.get(fd);
    this.entries[fd] = undefined;
    while (this.entries.length > 0 && this.entries[this.entries.length - 1] === undefined) this.entries.pop();
    if (e.kind === 'file') await closeHost(e.hostFd);
  }

  async renumber(from: number, to: number): Promise<void> {
    const e = this.get(from);
    this.get(to);
    if (from === to) return;
    const old = this.entries[to]!;
    this.entries[to] = e;
    this.entries[from] = undefined;
    if (old.kind === 'file') await closeHost(old.hostFd);
  }

  *all(): Iterable<[number, FdEntry]> {
    for (let i = 0; i < this.entries.length; i++) {
      const e = this.entries[i];
      if (e !== undefined) yield [i, e];
    }
  }

  /** Closes every host fd this table opened (stdio is borrowed and left open). */
  closeAll(): void {
    for (const e of this.entries) if (e?.kind === 'file') {
      try {
        fs.closeSync(e.hostFd);
      } catch {
        // already gone: nothing to release
      }
    }
    this.entries.length = 0;
  }
}

function closeHost(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fs.close(fd, (err) => (err ? reject(err) : resolve())));
}
