// Benchmark: trap round trips — a guard-region fault (signal) and an explicit
// trap stub (no signal), entered from JS and back — beside V8's own traps
// (unreachable, out-of-bounds load) caught in JS, in the same run.
//
//   node dist/bench/native-trap.js [batches]
//
// Target (issue 3): ≤ 2.5 µs per trap round trip. Nothing imports this.

import { native } from '../src/runtime/native.js';
import { Trap } from '../src/runtime/errors.js';
import { TRAP_CODES, TrapCodeId } from '../src/abi/trap-codes.js';
import { GUARDED_SLOT_BYTES, PROT, VMCTX, WASM_PAGE } from '../src/abi/vmctx.js';
import { GuestArea } from '../src/runtime/native.js';
import { loadSnippets } from '../test/native/snippets.js';
import { V8_TRAP_MODULE } from '../test/native/helpers.js';
import { NS, measured, printComparison } from './lib/report.js';
import type { Summary } from './lib/stats.js';
import { nsPerOp } from './lib/timing.js';
import { V8 } from './lib/v8.js';

const TRAP = 1;
const batches = Number(process.argv[2] ?? 21);
const OPS = 2000;

const s = loadSnippets();
const g = native.guestCreate(64 * 1024, false);
const area = new GuestArea(g);
const res = native.reserve(GUARDED_SLOT_BYTES, false);
native.protect(res, 0, WASM_PAGE, PROT.readWrite);
native.guestBindMemory(g, res, 0, WASM_PAGE, WASM_PAGE, true);
const thunk = s.addr('thunk'), load = s.addr('load'), trap = s.addr('trap');
const slot0 = area.areaIndex, codeAt = VMCTX['trap_code']! / 8;

function corralRaw(fn: number, arg: bigint) {
  return (n: number) => {
    for (let i = 0; i < n; i++) {
      area.i64[slot0] = arg;
      if (native.enter(g, thunk, fn) !== TRAP) throw new Error('no trap');
    }
  };
}

/** What a runtime would do: turn the status into a thrown Trap and catch it. */
function corralThrown(fn: number, arg: bigint) {
  return (n: number) => {
    for (let i = 0; i < n; i++) {
      area.i64[slot0] = arg;
      try {
        if (native.enter(g, thunk, fn) === TRAP) throw new Trap(TRAP_CODES[Number(area.words[codeAt])]!);
      } catch (e) {
        if (!(e instanceof Trap)) throw e;
      }
    }
  };
}

const v8 = new V8.Instance(new V8.Module(V8_TRAP_MODULE)).exports as { load(i: number): number; unr(i: number): number };
function v8Caught(f: () => void) {
  return (n: number) => {
    for (let i = 0; i < n; i++) {
      try {
        f();
        throw new Error('no trap');
      } catch (e) {
        if ((e as Error).message === 'no trap') throw e;
      }
    }
  };
}

const guardRaw = nsPerOp(batches, OPS, corralRaw(load, 0xffffffffn));
if (Number(area.words[codeAt]) !== TrapCodeId.memory_out_of_bounds) throw new Error('wrong trap code');
const stubRaw = nsPerOp(batches, OPS, corralRaw(trap, BigInt(TrapCodeId.unreachable)));
const guardThrown = nsPerOp(batches, OPS, corralThrown(load, 0xffffffffn));
const stubThrown = nsPerOp(batches, OPS, corralThrown(trap, BigInt(TrapCodeId.unreachable)));
const v8Unreachable = nsPerOp(batches, OPS, v8Caught(() => v8.unr(0)));
const v8Oob = nsPerOp(batches, OPS, v8Caught(() => v8.load(70000)));

// Each Corral path beside V8's nearest equivalent: a guard-region fault beside V8's
// out-of-bounds load (also a fault), an explicit trap stub beside V8's unreachable.
const V8_COLUMN = 'V8 (same trap)';
const row = (label: string, corral: Summary, v8: Summary) =>
  ({ label, corral: measured(corral), rivals: { [V8_COLUMN]: measured(v8) } });
printComparison({
  title: `trap round trip (JS → guest → trap → JS), median of ${batches} batches × ${OPS}; V8's RuntimeError always caught in JS`,
  rowName: 'path',
  unit: NS,
  rivals: [V8_COLUMN],
  rows: [
    row('guard-region fault (SIGSEGV) vs V8 out-of-bounds load, status only', guardRaw, v8Oob),
    row('explicit trap stub vs V8 unreachable, status only', stubRaw, v8Unreachable),
    row('guard fault → Trap thrown and caught vs V8 out-of-bounds', guardThrown, v8Oob),
    row('trap stub → Trap thrown and caught vs V8 unreachable', stubThrown, v8Unreachable),
  ],
});
const met = (t: { median: number }) => (t.median <= 2500 ? 'met' : 'not met');
console.log(`target: native trap round trip ≤ 2.5 µs — guard fault ${met(guardRaw)}, stub ${met(stubRaw)} in this run`);
console.log('("thrown and caught" adds the cost of constructing a JS Error with its stack, as V8 does for RuntimeError)');
native.guestDestroy(g);
