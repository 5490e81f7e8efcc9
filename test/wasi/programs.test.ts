// The WASI test programs (test/wasi/programs/*.c, one per area) under Corral
// and under node:wasi on the same inputs: stdout, stderr, exit code and the
// pre-open's resulting tree must be identical. Each case also pins a few
// facts of its own, so a run where both sides fail the same way still fails.
// poll_fds is Corral-only: node:wasi cannot poll regular files (see the .c).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../src/index.js';
import { runUnder, type RunInput } from './harness.js';

const engine = new Engine();
after(() => engine.close());

interface Case {
  readonly name: string;
  readonly wasm: string;
  readonly input: RunInput;
  readonly expect: { exit: number | string; stdout?: RegExp[]; stderr?: RegExp[]; tree?: string[] };
}

const cases: Case[] = [
  {
    name: 'files', wasm: 'files.wasm', input: { args: ['files'] },
    expect: { exit: 0, stdout: [/read: line two/, /big: 1048576 bytes/, /appended: onetwo/, /write to read-only: -1 errno \d+/], tree: ['a.txt', 'c.txt'] },
  },
  {
    name: 'directories', wasm: 'directories.wasm', input: { args: ['directories'], files: { 'keep/me.txt': 'kept' } },
    expect: { exit: 0, stdout: [/many-19 type=/, /readlink: 8 e\/f2.txt/, /escape dotdot: -1 errno/, /read via link: two!/], tree: ['d/hard', 'keep/me.txt'] },
  },
  { name: 'clocks', wasm: 'clocks.wasm', input: { args: ['clocks'] }, expect: { exit: 0, stdout: [/monotonic went back: 0/, /slept at least 30ms: 1/] } },
  { name: 'random', wasm: 'random.wasm', input: { args: ['random'] }, expect: { exit: 0, stdout: [/differ: 1/, /zero 64-byte runs: 0/] } },
  {
    name: 'args and env', wasm: 'args_env.wasm',
    input: { args: ['args_env', 'plain', '', 'with space', 'ünïcødé ✓'], env: { HOME_ISH: '/home/ü', EMPTY: '', 'A=B': 'c' } },
    expect: { exit: 0, stdout: [/argc: 5/, /argv\[4\] = \[ünïcødé ✓\]/, /env\[1\] = \[EMPTY=\]/, /getenv HOME_ISH: \/home\/ü/] },
  },
  {
    name: 'stdin', wasm: 'stdin.wasm',
    input: { args: ['stdin'], stdin: 'first\nsecond\nthird\n' + 'x'.repeat(300000) + '\nend\n' },
    expect: { exit: 0, stdout: [/line 2: SECOND/, /rest: 300005 bytes/], stderr: [/done after 3 lines/] },
  },
  { name: 'stdin empty', wasm: 'stdin.wasm', input: { args: ['stdin'], stdin: '' }, expect: { exit: 0, stdout: [/rest: 0 bytes, sum 0, eof 1/] } },
  { name: 'exit 0 by return', wasm: 'exit.wasm', input: { args: ['exit', 'return', '0'] }, expect: { exit: 0 } },
  { name: 'exit 42 by return', wasm: 'exit.wasm', input: { args: ['exit', 'return', '42'] }, expect: { exit: 42, stdout: [/^buffered before return$/] } },
  { name: 'exit(7) flushes', wasm: 'exit.wasm', input: { args: ['exit', 'exit', '7'] }, expect: { exit: 7, stdout: [/^buffered before exit$/], stderr: [/to stderr/] } },
  { name: 'exit(255)', wasm: 'exit.wasm', input: { args: ['exit', 'exit', '255'] }, expect: { exit: 255 } },
  { name: '_exit(3) does not flush', wasm: 'exit.wasm', input: { args: ['exit', '_exit', '3'] }, expect: { exit: 3, stdout: [/^$/] } },
  { name: 'usage error', wasm: 'exit.wasm', input: { args: ['exit'] }, expect: { exit: 2, stderr: [/usage/] } },
  { name: 'abort traps', wasm: 'exit.wasm', input: { args: ['exit', 'abort'] }, expect: { exit: 'trap: unreachable' } },
  { name: 'poll', wasm: 'poll.wasm', input: { args: ['poll'] }, expect: { exit: 0, stdout: [/waited >= 25ms: 1/, /userdata 111 type 0 err 0 waited>=20ms 1/, /zero subscriptions: rc 28/] } },
];

for (const c of cases) {
  test(`${c.name}: Corral matches node:wasi`, async () => {
    const oracle = await runUnder('node', c.wasm, c.input);
    const corral = await runUnder('corral', c.wasm, c.input, engine);
    assert.deepEqual(corral, oracle);
    assert.equal(corral.exit, c.expect.exit);
    for (const re of c.expect.stdout ?? []) assert.match(corral.stdout, re);
    for (const re of c.expect.stderr ?? []) assert.match(corral.stderr, re);
    for (const p of c.expect.tree ?? []) assert.ok(p in corral.tree, `${p} in the resulting tree`);
  });
}

test('poll_fds (Corral only): files and stdin ready, bad fd in its event, absolute clocks', async () => {
  const r = await runUnder('corral', 'poll_fds.wasm', { args: ['poll_fds'], stdin: 'hello\nworld\n', files: { 'data.txt': 'some data\n' } }, engine);
  assert.equal(r.exit, 0);
  assert.equal(r.stderr, '');
  assert.equal(r.stdout, [
    'poll: 3 stdin=1 stdout=1 file=1',
    'read stdin after poll: 12 [hello\nworld\n]',
    'file read event: rc 0 n 1 type 1 err 0 nbytes 10',
    'stdin at end: rc 0 n 1 hangup 1',
    'bad fd: rc 0 n 1 userdata 9 err 8',
    'absolute realtime: rc 0 userdata 10 waited>=14ms 1',
    'absolute monotonic: rc 0 userdata 8 waited>=15ms 1',
    '',
  ].join('\n'));
});
