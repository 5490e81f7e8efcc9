// Makes a fuzzer module's memory observable: translate-to-fuzz modules keep
// their memory private, but the differential test compares final memory
// contents, so memory 0 gets an export when it has none. A byte-level edit of
// the export section (or a new one, placed where the section order wants it);
// nothing else in the module changes.
//
// Invariants: the input is a valid module; the output differs only by one
// export entry. Only test/differential imports this.

/** The name given to memory 0 when the module does not export it. */
export const MEMORY_EXPORT = '__corral_memory';

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

function readUleb(b: Uint8Array, pos: number): [value: number, next: number] {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = b[pos++]!;
    value += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return [value, pos];
    shift += 7;
  }
}

/** Sections that must come after the export section (start, element, data count, code, data). */
const AFTER_EXPORT = new Set([8, 9, 12, 10, 11]);

/** The module with `(export "__corral_memory" (memory 0))` added. */
export function withMemoryExport(bytes: Uint8Array): Uint8Array {
  const entry = [...uleb(MEMORY_EXPORT.length), ...new TextEncoder().encode(MEMORY_EXPORT), 0x02, 0x00];
  const parts: Uint8Array[] = [bytes.subarray(0, 8)];
  let pos = 8;
  let added = false;
  while (pos < bytes.length) {
    const id = bytes[pos]!;
    const [size, body] = readUleb(bytes, pos + 1);
    const end = body + size;
    if (!added && id === 7) {
      const [count, rest] = readUleb(bytes, body);
      const payload = [...uleb(count + 1), ...bytes.subarray(rest, end), ...entry];
      parts.push(Uint8Array.from([7, ...uleb(payload.length), ...payload]));
      added = true;
    } else {
      if (!added && AFTER_EXPORT.has(id)) {
        const payload = [1, ...entry];
        parts.push(Uint8Array.from([7, ...uleb(payload.length), ...payload]));
        added = true;
      }
      parts.push(bytes.subarray(pos, end));
    }
    pos = end;
  }
  if (!added) {
    const payload = [1, ...entry];
    parts.push(Uint8Array.from([7, ...uleb(payload.length), ...payload]));
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
