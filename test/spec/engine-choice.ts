// Which engine a conformance run uses, and what follows from the choice: the
// expectations file it is judged against, the scripts it covers, and the
// per-script executors.
//
//   none            front end only (parseModule), core/ and simd/, expectations.json
//   corral/guarded  Corral, guarded memory, core/ only, expectations.corral-guarded.json
//   corral/checked  Corral, checked memory, core/ only, expectations.corral-checked.json
//
// Invariants: each engine/mode pair has its own expectations file, so a
// failure specific to one memory mode cannot hide in the other's ratchet.
// SIMD (simd/) is left to the front-end run until the compiler handles it:
// every SIMD command would otherwise be one unsupported:simd entry. Only the
// conformance entry points (run.ts, tests) import this.

import path from 'node:path';
import type { CorralEngine, MemoryMode } from './corral-api.js';
import { loadCorral } from './corral-api.js';
import { CorralExecutor } from './corral-executor.js';
import type { Executor } from './executor.js';
import { repoRoot } from './suite.js';

export type EngineChoice = { readonly engine: 'none' } | { readonly engine: 'corral'; readonly memory: MemoryMode };

export function choiceName(c: EngineChoice): string {
  return c.engine === 'none' ? 'none' : `corral/${c.memory}`;
}

export function expectationsFor(c: EngineChoice): string {
  const name = c.engine === 'none' ? 'expectations.json' : `expectations.corral-${c.memory}.json`;
  return path.join(repoRoot, 'test', 'spec', name);
}

/** The script filter a run uses when the user gives none. */
export function defaultFilter(c: EngineChoice): string {
  return c.engine === 'none' ? '' : 'core/';
}

export interface OpenEngine {
  /** Absent for the front-end-only run. */
  readonly executorFor?: (file: string) => Executor;
  close(): void;
}

/** Starts the chosen engine; throws with the reason when Corral cannot run guests. */
export async function openEngine(c: EngineChoice): Promise<OpenEngine> {
  if (c.engine === 'none') return { close: () => undefined };
  const load = await loadCorral();
  if (!load.ok) throw new Error(`Corral is not available: ${load.reason}`);
  const { api } = load;
  const engine: CorralEngine = new api.Engine({ memoryMode: c.memory });
  return {
    executorFor: () => new CorralExecutor(api, engine),
    close: () => engine.close(),
  };
}
