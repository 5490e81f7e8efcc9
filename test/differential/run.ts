// The long differential run, on demand:
//   node dist/test/differential/run.js --count N --seed S [--memory guarded|checked|both] [--self-check] [--no-record]
// generates N modules from seeds S..S+N-1, runs each on V8 (the oracle) and
// on Corral in the chosen memory modes, prints progress and a final line of
// modules run and mismatches, and writes every mismatch as a regression case
// (test/differential/regressions/) unless --no-record. `--self-check` puts V8
// on both sides, to test the generator and the harness without Corral.
// Exit code 1 when there is any mismatch.
//
// Nothing imports this file.

import { loadCorral, MEMORY_MODES, type MemoryMode } from '../spec/corral-api.js';
import { campaign, formatTally } from './campaign.js';
import { Generator, TTF_FLAGS } from './generator.js';
import { saveRegression } from './regressions.js';
import { CorralSide, type Side, V8Side } from './sides.js';

const USAGE = 'usage: run.js --count N --seed S [--memory guarded|checked|both] [--self-check] [--no-record]';

async function main(argv: readonly string[]): Promise<number> {
  let count = 200;
  let seed = 1;
  let memory = 'both';
  let selfCheck = false;
  let recordMismatches = true;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    const value = (): string => inline ?? argv[++i] ?? '';
    if (flag === '--count') count = Number(value());
    else if (flag === '--seed') seed = Number(value());
    else if (flag === '--memory') memory = value();
    else if (flag === '--self-check') selfCheck = true;
    else if (flag === '--no-record') recordMismatches = false;
    else {
      console.error(`unknown argument ${argv[i]}; ${USAGE}`);
      return 2;
    }
  }
  const modes = memory === 'both' ? MEMORY_MODES : MEMORY_MODES.filter((m) => m === memory);
  if (!Number.isInteger(count) || count < 1 || !Number.isInteger(seed) || modes.length === 0) {
    console.error(USAGE);
    return 2;
  }
  let sides: Side[];
  if (selfCheck) {
    sides = [new V8Side('v8-again')];
  } else {
    const load = await loadCorral();
    if (!load.ok) {
      console.error(`Corral is not available: ${load.reason} (use --self-check to exercise the harness with V8 alone)`);
      return 1;
    }
    sides = modes.map((m: MemoryMode) => new CorralSide(load.api, m));
  }
  const generator = await Generator.open();
  const started = performance.now();
  try {
    const tally = await campaign(generator, seed, count, new V8Side(), sides, undefined, (s, t) => {
      if ((s - seed + 1) % 50 === 0) console.log(`... ${t.modules} modules, ${t.mismatched} mismatched, ${((performance.now() - started) / 1000).toFixed(0)} s`);
    });
    console.log(formatTally(tally, sides));
    if (recordMismatches && !selfCheck) {
      const saved = new Set<string>();
      for (const m of tally.mismatches) saved.add(saveRegression(m, TTF_FLAGS));
      if (saved.size > 0) console.log(`recorded ${saved.size} regression case(s) in test/differential/regressions/: ${[...saved].join(', ')}`);
    }
    console.log(`${tally.modules} modules run, ${tally.mismatched} mismatches, ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return tally.mismatched > 0 ? 1 : 0;
  } finally {
    generator.close();
    for (const s of sides) s.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
