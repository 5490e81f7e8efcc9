// yosys as npm @yowasp/yosys ships it, laid out for a plain WASI preview1 run:
// the core module (yosys.core.wasm imports only wasi_snapshot_preview1) and a
// root directory holding the package's `share/` tree, a `tmp/` (ABC makes its
// scratch directory there) and a small Verilog design.
//
// The package's own wrapper (gen/bundle.js, Application.run) runs the module
// with argv[0] 'yowasp-yosys', no environment variables, and one pre-open '/'
// whose `share` entry is the tree from gen/resources-yosys.js — most files are
// inlined strings there, a few large ones are URLs of files under gen/share/.
// So the share tree is written out from that module, not copied from gen/share/
// (which holds only the large files). Both the test (test/wasi/yosys.test.ts)
// and the benchmark (bench/wasi.ts) use this, so they run the same thing.
// Nothing in src/ imports this.

import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
// The package exports only its bundle (gen/bundle.js); everything we need sits beside it.
const genDir = path.dirname(require.resolve('@yowasp/yosys'));

export const yosysWasmPath = path.join(genDir, 'yosys.core.wasm');

/** The argv[0] the package's wrapper gives the module. */
export const YOSYS_ARGV0 = 'yowasp-yosys';

/** An 8-bit counter with synchronous reset and enable: small, but synth maps adders, muxes and flip-flops. */
export const COUNTER_V = `module counter(input clk, input rst, input en, output reg [7:0] count);
  always @(posedge clk)
    if (rst) count <= 8'd0;
    else if (en) count <= count + 8'd1;
endmodule
`;

/** -Q: no banner; -T: no footer (its CPU times and memory use differ run to run). */
export function yosysArgs(script: string): string[] {
  return [YOSYS_ARGV0, '-Q', '-T', '-p', script];
}

type Tree = { readonly [name: string]: Tree | string | Uint8Array | URL };

let resources: Promise<Tree> | undefined;

function shareTree(): Promise<Tree> {
  resources ??= import(pathToFileURL(path.join(genDir, 'resources-yosys.js')).href)
    .then((m: { filesystem?: Tree }) => {
      if (m.filesystem === undefined || typeof m.filesystem['share'] !== 'object') throw new Error('@yowasp/yosys: resources-yosys.js has no filesystem.share');
      return m.filesystem;
    });
  return resources;
}

function writeTree(dir: string, tree: Tree): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, entry] of Object.entries(tree)) {
    const to = path.join(dir, name);
    if (typeof entry === 'string' || entry instanceof Uint8Array) fs.writeFileSync(to, entry);
    else if (entry instanceof URL) fs.copyFileSync(fileURLToPath(entry), to);
    else writeTree(to, entry);
  }
}

/** Fills `root` (which the caller pre-opens as '/') with share/, tmp/ and counter.v. */
export async function makeYosysRoot(root: string): Promise<void> {
  writeTree(root, await shareTree());
  fs.mkdirSync(path.join(root, 'tmp'), { recursive: true });
  fs.writeFileSync(path.join(root, 'counter.v'), COUNTER_V);
}
