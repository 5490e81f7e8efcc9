// The fd_* functions: reading, writing, seeking, syncing, stat and flags on
// open descriptors, pre-open discovery, fd_readdir, fd_renumber, fd_close.
//
// Invariants: rights are checked before anything else (ENOTCAPABLE), then
// every guest range the call will write is checked (EFAULT) before the host
// operation runs, so a bad pointer never consumes input or changes a file;
// memory is viewed afresh after every await. Regular files keep their own
// offset and use positional I/O (Node has no lseek); streams use the kernel's.
// Imports the context, the fd table, filestat.ts and host-io.ts.

import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { Advice, Fdflags, Filetype, Layout, PREOPENTYPE_DIR, Right, Whence } from '../constants.js';
import { OK, s64, u32, u64, viewOf, wrap, type HostFunction, type WasiContext } from '../context.js';
import { Errno, WasiError } from '../errno.js';
import type { DirEntry, FileEntry } from '../fd-table.js';
import { timesToSet, writeFilestat } from '../filestat.js';
import { encodeUtf8, gather, iovTotal, scatter } from '../guest-memory.js';
import { hostRead, hostWrite } from '../host-io.js';

/** The most one fd_read/fd_pread asks of the host (a short read is always allowed). */
const MAX_READ = 16 * 1024 * 1024;

