// Runs a measurement in a child process and reads back its one JSON line.
// Children give each engine configuration its own V8 flags (--liftoff-only
// and the like apply per process) and keep a crashing engine from taking the
// benchmark down with it: a crash, a timeout or unreadable output becomes a
// reason string, which the report prints instead of a number.
// Nothing in src/ imports bench/.

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export type ChildResult<T> = { readonly ok: T } | { readonly failed: string };

/** The first line of an error's message, with its class name: short enough for a table footnote. */
export function describeError(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message.split('\n')[0]}`;
  return String(e);
}

/** Runs `command args` and parses the last non-empty line of its stdout as JSON. */
export function runJson<T>(command: string, args: readonly string[], timeoutMs = 120_000): ChildResult<T> {
  const r = spawnSync(command, args, { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 16 << 20 });
  const stderrTail = (r.stderr ?? '').trim().split('\n').slice(-1)[0] ?? '';
  if (r.error) return { failed: describeError(r.error) };
  if (r.signal) return { failed: `child killed by ${r.signal}${stderrTail ? `: ${stderrTail}` : ''}` };
  const last = (r.stdout ?? '').trim().split('\n').filter((l) => l.length > 0).pop();
  if (last === undefined) return { failed: `child exited ${r.status} with no result${stderrTail ? `: ${stderrTail}` : ''}` };
  try {
    return { ok: JSON.parse(last) as T };
  } catch {
    return { failed: `child exited ${r.status}, unreadable result: ${last.slice(0, 200)}` };
  }
}

/** Runs a compiled bench script in a fresh node with the given V8 flags. */
export function runNodeJson<T>(v8Flags: readonly string[], script: URL, args: readonly string[], timeoutMs?: number): ChildResult<T> {
  return runJson<T>(process.execPath, [...v8Flags, fileURLToPath(script), ...args], timeoutMs);
}
