// The one error an artifact loader raises: the artifact cannot be used, and
// why (a stable reason category for scripts and tests, and a sentence for
// people).
//
// Invariant: loadArtifact throws nothing else for any input bytes — anything
// else escaping it is a bug in Corral.
// Must not import: src/runtime/, native/.

export type ArtifactErrorReason =
  /** Shorter than its header or its recorded length says. */
  | 'truncated'
  /** Does not start with the artifact magic. */
  | 'not-an-artifact'
  /** Written in another artifact format version. */
  | 'format-version'
  /** Written by another Corral version or build (its code may differ). */
  | 'corral-version'
  /** Compiled for another engine configuration (memory mode, fuel). */
  | 'config'
  /** Built for another architecture, or needs CPU features this machine lacks. */
  | 'cpu'
  /** The checksum does not match: the file is corrupt. */
  | 'checksum'
  /** Structurally inconsistent: lengths, offsets, orders or codes out of range. */
  | 'malformed';

export class ArtifactError extends Error {
  override name = 'ArtifactError';
  constructor(readonly reason: ArtifactErrorReason, detail: string) {
    super(`invalid artifact (${reason}): ${detail}`);
  }
}
