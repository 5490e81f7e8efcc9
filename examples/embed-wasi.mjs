// Running a WASI command (here examples/hello.wasm, built from hello.c with
// clang for wasm32-wasi) from a Node program: Corral's own WASI preview1,
// with the guest seeing only the args, environment and directories given.
//
//   npm run build && node examples/embed-wasi.mjs
import fs from 'node:fs';
import { Writable } from 'node:stream';
import { Engine } from 'corral';
import { Wasi } from 'corral/wasi';

const bytes = fs.readFileSync(new URL('./hello.wasm', import.meta.url));
const engine = new Engine();
try {
  const module = await engine.compile(bytes); // compile once, instantiate per run

  // 1. stdio passed through: the guest writes to this process's stdout.
  //    A Wasi object serves one instance, once.
  const wasi = new Wasi({
    args: ['hello', 'embedder'], // argv, including argv[0]
    env: {}, // the guest sees no host variables unless given here
    preopens: {}, // e.g. { '/data': '/srv/data' }: the only files it can reach
  });
  const exitCode = await wasi.start(await engine.instantiate(module, wasi.imports));
  console.log(`exit code ${exitCode}`);

  // 2. stdout captured: any Node writable stream (or a host fd) will do.
  let captured = '';
  const sink = new Writable({ write(chunk, _enc, done) { captured += chunk; done(); } });
  const quiet = new Wasi({ args: ['hello', 'captured output'], stdout: sink });
  await quiet.start(await engine.instantiate(module, quiet.imports));
  console.log(`captured: ${JSON.stringify(captured)}`);
} finally {
  engine.close();
}
