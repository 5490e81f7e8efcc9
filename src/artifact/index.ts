// src/artifact's public face: ahead-of-time artifacts (write, read, validate)
// and the compile cache. Everything else here is internal.
// Must not import: src/runtime/, native/ (an Engine loads what this returns with engine.load).

export { ArtifactError, type ArtifactErrorReason } from './errors.js';
export { serializeArtifact } from './write.js';
export { loadArtifact, readArtifactHeader, looksLikeArtifact, type ArtifactHeader, type LoadExpectations, type LoadedArtifact } from './read.js';
export { CompileCache, defaultCacheDir, type CacheConfig, type CachedCompile } from './cache.js';
export { corralVersion } from './version.js';
export { BASELINE_CPU_FEATURES, CpuFeature, hostCpuFeatures } from './cpu-features.js';
