// The section list of a module binary (id, name, offset, size) for
// `corral inspect`, read from the section headers alone.
//
// Invariant: never throws; a malformed tail ends the list (the decoder has
// already judged the module).
// Only src/cli/ imports this.

const NAMES = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export', 'start', 'element', 'code', 'data', 'data count'];

export interface SectionInfo {
  readonly id: number;
  readonly name: string;
  /** Offset of the section's contents (after id and size). */
  readonly offset: number;
  readonly size: number;
}

export function sectionsOf(bytes: Uint8Array): SectionInfo[] {
  const out: SectionInfo[] = [];
  let p = 8;
  const leb = (): number | undefined => {
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      if (p >= bytes.length) return undefined;
      const b = bytes[p++]!;
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
    }
    return undefined;
  };
  while (p < bytes.length) {
    const id = bytes[p++]!;
    const size = leb();
    if (size === undefined || p + size > bytes.length) break;
    let name = NAMES[id] ?? `unknown ${id}`;
    if (id === 0) {
      const start = p;
      const n = leb();
      if (n !== undefined && p + n <= start + size) name = `custom "${new TextDecoder().decode(bytes.subarray(p, p + n))}"`;
      p = start;
    }
    out.push({ id, name, offset: p, size });
    p += size;
  }
  return out;
}
