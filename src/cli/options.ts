// Command-line values: splitting a command's own options from the guest's
// arguments, and parsing sizes, K=V pairs, HOST::GUEST directories, memory
// modes and counts. Every bad value is a usage failure naming the option.
//
// Only src/cli/ imports this.

import { parseArgs, type ParseArgsConfig } from 'node:util';
import { usage } from './failure.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/**
 * Corral's options are those before the input file; everything after the
 * file (or after `--`) belongs to the guest, options included.
 */
export function splitAtInput(argv: readonly string[], options: OptionSpec): { own: string[]; rest: string[] } {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') return { own: argv.slice(0, i), rest: argv.slice(i + 1) };
    if (a.startsWith('--')) {
      const name = a.slice(2).split('=')[0]!;
      if (!a.includes('=') && options[name]?.type === 'string') i++;
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      const spec = Object.values(options).find((o) => o.short === a[1]);
      if (a.length === 2 && spec?.type === 'string') i++;
      continue;
    }
    const rest = argv.slice(i + 1);
    return { own: argv.slice(0, i + 1), rest: rest[0] === '--' ? rest.slice(1) : rest };
  }
  return { own: [...argv], rest: [] };
}

type Parsed<O extends OptionSpec> = ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>>;

export function parse<O extends OptionSpec>(args: readonly string[], options: O): Parsed<O> {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (e) {
    throw usage(e instanceof Error ? e.message.replace(/\. To specify a positional argument.*$/s, '') : String(e));
  }
}

const SIZE_UNITS: Record<string, number> = {
  '': 1, b: 1, k: 1024, kb: 1024, kib: 1024, m: 1024 ** 2, mb: 1024 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3, gib: 1024 ** 3,
};

/** "65536", "64k", "256MiB", "4G" → bytes (binary units). */
export function parseSize(option: string, text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim());
  const unit = m ? SIZE_UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined) throw usage(`${option}: '${text}' is not a size (e.g. 65536, 64KiB, 256MiB, 4GiB)`);
  return Math.floor(Number(m[1]) * unit);
}

export function parseCount(option: string, text: string, max = Number.MAX_SAFE_INTEGER): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) > max) throw usage(`${option}: '${text}' is not a whole number${max < Number.MAX_SAFE_INTEGER ? ` up to ${max}` : ''}`);
  return Number(text);
}

export function parseEnv(pairs: readonly string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const p of pairs) {
    const eq = p.indexOf('=');
    if (eq <= 0) throw usage(`--env: '${p}' is not KEY=VALUE`);
    env[p.slice(0, eq)] = p.slice(eq + 1);
  }
  return env;
}

/** HOST[::GUEST] → guest path → host path (the guest sees HOST under its own name when GUEST is absent). */
export function parseDirs(specs: readonly string[]): Record<string, string> {
  const preopens: Record<string, string> = {};
  for (const s of specs) {
    const sep = s.indexOf('::');
    const host = sep < 0 ? s : s.slice(0, sep);
    const guest = sep < 0 ? s : s.slice(sep + 2);
    if (host === '' || guest === '') throw usage(`--dir: '${s}' is not HOST[::GUEST]`);
    preopens[guest] = host;
  }
  return preopens;
}

export function parseMemoryMode(text: string | undefined): 'guarded' | 'checked' {
  if (text === undefined) return 'guarded';
  if (text !== 'guarded' && text !== 'checked') throw usage(`--memory: '${text}' is neither guarded nor checked`);
  return text;
}
