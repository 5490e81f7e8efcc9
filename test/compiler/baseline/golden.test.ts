// Golden codegen tests: each test/compiler/baseline/golden/<case>.wat holds a
// module followed by the listing the baseline tier must produce for it, in
// both memory modes — so a change in generated code is visible in review.
// CORRAL_BLESS=1 rewrites the listings from the current compiler (then review
// the diff). Listings come from our own decoder (src/compiler/x64/decoder.ts),
// which the x64 golden tests check against objdump; offsets are relative to
// each function's start.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { watToBinary } from '../../../src/wasm/text.js';
import { parseModule } from '../../../src/wasm/index.js';
import { compileModule } from '../../../src/compiler/baseline/index.js';
import type { MemoryMode } from '../../../src/compiler/compiled-module.js';
import { disassemble } from '../../../src/compiler/x64/decoder.js';

const DIR = new URL('../../../../test/compiler/baseline/golden/', import.meta.url);
const BLESS = process.env['CORRAL_BLESS'] === '1';
const MARK = ';; ==== ';

export async function listing(wat: string, mode: MemoryMode): Promise<string[]> {
  const m = parseModule(await watToBinary(wat));
  const cm = compileModule(m, { memoryMode: mode });
  const out: string[] = [];
  for (let d = 0; d < cm.functionStarts.length; d++) {
    const f = d + m.numImportedFuncs;
    const start = cm.functionStarts[d]!;
    const name = m.names.functions.get(f);
    out.push(`;; func ${f}${name ? ` $${name}` : ''}`);
    for (const line of disassemble(cm.code, start, cm.functionEnds[d]!)) {
      const text = line.text.replace(/^(j[a-z]+|call|jmp)(\s+)0x([0-9a-f]+)$/, (_, op: string, sp: string, hex: string) => {
        const rel = parseInt(hex, 16) - start;
        return `${op}${sp}${rel < 0 ? '-' : ''}0x${Math.abs(rel).toString(16)}`;
      });
      out.push(`;;   ${(line.offset - start).toString(16).padStart(4, '0')}  ${text}`);
    }
  }
  return out;
}

const files = readdirSync(DIR).filter((f) => f.endsWith('.wat')).sort();

test('golden codegen cases exist', () => {
  assert.ok(files.length >= 10, `only ${files.length} golden cases`);
});

for (const file of files) {
  test(`golden codegen: ${file}`, async () => {
    const path = new URL(file, DIR);
    const text = readFileSync(path, 'utf8');
    const cut = text.indexOf(MARK);
    const wat = cut < 0 ? text : text.slice(0, cut);
    const rendered: string[] = [];
    for (const mode of ['guarded', 'checked'] as const) {
      rendered.push(`${MARK}${mode} ====`, ...(await listing(wat, mode)));
    }
    const expected = rendered.join('\n') + '\n';
    if (BLESS) {
      writeFileSync(path, wat.trimEnd() + '\n' + expected);
      return;
    }
    assert.ok(cut >= 0, `${file} has no expected listing: run with CORRAL_BLESS=1 and review it`);
    assert.equal(text.slice(cut), expected, `${file}: generated code changed (CORRAL_BLESS=1 rewrites after review)`);
  });
}
