// What one request's sandbox may use, with the defaults and the checks that
// reject nonsense at configuration time (never at request time).
//
// Invariants: a `ResolvedLimits` has every field set and validated; the
// time limit is both the engine's per-call deadline (a running guest is
// interrupted) and the request's wall-clock deadline (a guest suspended in a
// host call is abandoned). Imports nothing.

export interface Limits {
  /** Wall-clock deadline per request, ms (default 5000). Past it: 504. */
  readonly timeoutMs?: number;
  /** Linear memory cap in 64 KiB pages (default 256 = 16 MiB): memory.grow answers -1 beyond it. */
  readonly maxMemoryPages?: number;
  /** Guest stack per instance, bytes (default 256 KiB; at least 64 KiB). */
  readonly stackBytes?: number;
  /** Optional work budget per request (about one unit per instruction); off when absent. */
  readonly fuel?: number;
  /** Request body bytes a handler may read (default 1 MiB). */
  readonly maxRequestBodyBytes?: number;
  /** CGI: bytes of response head before the blank line (default 64 KiB). */
  readonly maxResponseHeadBytes?: number;
  /** Outbound fetches per request (default 16). */
  readonly maxOutboundRequests?: number;
}

export type ResolvedLimits = Required<Omit<Limits, 'fuel'>> & { readonly fuel: number | undefined };

export const DEFAULT_LIMITS: ResolvedLimits = {
  timeoutMs: 5000,
  maxMemoryPages: 256,
  stackBytes: 256 * 1024,
  fuel: undefined,
  maxRequestBodyBytes: 1024 * 1024,
  maxResponseHeadBytes: 64 * 1024,
  maxOutboundRequests: 16,
};

export function resolveLimits(l: Limits = {}): ResolvedLimits {
  const r: ResolvedLimits = { ...DEFAULT_LIMITS, ...stripUndefined(l) };
  const int = (name: keyof ResolvedLimits, min: number, max: number) => {
    const v = r[name];
    if (v === undefined && name === 'fuel') return;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      throw new RangeError(`limits.${name} must be an integer in ${min}..${max} (got ${String(v)})`);
    }
  };
  int('timeoutMs', 1, 24 * 3600 * 1000);
  int('maxMemoryPages', 0, 65536);
  int('stackBytes', 64 * 1024, 64 * 1024 * 1024);
  int('fuel', 0, Number.MAX_SAFE_INTEGER);
  int('maxRequestBodyBytes', 0, 2 ** 31);
  int('maxResponseHeadBytes', 256, 16 * 1024 * 1024);
  int('maxOutboundRequests', 0, 10_000);
  return r;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
