// `corral compile <file> -o <artifact>`: ahead-of-time compilation to an
// artifact file that `corral run` (and engine.load(loadArtifact(...))) use
// without recompiling.
//
// Invariant: the output file appears whole or not at all (written to a
// temporary name, then renamed).
// Only src/cli/main.ts imports this.

import fs from 'node:fs';
import path from 'node:path';
import { CompileCache } from '../artifact/cache.js';
import { serializeArtifact } from '../artifact/write.js';
import { ExitCode } from './exit-codes.js';
import { reportFailure, usage } from './failure.js';
import { loadInput } from './input.js';
import { parse, parseMemoryMode, type OptionSpec } from './options.js';

export const COMPILE_HELP = `Usage: corral compile [options] <file.wasm | file.wat> -o <artifact>

Compiles a module ahead of time to an artifact: machine code and metadata in
one file, checked when loaded (Corral version, configuration, CPU features,
checksum). Run it with 'corral run <artifact>'.

Options:
  -o, --output FILE      where to write the artifact (required)
  --memory MODE          guarded (default) or checked: the engine mode the code
                         is compiled for
  --fuel                 compile with fuel metering (for runs with --fuel)
  --no-cache             do not read or write the compile cache
  -h, --help             show this help

Exit status: 0 written, 1 usage, 2 compile error, 7 file error.
`;

const OPTIONS = {
  output: { type: 'string', short: 'o' },
  memory: { type: 'string' },
  fuel: { type: 'boolean' },
  'no-cache': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} satisfies OptionSpec;

export async function compileCommand(argv: readonly string[], out: NodeJS.WritableStream, err: (s: string) => void): Promise<number> {
  const { values, positionals } = parse(argv, OPTIONS);
  if (values.help) { out.write(COMPILE_HELP); return ExitCode.ok; }
  const file = positionals[0];
  if (file === undefined) throw usage('compile: missing the module file');
  if (positionals.length > 1) throw usage(`compile: one input file, got ${positionals.length}`);
  if (values.output === undefined) throw usage('compile: missing -o <artifact>');
  const memoryMode = parseMemoryMode(values.memory);
  const output = values.output;
  try {
    const input = await loadInput(file, {
      memoryMode,
      fuel: values.fuel === true,
      ...(values['no-cache'] ? {} : { cache: new CompileCache() }),
      progress: err,
    });
    if (input.kind === 'artifact') throw usage(`compile: ${file} is already an artifact`);
    const bytes = serializeArtifact(input.compiled);
    const tmp = path.join(path.dirname(output), `.${path.basename(output)}.${process.pid}.tmp`);
    try {
      fs.writeFileSync(tmp, bytes);
      fs.renameSync(tmp, output);
    } catch (e) {
      fs.rmSync(tmp, { force: true });
      if (e instanceof Error) Object.assign(e, { path: output });
      throw e;
    }
    return ExitCode.ok;
  } catch (e) {
    return reportFailure(e, { file }, err);
  }
}
