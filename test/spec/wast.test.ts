// The .wast reader and command parser: lexical details on small inputs, then
// every script of core/ and simd/, whose command counts must equal the table
// in the suite's README (read from the README itself, not copied here).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { readSExprs } from './sexpr.js';
import { listScripts, suiteRoot } from './suite.js';
import type { Command } from './wast.js';
import { commandKeys, parseWast } from './wast.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

test('strings: escapes become bytes', () => {
  const [list] = readSExprs(enc('(x "a\\n\\t\\\\\\\'\\"\\00\\ff\\u{1F600}\\u{e9}")'));
  const s = list!.items[1]!;
  assert.equal(s.kind, 'string');
  if (s.kind !== 'string') return;
  assert.deepEqual([...s.bytes], [0x61, 0x0a, 0x09, 0x5c, 0x27, 0x22, 0x00, 0xff, 0xf0, 0x9f, 0x98, 0x80, 0xc3, 0xa9]);
  assert.throws(() => readSExprs(enc('(x "\\q")')));
  assert.throws(() => readSExprs(enc('(x "abc)')));
});

test('comments: line, nested block, and adjacent to atoms; spans and lines', () => {
  const src = ';; top\n(a (; outer (; inner ;) still ;) b;; tail\n  "s" (c))\n(; x ;)(d)';
  const top = readSExprs(enc(src));
  assert.equal(top.length, 2);
  const a = top[0]!;
  assert.deepEqual(a.items.map((i) => i.kind), ['atom', 'atom', 'string', 'list']);
  assert.equal(a.line, 2);
  assert.equal(a.items[3]!.line, 3);
  assert.equal(new TextDecoder().decode(enc(src).slice(a.start, a.end)).slice(0, 3), '(a ');
  assert.equal(top[1]!.line, 4);
  assert.throws(() => readSExprs(enc('(a (; open')));
  assert.throws(() => readSExprs(enc('(a))')));
});

test('annotations are dropped', () => {
  const [a] = readSExprs(enc('(a (@name "x" (y)) b)'));
  assert.deepEqual(a!.items.map((i) => (i.kind === 'atom' ? i.text : i.kind)), ['a', 'b']);
});

