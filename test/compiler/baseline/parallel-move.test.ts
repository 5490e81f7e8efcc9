// ParallelMove (src/compiler/baseline/parallel-move.ts) against a simulated
// register file: for random sets of pairs — permutations with paths and
// cycles in both register classes, sources feeding several destinations —
// running the emitted moves one by one must leave every destination with its
// source's value from before, touch no register outside the set but the
// scratch, and use the scratch only when a cycle exists (one extra move per
// cycle: the fewest a sequence of plain moves can do).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MoveKind, ParallelMove } from '../../../src/compiler/baseline/parallel-move.js';
import { xorshift32 } from '../../seeded-random.js';

const SCRATCH_GPR = 11, SCRATCH_XMM = 15;
const GPRS = [0, 1, 2, 3, 6, 7, 8, 9, 10, 12, 13];

/** Uniform in [0, 1) from the shared xorshift32, so a failure names its seed. */
function rng(seed: number): () => number {
  const next = xorshift32(seed);
  return () => next() / 2 ** 32;
}

interface Pair { dst: number; src: number; kind: MoveKind }

/** Cycles among the pairs of one class (each destination once; follow dst → the pair whose dst is this one's src). */
function countCycles(pairs: readonly Pair[]): number {
  let cycles = 0;
  for (const xmm of [false, true]) {
    const bySrcOfDst = new Map<number, number>();
    for (const p of pairs) if ((p.kind === MoveKind.Xmm) === xmm) bySrcOfDst.set(p.dst, p.src);
    const seen = new Set<number>();
    for (const start of bySrcOfDst.keys()) {
      if (seen.has(start)) continue;
      const path: number[] = [];
      let r: number | undefined = start;
      while (r !== undefined && !seen.has(r) && !path.includes(r)) { path.push(r); r = bySrcOfDst.get(r); }
      if (r !== undefined && path.includes(r)) cycles++;
      for (const q of path) seen.add(q);
    }
  }
  return cycles;
}

function randomPairs(next: () => number): Pair[] {
  const pairs: Pair[] = [];
  for (const xmm of [false, true]) {
    const regs = xmm ? Array.from({ length: 15 }, (_, i) => i) : GPRS.slice();
    const n = Math.floor(next() * (regs.length + 1));
    // Destinations: n distinct registers; sources: mostly a permutation of registers (cycles), sometimes repeats.
    const shuffled = regs.slice().sort(() => next() - 0.5);
    const dsts = shuffled.slice(0, n);
    const pool = next() < 0.5 ? dsts.slice().sort(() => next() - 0.5) : regs;
    for (const dst of dsts) {
      let src = pool[Math.floor(next() * pool.length)]!;
      if (src === dst) src = regs.find((r) => r !== dst)!;
      const kind = xmm ? MoveKind.Xmm : next() < 0.5 ? MoveKind.Gpr32 : MoveKind.Gpr64;
      pairs.push({ dst, src, kind });
    }
  }
  return pairs;
}

test('the emitted moves realise the parallel move, with one scratch move per cycle', () => {
  const pm = new ParallelMove();
  let withCycles = 0;
  for (let seed = 1; seed <= 3000; seed++) {
    const next = rng(seed);
    const pairs = randomPairs(next);
    const gpr = Array.from({ length: 16 }, (_, i) => 100 + i);
    const xmm = Array.from({ length: 16 }, (_, i) => 200 + i);
    const before = { gpr: gpr.slice(), xmm: xmm.slice() };
    for (const p of pairs) pm.add(p.dst, p.src, p.kind);
    let moves = 0;
    pm.emit(SCRATCH_GPR, SCRATCH_XMM, (dst, src, kind) => {
      const file = kind === MoveKind.Xmm ? xmm : gpr;
      file[dst] = file[src]!;
      moves++;
    });
    assert.equal(pm.size, 0, `seed ${seed}: the set is emptied`);
    const written = { gpr: new Set([SCRATCH_GPR]), xmm: new Set([SCRATCH_XMM]) };
    for (const p of pairs) {
      const x = p.kind === MoveKind.Xmm;
      assert.equal((x ? xmm : gpr)[p.dst], (x ? before.xmm : before.gpr)[p.src], `seed ${seed}: ${x ? 'xmm' : 'r'}${p.dst} ← ${p.src}`);
      (x ? written.xmm : written.gpr).add(p.dst);
    }
    for (let r = 0; r < 16; r++) {
      if (!written.gpr.has(r)) assert.equal(gpr[r], before.gpr[r], `seed ${seed}: r${r} untouched`);
      if (!written.xmm.has(r)) assert.equal(xmm[r], before.xmm[r], `seed ${seed}: xmm${r} untouched`);
    }
    const cycles = countCycles(pairs);
    if (cycles > 0) withCycles++;
    assert.equal(moves, pairs.length + cycles, `seed ${seed}: ${pairs.length} pairs, ${cycles} cycles`);
  }
  assert.ok(withCycles > 500, `only ${withCycles} sets had cycles: the generator does not exercise them`);
});

test('a swap goes through the scratch register of its class', () => {
  const pm = new ParallelMove();
  pm.add(0, 3, MoveKind.Gpr64);
  pm.add(3, 0, MoveKind.Gpr32);
  pm.add(1, 2, MoveKind.Xmm);
  pm.add(2, 1, MoveKind.Xmm);
  const out: string[] = [];
  pm.emit(SCRATCH_GPR, SCRATCH_XMM, (d, s, k) => out.push(`${k === MoveKind.Xmm ? 'x' : 'r'}${d}←${s}${k === MoveKind.Gpr32 ? ':32' : ''}`));
  assert.deepEqual(out, ['r11←0', 'r0←3', 'r3←11:32', 'x15←2', 'x2←1', 'x1←15']);
});