export function fdFunctions(ctx: WasiContext): Record<string, HostFunction> {
  const { fds } = ctx;
  return {
    fd_advise: wrap((fd, _offset, _len, advice) => {
      const e = fds.get(u32(fd), Right.FD_ADVISE);
      if (u32(advice) > Advice.NOREUSE) return Errno.INVAL;
      return e.kind === 'file' || e.kind === 'dir' ? OK : Errno.SPIPE;
    }),

    fd_allocate: wrap(async (fd, offset, len) => {
      const e = regular(fds.file(u32(fd), Right.FD_ALLOCATE));
      const end = u64(offset) + u64(len);
      if (end > BigInt(Number.MAX_SAFE_INTEGER)) return Errno.FBIG;
      const st = await fstat(e.hostFd);
      if (st.size < end) await ftruncate(e.hostFd, Number(end));
      return OK;
    }),

    fd_close: wrap(async (fd) => {
      await fds.close(u32(fd));
      return OK;
    }),

    fd_datasync: wrap(async (fd) => {
      const e = fds.get(u32(fd), Right.FD_DATASYNC);
      await sync(e.kind === 'file' ? e.hostFd : undefined, true);
      return OK;
    }),

    fd_sync: wrap(async (fd) => {
      const e = fds.get(u32(fd), Right.FD_SYNC);
      await sync(e.kind === 'file' ? e.hostFd : undefined, false);
      return OK;
    }),

    fd_fdstat_get: wrap((fd, out) => {
      const e = fds.get(u32(fd));
      const m = viewOf(ctx), p = u32(out), L = Layout.fdstat;
      m.zero(p, L.size);
      m.setU8(p + L.filetype, e.filetype);
      m.setU16(p + L.flags, e.fdflags);
      m.setU64(p + L.rightsBase, e.rightsBase);
      m.setU64(p + L.rightsInheriting, e.rightsInheriting);
      return OK;
    }),

    fd_fdstat_set_flags: wrap((fd, flags) => {
      const e = fds.get(u32(fd), Right.FD_FDSTAT_SET_FLAGS);
      const f = u32(flags);
      if ((f & ~0x1f) !== 0) return Errno.INVAL;
      e.fdflags = f;
      return OK;
    }),

    fd_fdstat_set_rights: wrap((fd, base, inheriting) => {
      const e = fds.get(u32(fd));
      const b = u64(base), i = u64(inheriting);
      if ((b & ~e.rightsBase) !== 0n || (i & ~e.rightsInheriting) !== 0n) return Errno.NOTCAPABLE;
      e.rightsBase = b;
      e.rightsInheriting = i;
      return OK;
    }),

    fd_filestat_get: wrap(async (fd, out) => {
      const e = fds.get(u32(fd), Right.FD_FILESTAT_GET);
      const p = u32(out);
      viewOf(ctx).check(p, Layout.filestat.size);
      let st: fs.BigIntStats | undefined;
      if (e.kind === 'file') st = await fstat(e.hostFd);
      else if (e.kind === 'dir') st = await fsp.stat(e.hostPath, { bigint: true });
      else {
        const hostFd = e.kind === 'input' ? e.source.hostFd : e.sink.hostFd;
        st = hostFd === undefined ? undefined : await fstat(hostFd);
      }
      // Streams report the type they were given as; the host object's may differ (a pipe, a tty).
      writeFilestat(viewOf(ctx), p, st, e.kind === 'input' || e.kind === 'output' ? e.filetype : undefined);
      return OK;
    }),

    fd_filestat_set_size: wrap(async (fd, size) => {
      const e = regular(fds.file(u32(fd), Right.FD_FILESTAT_SET_SIZE));
      const n = u64(size);
      if (n > BigInt(Number.MAX_SAFE_INTEGER)) return Errno.FBIG;
      await ftruncate(e.hostFd, Number(n));
      return OK;
    }),

    fd_filestat_set_times: wrap(async (fd, atim, mtim, flags) => {
      const e = fds.get(u32(fd), Right.FD_FILESTAT_SET_TIMES);
      if (e.kind === 'dir') {
        const [a, m] = await timesToSet(u64(atim), u64(mtim), u32(flags), () => fsp.stat(e.hostPath, { bigint: true }));
        await fsp.utimes(e.hostPath, a, m);
      } else if (e.kind === 'file') {
        const [a, m] = await timesToSet(u64(atim), u64(mtim), u32(flags), () => fstat(e.hostFd));
        await new Promise<void>((res, rej) => fs.futimes(e.hostFd, a, m, (err) => (err ? rej(err) : res())));
      } else {
        return Errno.BADF;
      }
      return OK;
    }),

    fd_pread: wrap(async (fd, iovsPtr, iovsLen, offset, out) => {
      const e = fds.get(u32(fd), Right.FD_READ | Right.FD_SEEK);
      const m0 = viewOf(ctx);
      const iovs = m0.iovecs(u32(iovsPtr), u32(iovsLen));
      m0.check(u32(out), 4);
      const f = positional(e);
      const data = await readAt(f.hostFd, iovTotal(iovs), u64(offset));
      const m = viewOf(ctx);
      m.setU32(u32(out), scatter(m, iovs, data));
      return OK;
    }),

    fd_pwrite: wrap(async (fd, iovsPtr, iovsLen, offset, out) => {
      const e = fds.get(u32(fd), Right.FD_WRITE | Right.FD_SEEK);
      const m0 = viewOf(ctx);
      const iovs = m0.iovecs(u32(iovsPtr), u32(iovsLen));
      m0.check(u32(out), 4);
      const f = positional(e);
      const n = await hostWrite(f.hostFd, gather(m0, iovs), u64(offset));
      viewOf(ctx).setU32(u32(out), n);
      return OK;
    }),

    fd_read: wrap(async (fd, iovsPtr, iovsLen, out) => {
      const e = fds.get(u32(fd), Right.FD_READ);
      const m0 = viewOf(ctx);
      const iovs = m0.iovecs(u32(iovsPtr), u32(iovsLen));
      m0.check(u32(out), 4);
      const want = iovTotal(iovs);
      let data: Uint8Array;
      if (e.kind === 'file') {
        data = await readAt(e.hostFd, want, e.position);
        e.position += BigInt(data.length);
      } else if (e.kind === 'input') {
        data = await e.source.read(Math.min(want, MAX_READ));
      } else if (e.kind === 'dir') {
        return Errno.ISDIR;
      } else {
        return Errno.BADF;
      }
      const m = viewOf(ctx);
      m.setU32(u32(out), scatter(m, iovs, data));
      return OK;
    }),

    fd_write: wrap(async (fd, iovsPtr, iovsLen, out) => {
      const e = fds.get(u32(fd), Right.FD_WRITE);
      const m0 = viewOf(ctx);
      const iovs = m0.iovecs(u32(iovsPtr), u32(iovsLen));
      m0.check(u32(out), 4);
      const data = gather(m0, iovs);
      let n: number;
      if (e.kind === 'file') n = await writeFile(e, data);
      else if (e.kind === 'output') n = data.length === 0 ? 0 : await e.sink.write(data);
      else if (e.kind === 'dir') return Errno.ISDIR;
      else return Errno.BADF;
      viewOf(ctx).setU32(u32(out), n);
      return OK;
    }),

    fd_prestat_get: wrap((fd, out) => {
      const name = preopenName(fds.get(u32(fd)));
      const m = viewOf(ctx), p = u32(out);
      m.zero(p, Layout.prestat.size);
      m.setU8(p + Layout.prestat.tag, PREOPENTYPE_DIR);
      m.setU32(p + Layout.prestat.nameLen, name.length);
      return OK;
    }),

    fd_prestat_dir_name: wrap((fd, pathPtr, pathLen) => {
      const name = preopenName(fds.get(u32(fd)));
      if (u32(pathLen) < name.length) return Errno.NOBUFS;
      viewOf(ctx).copyIn(u32(pathPtr), name);
      return OK;
    }),

    fd_readdir: wrap(async (fd, buf, bufLen, cookie, out) => {
      const e = fds.dir(u32(fd), Right.FD_READDIR);
      const p = u32(buf), cap = u32(bufLen), start = u64(cookie);
      viewOf(ctx).check(p, cap);
      viewOf(ctx).check(u32(out), 4);
      if (start === 0n || e.listing === undefined) e.listing = await listDirectory(e);
      const bytes = serializeDirents(e.listing, start, cap);
      const m = viewOf(ctx);
      m.copyIn(p, bytes);
      m.setU32(u32(out), bytes.length);
      return OK;
    }),

    fd_renumber: wrap(async (from, to) => {
      await fds.renumber(u32(from), u32(to));
      return OK;
    }),

    fd_seek: wrap((fd, offset, whence, out) => {
      const w = u32(whence), delta = s64(offset);
      const rights = w === Whence.CUR && delta === 0n ? Right.FD_TELL : Right.FD_SEEK;
      const e = fds.get(u32(fd), rights);
      const f = positional(e);
      const p = u32(out);
      viewOf(ctx).check(p, 8);
      const finish = (base: bigint): number => {
        const next = base + delta;
        if (next < 0n) return Errno.INVAL;
        f.position = next;
        viewOf(ctx).setU64(p, next);
        return OK;
      };
      if (w === Whence.SET) return finish(0n);
      if (w === Whence.CUR) return finish(f.position);
      if (w === Whence.END) return fstat(f.hostFd).then((st) => finish(st.size));
      return Errno.INVAL;
    }),

    fd_tell: wrap((fd, out) => {
      const f = positional(fds.get(u32(fd), Right.FD_TELL));
      viewOf(ctx).setU64(u32(out), f.position);
      return OK;
    }),
  };
}

