// Shared set-up for the hostile-guest tests: Corral through its public API
// (test/spec/corral-api.ts), one Engine per memory mode, and a helper that
// runs a test body in both modes.
//
// Invariants: before src/index.ts exports Engine, every hostile test is
// skipped with that reason (never passed); afterwards, an engine that cannot
// start fails the test. Only test/hostile imports this.

import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import type { CorralApi, CorralEngine, CorralInstance, EngineConfig, MemoryMode, Val } from '../spec/corral-api.js';
import { engineExported, loadCorral, MEMORY_MODES } from '../spec/corral-api.js';

export interface Guest {
  readonly api: CorralApi;
  readonly engine: CorralEngine;
  readonly mode: MemoryMode;
  /** Compiles and instantiates a .wat module. */
  instantiate(wat: string, imports?: Record<string, Record<string, unknown>>): Promise<CorralInstance>;
}

/** Runs `body` once per memory mode, each with a fresh Engine (closed afterwards); skips before the engine lands. */
export async function inBothModes(t: TestContext, config: EngineConfig, body: (g: Guest) => Promise<void>): Promise<void> {
  if (!(await engineExported())) {
    t.skip('engine not landed: src/index.ts does not export Engine yet');
    return;
  }
  const load = await loadCorral();
  assert.ok(load.ok, load.ok ? '' : `src/index.ts exports Engine but Corral cannot run: ${load.reason}`);
  const { api } = load;
  for (const mode of MEMORY_MODES) {
    await t.test(`${mode} memory`, async () => {
      const engine = new api.Engine({ ...config, memoryMode: mode });
      try {
        await body({
          api,
          engine,
          mode,
          instantiate: async (wat, imports) => engine.instantiate(await engine.compile(wat), imports ?? {}),
        });
      } finally {
        engine.close();
      }
    });
  }
}

/** Asserts the promise rejects with a Corral Trap of `code`; returns it. */
export async function assertTrap(g: Guest, p: Promise<unknown>, code: string, what: string): Promise<Error> {
  let error: unknown;
  try {
    await p;
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof g.api.Trap, `${what}: expected Trap ${code}, got ${error === undefined ? 'no error' : String(error)}`);
  assert.equal((error as { code: string }).code, code, `${what}: trap code`);
  return error as Error;
}

export const i32 = (value: number): Val => ({ type: 'i32', value: value | 0 });
export const i64 = (value: bigint): Val => ({ type: 'i64', value: BigInt.asIntN(64, value) });

/** The single i32 result of a call. */
export async function callI32(inst: CorralInstance, name: string, ...args: Val[]): Promise<number> {
  const [r] = await inst.call(name, args);
  assert.ok(r !== undefined && r.type === 'i32', `${name} returns an i32`);
  return r.value;
}
