// The compile cache: artifacts in a directory, keyed by what decides their
// contents — the module's SHA-256, the Corral build, the memory mode and fuel
// — so compiling the same module twice compiles once.
//
// Invariants: an entry is written to a temporary name and renamed into place
// (readers never see half a file, concurrent writers both leave a whole one);
// an entry that fails to load (corrupt, truncated) is a miss and is replaced;
// a cache that cannot be written is skipped, never an error for the caller.
// Must not import: src/runtime/, native/.

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compileModule } from '../compiler/baseline/index.js';
import type { CompiledModule, MemoryMode } from '../compiler/compiled-module.js';
import { parseModule } from '../wasm/index.js';
import { ArtifactError } from './errors.js';
import { loadArtifact } from './read.js';
import { serializeArtifact } from './write.js';
import { corralVersion } from './version.js';

export interface CacheConfig {
  readonly memoryMode: MemoryMode;
  readonly fuel: boolean;
}

export interface CachedCompile {
  readonly compiled: CompiledModule;
  /** 'cache' when an entry was loaded; 'compiled' when the compiler ran. */
  readonly source: 'cache' | 'compiled';
  /** The entry's path (written or read), when the cache is usable. */
  readonly path?: string;
}

/** CORRAL_CACHE_DIR, else $XDG_CACHE_HOME/corral, else ~/.cache/corral. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env['CORRAL_CACHE_DIR']) return env['CORRAL_CACHE_DIR'];
  const base = env['XDG_CACHE_HOME'] || path.join(os.homedir(), '.cache');
  return path.join(base, 'corral');
}

export class CompileCache {
  constructor(readonly dir: string = defaultCacheDir()) {}

  /** The file name of the entry for a module and configuration. */
  keyOf(moduleBytes: Uint8Array, config: CacheConfig): string {
    const sha = createHash('sha256').update(moduleBytes).digest('hex');
    const build = createHash('sha256').update(corralVersion()).digest('hex').slice(0, 12);
    return `${sha}-${config.memoryMode}-${config.fuel ? 'fuel' : 'nofuel'}-${build}.cwasm`;
  }

  /** The cached compiled module, or undefined (absent, unreadable or invalid). */
  get(moduleBytes: Uint8Array, config: CacheConfig): CompiledModule | undefined {
    const file = path.join(this.dir, this.keyOf(moduleBytes, config));
    let bytes: Uint8Array;
    try { bytes = fs.readFileSync(file); } catch { return undefined; }
    try {
      const { compiled } = loadArtifact(bytes, { memoryMode: config.memoryMode, fuel: config.fuel });
      // The key names the module; the content must be that module (not another's entry renamed).
      if (!sameBytes(compiled.module.bytes, moduleBytes)) return undefined;
      return compiled;
    } catch (e) {
      if (e instanceof ArtifactError) return undefined;
      throw e;
    }
  }

  /** Stores an entry; false when the directory cannot be written. */
  put(compiled: CompiledModule): boolean {
    const file = path.join(this.dir, this.keyOf(compiled.module.bytes, compiled));
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      fs.mkdirSync(this.dir, { recursive: true });
      fs.writeFileSync(tmp, serializeArtifact(compiled));
      fs.renameSync(tmp, file);
      return true;
    } catch {
      try { fs.rmSync(tmp, { force: true }); } catch { /* nothing to clean */ }
      return false;
    }
  }

  /** Parses and compiles the module unless the cache holds it; stores what it compiles. Throws CompileError / Unsupported. */
  compile(moduleBytes: Uint8Array, config: CacheConfig, beforeCompile?: () => void): CachedCompile {
    const file = path.join(this.dir, this.keyOf(moduleBytes, config));
    const hit = this.get(moduleBytes, config);
    if (hit !== undefined) return { compiled: hit, source: 'cache', path: file };
    beforeCompile?.();
    const compiled = compileModule(parseModule(moduleBytes), config);
    const stored = this.put(compiled);
    return { compiled, source: 'compiled', ...(stored ? { path: file } : {}) };
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}
