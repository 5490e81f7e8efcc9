// Artifact bytes → CompiledModule, checking everything before anything can
// run: magic, format and Corral version, configuration, CPU features, lengths,
// checksum, then every table against the code and the module.
//
// Invariants: any input either loads or throws ArtifactError (never another
// exception, never a partial result); the result owns fresh copies of its
// arrays (the caller may reuse the input buffer). The checksum detects
// corruption, not malice: an artifact is machine code and must come from a
// trusted writer, as a shared library must.
// Must not import: src/runtime/, native/.

import { createHash } from 'node:crypto';
import os from 'node:os';
import { TRAP_CODES } from '../abi/trap-codes.js';
import { NO_THUNK, type CompiledModule, type MemoryMode } from '../compiler/compiled-module.js';
import { decodeModule } from '../wasm/decoder.js';
import { CompileError } from '../wasm/errors.js';
import type { Module } from '../wasm/types.js';
import { CpuFeature, featureNames, missingCpuFeatures } from './cpu-features.js';
import { ArtifactError } from './errors.js';
import { ARCH_X64, FORMAT_VERSION, MAGIC, MEMORY_MODES, OFF, SECTIONS, align, headerLengthFor, type SectionName } from './format.js';
import { corralVersion } from './version.js';
import { checksumOf } from './write.js';


export interface ArtifactHeader {
  readonly formatVersion: number;
  readonly fileLength: number;
  readonly corralVersion: string;
  readonly arch: 'x86-64';
  readonly memoryMode: MemoryMode;
  readonly fuel: boolean;
  readonly cpuFeatures: readonly string[];
  /** Hex SHA-256 of the original module binary. */
  readonly moduleSha256: string;
  readonly checksum: string;
  readonly sections: readonly { readonly name: SectionName; readonly offset: number; readonly length: number }[];
}

export interface LoadExpectations {
  /** The engine configuration the caller will load the code into; a mismatch is a 'config' error. */
  readonly memoryMode?: MemoryMode;
  readonly fuel?: boolean;
  /** The Corral build to require (default: this one). */
  readonly corralVersion?: string;
  /** The host's CPU feature bits (default: from /proc/cpuinfo). */
  readonly hostCpuFeatures?: number;
}

export interface LoadedArtifact {
  readonly header: ArtifactHeader;
  readonly compiled: CompiledModule;
}

function fail(reason: ArtifactError['reason'], detail: string): never {
  throw new ArtifactError(reason, detail);
}

/** True when the bytes start like an artifact (for telling artifacts from .wasm and .wat). */
export function looksLikeArtifact(bytes: Uint8Array): boolean {
  return bytes.length >= MAGIC.length && MAGIC.every((b, i) => bytes[i] === b);
}

/**
 * Checks the framing (magic, format version, lengths, checksum, section table)
 * and returns the header, without judging whether this Corral can run it.
 */
