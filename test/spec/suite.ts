// Where the conformance inputs live: the shared spec test suite beside the
// repository, and this runner's expectations file inside it.
//
// Invariants: paths resolve from the repository root (found from this file's
// own location in dist/test/spec/ or test/spec/), never from the working
// directory, because CI clones the repository into a folder of its own with
// shared/ beside it. A missing suite is an error, never an empty run.
// Only the conformance entry points import this.

import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The suite folders this stage runs (WebAssembly 2.0); later/ is 3.0. */
export const SUITE_DIRS = ['core', 'simd'] as const;

function findRepoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'test', 'spec'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the repository root above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

export const repoRoot = findRepoRoot();

export const expectationsPath = path.join(repoRoot, 'test', 'spec', 'expectations.json');

export function suiteRoot(): string {
  const root = path.resolve(repoRoot, '../shared/wasm-testsuite');
  for (const dir of SUITE_DIRS) {
    if (!existsSync(path.join(root, dir))) {
      throw new Error(`spec test suite not found: ${path.join(root, dir)} is missing (expected ../shared/wasm-testsuite beside the repository)`);
    }
  }
  return root;
}

/** Suite-relative paths ("core/i32.wast") of every script, sorted, whose path contains `filter`. */
export function listScripts(root: string, filter = ''): string[] {
  const files: string[] = [];
  for (const dir of SUITE_DIRS) {
    for (const name of readdirSync(path.join(root, dir)).sort()) {
      const rel = `${dir}/${name}`;
      if (name.endsWith('.wast') && rel.includes(filter)) files.push(rel);
    }
  }
  return files;
}
