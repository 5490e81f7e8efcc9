// Runs a WASI program twice on the same inputs — under Corral (src/wasi over
// the public engine API) and under Node's node:wasi (V8, the oracle) — each in
// a fresh temporary directory, and returns what a user would observe: stdout,
// stderr, the exit code (or the trap), and the pre-open's resulting tree.
//
// Invariants: both runs get identical args/env/stdin/initial files; stdio are
// host fds to files in the temp directory (node:wasi takes fds); the tree
// snapshot holds types, sizes, contents and link targets, never times or
// inode numbers. No skip path: if Corral cannot run, the run throws.
// Only test/wasi/ imports this.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WASI } from 'node:wasi';
import { Engine } from '../../src/index.js';
import { Wasi } from '../../src/wasi/index.js';

export const programsDir = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../test/wasi/programs');

export interface RunInput {
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly stdin?: string | Uint8Array;
  /** Files to create in the pre-open before the run (relative path → contents). */
  readonly files?: Readonly<Record<string, string>>;
}

export interface RunResult {
  readonly stdout: string;
  readonly stderr: string;
  /** The exit code, or 'trap: <constructor name>' when the guest trapped. */
  readonly exit: number | string;
  readonly tree: Record<string, string>;
}

export const GUEST_DIR = '/sandbox';

/** Node's own WebAssembly (the oracle), typed just enough: the tsconfig has no WebAssembly typings. */
const v8wasm = (globalThis as unknown as {
  WebAssembly: { compile(b: Uint8Array): Promise<object>; instantiate(m: object, i: object): Promise<object> };
}).WebAssembly;

type Runner = (bytes: Uint8Array, input: RunInput, sandbox: string, stdio: [number, number, number]) => Promise<number | string>;

export async function runUnder(runner: 'corral' | 'node', wasmFile: string, input: RunInput, engine?: Engine): Promise<RunResult> {
  const bytes = fs.readFileSync(path.join(programsDir, wasmFile));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `corral-wasi-${runner}-`));
  try {
    const sandbox = path.join(tmp, 'sandbox');
    fs.mkdirSync(sandbox);
    for (const [rel, text] of Object.entries(input.files ?? {})) {
      fs.mkdirSync(path.dirname(path.join(sandbox, rel)), { recursive: true });
      fs.writeFileSync(path.join(sandbox, rel), text);
    }
    fs.writeFileSync(path.join(tmp, 'stdin'), input.stdin ?? '');
    const stdio: [number, number, number] = [
      fs.openSync(path.join(tmp, 'stdin'), 'r'),
      fs.openSync(path.join(tmp, 'stdout'), 'w'),
      fs.openSync(path.join(tmp, 'stderr'), 'w'),
    ];
    let exit: number | string;
    try {
      const run: Runner = runner === 'corral' ? corralRunner(engine) : nodeRunner;
      exit = await run(bytes, input, sandbox, stdio);
    } finally {
      for (const fd of stdio) fs.closeSync(fd);
    }
    return {
      stdout: fs.readFileSync(path.join(tmp, 'stdout'), 'utf8'),
      stderr: fs.readFileSync(path.join(tmp, 'stderr'), 'utf8'),
      exit,
      tree: snapshot(sandbox),
    };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function corralRunner(engine: Engine | undefined): Runner {
  return async (bytes, input, sandbox, [stdin, stdout, stderr]) => {
    if (engine === undefined) throw new Error('corral run needs an engine');
    const module = await engine.compile(bytes);
    const wasi = new Wasi({ args: input.args ?? [], env: input.env ?? {}, preopens: { [GUEST_DIR]: sandbox }, stdin, stdout, stderr });
    const instance = await engine.instantiate(module, wasi.imports);
    try {
      return await wasi.start(instance);
    } catch (e) {
      return `trap: ${(e as { code?: string }).code ?? (e as Error).constructor.name}`;
    }
  };
}

const nodeRunner: Runner = async (bytes, input, sandbox, [stdin, stdout, stderr]) => {
  const wasi = new WASI({
    version: 'preview1', args: [...(input.args ?? [])], env: { ...(input.env ?? {}) },
    preopens: { [GUEST_DIR]: sandbox }, stdin, stdout, stderr, returnOnExit: true,
  });
  const module = await v8wasm.compile(bytes);
  const instance = await v8wasm.instantiate(module, wasi.getImportObject());
  try {
    return wasi.start(instance);
  } catch (e) {
    // V8's RuntimeError message names the trap; Corral's Trap carries the code. Map the one the programs use.
    const msg = (e as Error).message;
    return `trap: ${msg === 'unreachable' ? 'unreachable' : msg}`;
  }
};

/** Every entry below `dir`: "f <size> <contents>", "d", or "l -> <target>". */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const name of fs.readdirSync(path.join(dir, rel)).sort()) {
      const r = rel === '' ? name : `${rel}/${name}`;
      const full = path.join(dir, r);
      const st = fs.lstatSync(full);
      if (st.isSymbolicLink()) out[r] = `l -> ${fs.readlinkSync(full)}`;
      else if (st.isDirectory()) {
        out[r] = 'd';
        walk(r);
      } else {
        const data = fs.readFileSync(full);
        out[r] = `f ${data.length} ${data.length <= 256 ? JSON.stringify(data.toString('latin1')) : hash(data)}`;
      }
    }
  };
  walk('');
  return out;
}

function hash(data: Uint8Array): string {
  let h = 0x811c9dc5;
  for (const b of data) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return `fnv1a:${h.toString(16)}`;
}
