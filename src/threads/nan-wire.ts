// NaN payloads across postMessage. Structured clone writes every NaN as the
// canonical quiet NaN, while on one thread a JS number read from a guest's
// f64 keeps its payload (V8 does not canonicalize), so Engine's exports and
// host imports pass payloads through. To stay bit-exact with Engine, the
// values of a call cross as a list plus, beside it, the bits of each NaN in it.
//
// Invariants: only top-level numbers of the list are touched (an externref
// object crosses as structured clone makes it); -0 needs nothing (the clone
// keeps it). Imported by both sides of src/threads/ only.

const f64 = new Float64Array(1);
const bits = new BigUint64Array(f64.buffer);

export interface Values {
  readonly list: readonly unknown[];
  /** [index in list, the NaN's 64 bits] for each NaN in the list. */
  readonly nans?: readonly (readonly [number, bigint])[];
}

export function packValues(list: readonly unknown[]): Values {
  let nans: [number, bigint][] | undefined;
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    if (typeof v === 'number' && v !== v) {
      f64[0] = v;
      (nans ??= []).push([i, bits[0]!]);
    }
  }
  return nans === undefined ? { list } : { list, nans };
}

export function unpackValues(v: Values): unknown[] {
  const out = [...v.list];
  for (const [i, b] of v.nans ?? []) {
    bits[0] = b;
    out[i] = f64[0];
  }
  return out;
}

/** A function's result as it crosses: several results are a list of their own; one (or none) is a list of one. */
export function packResult(result: unknown, count: number): Values {
  return packValues(count > 1 && Array.isArray(result) ? result : [result]);
}

export function unpackResult(v: Values, count: number): unknown {
  const list = unpackValues(v);
  return count > 1 ? list : list[0];
}
