// Regression cases: every mismatch a differential run finds is kept as a
// module (`regressions/<name>.wasm`, exactly the bytes that were run) and
// V8's transcript of it (`regressions/<name>.json`), which the default test
// replays on every Corral side until they agree — and forever after.
//
// Invariants: the stored transcript is the oracle's (V8's), never Corral's;
// memory is stored as size and SHA-256. Files are found from the repository
// root, not the working directory. Only test/differential imports this.

import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../spec/suite.js';
import type { Mismatch } from './campaign.js';
import type { Transcript } from './transcript.js';

export const regressionsDir = path.join(repoRoot, 'test', 'differential', 'regressions');

export interface RegressionCase {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly expected: Transcript;
  /** Where it came from and what differed when it was found. */
  readonly origin: string;
}

interface Stored {
  readonly origin: string;
  readonly expected: { events: string[]; exhaustedAt?: number; memory?: { size: number; sha256: string } };
}

/** Writes a mismatch as a regression case; returns its name (one per seed). */
export function saveRegression(m: Mismatch, generatorFlags: readonly string[]): string {
  mkdirSync(regressionsDir, { recursive: true });
  const name = `seed-${m.seed}`;
  const { events, exhaustedAt, memory } = m.expected;
  const stored: Stored = {
    origin: `seed ${m.seed} (wasm-opt ${generatorFlags.join(' ')}), first found on ${m.side}: event ${m.difference.at}: expected "${m.difference.expected}", got "${m.difference.actual}"`,
    expected: { events: [...events], ...(exhaustedAt !== undefined ? { exhaustedAt } : {}), ...(memory ? { memory } : {}) },
  };
  writeFileSync(path.join(regressionsDir, `${name}.wasm`), m.bytes);
  writeFileSync(path.join(regressionsDir, `${name}.json`), JSON.stringify(stored, null, 2) + '\n');
  return name;
}

export function loadRegressions(): RegressionCase[] {
  if (!existsSync(regressionsDir)) return [];
  return readdirSync(regressionsDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const name = f.slice(0, -'.json'.length);
      const stored = JSON.parse(readFileSync(path.join(regressionsDir, f), 'utf8')) as Stored;
      const bytes = new Uint8Array(readFileSync(path.join(regressionsDir, `${name}.wasm`)));
      return { name, bytes, expected: stored.expected, origin: stored.origin };
    });
}
