// Typed values on the command line: `--invoke NAME a b c` arguments parsed by
// the export's parameter types, and results printed one per line.
//
// Formats: i32/i64 decimal (negative allowed) or 0x hex, i32 also unsigned up
// to 2^32-1 (wrapped, as the guest sees it); f32/f64 any JS number text plus
// nan, inf, -inf. Results: integers signed decimal, floats as JS prints them
// (nan, inf, -inf, -0 spelled out).
// Only src/cli/ imports this.

import { f32FromBits, f32ToBits, f64FromBits, f64ToBits, type Val } from '../runtime/values.js';
import { valTypeName, type ValType } from '../wasm/types.js';
import { usage } from './failure.js';

export function parseArg(type: ValType, text: string, position: number): Val {
  const bad = () => usage(`argument ${position + 1} ('${text}') is not a valid ${valTypeName(type)}`);
  const t = text.trim();
  switch (valTypeName(type)) {
    case 'i32': {
      const n = integer(t);
      if (n === undefined || n < -(2n ** 31n) || n >= 2n ** 32n) throw bad();
      return { type: 'i32', value: Number(BigInt.asIntN(32, n)) };
    }
    case 'i64': {
      const n = integer(t);
      if (n === undefined || n < -(2n ** 63n) || n >= 2n ** 64n) throw bad();
      return { type: 'i64', value: BigInt.asIntN(64, n) };
    }
    case 'f32': {
      const x = float(t);
      if (x === undefined) throw bad();
      return { type: 'f32', bits: f32ToBits(x) };
    }
    case 'f64': {
      const x = float(t);
      if (x === undefined) throw bad();
      return { type: 'f64', bits: f64ToBits(x) };
    }
    default:
      throw usage(`argument ${position + 1}: parameters of type ${valTypeName(type)} cannot be given on the command line`);
  }
}

function integer(t: string): bigint | undefined {
  if (!/^-?(0x[0-9a-f]+|\d+)$/i.test(t)) return undefined;
  return t.startsWith('-') ? -BigInt(t.slice(1)) : BigInt(t);
}

function float(t: string): number | undefined {
  const lower = t.toLowerCase();
  if (lower === 'nan') return NaN;
  if (lower === 'inf' || lower === '+inf' || lower === 'infinity') return Infinity;
  if (lower === '-inf' || lower === '-infinity') return -Infinity;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t) && !/^0x[0-9a-f]+$/i.test(t)) return undefined;
  return Number(t);
}

export function formatVal(v: Val): string {
  switch (v.type) {
    case 'i32': return String(v.value);
    case 'i64': return String(v.value);
    case 'f32': return formatFloat(f32FromBits(v.bits));
    case 'f64': return formatFloat(f64FromBits(v.bits));
    case 'funcref': return v.value === null ? 'null' : '<funcref>';
    case 'externref': return v.value === null ? 'null' : `<externref ${String(v.value)}>`;
  }
}

function formatFloat(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (Object.is(x, -0)) return '-0';
  return String(x);
}
