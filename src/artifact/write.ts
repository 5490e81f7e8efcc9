// CompiledModule → artifact bytes (layout in format.ts).
//
// Invariant: the output is a pure function of the compiled module and the
// Corral build; the reader accepts everything this writes.
// Must not import: src/runtime/, native/.

import { createHash } from 'node:crypto';
import type { CompiledModule } from '../compiler/compiled-module.js';
import { BASELINE_CPU_FEATURES } from './cpu-features.js';
import { ArtifactError } from './errors.js';
import { ARCH_X64, CHECKSUM_BYTES, FORMAT_VERSION, MAGIC, MEMORY_MODES, OFF, SECTIONS, align, headerLengthFor, type SectionName } from './format.js';
import { corralVersion } from './version.js';

export function sectionBytes(c: CompiledModule): Record<SectionName, Uint8Array> {
  const view = (a: Uint8Array | Uint32Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  return {
    module: c.module.bytes,
    code: c.code,
    functionStarts: view(c.functionStarts),
    functionEnds: view(c.functionEnds),
    entryThunks: view(c.entryThunks),
    hostTrampolines: view(c.hostTrampolines),
    trapOffsets: view(c.trapOffsets),
    trapCodes: c.trapCodes,
    sourceMachine: view(c.sourceMachine),
    sourceWasm: view(c.sourceWasm),
  };
}

export function serializeArtifact(c: CompiledModule, version = corralVersion()): Uint8Array {
  const versionBytes = new TextEncoder().encode(version);
  if (versionBytes.length > 255) throw new RangeError('corral version string longer than 255 bytes');
  const parts = sectionBytes(c);
  const headerLength = headerLengthFor(versionBytes.length);
  let end = headerLength;
  const starts: number[] = [];
  for (const s of SECTIONS) {
    const at = align(end, 8);
    starts.push(at);
    end = at + parts[s.name].length;
  }
  if (end > 0xffffffff) throw new ArtifactError('malformed', `artifact would be ${end} bytes; at most 4 GiB is supported`);

  const out = new Uint8Array(end);
  const dv = new DataView(out.buffer);
  out.set(MAGIC, OFF.magic);
  dv.setUint32(OFF.formatVersion, FORMAT_VERSION, true);
  dv.setUint32(OFF.fileLength, end, true);
  dv.setUint32(OFF.headerLength, headerLength, true);
  out[OFF.arch] = ARCH_X64;
  out[OFF.memoryMode] = MEMORY_MODES.indexOf(c.memoryMode);
  out[OFF.fuel] = c.fuel ? 1 : 0;
  dv.setUint32(OFF.cpuFeatures, BASELINE_CPU_FEATURES, true);
  out.set(createHash('sha256').update(c.module.bytes).digest(), OFF.moduleSha256);
  out[OFF.version] = versionBytes.length;
  out.set(versionBytes, OFF.version + 1);
  let p = align(OFF.version + 1 + versionBytes.length, 4);
  dv.setUint32(p, SECTIONS.length, true);
  p += 4;
  SECTIONS.forEach((s, i) => {
    dv.setUint32(p, s.id, true);
    dv.setUint32(p + 4, parts[s.name].length, true);
    p += 8;
    out.set(parts[s.name], starts[i]!);
  });
  out.set(checksumOf(out), OFF.checksum);
  return out;
}

/** SHA-256 of the file without its checksum field. */
export function checksumOf(file: Uint8Array): Uint8Array {
  return createHash('sha256')
    .update(file.subarray(0, OFF.checksum))
    .update(file.subarray(OFF.checksum + CHECKSUM_BYTES))
    .digest();
}
