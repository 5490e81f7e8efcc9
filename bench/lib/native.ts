// The native column: builds a kernel's C source with gcc -O2 (the same source
// clang compiled to wasm) linked to bench/kernels/native/harness.c, into
// dist/bench/native/, rebuilding when a source is newer than the binary (the
// binary's name carries a hash of the flags, so new flags mean a new build); then
// names the command that serves it (kernel-run.ts's protocol). gcc is on every machine of this project; a build failure becomes
// the reason the native column is empty. Nothing in src/ imports bench/.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ChildResult } from './child.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const kernels = `${repo}bench/kernels/`;
const outDir = `${repo}dist/bench/native/`;

/** -fno-math-errno: sqrt stays one instruction, as in wasm (no errno to set); no fused multiply-adds, as in wasm. */
const GCC_FLAGS = ['-O2', '-fno-math-errno', '-ffp-contract=off', '-Wall', '-Wextra', '-Werror'];

const mtime = (p: string): number => { try { return statSync(p).mtimeMs; } catch { return -1; } };

function build(kernel: string): ChildResult<string> {
  const sources = [`${kernels}${kernel}.c`, `${kernels}native/harness.c`];
  const flagsHash = createHash('sha256').update(GCC_FLAGS.join(' ')).digest('hex').slice(0, 8);
  const binary = `${outDir}${kernel}-${flagsHash}`;
  const newest = Math.max(...[...sources, `${kernels}kernel.h`].map(mtime));
  if (mtime(binary) > newest) return { ok: binary };
  mkdirSync(outDir, { recursive: true });
  const r = spawnSync('gcc', [...GCC_FLAGS, '-o', binary, ...sources], { encoding: 'utf8' });
  if (r.error) return { failed: `gcc: ${r.error.message}` };
  if (r.status !== 0) return { failed: `gcc failed: ${(r.stderr ?? '').trim().split('\n')[0]}` };
  return { ok: binary };
}

/** The command that serves timed calls of the kernel's native build (kernel-run.ts's protocol), or why there is none. */
export function nativeCommand(kernel: string, n: number): ChildResult<{ command: string; args: string[] }> {
  const binary = build(kernel);
  if ('failed' in binary) return binary;
  return { ok: { command: binary.ok, args: [String(n)] } };
}
