// From a file named on the command line to a CompiledModule: artifacts are
// loaded and validated, .wasm binaries and .wat text are compiled through the
// compile cache (or directly with --no-cache), with a progress line on stderr
// when the module is large enough that compiling takes more than about a
// second.
//
// Invariant: the kind of a file is decided by its content (artifact magic,
// wasm magic), never by its name alone; text is assumed only when neither
// magic matches.
// Only src/cli/ imports this.

import fs from 'node:fs';
import { CompileCache } from '../artifact/cache.js';
import { loadArtifact, looksLikeArtifact, type ArtifactHeader } from '../artifact/read.js';
import { compileModule } from '../compiler/baseline/index.js';
import type { CompiledModule, MemoryMode } from '../compiler/compiled-module.js';
import { parseModule } from '../wasm/index.js';
import { watToBinary } from '../wasm/text.js';

export type InputKind = 'artifact' | 'wasm' | 'wat';

export interface InputOptions {
  /** Undefined: an artifact's own mode, or 'guarded' for a module. */
  readonly memoryMode?: MemoryMode;
  readonly fuel: boolean;
  /** undefined: compile without the cache. */
  readonly cache?: CompileCache;
  /** Where progress lines go (stderr). */
  readonly progress?: (line: string) => void;
  /** Modules larger than this get progress lines (default PROGRESS_THRESHOLD_BYTES). */
  readonly progressThresholdBytes?: number;
}

export interface LoadedInput {
  readonly kind: InputKind;
  readonly fileBytes: number;
  readonly compiled: CompiledModule;
  readonly header?: ArtifactHeader;
  /** How the code was obtained. */
  readonly source: 'artifact' | 'cache' | 'compiled';
}

/**
 * Module binaries larger than this take over about a second to parse and
 * compile (measured: yosys.core.wasm, 30.8 MB, ~3 s on one core).
 */
export const PROGRESS_THRESHOLD_BYTES = 10_000_000;

const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d];

export function kindOf(bytes: Uint8Array): InputKind {
  if (looksLikeArtifact(bytes)) return 'artifact';
  if (WASM_MAGIC.every((b, i) => bytes[i] === b)) return 'wasm';
  return 'wat';
}

/** The module binary of a .wasm or .wat file (text converted; artifacts are not modules). */
export async function moduleBytesOf(file: string, bytes: Uint8Array): Promise<Uint8Array> {
  return kindOf(bytes) === 'wat' ? watToBinary(bytes, file) : bytes;
}

export async function loadInput(file: string, options: InputOptions): Promise<LoadedInput> {
  const bytes = fs.readFileSync(file);
  const kind = kindOf(bytes);
  if (kind === 'artifact') {
    const { header, compiled } = loadArtifact(bytes, { fuel: options.fuel, ...(options.memoryMode ? { memoryMode: options.memoryMode } : {}) });
    return { kind, fileBytes: bytes.length, compiled, header, source: 'artifact' };
  }
  const moduleBytes = await moduleBytesOf(file, bytes);
  const config = { memoryMode: options.memoryMode ?? 'guarded', fuel: options.fuel };
  const progress = new Progress(file, moduleBytes.length, options.progressThresholdBytes ?? PROGRESS_THRESHOLD_BYTES, options.progress);
  if (options.cache === undefined) {
    progress.start();
    const compiled = compileModule(parseModule(moduleBytes), config);
    progress.done(false);
    return { kind, fileBytes: bytes.length, compiled, source: 'compiled' };
  }
  const r = options.cache.compile(moduleBytes, config, () => progress.start());
  if (r.source === 'compiled') progress.done(r.path !== undefined);
  return { kind, fileBytes: bytes.length, compiled: r.compiled, source: r.source };
}

/** One line before a long compile and one after; silent for small modules. */
class Progress {
  private startedAt = 0;
  private readonly shown: boolean;
  constructor(private readonly file: string, private readonly size: number, threshold: number, private readonly write?: (line: string) => void) {
    this.shown = write !== undefined && size > threshold;
  }
  start(): void {
    this.startedAt = performance.now();
    // The compiler runs synchronously on this thread, so the line goes out before it starts, not from a timer.
    if (this.shown) this.write!(`corral: compiling ${this.file} (${(this.size / 1e6).toFixed(1)} MB), this takes a few seconds...\n`);
  }
  done(cached: boolean): void {
    const seconds = ((performance.now() - this.startedAt) / 1000).toFixed(1);
    if (this.shown) this.write!(`corral: compiled ${this.file} in ${seconds} s${cached ? ' (cached for next time)' : ''}\n`);
  }
}
