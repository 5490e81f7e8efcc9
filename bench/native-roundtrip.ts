// Benchmark: the host-call round trip JS → resume → guest → host call → JS,
// beside V8's JS → wasm export → JS import → JS in the same run.
//
//   node dist/bench/native-roundtrip.js [batches]
//
// Target (issue 3): ≤ 70 ns median for the bare round trip. Nothing imports this.

import { native, GuestArea } from '../src/runtime/native.js';
import { VMCTX } from '../src/abi/vmctx.js';
import { loadSnippets } from '../test/native/snippets.js';
import { NS, measured, printComparison } from './lib/report.js';
import { nsPerOp } from './lib/timing.js';
import { V8 } from './lib/v8.js';

const HOSTCALL = 2;
const batches = Number(process.argv[2] ?? 101);
const OPS = 20_000;

const s = loadSnippets();
const g = native.guestCreate(64 * 1024, false);
const area = new GuestArea(g);
if (native.enter(g, s.addr('thunk'), s.addr('hostLoop')) !== HOSTCALL) throw new Error('guest did not reach its host call');

const bare = nsPerOp(batches, OPS, (n) => {
  for (let i = 0; i < n; i++) if (native.resume(g) !== HOSTCALL) throw new Error('unexpected status');
});

// With the work a runtime does per call: read the import index, read an argument, write a result.
const indexAt = VMCTX['hostcall_index']! / 4;
const slot0 = area.areaIndex;
let sink = 0;
const withArea = nsPerOp(batches, OPS, (n) => {
  const i32 = area.i32, f64 = area.f64;
  for (let i = 0; i < n; i++) {
    if (native.resume(g) !== HOSTCALL) throw new Error('unexpected status');
    sink += i32[indexAt]!;
    f64[slot0] = i;
  }
});

// V8: (import "m" "f" (func)) (func (export "g") call 0)
const v8Bytes = Uint8Array.from([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  0x01, 0x04, 0x01, 0x60, 0x00, 0x00,
  0x02, 0x07, 0x01, 0x01, 0x6d, 0x01, 0x66, 0x00, 0x00,
  0x03, 0x02, 0x01, 0x00,
  0x07, 0x05, 0x01, 0x01, 0x67, 0x00, 0x01,
  0x0a, 0x06, 0x01, 0x04, 0x00, 0x10, 0x00, 0x0b,
]);
let calls = 0;
const v8g = new V8.Instance(new V8.Module(v8Bytes), { m: { f: () => { calls++; } } }).exports['g'] as () => void;
const v8 = nsPerOp(batches, OPS, (n) => {
  for (let i = 0; i < n; i++) v8g();
});
if (calls === 0 || sink < 0) throw new Error('V8 import never ran');

const V8_COLUMN = 'V8 export→import';
printComparison({
  title: `host-call round trip, median of ${batches} batches × ${OPS} calls (Corral: resume → guest → hostcall → JS; V8: JS → export → JS import → JS)`,
  rowName: 'path',
  unit: NS,
  rivals: [V8_COLUMN],
  rows: [
    { label: 'bare round trip', corral: measured(bare), rivals: { [V8_COLUMN]: measured(v8) } },
    { label: '+ read index, write result (typed arrays)', corral: measured(withArea), rivals: { [V8_COLUMN]: measured(v8) } },
  ],
});
console.log(`target: Corral median ≤ 70 ns (${bare.median <= 70 ? 'met' : 'not met'} in this run)`);
native.guestDestroy(g);
