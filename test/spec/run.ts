// Command line for the conformance runner:
//   npm run spec [filter]      (options through npm: npm run spec -- [filter] --bless --verbose)
//   npm run spec -- [--engine corral|none] [--memory guarded|checked] [filter]
// runs every script whose path contains `filter` through Corral's front end
// (parseModule) and the wabt text parser and — by default, or with
// `--engine corral` — through Corral's engine in the chosen memory mode
// (default guarded; core/ only); `--engine none` is the front-end-only run
// over core/ and simd/. It prints the
// totals and ends with "N passed, N failed, N skipped". Exit code 1 on any
// surprise. `--bless` (or CORRAL_SPEC_BLESS=1) rewrites the engine's
// expectations file (engine-choice.ts) from this run instead of failing.
//
// Invariants: the front end under test is always src/wasm's parseModule and
// the engine, when there is one, is Corral's — Node's WebAssembly is never
// used here. Nothing imports this file.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { watToBinary } from '../../src/wasm/text.js';
import { MEMORY_MODES, type MemoryMode } from './corral-api.js';
import { formatReport, runConformance } from './conformance.js';
import { choiceName, defaultFilter, type EngineChoice, expectationsFor, openEngine } from './engine-choice.js';
import { bless, formatExpectations, parseExpectations } from './expectations.js';
import { suiteRoot } from './suite.js';

const USAGE = 'usage: run.js [filter] [--engine none|corral] [--memory guarded|checked] [--bless] [--verbose]';
/** Corral runs the suite: it is the default; `--engine none` is the front-end-only run over core/ and simd/. */
const DEFAULT_ENGINE = 'corral';

interface Args {
  readonly choice: EngineChoice;
  readonly filter: string | undefined;
  readonly bless: boolean;
  readonly verbose: boolean;
}

function parseArgs(argv: readonly string[]): Args | string {
  let engine: string = DEFAULT_ENGINE;
  let memory: string = 'guarded';
  let filter: string | undefined;
  let blessing = process.env['CORRAL_SPEC_BLESS'] === '1';
  let verbose = false;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    if (flag === '--bless') blessing = true;
    else if (flag === '--verbose') verbose = true;
    else if (flag === '--engine') engine = value() ?? '';
    else if (flag === '--memory') memory = value() ?? '';
    else if (flag.startsWith('--')) return `unknown option ${flag}`;
    else filter = argv[i];
  }
  if (!MEMORY_MODES.includes(memory as MemoryMode)) return `unknown memory mode "${memory}"`;
  let choice: EngineChoice;
  if (engine === 'none') choice = { engine: 'none' };
  else if (engine === 'corral') choice = { engine: 'corral', memory: memory as MemoryMode };
  else return `unknown engine "${engine}"`;
  return { choice, filter, bless: blessing, verbose };
}

async function main(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    console.error(`${args}; ${USAGE}`);
    return 2;
  }
  const { parseModule } = await import('../../src/wasm/index.js');
  const file = expectationsFor(args.choice);
  // A mode's first run has no file yet: every failure is then a surprise until blessed.
  const expectations = parseExpectations(existsSync(file) ? readFileSync(file, 'utf8') : '{}');
  const engine = await openEngine(args.choice);
  try {
    const started = performance.now();
    const result = await runConformance({
      suiteRoot: suiteRoot(),
      filter: args.filter ?? defaultFilter(args.choice),
      frontEnd: parseModule,
      textToBinary: (text, name) => watToBinary(text, name),
      ...(engine.executorFor ? { executorFor: engine.executorFor } : {}),
      expectations,
    });
    console.log(formatReport(result, args.verbose));
    console.log(`engine ${choiceName(args.choice)}, ${((performance.now() - started) / 1000).toFixed(1)} s`);
    if (args.bless) {
      writeFileSync(file, formatExpectations(bless(expectations, result.outcomes)));
      console.log(`blessed: rewrote ${file}`);
      return 0;
    }
    return result.surprises.length > 0 ? 1 : 0;
  } finally {
    engine.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