function preopenName(e: ReturnType<WasiContext['fds']['get']>): Uint8Array {
  if (e.kind !== 'dir' || e.preopenName === undefined) throw new WasiError(Errno.INVAL);
  return encodeUtf8(e.preopenName);
}

/** An entry that has an offset: a file. Streams cannot seek (ESPIPE); directories are EISDIR. */
function positional(e: ReturnType<WasiContext['fds']['get']>): FileEntry {
  if (e.kind === 'file') return e;
  if (e.kind === 'dir') throw new WasiError(Errno.ISDIR);
  throw new WasiError(Errno.SPIPE);
}

function regular(e: ReturnType<WasiContext['fds']['file']>): FileEntry {
  if (e.kind !== 'file') throw new WasiError(Errno.INVAL);
  return e;
}

async function readAt(hostFd: number, want: number, position: bigint): Promise<Uint8Array> {
  const buf = new Uint8Array(Math.min(want, MAX_READ));
  if (buf.length === 0) return buf;
  const n = await hostRead(hostFd, buf, position);
  return buf.subarray(0, n);
}

async function writeFile(e: FileEntry, data: Uint8Array): Promise<number> {
  if (data.length === 0) return 0;
  if (e.hostAppend) {
    // O_APPEND on the host: the kernel picks the end; our offset follows it.
    const n = await hostWrite(e.hostFd, data, null);
    e.position = (await fstat(e.hostFd)).size;
    return n;
  }
  const at = (e.fdflags & Fdflags.APPEND) !== 0 ? (await fstat(e.hostFd)).size : e.position;
  const n = await hostWrite(e.hostFd, data, at);
  e.position = at + BigInt(n);
  return n;
}

