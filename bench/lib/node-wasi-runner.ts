// The rival of `corral run` in bench/wasi.ts: Node running a WASI command
// through node:wasi (V8, default tiering), invoked the way `corral run` is so
// both sides see the same argv, pre-opens and (empty) environment:
//
//   node --no-warnings dist/bench/lib/node-wasi-runner.js file.wasm [--dir HOST::GUEST]... [--] args...
//
// argv[0] is the file as given (as `corral run` passes it); stdio are this
// process's; the guest's exit code becomes this process's. Nothing imports this file.

import { readFileSync } from 'node:fs';
import { WASI } from 'node:wasi';

const V8 = (globalThis as unknown as {
  WebAssembly: { compile(b: Uint8Array): Promise<object>; instantiate(m: object, i: object): Promise<object> };
}).WebAssembly;

const argv = process.argv.slice(2);
const file = argv.shift();
if (file === undefined) {
  console.error('usage: node-wasi-runner.js file.wasm [--dir HOST::GUEST]... [--] args...');
  process.exit(2);
}
const preopens: Record<string, string> = {};
while (argv[0] === '--dir') {
  const spec = argv[1] ?? '';
  const sep = spec.indexOf('::');
  if (sep < 0) preopens[spec] = spec;
  else preopens[spec.slice(sep + 2)] = spec.slice(0, sep);
  argv.splice(0, 2);
}
if (argv[0] === '--') argv.shift();

const wasi = new WASI({ version: 'preview1', args: [file, ...argv], env: {}, preopens, returnOnExit: true });
const module = await V8.compile(readFileSync(file));
const instance = await V8.instantiate(module, wasi.getImportObject());
process.exitCode = wasi.start(instance);
