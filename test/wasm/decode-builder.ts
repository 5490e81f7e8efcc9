// Hand-assembled module binaries for the decoder tests: LEB128, vectors,
// names, sections. Deliberately dumb (bytes in, bytes out) so a test shows the
// exact encoding it feeds the decoder, including malformed ones.
//
// Only tests import this.

export type Bytes = readonly number[];

export function u32(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

export function s32(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(b & 0x40)) || (n === -1 && (b & 0x40))) { out.push(b); return out; }
    out.push(b | 0x80);
  }
}

export function str(s: string): number[] {
  const b = [...new TextEncoder().encode(s)];
  return [...u32(b.length), ...b];
}

export function vec(items: readonly Bytes[]): number[] {
  return [...u32(items.length), ...items.flat()];
}

export function section(id: number, payload: Bytes): number[] {
  return [id, ...u32(payload.length), ...payload];
}

export const header: Bytes = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

export function wasm(...sections: Bytes[]): Uint8Array {
  return Uint8Array.from([...header, ...sections.flat()]);
}

export const Sec = {
  custom: 0, type: 1, import: 2, function: 3, table: 4, memory: 5, global: 6,
  export: 7, start: 8, element: 9, code: 10, data: 11, dataCount: 12,
} as const;

/** `(func)` type: no params, no results. */
export const voidType: Bytes = [0x60, 0x00, 0x00];
/** A body `(func)`: no locals, `end`. */
export const emptyBody: Bytes = [0x02, 0x00, 0x0b];
