// Every class of bad artifact is rejected with ArtifactError and the right
// reason: wrong magic, format, Corral build, configuration, architecture or
// CPU; checksum; truncation; trailing bytes; and, with a valid checksum,
// every table that does not fit the code or the module.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileModule } from '../../src/compiler/baseline/index.js';
import type { CompiledModule } from '../../src/compiler/compiled-module.js';
import { parseModule } from '../../src/wasm/index.js';
import { ArtifactError, loadArtifact, serializeArtifact, type ArtifactErrorReason } from '../../src/artifact/index.js';
import { OFF } from '../../src/artifact/format.js';
import { checksumOf } from '../../src/artifact/write.js';
import { readArtifactHeader } from '../../src/artifact/read.js';
import { sampleBytes } from './fixtures.js';

const compiled = compileModule(parseModule(await sampleBytes()), { memoryMode: 'guarded' });
const good = serializeArtifact(compiled);

function rejects(bytes: Uint8Array, reason: ArtifactErrorReason, pattern?: RegExp, expect = {}): void {
  assert.throws(() => loadArtifact(bytes, expect), (e: unknown) => {
    assert.ok(e instanceof ArtifactError, `expected ArtifactError, got ${String(e)}`);
    assert.equal(e.reason, reason, e.message);
    if (pattern) assert.match(e.message, pattern);
    return true;
  });
}

/** A copy with `edit` applied and the checksum recomputed, so checks past the checksum are reached. */
function resealed(edit: (b: Uint8Array, dv: DataView) => void, from = good): Uint8Array {
  const b = from.slice();
  edit(b, new DataView(b.buffer));
  b.set(checksumOf(b), OFF.checksum);
  return b;
}

function section(name: string): { offset: number; length: number } {
  return readArtifactHeader(good).sections.find((s) => s.name === name)!;
}

function tampered(change: Partial<Record<keyof CompiledModule, unknown>>): Uint8Array {
  return serializeArtifact({ ...compiled, ...change } as CompiledModule);
}

test('the untouched artifact loads (so every rejection below is caused by its edit)', () => {
  assert.doesNotThrow(() => loadArtifact(good, { memoryMode: 'guarded', fuel: false }));
});

test('not an artifact: a wasm binary, text, random bytes', async () => {
  rejects(await sampleBytes(), 'not-an-artifact');
  rejects(new TextEncoder().encode('(module)'), 'not-an-artifact');
  rejects(Uint8Array.of(0x89, 0x43, 0x4f, 0x52, 0x52, 0x41, 0x4c, 0x0b), 'not-an-artifact');
});

test('another format version, Corral build, configuration, architecture or CPU', () => {
  rejects(resealed((_, dv) => dv.setUint32(OFF.formatVersion, 2, true)), 'format-version', /format version 2/);
  rejects(serializeArtifact(compiled, '0.0.1+000000000000'), 'corral-version', /0\.0\.1/);
  rejects(good, 'config', /memory mode 'guarded'.*'checked'/, { memoryMode: 'checked' });
  rejects(good, 'config', /without fuel/, { fuel: true });
  rejects(serializeArtifact({ ...compiled, fuel: true }), 'config', /with fuel/, { fuel: false });
  rejects(resealed((b) => { b[OFF.arch] = 2; }), 'cpu', /architecture/);
  rejects(good, 'cpu', /lacks sse4_1, popcnt, lzcnt, bmi1/, { hostCpuFeatures: 0 });
  rejects(good, 'cpu', /lacks lzcnt,? which/, { hostCpuFeatures: 0b1011 });
  rejects(resealed((_, dv) => dv.setUint32(OFF.cpuFeatures, 0x100f, true)), 'cpu', /unknown/);
});

test('checksum: one flipped bit anywhere after the length fields', () => {
  for (const at of [OFF.memoryMode, OFF.moduleSha256, OFF.version + 1, section('code').offset + 3, good.length - 1]) {
    const b = good.slice();
    b[at]! ^= 0x10;
    rejects(b, 'checksum');
  }
});

test('truncated and over-long files', () => {
  rejects(good.subarray(0, good.length - 1), 'truncated', new RegExp(`${good.length - 1} of ${good.length}`));
  rejects(good.subarray(0, 40), 'truncated');
  rejects(new Uint8Array(0), 'truncated');
  const longer = new Uint8Array(good.length + 3);
  longer.set(good);
  rejects(longer, 'malformed', /3 bytes after/);
});

