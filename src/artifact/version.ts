// The Corral build an artifact or cache entry belongs to: the package version
// plus a fingerprint of the code that decides what a compiled module contains
// (the front end, the compilers, the ABI and this format). Two builds with the
// same string produce the same machine code for the same input, so a
// development rebuild never picks up stale artifacts.
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

let cached: string | undefined;

export function corralVersion(): string {
  if (cached !== undefined) return cached;
  cached = `${packageVersion()}+${buildFingerprint()}`;
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

function buildFingerprint(): string {
  const hash = createHash('sha256');
  const src = path.dirname(here);
  for (const dir of FINGERPRINTED) {
    let files: string[];
    try { files = fs.readdirSync(path.join(src, dir), { recursive: true, encoding: 'utf8' }); } catch { continue; }
    for (const f of files.filter((f) => f.endsWith('.js')).sort()) {
      hash.update(`${dir}/${f}\0`);
      hash.update(fs.readFileSync(path.join(src, dir, f)));
    }
  }
  return hash.digest('hex').slice(0, 12);
}
