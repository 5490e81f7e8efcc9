// A real program: yosys (npm @yowasp/yosys, yosys.core.wasm, 30 MB) synthesizes
// a small counter under Corral and under node:wasi, each in a fresh root laid
// out as the package's own wrapper lays it out (yosys-fixture.ts). stdout,
// stderr, the exit code and the netlist yosys writes must be identical, and
// each case pins facts of its own so a run where both sides fail alike fails.
//
// Compiling yosys takes seconds, so each engine compiles it once per file.
// ABC (in `synth` without -noabc) closes fds 1 and 2 and then asks
// fd_renumber to move its log files onto them; node:wasi answers EBADF
// because the target is closed, so yosys's stdout ends there, and the next file
// opened becomes fd 1 and receives the log. The ABC case pins exactly that:
// it checks fd numbering and close/renumber semantics, not only output.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WASI } from 'node:wasi';
import { Engine, type Module } from '../../src/index.js';
import { Wasi } from '../../src/wasi/index.js';
import { makeYosysRoot, yosysArgs, yosysWasmPath } from './yosys-fixture.js';

const v8wasm = (globalThis as unknown as {
  WebAssembly: { compile(b: Uint8Array): Promise<object>; instantiate(m: object, i: object): Promise<object> };
}).WebAssembly;

const engine = new Engine();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'corral-yosys-'));
let corralModule: Module;
let v8Module: object;

