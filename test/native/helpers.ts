// Shared fixtures for test/native: a guest wired to the snippets, a guarded
// linear memory, a module for V8's own traps, a child-process runner and
// the kernel's mapping count.
// Test-only.

import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GUARDED_SLOT_BYTES, PROT, RunStatusId, WASM_PAGE } from '../../src/abi/vmctx.js';
import { GuestArea, native, type GuestId, type ReservationId } from '../../src/runtime/native.js';
import type { LoadedSnippets, SnippetName } from './snippets.js';

export const DONE = RunStatusId.done;
export const TRAP = RunStatusId.trap;
export const HOSTCALL = RunStatusId.hostcall;
export const INTERRUPTED = RunStatusId.interrupted;

export interface TestGuest {
  readonly id: GuestId;
  readonly area: GuestArea;
  /** enter(thunk → fn) with area[0..1] = args. */
  call(fn: SnippetName, a?: bigint, b?: bigint): number;
  result(): bigint;
}

export function makeGuest(s: LoadedSnippets, stackBytes = 256 * 1024, guard = true): TestGuest {
  const id = native.guestCreate(stackBytes, guard);
  const area = new GuestArea(id);
  return {
    id,
    area,
    call(fn, a = 0n, b = 0n) {
      area.i64[area.areaIndex] = a;
      area.i64[area.areaIndex + 1] = b;
      return native.enter(id, s.addr('thunk'), s.addr(fn));
    },
    result: () => area.slot(0),
  };
}

/** A guarded-mode memory: 8 GiB reserved, `pages` accessible. */
export function guardedMemory(pages: number, maxPages: number): { res: ReservationId; bind(g: GuestId): void } {
  const res = native.reserve(GUARDED_SLOT_BYTES, false);
  native.protect(res, 0, pages * WASM_PAGE, PROT.readWrite);
  return { res, bind: (g) => native.guestBindMemory(g, res, 0, pages * WASM_PAGE, maxPages * WASM_PAGE, true) };
}

/**
 * (module (memory 1)
 *   (func (export "load") (param i32) (result i32) local.get 0 i32.load)
 *   (func (export "unr") (param i32) (result i32) unreachable))
 */
export const V8_TRAP_MODULE = Uint8Array.from([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f,
  0x03, 0x03, 0x02, 0x00, 0x00,
  0x05, 0x03, 0x01, 0x00, 0x01,
  0x07, 0x0e, 0x02, 0x04, 0x6c, 0x6f, 0x61, 0x64, 0x00, 0x00, 0x03, 0x75, 0x6e, 0x72, 0x00, 0x01,
  0x0a, 0x0d, 0x02, 0x07, 0x00, 0x20, 0x00, 0x28, 0x02, 0x00, 0x0b, 0x03, 0x00, 0x00, 0x0b,
]);

/** Node's own WebAssembly, typed just enough for an oracle/rival (tsconfig has no WebAssembly lib). */
interface V8WebAssembly {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports?: object) => { exports: Record<string, unknown> };
  RuntimeError: new (message?: string) => Error;
}
export const V8 = (globalThis as unknown as { WebAssembly: V8WebAssembly }).WebAssembly;

export interface V8TrapExports {
  load(i: number): number;
  unr(i: number): number;
}

export function v8TrapInstance(): V8TrapExports {
  const inst = new V8.Instance(new V8.Module(V8_TRAP_MODULE));
  return inst.exports as unknown as V8TrapExports;
}

/** URL of a compiled module under dist/, for child processes and workers to import. */
export function distUrl(rel: string): string {
  return new URL(`../../${rel}`, import.meta.url).href;
}

/** Runs an ES module body in a fresh node process (imports by dist URL). */
export function runChild(body: string, timeoutMs = 20000): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, ['--input-type=module', '-e', body], {
    encoding: 'utf8',
    timeout: timeoutMs,
    cwd: fileURLToPath(new URL('../../../', import.meta.url)),
  });
}

/** Kernel mappings overlapping [base, base+size), from /proc/self/maps (the oracle for the addon's mapping count). */
export function kernelMappings(base: number, size: number): number {
  let n = 0;
  for (const line of readFileSync('/proc/self/maps', 'utf8').split('\n')) {
    const m = /^([0-9a-f]+)-([0-9a-f]+) /.exec(line);
    if (!m) continue;
    const lo = parseInt(m[1]!, 16), hi = parseInt(m[2]!, 16);
    if (lo < base + size && base < hi) n++;
  }
  return n;
}
