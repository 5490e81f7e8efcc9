// Module unloading (issues 4 and 5; module-lifetime.ts): once a Module and
// every instance of it are gone, its code image (executable mapping, trap
// table), its memory image (memfd) and its ready shells go back, measured by
// the native layer's own counters; a module that an instance still reaches
// (its own, or another module's table) stays loaded, runs and names its
// frames in backtraces, as does one whose guest is suspended in an async
// import; Module.dispose() refuses while instances live; a
// ThreadedEngine's workers drop a ThreadModule the main thread no longer holds.
//
// Each scenario runs in a child process started with --expose-gc (this file
// again, with the scenario's name), so the native counters see only it.
// Only the test runner imports this.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Engine, ThreadedEngine, Trap, type Instance, type Module } from '../../src/index.js';
import { COW_MIN_DATA_BYTES } from '../../src/runtime/memory-image.js';
import { native } from '../../src/runtime/native.js';

type Fn = (...a: unknown[]) => Promise<unknown>;
const fns = (x: { exports: object }) => x.exports as Record<string, Fn>;

const gc = (globalThis as { gc?: () => void }).gc;

/** Collects until `done` holds (finalizers run as tasks after a collection; dropping shells and then the core takes two rounds). */
async function collectUntil(done: () => boolean): Promise<void> {
  for (let round = 0; round < 40 && !done(); round++) {
    gc!();
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Distinct modules: a constant of their own; every third carries enough data for a copy-on-write memory image. */
function tenant(i: number): string {
  const data = i % 3 === 0 ? `(data (i32.const 0) "${'\\2a'.repeat(COW_MIN_DATA_BYTES + 1000)}")` : `(data (i32.const 16) "tenant ${i}")`;
  return `(module
    (memory (export "memory") 1)
    ${data}
    (func $deep (export "deep") (result i32) (unreachable))
    (func (export "f") (result i32) (i32.add (i32.const ${i}) (i32.load8_u (i32.const 0)))))`;
}

function expected(i: number): number {
  return i + (i % 3 === 0 ? 0x2a : 0);
}

interface Counters {
  readonly codes: number;
  readonly images: number;
  readonly mappings: number;
  readonly reservedBytes: number;
  readonly shells: number;
}

function counters(engine: Engine): Counters {
  const s = native.stats();
  return { codes: engine.loadedCodeImages, images: s.images, mappings: s.mappings, reservedBytes: s.reservedBytes, shells: engine.poolStats.readyShells };
}

/** Compiles, runs and drops `n` distinct modules: most instances are released (and become ready shells), every fourth is only dropped. */
async function churn(engine: Engine, from: number, n: number): Promise<void> {
  for (let i = from; i < from + n; i++) {
    const m = await engine.compile(tenant(i));
    for (let k = 0; k < 2; k++) {
      const inst = await engine.instantiate(m);
      assert.equal(await fns(inst).f!(), expected(i));
      if (i % 4 !== 0) inst.release();
    }
  }
}

/** The kept-alive scenario's body: what an instance still reaches stays loaded and runs, and backtraces name its frames. */
async function keptAlive(engine: Engine): Promise<void> {
  const keptInstance = await (async () => (await engine.instantiate(await engine.compile(tenant(7)))))();
  // B's table holds A's function; A's instance and both modules are dropped, B's instance kept.
  const viaTable = await (async () => {
    const a = await engine.instantiate(await engine.compile(`(module
      (func $callee (export "callee") (param i32) (result i32)
        (if (i32.eqz (local.get 0)) (then (unreachable)))
        (i32.mul (local.get 0) (i32.const 3))))`));
    const b = await engine.compile(`(module
      (import "a" "callee" (func $imported (param i32) (result i32)))
      (type $t (func (param i32) (result i32)))
      (table 1 funcref)
      (elem (i32.const 0) func $imported)
      (func $caller (export "call") (param i32) (result i32) (call_indirect (type $t) (local.get 0) (i32.const 0))))`);
    return engine.instantiate(b, { a: { callee: fns(a).callee! } });
  })();
  await churn(engine, 200, 12);
  await collectUntil(() => engine.loadedCodeImages === 3 && engine.poolStats.readyShells === 0);
  assert.equal(engine.loadedCodeImages, 3, 'the kept instance\'s module, A (reached through B\'s table) and B stay; the 12 others went');
  // New modules may reuse the unloaded code's addresses: each backtrace names its own module's functions.
  const fresh = await engine.instantiate(await engine.compile(`(module (func $fresh_trap (export "t") (unreachable)))`));
  await assert.rejects(fns(fresh).t!(), (e: unknown) => e instanceof Trap && e.frames[0]?.funcName === 'fresh_trap');
  assert.equal(await fns(keptInstance).f!(), 7);
  await assert.rejects(fns(keptInstance).deep!(), (e: unknown) => e instanceof Trap && e.frames[0]?.funcName === 'deep');
  assert.equal(await fns(viaTable).call!(5), 15, 'A\'s code runs through B\'s table');
  await assert.rejects(fns(viaTable).call!(0), (e: unknown) => {
    assert.ok(e instanceof Trap);
    assert.deepEqual(e.frames.map((f) => f.funcName), ['callee', 'caller']);
    return true;
  });
  keptInstance.release();
  viaTable.release();
  fresh.release();
}

const scenarios: Record<string, () => Promise<void>> = {
  /** Checked mode: after a warm-up that sizes the pool, the native counters come back exactly. */
  async 'churn-checked'() {
    const engine = new Engine({ memoryMode: 'checked' });
    await churn(engine, 0, 30);
    await collectUntil(() => engine.loadedCodeImages === 0 && engine.liveInstances === 0);
    const base = counters(engine);
    assert.deepEqual({ codes: base.codes, shells: base.shells }, { codes: 0, shells: 0 }, 'the warm-up modules were unloaded');
    await churn(engine, 100, 30);
    const loaded = counters(engine);
    await collectUntil(() => engine.loadedCodeImages === 0 && engine.liveInstances === 0 && engine.poolStats.readyShells === 0);
    assert.deepEqual(counters(engine), base, `30 modules compiled, run and dropped: code, images and mappings back to the baseline (before the collection: ${JSON.stringify(loaded)})`);
    engine.close();
  },

  /** Guarded mode: code and images come back (the pool's slots may have grown with the collection's timing). */
  async 'churn-guarded'() {
    const engine = new Engine({ memoryMode: 'guarded' });
    const base = counters(engine);
    await churn(engine, 0, 30);
    await collectUntil(() => engine.loadedCodeImages === 0 && engine.liveInstances === 0 && engine.poolStats.readyShells === 0);
    const after = counters(engine);
    assert.deepEqual({ codes: after.codes, images: after.images, shells: after.shells }, { codes: base.codes, images: base.images, shells: 0 });
    engine.close();
  },

  /** What an instance still reaches stays loaded and runs; backtraces name its frames after unrelated modules went (and new ones took their addresses). */
  async 'kept-alive'() {
    const engine = new Engine({ memoryMode: 'checked' });
    await keptAlive(engine);
    // A released Instance still refers to its state (and so its module): dropped with keptAlive's frame.
    await collectUntil(() => engine.loadedCodeImages === 0);
    assert.equal(engine.loadedCodeImages, 0, 'released and dropped: everything goes');
    engine.close();
  },

  /** A guest suspended in an async import, its Instance, exports and Module all dropped: its code stays until the call ends. */
  async 'suspended'() {
    const engine = new Engine();
    let settle: ((v: number) => void) | undefined;
    const pending = await (async () => {
      const m = await engine.compile(`(module
        (import "h" "wait" (func $wait (result i32)))
        (func $waiter (export "f") (result i32) (i32.add (call $wait) (i32.const 1))))`);
      const inst = await engine.instantiate(m, { h: { wait: () => new Promise<number>((r) => { settle = r; }) } });
      return { result: fns(inst).f!() };
    })();
    await collectUntil(() => false);
    assert.equal(engine.loadedCodeImages, 1, 'a suspended guest keeps its code');
    settle!(41);
    assert.equal(await pending.result, 42);
    await collectUntil(() => engine.loadedCodeImages === 0);
    assert.equal(engine.loadedCodeImages, 0, 'the call ended: everything goes');
    engine.close();
  },

  /** A module dropped while it has ready shells: the shells are freed, then the code. */
  async 'shells'() {
    const engine = new Engine({ memoryMode: 'checked' });
    await (async () => {
      const m = await engine.compile(tenant(3));
      const insts: Instance[] = [];
      for (let k = 0; k < 4; k++) insts.push(await engine.instantiate(m));
      for (const i of insts) i.release();
      assert.equal(engine.poolStats.readyShells, 4);
      assert.equal(native.stats().images, 1);
    })();
    await collectUntil(() => engine.loadedCodeImages === 0);
    assert.deepEqual([engine.poolStats.readyShells, engine.loadedCodeImages, engine.liveInstances, native.stats().images], [0, 0, 0, 0]);
    engine.close();
  },

  /** dispose(): refused while an instance is unfreed, then immediate; a disposed module cannot be instantiated; close() after it is clean. */
  async 'dispose'() {
    const engine = new Engine();
    const m: Module = await engine.compile(tenant(9));
    const inst = await engine.instantiate(m);
    assert.throws(() => m.dispose(), /not freed/);
    assert.equal(await fns(inst).f!(), expected(9), 'a refused dispose changes nothing');
    inst.release();
    await engine.instantiate(m).then((i) => i.release()); // a ready shell now
    assert.equal(engine.poolStats.readyShells, 1);
    const codes = engine.loadedCodeImages;
    m.dispose();
    assert.equal(engine.loadedCodeImages, codes - 1);
    assert.equal(engine.poolStats.readyShells, 0);
    m.dispose();
    await assert.rejects(engine.instantiate(m), /disposed/);
    assert.deepEqual(m.exports().map((e) => e.name), ['memory', 'deep', 'f'], 'its description is still readable');
    engine.close();
  },

  /** A ThreadModule the main thread drops is dropped by its workers too (their engines then unload it as above). */
  async 'threads'() {
    const pool = new ThreadedEngine({ threads: 2 });
    try {
      await (async () => {
        const m = await pool.compile(tenant(5));
        const inst = await pool.instantiate(m);
        assert.equal(await fns(inst).f!(), 5);
        inst.release();
      })();
      const held = async () => (await pool.workerStats()).map((s) => s.modules);
      assert.deepEqual(await held(), [1, 1]);
      for (let round = 0; round < 40 && (await held()).some((n) => n > 0); round++) {
        gc!();
        await new Promise((r) => setTimeout(r, 5));
      }
      assert.deepEqual(await held(), [0, 0]);
    } finally {
      await pool.close();
    }
  },
};

const scenario = process.argv[2];
if (scenario !== undefined && scenarios[scenario] !== undefined) {
  if (gc === undefined) throw new Error('run with --expose-gc');
  await scenarios[scenario]!();
} else {
  const self = fileURLToPath(import.meta.url);
  for (const name of Object.keys(scenarios)) {
    test(`unload: ${name}`, () => {
      const r = spawnSync(process.execPath, ['--expose-gc', self, name], { encoding: 'utf8', timeout: 60_000 });
      assert.equal(r.status, 0, `${name} failed:\n${r.stdout}${r.stderr}`);
    });
  }
}