before(async () => {
  const bytes = fs.readFileSync(yosysWasmPath);
  [corralModule, v8Module] = await Promise.all([engine.compile(bytes), v8wasm.compile(bytes)]);
});
after(() => {
  engine.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

interface Observed {
  readonly stdout: string;
  readonly stderr: string;
  readonly exit: number;
  /** Files the script wrote (name → contents), read back from the root. */
  readonly outputs: Record<string, string>;
}

let runs = 0;

async function run(runner: 'corral' | 'node', script: string, extraFiles: Record<string, string>, outputs: readonly string[]): Promise<Observed> {
  const dir = path.join(tmp, `${runner}-${runs++}`);
  const root = path.join(dir, 'root');
  await makeYosysRoot(root);
  for (const [name, text] of Object.entries(extraFiles)) fs.writeFileSync(path.join(root, name), text);
  const stdout = fs.openSync(path.join(dir, 'stdout'), 'w');
  const stderr = fs.openSync(path.join(dir, 'stderr'), 'w');
  const stdin = fs.openSync('/dev/null', 'r');
  let exit: number;
  try {
    const options = { args: yosysArgs(script), env: {}, preopens: { '/': root }, stdin, stdout, stderr };
    if (runner === 'corral') {
      const wasi = new Wasi(options);
      exit = await wasi.start(await engine.instantiate(corralModule, wasi.imports));
    } else {
      const wasi = new WASI({ version: 'preview1', ...options, returnOnExit: true });
      exit = wasi.start(await v8wasm.instantiate(v8Module, wasi.getImportObject()));
    }
  } finally {
    // node:wasi closes the host fd itself when the guest closes its fd 1 or 2
    // (ABC does), so under it ours may be gone already. Corral only borrows them.
    for (const fd of [stdin, stdout, stderr]) {
      try { fs.closeSync(fd); } catch (e) { if (runner === 'corral' || (e as { code?: string }).code !== 'EBADF') throw e; }
    }
  }
  const read = (p: string) => fs.readFileSync(p, 'utf8');
  return {
    stdout: read(path.join(dir, 'stdout')),
    stderr: read(path.join(dir, 'stderr')),
    exit,
    outputs: Object.fromEntries(outputs.map((name) => [name, fs.existsSync(path.join(root, name)) ? read(path.join(root, name)) : '<missing>'])),
  };
}

async function bothAgree(script: string, outputs: readonly string[] = [], extraFiles: Record<string, string> = {}): Promise<Observed> {
  const oracle = await run('node', script, extraFiles, outputs);
  const corral = await run('corral', script, extraFiles, outputs);
  assert.equal(corral.stdout, oracle.stdout, 'stdout');
  assert.equal(corral.stderr, oracle.stderr, 'stderr');
  assert.equal(corral.exit, oracle.exit, 'exit code');
  assert.deepEqual(corral.outputs, oracle.outputs, 'files written');
  return corral;
}

/** The cell counts of the last `stat` report: "$_XOR_ 7" → { $_XOR_: 7 }. */
function lastStatCells(stdout: string): Record<string, number> {
  const report = stdout.slice(stdout.lastIndexOf('Number of cells:'));
  const cells: Record<string, number> = {};
  for (const m of report.matchAll(/^\s+(\$\S+)\s+(\d+)$/gm)) cells[m[1]!] = Number(m[2]);
  return cells;
}

test('yosys synth -noabc; stat: Corral matches node:wasi (log, exit code, JSON netlist)', async () => {
  const r = await bothAgree('read_verilog counter.v; synth -top counter -noabc; stat; write_json /tmp/counter.json', ['tmp/counter.json']);
  assert.equal(r.exit, 0);
  assert.equal(r.stderr, '');
  assert.match(r.stdout, /Executing Verilog-2005 frontend: counter\.v/);
  assert.match(r.stdout, /Printing statistics\./);
  assert.match(r.stdout, /Executing JSON backend\./);
  // 8 bits of count: eight flip-flops with synchronous reset and enable.
  assert.equal(lastStatCells(r.stdout)['$_SDFFE_PP0P_'], 8);
  const netlist = JSON.parse(r.outputs['tmp/counter.json']!) as { modules: Record<string, { ports: Record<string, { bits: unknown[] }> }> };
  assert.equal(netlist.modules['counter']?.ports['count']?.bits.length, 8);
});

test('yosys synth (with ABC): Corral matches node:wasi, fd by fd', async () => {
  const r = await bothAgree('read_verilog counter.v; synth -top counter; stat; write_json /tmp/abc.json', ['tmp/abc.json']);
  assert.equal(r.exit, 0);
  assert.match(r.stdout, /Running ABC command: /);
  assert.doesNotMatch(r.stdout, /Printing statistics\./, 'the log after ABC is lost to stdout (fd_renumber onto a closed fd is EBADF)');
  // With fds 1 and 2 closed, the JSON file opens as fd 1 (lowest free), so
  // yosys's log from `stat` on lands in it, before the netlist itself.
  const file = r.outputs['tmp/abc.json']!;
  const jsonAt = file.indexOf('\n{\n');
  assert.ok(jsonAt > 0, 'the log, then the netlist');
  assert.match(file.slice(0, jsonAt), /Executing JSON backend\./);
  assert.equal(lastStatCells(file.slice(0, jsonAt))['$_SDFFE_PP0P_'], 8);
  const netlist = JSON.parse(file.slice(jsonAt + 1)) as { modules: Record<string, { cells: Record<string, { type: string }> }> };
  const types = Object.values(netlist.modules['counter']?.cells ?? {}).map((c) => c.type);
  assert.equal(types.filter((t) => t === '$_SDFFE_PP0P_').length, 8);
  assert.ok(types.some((t) => t === '$_NAND_' || t === '$_ANDNOT_' || t === '$_XNOR_'), `ABC mapped the logic (${types.join(' ')})`);
  // ABC's scratch directory under /tmp was removed again.
  assert.deepEqual(fs.readdirSync(path.join(tmp, `corral-${runs - 1}`, 'root', 'tmp')).filter((n) => n.startsWith('yosys-abc')), []);
});

test('yosys on a syntax error: the same message and exit code 1 as node:wasi', async () => {
  const r = await bothAgree('read_verilog bad.v', [], { 'bad.v': 'module bad(input a, output b);\n  assign b = a +;\nendmodule\n' });
  assert.equal(r.exit, 1);
  assert.match(r.stdout + r.stderr, /bad\.v:2: ERROR: syntax error/);
});
