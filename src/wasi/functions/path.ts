// The path_* functions: open, create/remove directories, unlink, rename,
// link, symlink, readlink, stat and times — each relative to a directory fd
// and resolved by paths.ts, so nothing reaches outside that directory.
//
// Invariants: rights of the directory fd are checked first; guest result
// pointers are checked before the host operation (no file is created or fd
// opened for a guest that cannot receive it); operations that act on a final
// component never act on the directory fd's own root (rmdir(".") must not
// remove a pre-open). path_open opens with O_NOFOLLOW and then re-checks the
// opened file's real path against the root, closing the race window the walk
// leaves for opens. A guest may create symlinks only with relative targets
// that stay inside the directory lexically. Imports the context, the fd
// table, paths.ts, filestat.ts.

import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { Fdflags, Filetype, Lookupflags, Oflags, RIGHTS_DIRECTORY, RIGHTS_DIRECTORY_INHERITING, RIGHTS_FILE, Right } from '../constants.js';
import { OK, u32, u64, viewOf, wrap, type HostFunction, type WasiContext } from '../context.js';
import { Errno, WasiError, type ErrnoValue } from '../errno.js';
import type { DirEntry } from '../fd-table.js';
import { timesToSet, writeFilestat } from '../filestat.js';
import { filetypeOfStats } from '../host-io.js';
import { isInside, resolvePath, symlinkTargetStaysInside } from '../paths.js';

const C = fs.constants;
// Linux access-mode mask (fs.constants does not expose it).
const O_ACCMODE = 3;