test('framing errors behind a valid checksum: header length, section ids, widths, padding, flags', () => {
  rejects(resealed((_, dv) => dv.setUint32(OFF.headerLength, dv.getUint32(OFF.headerLength, true) + 4, true)), 'malformed', /header length/);
  const table = readArtifactHeader(good).sections;
  const tableStart = Math.ceil((OFF.version + 1 + good[OFF.version]!) / 4) * 4 + 4;
  rejects(resealed((_, dv) => dv.setUint32(tableStart + 8, 9, true)), 'malformed', /has id 9/);
  rejects(resealed((_, dv) => dv.setUint32(tableStart + 8 * 2 + 4, table[2]!.length - 2, true)), 'malformed', /whole number/);
  rejects(resealed((_, dv) => dv.setUint32(tableStart - 4, 11, true)), 'malformed', /11 sections/);
  rejects(resealed((b) => { b[OFF.memoryMode] = 7; }), 'malformed', /memory mode/);
  rejects(resealed((b) => { b[OFF.fuel] = 2; }), 'malformed', /flag/);
  const gap = table.findIndex((s, i) => i > 0 && s.offset > table[i - 1]!.offset + table[i - 1]!.length);
  assert.ok(gap > 0, 'the sample has padding between two sections');
  rejects(resealed((b) => { b[table[gap - 1]!.offset + table[gap - 1]!.length] = 1; }), 'malformed', /padding/);
});

test('module bytes: a changed byte no longer matches the module hash; a hash-consistent non-module does not decode', () => {
  const m = section('module');
  rejects(resealed((b) => { b[m.offset + m.length - 1]! ^= 1; }), 'malformed', /SHA-256/);
  const notModule = new Uint8Array(compiled.module.bytes.length).fill(0x41);
  rejects(serializeArtifact({ ...compiled, module: { ...compiled.module, bytes: notModule } }), 'malformed', /does not decode/);
});

test('tables that do not fit the code or the module are malformed', () => {
  const n = compiled.code.length;
  const u32 = (a: Uint32Array, i: number, v: number) => { const c = a.slice(); c[i] = v; return c; };
  assert.ok(compiled.trapOffsets.length >= 2 && compiled.sourceMachine.length >= 2, 'the sample has trap sites and source positions');
  const cases: [string, Partial<Record<keyof CompiledModule, unknown>>, RegExp][] = [
    ['unsorted trap table', { trapOffsets: compiled.trapOffsets.slice().reverse() }, /trap table is not sorted/],
    ['trap site past the code', { trapOffsets: u32(compiled.trapOffsets, compiled.trapOffsets.length - 1, n) }, /trap table entry .* outside/],
    ['trap code none', { trapCodes: Uint8Array.from(compiled.trapCodes, () => 0) }, /unknown trap code 0/],
    ['trap code unknown', { trapCodes: Uint8Array.from(compiled.trapCodes, () => 200) }, /unknown trap code 200/],
    ['trap columns differ', { trapCodes: compiled.trapCodes.subarray(1) }, /differ in length/],
    ['function end past the code', { functionEnds: u32(compiled.functionEnds, 0, n + 1) }, /outside the code/],
    ['function start after its end', { functionStarts: u32(compiled.functionStarts, 1, compiled.functionEnds[1]! + 1) }, /outside the code/],
    ['overlapping functions', { functionStarts: u32(compiled.functionStarts, 2, compiled.functionStarts[1]!) }, /overlaps/],
    ['missing function range', { functionStarts: compiled.functionStarts.subarray(1), functionEnds: compiled.functionEnds.subarray(1) }, /function ranges/],
    ['entry thunk past the code', { entryThunks: u32(compiled.entryThunks, 0, n) }, /entry thunks\[0\]/],
    ['host trampoline past the code', { hostTrampolines: u32(compiled.hostTrampolines, 0, n + 100) }, /host trampolines\[0\]/],
    ['missing host trampoline', { hostTrampolines: new Uint32Array(0) }, /host trampolines: 0 entries/],
    ['unsorted source map', { sourceMachine: compiled.sourceMachine.slice().reverse() }, /source map is not sorted/],
    ['source position past the module', { sourceWasm: u32(compiled.sourceWasm, 0, compiled.module.bytes.length) }, /points past the module/],
  ];
  for (const [what, change, pattern] of cases) {
    assert.throws(() => loadArtifact(tampered(change)), (e: unknown) => e instanceof ArtifactError && e.reason === 'malformed' && pattern.test(e.message), what);
  }
});
