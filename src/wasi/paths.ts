// Capability-safe path resolution: a guest path, relative to a directory fd,
// becomes a host path that lies inside the pre-open that fd came from.
//
// The path is walked one component at a time from the directory's host path:
// `..` pops a component (and fails with ENOTCAPABLE at the pre-open's root),
// each component is lstat'ed, and a symlink met on the way (or at the end,
// when following) is replaced by its target's components, read with readlink
// and resolved by the same rules, so an absolute target or one climbing above
// the pre-open is ENOTCAPABLE however it is spelled. The result names only
// real directories below the root, then the final component.
//
// Invariants: absolute guest paths are ENOTCAPABLE; a NUL byte is EINVAL; at
// most MAX_SYMLINKS expansions (then ELOOP). What this cannot close: a host
// process (or another guest sharing the directory) swapping a checked
// directory for a symlink between this walk and the operation; path_open
// re-checks the opened file's real path to catch that for opens.
// Imports errno.ts only.

import fsp from 'node:fs/promises';
import path from 'node:path';
import { Errno, WasiError } from './errno.js';

const MAX_SYMLINKS = 40;
const MAX_PATH = 4096;

/**
 * The host path for `guestPath` relative to the directory `base` (at or below
 * `root`, both real paths); `followFinal` expands a final symlink. `..` may
 * climb from `base` up to `root` (as node:wasi allows), never above it.
 */
export async function resolvePath(root: string, base: string, guestPath: string, followFinal: boolean): Promise<string> {
  if (guestPath.length === 0) throw new WasiError(Errno.NOENT);
  if (guestPath.includes('\0')) throw new WasiError(Errno.INVAL);
  if (guestPath.length > MAX_PATH) throw new WasiError(Errno.NAMETOOLONG);
  if (guestPath.startsWith('/')) throw new WasiError(Errno.NOTCAPABLE);
  const trailingSlash = guestPath.endsWith('/');
  const follow = followFinal || trailingSlash;
  const pending = components(guestPath);
  if (!isInside(root, base)) throw new WasiError(Errno.NOTCAPABLE);
  const stack: string[] = components(path.relative(root, base));
  let expansions = 0;
  while (pending.length > 0) {
    const c = pending.shift()!;
    if (c === '..') {
      if (stack.length === 0) throw new WasiError(Errno.NOTCAPABLE);
      stack.pop();
      continue;
    }
    const isLast = pending.length === 0;
    const candidate = join(root, [...stack, c]);
    let st;
    try {
      st = await fsp.lstat(candidate);
    } catch (e) {
      if ((e as { code?: string }).code === 'ENOENT' && isLast) {
        stack.push(c);
        break;
      }
      throw e;
    }
    if (st.isSymbolicLink() && (!isLast || follow)) {
      if (++expansions > MAX_SYMLINKS) throw new WasiError(Errno.LOOP);
      const target = await fsp.readlink(candidate);
      if (target.length === 0) throw new WasiError(Errno.NOENT);
      if (target.startsWith('/')) throw new WasiError(Errno.NOTCAPABLE);
      pending.unshift(...components(target));
      continue;
    }
    if (!isLast && !st.isDirectory()) throw new WasiError(Errno.NOTDIR);
    stack.push(c);
  }
  const out = join(root, stack);
  return trailingSlash && stack.length > 0 ? out + '/' : out;
}

/** True when `hostPath` (a real path) is `root` or below it. */
export function isInside(root: string, hostPath: string): boolean {
  const rel = path.relative(root, hostPath);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Lexically, does a symlink target stay inside `root` when placed at `linkHostPath`? */
export function symlinkTargetStaysInside(root: string, linkHostPath: string, target: string): boolean {
  if (target.startsWith('/')) return false;
  const depth = components(path.relative(root, path.dirname(linkHostPath.replace(/\/+$/, '')))).length;
  let d = depth;
  for (const c of components(target)) {
    if (c === '..') {
      if (--d < 0) return false;
    } else d++;
  }
  return true;
}

function components(p: string): string[] {
  return p.split('/').filter((c) => c !== '' && c !== '.');
}

function join(root: string, parts: readonly string[]): string {
  return parts.length === 0 ? root : root + '/' + parts.join('/');
}