export function pathFunctions(ctx: WasiContext): Record<string, HostFunction> {
  const { fds } = ctx;
  const guestPath = (ptr: unknown, len: unknown) => viewOf(ctx).string(u32(ptr), u32(len));

  /** The host path of a final component that must not be the directory itself. */
  async function component(dir: DirEntry, p: string, ifRoot: ErrnoValue): Promise<string> {
    const host = await resolvePath(dir.root, dir.hostPath, p, false);
    const bare = host.replace(/\/+$/, '');
    if (bare === dir.hostPath || bare === dir.root) throw new WasiError(ifRoot);
    return host;
  }

  return {
    path_create_directory: wrap(async (fd, ptr, len) => {
      const dir = fds.dir(u32(fd), Right.PATH_CREATE_DIRECTORY);
      await fsp.mkdir(await component(dir, guestPath(ptr, len), Errno.EXIST), { mode: 0o777 });
      return OK;
    }),

    path_remove_directory: wrap(async (fd, ptr, len) => {
      const dir = fds.dir(u32(fd), Right.PATH_REMOVE_DIRECTORY);
      await fsp.rmdir(await component(dir, guestPath(ptr, len), Errno.INVAL));
      return OK;
    }),

    path_unlink_file: wrap(async (fd, ptr, len) => {
      const dir = fds.dir(u32(fd), Right.PATH_UNLINK_FILE);
      await fsp.unlink(await component(dir, guestPath(ptr, len), Errno.ISDIR));
      return OK;
    }),

    path_filestat_get: wrap(async (fd, flags, ptr, len, out) => {
      const dir = fds.dir(u32(fd), Right.PATH_FILESTAT_GET);
      const p = guestPath(ptr, len);
      viewOf(ctx).check(u32(out), 64);
      const host = await resolvePath(dir.root, dir.hostPath, p, (u32(flags) & Lookupflags.SYMLINK_FOLLOW) !== 0);
      const st = await fsp.lstat(host, { bigint: true });
      writeFilestat(viewOf(ctx), u32(out), st);
      return OK;
    }),

    path_filestat_set_times: wrap(async (fd, flags, ptr, len, atim, mtim, fstFlags) => {
      const dir = fds.dir(u32(fd), Right.PATH_FILESTAT_SET_TIMES);
      const follow = (u32(flags) & Lookupflags.SYMLINK_FOLLOW) !== 0;
      const host = await resolvePath(dir.root, dir.hostPath, guestPath(ptr, len), follow);
      const [a, m] = await timesToSet(u64(atim), u64(mtim), u32(fstFlags), () => fsp.lstat(host, { bigint: true }));
      // The walk expanded every symlink it was asked to follow; what is left is not followed.
      await fsp.lutimes(host, a, m);
      return OK;
    }),

    path_link: wrap(async (oldFd, oldFlags, oldPtr, oldLen, newFd, newPtr, newLen) => {
      const from = fds.dir(u32(oldFd), Right.PATH_LINK_SOURCE);
      const to = fds.dir(u32(newFd), Right.PATH_LINK_TARGET);
      const oldPath = guestPath(oldPtr, oldLen), newPath = guestPath(newPtr, newLen);
      const src = await resolvePath(from.root, from.hostPath, oldPath, (u32(oldFlags) & Lookupflags.SYMLINK_FOLLOW) !== 0);
      const dst = await component(to, newPath, Errno.EXIST);
      await fsp.link(src, dst);
      return OK;
    }),

    path_rename: wrap(async (fd, oldPtr, oldLen, newFd, newPtr, newLen) => {
      const from = fds.dir(u32(fd), Right.PATH_RENAME_SOURCE);
      const to = fds.dir(u32(newFd), Right.PATH_RENAME_TARGET);
      const oldPath = guestPath(oldPtr, oldLen), newPath = guestPath(newPtr, newLen);
      const src = await component(from, oldPath, Errno.BUSY);
      const dst = await component(to, newPath, Errno.BUSY);
      await fsp.rename(src, dst);
      return OK;
    }),

    path_symlink: wrap(async (oldPtr, oldLen, fd, newPtr, newLen) => {
      const dir = fds.dir(u32(fd), Right.PATH_SYMLINK);
      const target = guestPath(oldPtr, oldLen), newPath = guestPath(newPtr, newLen);
      if (target.includes('\0')) return Errno.INVAL;
      const link = await component(dir, newPath, Errno.EXIST);
      if (!symlinkTargetStaysInside(dir.root, link, target)) return Errno.NOTCAPABLE;
      await fsp.symlink(target, link);
      return OK;
    }),

    path_readlink: wrap(async (fd, ptr, len, buf, bufLen, out) => {
      const dir = fds.dir(u32(fd), Right.PATH_READLINK);
      const p = guestPath(ptr, len);
      const b = u32(buf), cap = u32(bufLen);
      viewOf(ctx).check(b, cap);
      viewOf(ctx).check(u32(out), 4);
      const host = await resolvePath(dir.root, dir.hostPath, p, false);
      const target = await fsp.readlink(host, { encoding: 'buffer' });
      const n = Math.min(target.length, cap);
      const m = viewOf(ctx);
      m.copyIn(b, target.subarray(0, n));
      m.setU32(u32(out), n);
      return OK;
    }),

    path_open: wrap(async (fd, dirflags, ptr, len, oflags, rightsBase, rightsInheriting, fdflags, out) => {
      const base = u64(rightsBase), inheriting = u64(rightsInheriting);
      const o = u32(oflags), ff = u32(fdflags);
      const read = (base & (Right.FD_READ | Right.FD_READDIR)) !== 0n;
      const write = (base & (Right.FD_DATASYNC | Right.FD_WRITE | Right.FD_ALLOCATE | Right.FD_FILESTAT_SET_SIZE)) !== 0n;
      let flags = write ? (read ? C.O_RDWR : C.O_WRONLY) : C.O_RDONLY;
      let neededBase = Right.PATH_OPEN;
      let neededInheriting = base | inheriting;
      if (o & Oflags.CREAT) { flags |= C.O_CREAT; neededBase |= Right.PATH_CREATE_FILE; }
      if (o & Oflags.DIRECTORY) flags |= C.O_DIRECTORY;
      if (o & Oflags.EXCL) flags |= C.O_EXCL;
      if (o & Oflags.TRUNC) { flags |= C.O_TRUNC; neededBase |= Right.PATH_FILESTAT_SET_SIZE; }
      if (ff & Fdflags.APPEND) flags |= C.O_APPEND;
      if (ff & Fdflags.DSYNC) { flags |= C.O_DSYNC; neededInheriting |= Right.FD_DATASYNC; }
      if (ff & Fdflags.NONBLOCK) flags |= C.O_NONBLOCK;
      if (ff & (Fdflags.RSYNC | Fdflags.SYNC)) { flags |= C.O_SYNC; neededInheriting |= Right.FD_SYNC; }
      if (write && (ff & Fdflags.APPEND) === 0 && (o & Oflags.TRUNC) === 0) neededInheriting |= Right.FD_SEEK;
      const dir = fds.dir(u32(fd), neededBase, neededInheriting);
      const p = guestPath(ptr, len);
      viewOf(ctx).check(u32(out), 4);
      // O_CREAT|O_EXCL never follows a final symlink (POSIX), so neither does the walk.
      const follow = (u32(dirflags) & Lookupflags.SYMLINK_FOLLOW) !== 0 && (o & Oflags.EXCL) === 0;
      const host = await resolvePath(dir.root, dir.hostPath, p, follow);
      const hostFd = await new Promise<number>((res, rej) =>
        fs.open(host, flags | C.O_NOFOLLOW, 0o666, (err, n) => (err ? rej(err) : res(n))));
      let keep = false;
      try {
        const real = await fsp.readlink(`/proc/self/fd/${hostFd}`);
        if (!isInside(dir.root, real)) return Errno.NOTCAPABLE;
        const st = await new Promise<fs.Stats>((res, rej) => fs.fstat(hostFd, (err, s) => (err ? rej(err) : res(s))));
        const filetype = filetypeOfStats(st);
        let guestFd: number;
        if (filetype === Filetype.DIRECTORY) {
          guestFd = fds.add({
            kind: 'dir', hostPath: real, root: dir.root, preopenName: undefined, listing: undefined, filetype, fdflags: ff,
            rightsBase: base & RIGHTS_DIRECTORY, rightsInheriting: inheriting & RIGHTS_DIRECTORY_INHERITING,
          });
        } else {
          let rights = base & RIGHTS_FILE;
          if ((flags & O_ACCMODE) === C.O_RDONLY) rights &= ~Right.FD_WRITE;
          else if ((flags & O_ACCMODE) === C.O_WRONLY) rights &= ~Right.FD_READ;
          guestFd = fds.add({
            kind: 'file', hostFd, hostAppend: (ff & Fdflags.APPEND) !== 0, position: 0n, filetype, fdflags: ff,
            rightsBase: rights, rightsInheriting: 0n,
          });
          keep = true;
        }
        viewOf(ctx).setU32(u32(out), guestFd);
        return OK;
      } finally {
        if (!keep) fs.close(hostFd, () => {});
      }
    }),
  };
}
