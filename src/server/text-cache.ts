// Short guest strings decoded once: a handler passes the same header names
// and values (bytes of its data segments) on every request, and decoding them
// (TextDecoder, a view per range) is most of a set_header host call. A small
// direct-mapped table remembers the last text seen for each slot; a hit is a
// byte comparison.
//
// Invariants: a hit is returned only when the range's bytes equal the
// remembered bytes exactly, so the answer is always what a fatal UTF-8
// decode of the range gives (null for invalid UTF-8); the table holds copies
// of the bytes, never guest memory. Imports nothing from the runtime.

/** Ranges longer than this are decoded every time (rarely repeated, costly to compare). */
const MAX_CACHED = 64;
const SLOTS = 64;

const utf8 = new TextDecoder('utf-8', { fatal: true });

export class TextCache {
  private readonly bytes: (Uint8Array | undefined)[] = new Array<Uint8Array | undefined>(SLOTS).fill(undefined);
  private readonly texts: (string | null)[] = new Array<string | null>(SLOTS).fill(null);

  /** bytes[start, start + length) decoded as UTF-8, or null when they are not valid UTF-8. */
  decode(bytes: Uint8Array, start: number, length: number): string | null {
    if (length > MAX_CACHED) return decodeFatal(new Uint8Array(bytes.buffer, bytes.byteOffset + start, length));
    const slot = length === 0 ? 0 : (length * 31 + bytes[start]! * 7 + bytes[start + length - 1]!) & (SLOTS - 1);
    const known = this.bytes[slot];
    if (known !== undefined && known.length === length) {
      let same = true;
      for (let i = 0; i < length; i++) {
        if (known[i] !== bytes[start + i]) {
          same = false;
          break;
        }
      }
      if (same) return this.texts[slot]!;
    }
    const view = new Uint8Array(bytes.buffer, bytes.byteOffset + start, length);
    const text = decodeFatal(view);
    this.bytes[slot] = view.slice();
    this.texts[slot] = text;
    return text;
  }
}

function decodeFatal(view: Uint8Array): string | null {
  try {
    return utf8.decode(view);
  } catch {
    return null;
  }
}
