// `corral run`: a WASI command (its _start, with args, env, pre-opened
// directories and stdio passed through; the guest's exit status becomes
// ours) or one export called with typed arguments (--invoke).
//
// Invariants: the guest sees only what the options grant (directories given
// with --dir, variables given with --env); a trap, link error or limit ends
// with its own exit status (exit-codes.ts); the engine is closed on every path.
// Only src/cli/main.ts imports this.

import { CompileCache } from '../artifact/cache.js';
import { Engine } from '../runtime/engine.js';
import type { Instance } from '../runtime/instance.js';
import { Memory } from '../runtime/memory.js';
import type { ImportObject } from '../runtime/values.js';
import { Wasi, WasiExit } from '../wasi/index.js';
import { ExternKind, type Module as WasmModule } from '../wasm/types.js';
import { EXIT_CODE_HELP, ExitCode } from './exit-codes.js';
import { reportFailure, usage } from './failure.js';
import { loadInput } from './input.js';
import { parse, parseCount, parseDirs, parseEnv, parseMemoryMode, parseSize, splitAtInput, type OptionSpec } from './options.js';
import { formatVal, parseArg } from './values.js';

export const RUN_HELP = `Usage: corral run [options] <file.wasm | file.wat | artifact> [--] [args...]

Runs a WASI command (its _start export) with the given arguments, or calls one
export with --invoke. stdin, stdout and stderr are the guest's; the guest's
exit status becomes corral's. Everything after the file belongs to the guest.

Options:
  --dir HOST[::GUEST]    pre-open the host directory HOST, seen by the guest as
                         GUEST (default: the same path); repeatable
  --env KEY=VALUE        set an environment variable for the guest; repeatable
                         (the guest sees no other variables)
  --timeout MS           stop the guest after MS milliseconds (exit status 5)
  --max-memory SIZE      cap any linear memory at SIZE (e.g. 64MiB, 1GiB)
  --fuel N               stop the guest after N units of work (exit status 5)
  --invoke NAME          call the export NAME with the arguments (by its
                         parameter types: 42, -1, 0x10, 1.5, nan, inf) and
                         print its results, one per line
  --memory MODE          guarded (default: guard regions) or checked (bounds
                         checks, small reservations); an artifact runs in the
                         mode it was compiled for
  --no-cache             compile without reading or writing the compile cache
                         (default cache: $CORRAL_CACHE_DIR, ~/.cache/corral)
  -h, --help             show this help

${EXIT_CODE_HELP}
`;

const OPTIONS = {
  dir: { type: 'string', multiple: true },
  env: { type: 'string', multiple: true },
  timeout: { type: 'string' },
  'max-memory': { type: 'string' },
  fuel: { type: 'string' },
  invoke: { type: 'string' },
  memory: { type: 'string' },
  'no-cache': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} satisfies OptionSpec;

export async function runCommand(argv: readonly string[], out: NodeJS.WritableStream, err: (s: string) => void): Promise<number> {
  const { own, rest } = splitAtInput(argv, OPTIONS);
  const { values, positionals } = parse(own, OPTIONS);
  if (values.help) { out.write(RUN_HELP); return ExitCode.ok; }
  const file = positionals[0];
  if (file === undefined) throw usage('run: missing the file to run');
  const timeoutMs = values.timeout !== undefined ? parseCount('--timeout', values.timeout) : undefined;
  const maxMemoryPages = values['max-memory'] !== undefined ? Math.floor(parseSize('--max-memory', values['max-memory']) / 65536) : undefined;
  if (maxMemoryPages !== undefined && maxMemoryPages > 65536) throw usage('--max-memory: at most 4GiB');
  const fuel = values.fuel !== undefined ? parseCount('--fuel', values.fuel) : undefined;
  const env = parseEnv(values.env ?? []);
  const preopens = parseDirs(values.dir ?? []);
  const requestedMode = values.memory !== undefined ? parseMemoryMode(values.memory) : undefined;

  const ctx = { file, ...(timeoutMs !== undefined ? { timeoutMs } : {}) };
  let engine: Engine | undefined;
  try {
    const input = await loadInput(file, {
      ...(requestedMode ? { memoryMode: requestedMode } : {}),
      fuel: fuel !== undefined,
      ...(values['no-cache'] ? {} : { cache: new CompileCache() }),
      progress: err,
    });
    engine = new Engine({
      memoryMode: input.compiled.memoryMode,
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      ...(maxMemoryPages !== undefined ? { maxMemoryPages } : {}),
      ...(fuel !== undefined ? { fuel } : {}),
    });
    const module = engine.load(input.compiled);
    const wasm = input.compiled.module;
    const needsWasi = wasm.imports.some((i) => i.module === 'wasi_snapshot_preview1');
    const wasi = needsWasi || values.invoke === undefined
      ? new Wasi({ args: [file, ...rest], env, preopens })
      : undefined;
    const imports: ImportObject = wasi && needsWasi ? (wasi.imports as unknown as ImportObject) : {};
    const instance = await engine.instantiate(module, imports);

    if (values.invoke !== undefined) return await invoke(instance, wasm, values.invoke, rest, wasi, out);
    const hasStart = wasm.exports.some((e) => e.name === '_start' && e.kind === ExternKind.func);
    if (!hasStart) throw usage(`${file} has no _start export to run; name an export with --invoke NAME`);
    if (wasi === undefined || !needsWasi) {
      // A _start that needs no WASI: call it as it is.
      await instance.call('_start', []);
      return ExitCode.ok;
    }
    return await wasi.start(instance);
  } catch (e) {
    return reportFailure(e, ctx, err);
  } finally {
    engine?.close();
  }
}

async function invoke(instance: Instance, wasm: WasmModule, name: string, args: readonly string[], wasi: Wasi | undefined, out: NodeJS.WritableStream): Promise<number> {
  const exp = wasm.exports.find((e) => e.name === name);
  if (exp === undefined || exp.kind !== ExternKind.func) {
    const names = wasm.exports.filter((e) => e.kind === ExternKind.func).map((e) => e.name);
    throw usage(`--invoke: no exported function '${name}' (exported functions: ${names.join(', ') || 'none'})`);
  }
  const type = wasm.types[wasm.funcTypes[exp.index]!]!;
  if (args.length !== type.params.length) throw usage(`--invoke ${name}: expects ${type.params.length} argument(s), got ${args.length}`);
  const vals = type.params.map((t, i) => parseArg(t, args[i]!, i));
  const memory = instance.exports['memory'];
  if (wasi !== undefined && memory instanceof Memory) wasi.bindMemory(memory);
  try {
    const results = await instance.call(name, vals);
    for (const r of results) out.write(`${formatVal(r)}\n`);
    return ExitCode.ok;
  } catch (e) {
    if (e instanceof WasiExit) return e.code;
    throw e;
  } finally {
    wasi?.dispose();
  }
}