function fstat(fd: number): Promise<fs.BigIntStats> {
  return new Promise((res, rej) => fs.fstat(fd, { bigint: true }, (err, st) => (err ? rej(err) : res(st))));
}

function ftruncate(fd: number, len: number): Promise<void> {
  return new Promise((res, rej) => fs.ftruncate(fd, len, (err) => (err ? rej(err) : res())));
}

function sync(hostFd: number | undefined, dataOnly: boolean): Promise<void> {
  if (hostFd === undefined) return Promise.resolve();
  return new Promise((res, rej) => (dataOnly ? fs.fdatasync : fs.fsync)(hostFd, (err) => (err ? rej(err) : res())));
}

async function listDirectory(e: DirEntry): Promise<{ name: string; type: number; ino: bigint }[]> {
  const dirents = await fsp.readdir(e.hostPath, { withFileTypes: true });
  const out: { name: string; type: number; ino: bigint }[] = [];
  for (const d of dirents) {
    const st = await fsp.lstat(e.hostPath + '/' + d.name, { bigint: true }).catch(() => undefined);
    out.push({ name: d.name, type: direntType(d), ino: st?.ino ?? 0n });
  }
  return out;
}

function direntType(d: fs.Dirent): number {
  if (d.isFile()) return Filetype.REGULAR_FILE;
  if (d.isDirectory()) return Filetype.DIRECTORY;
  if (d.isSymbolicLink()) return Filetype.SYMBOLIC_LINK;
  if (d.isCharacterDevice()) return Filetype.CHARACTER_DEVICE;
  if (d.isBlockDevice()) return Filetype.BLOCK_DEVICE;
  if (d.isFIFO() || d.isSocket()) return Filetype.SOCKET_STREAM;
  return Filetype.UNKNOWN;
}

/** Dirents from index `start`, as many bytes as fit in `cap` (the last one may be cut, as preview1 allows). */
function serializeDirents(list: readonly { name: string; type: number; ino: bigint }[], start: bigint, cap: number): Uint8Array {
  const out = new Uint8Array(cap);
  const D = Layout.dirent;
  let used = 0;
  for (let i = start; i < BigInt(list.length) && used < cap; i++) {
    const ent = list[Number(i)]!;
    const name = encodeUtf8(ent.name);
    const header = new Uint8Array(D.size);
    const hv = new DataView(header.buffer);
    hv.setBigUint64(D.next, i + 1n, true);
    hv.setBigUint64(D.ino, ent.ino, true);
    hv.setUint32(D.namlen, name.length, true);
    hv.setUint8(D.type, ent.type);
    for (const part of [header, name]) {
      const n = Math.min(part.length, cap - used);
      out.set(part.subarray(0, n), used);
      used += n;
    }
  }
  return out.subarray(0, used);
}
