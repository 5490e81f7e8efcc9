// Artifacts round trip: compile → serialize → load → instantiate behaves
// exactly as compiling directly (results, traps, backtraces with names), in
// both memory modes; every array comes back equal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileModule } from '../../src/compiler/baseline/index.js';
import { parseModule } from '../../src/wasm/index.js';
import { loadArtifact, readArtifactHeader, serializeArtifact, corralVersion } from '../../src/artifact/index.js';
import { Engine } from '../../src/index.js';
import { behaviour, sampleBytes } from './fixtures.js';

for (const memoryMode of ['guarded', 'checked'] as const) {
  test(`round trip in ${memoryMode} mode: same arrays, same behaviour`, async () => {
    const bytes = await sampleBytes();
    const direct = compileModule(parseModule(bytes), { memoryMode });
    const artifact = serializeArtifact(direct);
    const { header, compiled } = loadArtifact(artifact, { memoryMode, fuel: false });
    assert.equal(header.memoryMode, memoryMode);
    assert.equal(header.fuel, false);
    assert.equal(header.corralVersion, corralVersion());
    assert.deepEqual(header.cpuFeatures, ['sse4_1', 'popcnt', 'lzcnt', 'bmi1']);
    for (const k of ['code', 'trapOffsets', 'trapCodes', 'functionStarts', 'functionEnds', 'entryThunks', 'hostTrampolines', 'sourceMachine', 'sourceWasm'] as const) {
      assert.deepEqual(compiled[k], direct[k], k);
    }
    assert.deepEqual(compiled.module.bytes, bytes);
    assert.equal(compiled.module.names.functions.get(10), 'divide');

    const engine = new Engine({ memoryMode });
    try {
      const fromArtifact = await behaviour(engine, engine.load(compiled));
      const fromSource = await behaviour(engine, engine.load(direct));
      assert.deepEqual(fromArtifact, fromSource);
      // The comparison must be able to see something: results and a named trap are in it.
      assert.deepEqual(fromArtifact[0], { name: 'pick', results: [{ type: 'i32', value: 42 }] });
      const trap = fromArtifact.find((r) => (r as { name: string }).name === 'divide') as { trap: string; frames: unknown[][] };
      assert.equal(trap.trap, 'integer_divide_by_zero');
      assert.equal(trap.frames[0]![1], 'divide');
    } finally {
      engine.close();
    }
  });
}

test('the input buffer can be reused after loading (the result owns copies)', async () => {
  const direct = compileModule(parseModule(await sampleBytes()), { memoryMode: 'guarded' });
  const artifact = serializeArtifact(direct);
  const { compiled } = loadArtifact(artifact);
  artifact.fill(0);
  assert.deepEqual(compiled.code, direct.code);
  assert.deepEqual(compiled.functionStarts, direct.functionStarts);
});

test('serializing is deterministic and the header describes the file', async () => {
  const direct = compileModule(parseModule(await sampleBytes()), { memoryMode: 'checked', fuel: true });
  const a = serializeArtifact(direct);
  assert.deepEqual(serializeArtifact(direct), a);
  const h = readArtifactHeader(a);
  assert.equal(h.fileLength, a.length);
  assert.equal(h.fuel, true);
  assert.equal(h.memoryMode, 'checked');
  assert.equal(h.sections.find((s) => s.name === 'code')!.length, direct.code.length);
  for (const s of h.sections) assert.equal(s.offset % 8, 0, `${s.name} is 8-byte aligned`);
});