test('modules: ids kept aside, text cut exactly with the id blanked, binary and quote strings joined', () => {
  const src = ';; c\n(module $m (func (export "é")))\n(module $b binary "\\00asm" "\\01\\00\\00\\00")\n(module quote "(func)" " (memory 1)")\n(register "reg" $m)';
  const cmds = parseWast(enc(src));
  assert.deepEqual(cmds.map((c) => c.kind), ['module', 'module', 'module', 'register']);
  const [t, b, q, r] = cmds as [Command, Command, Command, Command];
  assert.ok(t.kind === 'module' && t.module.id === '$m' && t.module.source.form === 'text');
  assert.equal(new TextDecoder().decode(t.module.source.text), '(module    (func (export "é")))');
  assert.ok(b.kind === 'module' && b.module.source.form === 'binary');
  assert.deepEqual([...b.module.source.bytes], [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
  assert.ok(q.kind === 'module' && q.module.source.form === 'quote');
  assert.equal(new TextDecoder().decode(q.module.source.text), '(func) (memory 1)');
  assert.deepEqual(r, { kind: 'register', line: 5, as: 'reg', module: '$m' });
});

test('parsing a Node Buffer neither reads past it nor writes into it', () => {
  const src = '(module $m (memory 1))';
  const buffer = Buffer.from(src);
  const [c] = parseWast(buffer);
  assert.ok(c!.kind === 'module' && c.module.source.form === 'text');
  assert.equal(new TextDecoder().decode(c.module.source.text), '(module    (memory 1))');
  assert.equal(buffer.toString(), src);
});

test('names keep a leading byte order mark', () => {
  const [c] = parseWast(enc('(invoke "\\u{feff}")'));
  assert.ok(c!.kind === 'action');
  assert.equal(c.action.field, '\ufeff');
});

test('assertions: actions, trap on a module is assert_uninstantiable, keys are stable per line', () => {
  const src = [
    '(assert_return (invoke $m "f" (i32.const 1) (f32.const -0)) (i64.const -1))',
    '(assert_trap (invoke "g") "unreachable")(assert_trap (module (start 0) (func unreachable)) "unreachable")',
    '(assert_exhaustion (invoke "r") "call stack exhausted")',
    '(assert_invalid (module (func (result i32))) "type mismatch")',
    '(assert_malformed (module quote "(x)") "unexpected token")',
    '(assert_unlinkable (module (import "a" "b" (func))) "unknown import")',
    '(get "g") (invoke $x "h")',
  ].join('\n');
  const cmds = parseWast(enc(src));
  assert.deepEqual(cmds.map((c) => c.kind), [
    'assert_return', 'assert_trap', 'assert_uninstantiable', 'assert_exhaustion', 'assert_invalid',
    'assert_malformed', 'assert_unlinkable', 'action', 'action',
  ]);
  const ret = cmds[0]!;
  assert.ok(ret.kind === 'assert_return');
  assert.deepEqual(ret.action, { kind: 'invoke', module: '$m', field: 'f', args: [{ type: 'i32', bits: 1 }, { type: 'f32', bits: 0x80000000 }] });
  assert.deepEqual(ret.expected, [{ type: 'i64', bits: 0xffffffffffffffffn }]);
  assert.deepEqual(commandKeys(cmds), ['L1', 'L2', 'L2#2', 'L3', 'L4', 'L5', 'L6', 'L7', 'L7#2']);
  assert.throws(() => parseWast(enc('(assert_frobnicate (invoke "f"))')));
});

test('an inline-module script is one text module', () => {
  const cmds = parseWast(enc('(func) (memory 0)'));
  assert.equal(cmds.length, 1);
  assert.equal(cmds[0]!.kind, 'module');
});

/** The README's "Counts" table: kind → {core, simd}. */
function readmeCounts(root: string): Map<string, { core: number; simd: number }> {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const counts = new Map<string, { core: number; simd: number }>();
  const header = readme.split('\n').find((l) => /^\|\s*kind\s*\|/.test(l));
  assert.ok(header, 'README has a counts table');
  const cols = header.split('|').map((c) => c.trim());
  const coreCol = cols.indexOf('core');
  const simdCol = cols.indexOf('simd');
  for (const line of readme.split('\n')) {
    const cells = line.split('|').map((c) => c.trim().replace(/\*/g, ''));
    if (cells.length < cols.length || !/^\d+$/.test(cells[coreCol] ?? '')) continue;
    counts.set(cells[1]!, { core: Number(cells[coreCol]), simd: Number(cells[simdCol]) });
  }
  return counts;
}

test('every core/ and simd/ script parses, with the README\'s command counts', () => {
  const root = suiteRoot();
  const expected = readmeCounts(root);
  assert.ok(expected.size >= 10, 'README counts table read');
  const forms = { core: new Map<string, number>(), simd: new Map<string, number>() };
  for (const file of listScripts(root)) {
    const dir = file.startsWith('core/') ? 'core' : 'simd';
    const tally = forms[dir];
    const add = (k: string): void => void tally.set(k, (tally.get(k) ?? 0) + 1);
    add('files');
    for (const c of parseWast(readFileSync(path.join(root, file)))) {
      add(c.kind);
      add('total');
      if (c.kind === 'assert_malformed' || c.kind === 'assert_invalid' || c.kind === 'module') add(`${c.kind}:${c.module.source.form}`);
    }
  }
  for (const [kind, want] of expected) {
    assert.equal(forms.core.get(kind) ?? 0, want.core, `core ${kind}`);
    assert.equal(forms.simd.get(kind) ?? 0, want.simd, `simd ${kind}`);
  }
  // The forms the README states in prose.
  assert.equal(forms.core.get('assert_malformed:quote'), 581);
  assert.equal(forms.core.get('assert_malformed:binary'), 719);
  assert.equal(forms.core.get('assert_invalid:text'), 1471);
  assert.equal(forms.core.get('assert_invalid:binary'), 6);
  assert.equal(forms.core.get('module:binary'), 57);
  assert.equal(forms.core.get('module:quote'), 1);
  assert.equal(forms.simd.get('assert_malformed:quote'), 510);
  assert.equal(forms.simd.get('module:binary'), 6);
});
