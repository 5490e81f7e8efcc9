// CPU features generated code may rely on, as bits recorded in an artifact,
// and the check of those bits against the machine we run on.
//
// The baseline tier emits SSE4.1 (roundss/roundsd), POPCNT, LZCNT and BMI1
// (tzcnt). Linux lists LZCNT as "abm" in /proc/cpuinfo (on Intel and AMD).
// Must not import: src/runtime/, native/.

import fs from 'node:fs';

export const CpuFeature = { sse4_1: 1, popcnt: 2, lzcnt: 4, bmi1: 8 } as const;
export type CpuFeatureName = keyof typeof CpuFeature;

/** What code from the baseline tier needs. */
export const BASELINE_CPU_FEATURES = CpuFeature.sse4_1 | CpuFeature.popcnt | CpuFeature.lzcnt | CpuFeature.bmi1;

const CPUINFO_FLAG: { readonly [K in CpuFeatureName]: string } = { sse4_1: 'sse4_1', popcnt: 'popcnt', lzcnt: 'abm', bmi1: 'bmi1' };

export function featureNames(bits: number): string[] {
  return (Object.keys(CpuFeature) as CpuFeatureName[]).filter((n) => (bits & CpuFeature[n]) !== 0);
}

let hostCache: number | undefined;

/** The features of this machine, from the first "flags" line of /proc/cpuinfo; undefined when unreadable. */
export function hostCpuFeatures(): number | undefined {
  if (hostCache !== undefined) return hostCache;
  let text: string;
  try { text = fs.readFileSync('/proc/cpuinfo', 'latin1'); } catch { return undefined; }
  const line = /^flags\s*:(.*)$/m.exec(text);
  if (line === null) return undefined;
  const flags = new Set(line[1]!.trim().split(/\s+/));
  let bits = 0;
  for (const n of Object.keys(CpuFeature) as CpuFeatureName[]) if (flags.has(CPUINFO_FLAG[n])) bits |= CpuFeature[n];
  hostCache = bits;
  return bits;
}

/** The required features the host lacks (names), or undefined when the host's features are unknown. */
export function missingCpuFeatures(required: number, host = hostCpuFeatures()): string[] | undefined {
  if (host === undefined) return undefined;
  return featureNames(required & ~host);
}