export function readArtifactHeader(bytes: Uint8Array): ArtifactHeader {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('readArtifactHeader: expected a Uint8Array');
  for (let i = 0; i < Math.min(bytes.length, MAGIC.length); i++) {
    if (bytes[i] !== MAGIC[i]) fail('not-an-artifact', 'the file does not start with the Corral artifact magic');
  }
  if (bytes.length < OFF.version + 1) fail('truncated', `${bytes.length} bytes is shorter than the fixed header`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const formatVersion = dv.getUint32(OFF.formatVersion, true);
  if (formatVersion !== FORMAT_VERSION) fail('format-version', `format version ${formatVersion}; this Corral reads version ${FORMAT_VERSION}`);
  const fileLength = dv.getUint32(OFF.fileLength, true);
  if (bytes.length < fileLength) fail('truncated', `${bytes.length} of ${fileLength} bytes present`);
  if (bytes.length > fileLength) fail('malformed', `${bytes.length - fileLength} bytes after the recorded end of the artifact`);
  const versionLength = bytes[OFF.version]!;
  const headerLength = dv.getUint32(OFF.headerLength, true);
  if (headerLength !== headerLengthFor(versionLength)) fail('malformed', `header length ${headerLength} does not match its contents`);
  if (headerLength > fileLength) fail('truncated', `the header (${headerLength} bytes) is longer than the file`);
  const expected = checksumOf(bytes);
  for (let i = 0; i < expected.length; i++) {
    if (bytes[OFF.checksum + i] !== expected[i]) fail('checksum', 'the checksum does not match: the file is corrupt');
  }
  // Past the checksum every byte is as written; what follows catches writer bugs and hand-made files.
  let corral = '';
  try {
    corral = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(OFF.version + 1, OFF.version + 1 + versionLength));
  } catch { fail('malformed', 'the Corral version is not UTF-8'); }
  if (bytes[OFF.arch] !== ARCH_X64) fail('cpu', `built for architecture #${bytes[OFF.arch]}, not x86-64`);
  const memoryMode = MEMORY_MODES[bytes[OFF.memoryMode]!] ?? fail('malformed', `unknown memory mode #${bytes[OFF.memoryMode]}`);
  const fuelByte = bytes[OFF.fuel]!;
  if (fuelByte > 1 || bytes[OFF.reserved] !== 0) fail('malformed', 'bad flag bytes');
  const cpuBits = dv.getUint32(OFF.cpuFeatures, true);
  const known = Object.values(CpuFeature).reduce((a, b) => a | b, 0);
  if ((cpuBits & ~known) !== 0) fail('cpu', `requires CPU features unknown to this Corral (bits 0x${(cpuBits & ~known).toString(16)})`);

  let p = align(OFF.version + 1 + versionLength, 4);
  for (let i = OFF.version + 1 + versionLength; i < p; i++) if (bytes[i] !== 0) fail('malformed', 'non-zero header padding');
  const count = dv.getUint32(p, true);
  if (count !== SECTIONS.length) fail('malformed', `${count} sections; format version ${FORMAT_VERSION} has ${SECTIONS.length}`);
  p += 4;
  const sections: { name: SectionName; offset: number; length: number }[] = [];
  let end = headerLength;
  for (const s of SECTIONS) {
    const id = dv.getUint32(p, true);
    const length = dv.getUint32(p + 4, true);
    p += 8;
    if (id !== s.id) fail('malformed', `section #${sections.length} has id ${id}, expected ${s.id} (${s.name})`);
    if (length % s.width !== 0) fail('malformed', `section ${s.name}: ${length} bytes is not a whole number of ${s.width}-byte elements`);
    const offset = align(end, 8);
    for (let i = end; i < Math.min(offset, fileLength); i++) if (bytes[i] !== 0) fail('malformed', 'non-zero padding between sections');
    if (offset + length > fileLength) fail('malformed', `section ${s.name} (${length} bytes at ${offset}) runs past the end of the file`);
    sections.push({ name: s.name, offset, length });
    end = offset + length;
  }
  if (end !== fileLength) fail('malformed', `${fileLength - end} unaccounted bytes after the last section`);
  return {
    formatVersion, fileLength, corralVersion: corral, arch: 'x86-64', memoryMode, fuel: fuelByte === 1,
    cpuFeatures: featureNames(cpuBits),
    moduleSha256: hex(bytes.subarray(OFF.moduleSha256, OFF.moduleSha256 + 32)),
    checksum: hex(bytes.subarray(OFF.checksum, OFF.checksum + 32)),
    sections,
  };
}

