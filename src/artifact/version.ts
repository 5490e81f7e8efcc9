// The Corral build an artifact or cache entry belongs to: the package version
// plus a fingerprint of the code that decides what a compiled module contains
// (the front end, the compilers, the ABI and this format). Two builds with the
// same string produce the same machine code for the same input, so a
// development rebuild never picks up stale artifacts, and an artifact made on
// one machine loads on another with the same build.
//
// The fingerprint hashes the files' contents (~10 ms for ~70 files), which
// would be paid at every CLI start; so it is remembered in `fingerprint.json`
// beside this file, keyed by the files' count, total size and newest mtime
// (stats of the remembered file list, no directory walk). Any rebuild changes
// the key and the hash is recomputed and rewritten; where the folder is
// read-only it is recomputed at every start instead.
//
// Invariant: computed once per process, from the files next to this one.
// Must not import: src/runtime/, native/.

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
/** Folders (relative to src/) whose code decides an artifact's contents. */
const FINGERPRINTED = ['wasm', 'compiler', 'abi', 'artifact'];
const REMEMBERED = path.join(here, 'fingerprint.json');

let cached: string | undefined;

export function corralVersion(): string {
  if (cached !== undefined) return cached;
  cached = `${packageVersion()}+${buildFingerprint(path.dirname(here), REMEMBERED)}`;
  return cached;
}

function packageVersion(): string {
  // dist/src/artifact/ (built) or src/artifact/ (sources): package.json is two or three levels up.
  for (const up of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(here, up), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'corral' && typeof pkg.version === 'string') return pkg.version;
    } catch { /* try the next level */ }
  }
  return '0.0.0';
}

/** The fingerprinted files, as paths relative to src/, sorted. */
function fingerprintedFiles(src: string): string[] {
  const out: string[] = [];
  for (const dir of FINGERPRINTED) {
    let files: string[];
    try { files = fs.readdirSync(path.join(src, dir), { recursive: true, encoding: 'utf8' }); } catch { continue; }
    for (const f of files) if (f.endsWith('.js')) out.push(`${dir}/${f}`);
  }
  return out.sort();
}

/**
 * The hash of the fingerprinted files under `src` (the built src/ folder),
 * remembered in the file `rememberedPath`. Exported for tests.
 */
export function buildFingerprint(src: string, rememberedPath: string): string {
  const remembered = readRemembered(rememberedPath);
  if (remembered !== undefined && keyOf(src, remembered.files) === remembered.key) return remembered.hash;

  const files = fingerprintedFiles(src);
  const hash = createHash('sha256');
  for (const f of files) {
    hash.update(`${f}\0`);
    hash.update(fs.readFileSync(path.join(src, f)));
  }
  const digest = hash.digest('hex').slice(0, 12);
  try {
    // Write then rename, so a concurrent reader sees the old file or the new one.
    const tmp = `${rememberedPath}.${process.pid}`;
    fs.writeFileSync(tmp, JSON.stringify({ files, key: keyOf(src, files), hash: digest }));
    fs.renameSync(tmp, rememberedPath);
  } catch { /* read-only install: recompute next time */ }
  return digest;
}

interface Remembered { readonly files: string[]; readonly key: string; readonly hash: string }

function readRemembered(rememberedPath: string): Remembered | undefined {
  try {
    const r = JSON.parse(fs.readFileSync(rememberedPath, 'utf8')) as Partial<Remembered>;
    if (Array.isArray(r.files) && r.files.every((f) => typeof f === 'string') && typeof r.key === 'string' && typeof r.hash === 'string') {
      return { files: r.files, key: r.key, hash: r.hash };
    }
  } catch { /* absent or unreadable: compute */ }
  return undefined;
}

/**
 * The files' sizes and mtimes in one string, or '' if one is gone. tsc
 * rewrites every output on each build, so a rebuild (including one that adds
 * a file, which an existing file must import) changes the key.
 */
function keyOf(src: string, files: readonly string[]): string {
  let bytes = 0, newest = 0;
  for (const f of files) {
    let st: fs.Stats;
    try { st = fs.statSync(path.join(src, f)); } catch { return ''; }
    bytes += st.size;
    if (st.mtimeMs > newest) newest = st.mtimeMs;
  }
  return `${files.length}:${bytes}:${newest}`;
}
