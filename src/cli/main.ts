#!/usr/bin/env node
// The `corral` command: picks the subcommand, runs it, and exits with its
// status (exit-codes.ts). Each subcommand lives in its own file with its help.
//
// Invariant: nothing escapes as an uncaught exception: usage problems and
// failures become a stderr report and an exit status.
// Nothing imports this (it is the bin entry).

import { compileCommand, COMPILE_HELP } from './compile.js';
import { corralVersion } from '../artifact/version.js';
import { EXIT_CODE_HELP, ExitCode } from './exit-codes.js';
import { reportFailure, usage } from './failure.js';
import { inspectCommand, INSPECT_HELP } from './inspect.js';
import { runCommand, RUN_HELP } from './run.js';

const MAIN_HELP = `Usage: corral <command> [options]

Corral: a WebAssembly sandboxing compiler and runtime.

Commands:
  run <file> [args...]        run a WASI command, or one export with --invoke
  compile <file> -o <out>     compile ahead of time to an artifact
  inspect <file>              show imports, exports, sections, code sizes
  serve [app.wasm|app.wat]    an HTTP server: one fresh sandbox per request
  help [command]              show help for a command

Options: -h, --help (also after a command), --version

Environment:
  CORRAL_CACHE_DIR            the compile cache directory (default ~/.cache/corral)

${EXIT_CODE_HELP}
`;

type Command = (argv: readonly string[], out: NodeJS.WritableStream, err: (s: string) => void) => Promise<number>;

// The server (pino, prom-client, ...) loads only when `serve` runs: `corral run` starts faster.
const serveModule = () => import('../server/serve-command.js');

const COMMANDS: Record<string, { run: Command; help: string | (() => Promise<string>) }> = {
  run: { run: runCommand, help: RUN_HELP },
  compile: { run: compileCommand, help: COMPILE_HELP },
  inspect: { run: inspectCommand, help: INSPECT_HELP },
  serve: { run: async (argv, out, err) => (await serveModule()).serveCommand(argv, out, err), help: async () => (await serveModule()).SERVE_HELP },
};

export async function main(argv: readonly string[]): Promise<number> {
  const err = (s: string) => { process.stderr.write(s); };
  const out = process.stdout;
  try {
    const [name, ...rest] = argv;
    if (name === undefined || name === '-h' || name === '--help') { out.write(MAIN_HELP); return name === undefined ? ExitCode.usage : ExitCode.ok; }
    if (name === '--version') { out.write(`corral ${corralVersion()}\n`); return ExitCode.ok; }
    if (name === 'help') {
      const topic = rest[0];
      if (topic === undefined) { out.write(MAIN_HELP); return ExitCode.ok; }
      const c = COMMANDS[topic];
      if (c === undefined) throw usage(`help: no command '${topic}'`);
      out.write(typeof c.help === 'string' ? c.help : await c.help());
      return ExitCode.ok;
    }
    const command = COMMANDS[name];
    if (command === undefined) throw usage(`unknown command '${name}' (commands: ${Object.keys(COMMANDS).join(', ')})`);
    return await command.run(rest, out, err);
  } catch (e) {
    return reportFailure(e, {}, err);
  }
}

process.exitCode = await main(process.argv.slice(2));
