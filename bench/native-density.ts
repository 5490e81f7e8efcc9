// Benchmark: density — resident memory per guest suspended in a host call
// (stack + context, no linear memory) and kernel mappings per instance in each
// memory mode, beside V8 (RSS and mappings per WebAssembly.Instance with a
// one-page memory) in the same run.
//
//   node dist/bench/native-density.js [guests]
//
// Target (issue 3): ≤ 8 KiB RSS per suspended guest; checked mode: no mapping
// per instance. Nothing imports this.

import { readFileSync } from 'node:fs';
import { GUARDED_SLOT_BYTES, PROT, WASM_PAGE } from '../src/abi/vmctx.js';
import { native, type GuestId } from '../src/runtime/native.js';
import { loadSnippets } from '../test/native/snippets.js';
import { V8_TRAP_MODULE } from '../test/native/helpers.js';
import { table } from './lib/report.js';
import { recordSummary } from './lib/summary.js';
import { V8 } from './lib/v8.js';

const N = Number(process.argv[2] ?? 10_000);
const HOSTCALL = 2;

/** Resident bytes, from the kernel (not the JS heap's view). */
function rss(): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return Number(m![1]) * 1024;
}
const kernelMappings = () => readFileSync('/proc/self/maps', 'utf8').split('\n').length - 1;
const kib = (b: number) => `${(b / 1024).toFixed(2)} KiB`;

const s = loadSnippets();
const ids: GuestId[] = new Array(N);

// 1. RSS per suspended guest: create, enter, suspend in a host call (no JS object per guest but its id).
const rss0 = rss(), maps0 = kernelMappings();
for (let i = 0; i < N; i++) {
  ids[i] = native.guestCreate(64 * 1024, false);
  if (native.enter(ids[i]!, s.addr('thunk'), s.addr('hostEcho')) !== HOSTCALL) throw new Error('no host call');
}
const perGuest = (rss() - rss0) / N;
const stackMaps = (kernelMappings() - maps0) / N;
for (const id of ids) native.guestDestroy(id);

// 2. Mappings per instance, guarded mode: one pool reservation of 8 GiB slots, each
//    with one accessible page (memory), plus a guest (stack + context).
const M = Math.min(N, 1000);
function guardedPool(): { maps: number; ours: number } {
  const m0 = kernelMappings(), o0 = native.stats().mappings;
  const pool = native.reserve(M * GUARDED_SLOT_BYTES, false);
  const gs: GuestId[] = [];
  for (let i = 0; i < M; i++) {
    native.protect(pool, i * GUARDED_SLOT_BYTES, WASM_PAGE, PROT.readWrite);
    const g = native.guestCreate(64 * 1024, false);
    native.guestBindMemory(g, pool, i * GUARDED_SLOT_BYTES, WASM_PAGE, WASM_PAGE, true);
    gs.push(g);
  }
  const r = { maps: (kernelMappings() - m0) / M, ours: (native.stats().mappings - o0) / M };
  for (const g of gs) native.guestDestroy(g);
  native.release(pool);
  return r;
}
// 3. Checked mode: the whole pool one read-write mapping; slots of 1 MiB.
function checkedPool(): { maps: number; ours: number } {
  const m0 = kernelMappings(), o0 = native.stats().mappings;
  const slot = 1 << 20;
  const pool = native.reserve(M * slot, true);
  const gs: GuestId[] = [];
  for (let i = 0; i < M; i++) {
    const g = native.guestCreate(64 * 1024, false);
    native.guestBindMemory(g, pool, i * slot, WASM_PAGE, slot, false);
    gs.push(g);
  }
  const r = { maps: (kernelMappings() - m0) / M, ours: (native.stats().mappings - o0) / M };
  for (const g of gs) native.guestDestroy(g);
  native.release(pool);
  return r;
}
const guarded = guardedPool();
const checked = checkedPool();

// V8: instances of a module with a one-page memory.
const v8Module = new V8.Module(V8_TRAP_MODULE);
const keep: unknown[] = [];
const v8Rss0 = rss(), v8Maps0 = kernelMappings();
for (let i = 0; i < M; i++) keep.push(new V8.Instance(v8Module));
const v8Rss = (rss() - v8Rss0) / M, v8Maps = (kernelMappings() - v8Maps0) / M;

console.log(`density: ${N} suspended guests; ${M} instances per mode\n`);
const header = ['figure', 'Corral', 'V8 (per Instance, 1-page memory)', 'corral/V8'];
const rows = [
  ['RSS per suspended guest (stack + context)', kib(perGuest), kib(v8Rss), `${(perGuest / v8Rss).toFixed(2)}x`],
  ['kernel mappings per guest (stack slab share)', stackMaps.toFixed(3), '-', '-'],
  ['mappings per instance, guarded (kernel / counted)', `${guarded.maps.toFixed(3)} / ${guarded.ours.toFixed(3)}`, v8Maps.toFixed(3), '-'],
  ['mappings per instance, checked (kernel / counted)', `${checked.maps.toFixed(3)} / ${checked.ours.toFixed(3)}`, '-', '-'],
];
console.log(table([header, ...rows]));
recordSummary('density: resident memory and mappings per guest', header, rows);
console.log(`\ntarget: ≤ 8 KiB per suspended guest (${perGuest <= 8192 ? 'met' : 'not met'} in this run)`);
if (keep.length !== M) throw new Error('unreachable');