/** Validates an artifact completely and returns the compiled module it holds. Throws ArtifactError. */
export function loadArtifact(bytes: Uint8Array, expect: LoadExpectations = {}): LoadedArtifact {
  const header = readArtifactHeader(bytes);
  const want = expect.corralVersion ?? corralVersion();
  if (header.corralVersion !== want) fail('corral-version', `written by Corral ${header.corralVersion}; this is Corral ${want}`);
  if (os.endianness() !== 'LE' || process.arch !== 'x64') fail('cpu', `this machine is ${process.arch}; the code is for x86-64`);
  const required = header.cpuFeatures.reduce((a, n) => a | CpuFeature[n as keyof typeof CpuFeature], 0);
  const missing = missingCpuFeatures(required, expect.hostCpuFeatures);
  if (missing === undefined) fail('cpu', 'cannot read this machine\'s CPU features from /proc/cpuinfo');
  if (missing.length > 0) fail('cpu', `this CPU lacks ${missing.join(', ')}, which the code requires`);
  if (expect.memoryMode !== undefined && expect.memoryMode !== header.memoryMode) {
    fail('config', `compiled for memory mode '${header.memoryMode}', the engine uses '${expect.memoryMode}'`);
  }
  if (expect.fuel !== undefined && expect.fuel !== header.fuel) {
    fail('config', header.fuel ? 'compiled with fuel metering, the engine runs without fuel' : 'compiled without fuel metering, the engine runs with fuel');
  }

  const part = (name: SectionName): Uint8Array => {
    const s = header.sections.find((x) => x.name === name)!;
    // A copy (not bytes.slice: on a Buffer that is a view into a shared pool).
    const copy = new Uint8Array(s.length);
    copy.set(bytes.subarray(s.offset, s.offset + s.length));
    return copy;
  };
  const u32 = (name: SectionName): Uint32Array => { const b = part(name); return new Uint32Array(b.buffer, 0, b.length / 4); };
  const moduleBytes = part('module');
  if (hex(createHash('sha256').update(moduleBytes).digest()) !== header.moduleSha256) fail('malformed', 'the module bytes do not match the recorded module SHA-256');
  let module: Module;
  try {
    module = decodeModule(moduleBytes);
  } catch (e) {
    if (e instanceof CompileError) fail('malformed', `the embedded module does not decode: ${e.message}`);
    throw e;
  }
  const compiled: CompiledModule = {
    module,
    memoryMode: header.memoryMode,
    fuel: header.fuel,
    code: part('code'),
    trapOffsets: u32('trapOffsets'),
    trapCodes: part('trapCodes'),
    functionStarts: u32('functionStarts'),
    functionEnds: u32('functionEnds'),
    entryThunks: u32('entryThunks'),
    hostTrampolines: u32('hostTrampolines'),
    sourceMachine: u32('sourceMachine'),
    sourceWasm: u32('sourceWasm'),
  };
  checkTables(compiled);
  return { header, compiled };
}

/** Every offset inside the code, every table the length the module needs and in the order the runtime searches it. */
function checkTables(c: CompiledModule): void {
  const m = c.module;
  const codeLength = c.code.length;
  const defined = m.funcTypes.length - m.numImportedFuncs;
  if (c.functionStarts.length !== defined || c.functionEnds.length !== defined) fail('malformed', `function ranges for ${c.functionStarts.length} functions; the module defines ${defined}`);
  for (let i = 0; i < defined; i++) {
    const s = c.functionStarts[i]!;
    const e = c.functionEnds[i]!;
    if (s > e || e > codeLength) fail('malformed', `function ${i} [${s}, ${e}) lies outside the code (${codeLength} bytes)`);
    if (i > 0 && s < c.functionEnds[i - 1]!) fail('malformed', `function ${i} overlaps the one before`);
  }
  const entries = (name: string, a: Uint32Array, n: number) => {
    if (a.length !== n) fail('malformed', `${name}: ${a.length} entries, expected ${n}`);
    for (let i = 0; i < n; i++) if (a[i] !== NO_THUNK && a[i]! >= codeLength) fail('malformed', `${name}[${i}] = ${a[i]} lies outside the code`);
  };
  entries('entry thunks', c.entryThunks, m.types.length);
  entries('host trampolines', c.hostTrampolines, m.numImportedFuncs);
  if (c.trapOffsets.length !== c.trapCodes.length) fail('malformed', 'trap offsets and trap codes differ in length');
  ascendingWithin('trap table', c.trapOffsets, codeLength - 1);
  for (let i = 0; i < c.trapCodes.length; i++) {
    const t = c.trapCodes[i]!;
    if (t === 0 || t >= TRAP_CODES.length) fail('malformed', `trap site ${i} has unknown trap code ${t}`);
  }
  if (c.sourceMachine.length !== c.sourceWasm.length) fail('malformed', 'source map columns differ in length');
  ascendingWithin('source map', c.sourceMachine, codeLength);
  for (let i = 0; i < c.sourceWasm.length; i++) {
    if (c.sourceWasm[i]! >= m.bytes.length) fail('malformed', `source map entry ${i} points past the module (${c.sourceWasm[i]})`);
  }
}

function ascendingWithin(name: string, a: Uint32Array, max: number): void {
  for (let i = 0; i < a.length; i++) {
    if (a[i]! > max) fail('malformed', `${name} entry ${i} (${a[i]}) lies outside the code`);
    if (i > 0 && a[i]! < a[i - 1]!) fail('malformed', `${name} is not sorted at entry ${i}`);
  }
}

function hex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}
