// The examples cannot rot: each examples/embed-*.mjs runs as a child process
// (importing 'corral' through the package's self-reference, as a user's code
// would) and its output is checked; and the `corral run` / `corral compile`
// sessions written down in examples/cli.md are run again and must print what
// the page says, with the exit status it says.
//
// cli.md commands left out of the replay, because their output is not fixed:
// flite (compile times, ls dates), serve (ports, request ids) and inspect
// (machine code sizes change with the compiler; the page says so by example).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const examples = path.join(repo, 'examples');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'corral-examples-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function runNode(args: readonly string[]): { out: string; err: string; status: number | null } {
  const r = spawnSync(process.execPath, args, {
    cwd: repo, encoding: 'utf8', timeout: 60_000,
    env: { ...process.env, CORRAL_CACHE_DIR: path.join(tmp, 'cache') },
  });
  if (r.error) throw r.error;
  return { out: r.stdout, err: r.stderr, status: r.status };
}

function runExample(name: string): string {
  const r = runNode([path.join(examples, name)]);
  assert.equal(r.status, 0, `${name} exited ${r.status}:\n${r.err}`);
  assert.equal(r.err, '', `${name} wrote to stderr`);
  return r.out;
}

test('embed-basic.mjs: calls exports and prints a trap with its backtrace', () => {
  const out = runExample('embed-basic.mjs');
  assert.match(out, /^add\(2, 40\) = 42$/m);
  assert.match(out, /^average\(90, 3\) = 30$/m);
  assert.match(out, /^trap: integer_divide_by_zero \(integer divide by zero\)$/m);
  // Innermost first, with the names from the module's name section.
  assert.match(out, /^ {2}at divide \(function 1, code offset \d+\)\n {2}at average \(function 2, code offset \d+\)$/m);
});

test('embed-host-function.mjs: the host reads (and refuses to over-read) guest memory', () => {
  assert.equal(runExample('embed-host-function.mjs'), [
    'guest says: hello from the guest',
    'guest says: HELLO FROM THE GUEST',
    "refused: log: [65530, 65630) is outside the guest's 65536-byte memory",
    '',
  ].join('\n'));
});

test('embed-async.mjs: the guest awaits five HTTP round trips to a server in the same process', () => {
  const out = runExample('embed-async.mjs');
  const requests = [...out.matchAll(/^server: GET \/square\/(\d+)$/gm)].map((m) => Number(m[1]));
  assert.deepEqual(requests, [1, 2, 3, 4, 5]);
  assert.match(out, /^sum_of_squares\(5\) = 55$/m);
  assert.ok(out.indexOf('sum_of_squares') > out.lastIndexOf('server:'), 'the result comes after every request');
});

test('embed-wasi.mjs: hello.wasm through corral/wasi, stdout passed through and captured', () => {
  assert.equal(runExample('embed-wasi.mjs'), 'hello, embedder\nexit code 0\ncaptured: "hello, captured output\\n"\n');
});

interface Session {
  readonly command: string;
  readonly expected: string;
  readonly exit: number;
}

/** The "$ corral ..." lines of cli.md's code blocks that end in "[exit N]", with the output between. */
function sessions(markdown: string): Session[] {
  const out: Session[] = [];
  for (const block of markdown.split('```').filter((_, i) => i % 2 === 1)) {
    const lines = block.split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (!lines[i]!.startsWith('$ corral ')) continue;
      const end = lines.findIndex((l, j) => j > i && (l.startsWith('$ ') || /^\[exit \d+\]$/.test(l)));
      if (end < 0 || lines[end]!.startsWith('$ ')) continue;
      out.push({ command: lines[i]!.slice(2), expected: lines.slice(i + 1, end).join('\n'), exit: Number(/\d+/.exec(lines[end]!)![0]) });
    }
  }
  return out;
}

/** Splits a command line as a POSIX shell would for the quoting cli.md uses (single quotes only). */
function words(line: string): string[] {
  return [...line.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}

test('examples/cli.md: the run and compile sessions print what the page says', () => {
  const markdown = fs.readFileSync(path.join(examples, 'cli.md'), 'utf8');
  const divWat = markdown.split('```').find((b) => b.trimStart().startsWith('(module'));
  assert.ok(divWat, 'cli.md shows /tmp/div.wat');
  fs.writeFileSync(path.join(tmp, 'div.wat'), divWat);
  const replayed = sessions(markdown).filter((s) => !/flite|serve|inspect/.test(s.command));
  assert.ok(replayed.length >= 8, `cli.md's sessions found (${replayed.length})`);
  // The page's /tmp files live in this test's directory; their names are put back before comparing.
  const toTmp = (s: string) => s.replaceAll('/tmp/', `${tmp}/`);
  const fromTmp = (s: string) => s.replaceAll(`${tmp}/`, '/tmp/');
  for (const s of replayed) {
    const [name, ...args] = words(s.command);
    assert.equal(name, 'corral');
    const r = runNode([path.join(repo, 'dist/src/cli/main.js'), ...args.map(toTmp)]);
    const printed = fromTmp(`${r.out}${r.err}`).replace(/\n$/, '');
    assert.equal(printed, s.expected, `output of: ${s.command}`);
    assert.equal(r.status, s.exit, `exit status of: ${s.command}`);
  }
});
