// The parent's side of kernel-run.ts's protocol: a child process that has
// prepared one program in one engine and performs one call per request. Many
// live at once (one per engine) so execute.ts can interleave their calls.
// A child that fails to start, crashes, times out or prints something
// unreadable becomes a reason string, never a figure.
// Nothing in src/ imports bench/.

import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Ready, RunReply } from './kernel-run.js';

export interface Command {
  readonly command: string;
  readonly args: readonly string[];
}

type Line = { readonly line: string } | { readonly closed: string };

export class TimedProcess {
  private readonly lines: Line[] = [];
  private waiting: ((l: Line) => void) | undefined;
  private stderrTail = '';
  private ended: string | undefined;
  private endReported = false;

  private constructor(private readonly child: ChildProcessByStdio<Writable, Readable, Readable>) {
    // Only JSON lines are the protocol's; anything else a guest or runtime prints is not an answer.
    createInterface({ input: child.stdout }).on('line', (line) => { if (line.startsWith('{')) this.push({ line }); });
    child.stderr.on('data', (d: Buffer) => { this.stderrTail = (this.stderrTail + d.toString()).slice(-2000); });
    child.on('error', (e) => this.end(e.message));
    child.on('exit', (code, signal) => this.end(signal ? `child killed by ${signal}` : `child exited ${code}`));
  }

  /** Starts the child and waits for its Ready line; a failure is the reason, as `unavailable` or `error`. */
  static async start(cmd: Command, timeoutMs: number): Promise<{ ok: TimedProcess } | Exclude<Ready, { ready: true }>> {
    const p = new TimedProcess(spawn(cmd.command, [...cmd.args], { stdio: ['pipe', 'pipe', 'pipe'] }));
    const ready = await p.next<Ready>(timeoutMs);
    if ('failed' in ready) return { error: ready.failed };
    if ('ready' in ready.ok) return { ok: p };
    p.close();
    return ready.ok;
  }

  /** One call in the child: its result and clocks, or why there are none. */
  async run(timeoutMs: number): Promise<RunReply> {
    if (this.ended === undefined) this.child.stdin.write('run\n');
    const r = await this.next<RunReply>(timeoutMs);
    return 'failed' in r ? { error: r.failed } : r.ok;
  }

  close(): void {
    this.child.stdin.end();
    // A child that ignores the closed stdin (hung in a call) must not outlive the benchmark.
    setTimeout(() => this.child.kill('SIGKILL'), 5000).unref();
  }

  private push(l: Line): void {
    const w = this.waiting;
    if (w) { this.waiting = undefined; w(l); } else this.lines.push(l);
  }

  private end(why: string): void {
    if (this.ended !== undefined) return;
    this.ended = why;
    // Give the last stderr chunk a moment: it usually says why.
    setTimeout(() => this.push({ closed: why }), 50);
  }

  private async next<T>(timeoutMs: number): Promise<{ ok: T } | { failed: string }> {
    // After the child's end was reported, a further request fails at once.
    if (this.lines.length === 0 && this.ended !== undefined && this.endReported) return { failed: this.ended };
    const l = this.lines.shift() ?? await new Promise<Line>((resolve) => {
      const timer = setTimeout(() => { this.waiting = undefined; resolve({ closed: `no answer in ${timeoutMs / 1000} s` }); }, timeoutMs);
      this.waiting = (x) => { clearTimeout(timer); resolve(x); };
    });
    if ('closed' in l) {
      this.endReported = true;
      const tail = this.stderrTail.trim().split('\n').filter((s) => !/ExperimentalWarning|--trace-warnings/.test(s)).slice(-1)[0];
      if (l.closed.startsWith('no answer')) this.child.kill('SIGKILL');
      return { failed: tail ? `${l.closed}: ${tail}` : l.closed };
    }
    try {
      return { ok: JSON.parse(l.line) as T };
    } catch {
      return { failed: `unreadable line from child: ${l.line.slice(0, 200)}` };
    }
  }
}
