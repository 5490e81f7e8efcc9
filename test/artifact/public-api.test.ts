// Artifacts through the package's public entry point only, as an embedder
// uses them: compile, save, load into another engine, run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ArtifactError, Engine, loadArtifact, serializeArtifact, Trap } from '../../src/index.js';
import { SAMPLE_WAT } from './fixtures.js';

test('engine.compile → serializeArtifact → loadArtifact → engine.load in a fresh engine', async () => {
  const first = new Engine({ memoryMode: 'checked' });
  let saved: Uint8Array;
  try {
    saved = serializeArtifact((await first.compile(SAMPLE_WAT)).compiled);
  } finally {
    first.close();
  }
  const second = new Engine({ memoryMode: 'checked' });
  try {
    const { compiled, header } = loadArtifact(saved, { memoryMode: second.memoryMode });
    assert.equal(header.memoryMode, 'checked');
    const inst = await second.instantiate(second.load(compiled), { env: { scale: (x: number) => x + 1 } });
    const e = inst.exports as Record<string, (...a: unknown[]) => Promise<unknown>>;
    assert.equal(await e.pick!(1, 50, 8), 42);
    assert.equal(await e.scaled!(41), 42);
    await assert.rejects(e.divide!(1, 0), (t: unknown) => t instanceof Trap && t.frames[0]?.funcName === 'divide');
    assert.throws(() => loadArtifact(saved, { memoryMode: 'guarded' }), ArtifactError);
  } finally {
    second.close();
  }
});
