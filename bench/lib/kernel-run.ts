// The protocol between bench/execute.ts and the processes that time one
// program in one engine (kernel-runner.ts, flite-runner.ts, the native
// harness bench/kernels/native/harness.c). Each such process prepares
// (compiles, instantiates) untimed, prints one Ready line, then for every
// "run" line on its stdin performs exactly one call and prints one RunReply
// line; it exits when its stdin closes. So the parent decides the order of
// calls across engines (interleaved rounds: a burst of load on the shared
// machine lands on every engine alike) and which calls are warm-up.
//
// A result is a string every engine must agree on: a kernel's checksum as an
// unsigned 32-bit decimal, or a digest of what a WASI program wrote.
// Nothing in src/ imports bench/.

import { createInterface } from 'node:readline';
import { describeError } from './child.js';

export type Ready =
  | { readonly ready: true }
  /** The engine cannot run this program at all (not built yet, Unsupported). */
  | { readonly unavailable: string }
  /** The engine failed while preparing it. */
  | { readonly error: string };

export type RunReply =
  | { readonly result: string; readonly cpuMs: number; readonly wallMs: number }
  | { readonly error: string };

/** One program in one engine, as a child process serves it. */
export interface Trial {
  /** Untimed, before every call: e.g. a fresh instance for a command that runs once. */
  prepare?(): void | Promise<void>;
  /** The timed call. */
  run(): void | Promise<void>;
  /** Untimed, after every call: what the call produced, to compare across engines. */
  result(): string | Promise<string>;
  /** After the last call (stdin closed): release what setup took, so the process can end. */
  close?(): void;
}

/** A kernel's i32 return value as the unsigned decimal every engine reports. */
export function checksumOf(value: unknown): string {
  if (typeof value !== 'number') throw new Error(`run returned ${typeof value}, expected an i32 number`);
  return String(value >>> 0);
}

const say = (line: Ready | RunReply) => process.stdout.write(`${JSON.stringify(line)}\n`);

/**
 * The child's side: prints Ready (or why not), then serves "run" lines until
 * stdin closes. Process CPU time counts every thread (V8's compiler threads,
 * Corral's runtime), which is what the machine spends on the call.
 */
export async function serveTrial(setup: () => Promise<Ready | Trial>): Promise<void> {
  let trial: Ready | Trial;
  try {
    trial = await setup();
  } catch (e) {
    trial = { error: describeError(e) };
  }
  if (!('run' in trial)) { say(trial); return; }
  say({ ready: true });
  for await (const line of createInterface({ input: process.stdin })) {
    if (line.trim() !== 'run') continue;
    try {
      await trial.prepare?.();
      const wall0 = process.hrtime.bigint(), cpu0 = process.cpuUsage();
      await trial.run();
      const cpu = process.cpuUsage(cpu0), wallNs = process.hrtime.bigint() - wall0;
      say({ result: await trial.result(), cpuMs: (cpu.user + cpu.system) / 1000, wallMs: Number(wallNs) / 1e6 });
    } catch (e) {
      say({ error: describeError(e) });
      break;
    }
  }
  trial.close?.();
}
