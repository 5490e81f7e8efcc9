// Command line for the conformance runner:
//   npm run spec [filter]      (options through npm: npm run spec -- [filter] --bless --verbose)
// runs every core/ and simd/ script whose path contains `filter` through
// Corral's front end (parseModule) and the wabt text parser, prints the totals
// and ends with "N passed, N failed, N skipped". Exit code 1 on any surprise.
// `--bless` (or CORRAL_SPEC_BLESS=1) rewrites test/spec/expectations.json
// from this run instead of failing.
//
// Invariants: the front end under test is always src/wasm's parseModule —
// Node's WebAssembly is never used here. Nothing imports this file.

import { readFileSync, writeFileSync } from 'node:fs';
import { watToBinary } from '../../src/wasm/text.js';
import { formatReport, runConformance } from './conformance.js';
import { bless, formatExpectations, parseExpectations } from './expectations.js';
import { expectationsPath, suiteRoot } from './suite.js';

async function main(argv: readonly string[]): Promise<number> {
  const flags = new Set(argv.filter((a) => a.startsWith('--')));
  const unknown = [...flags].filter((f) => f !== '--bless' && f !== '--verbose');
  if (unknown.length > 0) {
    console.error(`unknown option ${unknown.join(' ')}; usage: run.js [filter] [--bless] [--verbose]`);
    return 2;
  }
  const filter = argv.find((a) => !a.startsWith('--')) ?? '';
  const blessing = flags.has('--bless') || process.env['CORRAL_SPEC_BLESS'] === '1';
  const { parseModule } = await import('../../src/wasm/index.js');
  const expectations = parseExpectations(readFileSync(expectationsPath, 'utf8'));
  const result = await runConformance({
    suiteRoot: suiteRoot(),
    filter,
    frontEnd: parseModule,
    textToBinary: (text, name) => watToBinary(text, name),
    expectations,
  });
  console.log(formatReport(result, flags.has('--verbose')));
  if (blessing) {
    writeFileSync(expectationsPath, formatExpectations(bless(expectations, result.outcomes)));
    console.log(`blessed: rewrote ${expectationsPath}`);
    return 0;
  }
  return result.surprises.length > 0 ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
