// Runs one parsed .wast script against Corral's front end (and, once there is
// one, an Executor) and reports one Outcome per command. Whether an outcome
// was expected is decided elsewhere (expectations.ts).
//
// Invariants: every command yields exactly one outcome — nothing is skipped
// silently; what cannot run yet fails with an `unsupported:*` category. A
// failure's category says whose problem it is: `unsupported:execution` (no
// engine), `unsupported:text` (wabt, not Corral), `bug:<name>` (Corral). Error
// messages are compared like the reference interpreter does: the actual
// reason must start with the script's expected text. Quoted-text malformed
// modules test the text parser only: they pass when wabt rejects them.
// Only the conformance entry points (run.ts, tests) import this.

import { CompileError } from '../../src/wasm/errors.js';
import type { Executor, InstanceHandle } from './executor.js';
import { formatValue, matches } from './match.js';
import type { Action, Command, ScriptModule } from './wast.js';
import { commandKeys, reportKind } from './wast.js';

/** The front end under test: decodes and validates, throwing CompileError. */
export type FrontEnd = (bytes: Uint8Array) => unknown;
/** Text to binary without validation, throwing CompileError (src/wasm/text.ts). */
export type TextToBinary = (text: Uint8Array, name: string) => Promise<Uint8Array>;

export interface Outcome {
  /** Stable id within the file, see commandKeys. */
  readonly key: string;
  readonly line: number;
  /** Command kind, with malformed/invalid split by module form (reportKind). */
  readonly kind: string;
  readonly passed: boolean;
  /** Why it failed: `unsupported:...` or `bug:...`. Absent when passed. */
  readonly category?: string;
  /** Human-readable specifics for the failure report. */
  readonly detail?: string;
}

export interface RunOptions {
  readonly frontEnd: FrontEnd;
  readonly textToBinary: TextToBinary;
  readonly executor?: Executor;
  /** Names module texts in text-parser errors. */
  readonly fileName: string;
}

type Verdict = { passed: true } | { passed: false; category: string; detail: string };
const PASS: Verdict = { passed: true };
function fail(category: string, detail: string): Verdict {
  return { passed: false, category, detail };
}

/** Result of getting a module's binary and running the front end over it. */
type Checked =
  | { readonly ok: true; readonly bytes: Uint8Array }
  | { readonly ok: false; readonly stage: 'text'; readonly reason: string }
  | { readonly ok: false; readonly stage: 'compile'; readonly reason: string }
  | { readonly ok: false; readonly stage: 'crash'; readonly reason: string };

function describe(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message.split('\n')[0]}` : String(e);
}

class ScriptRun {
  private readonly instances = new Map<string, InstanceHandle>();
  private current: InstanceHandle | undefined;
  /** False once a module failed to instantiate: later actions have no defined target. */
  private currentUsable = true;

  constructor(private readonly options: RunOptions) {}

  private async binaryOf(m: ScriptModule): Promise<{ bytes: Uint8Array } | { textError: string }> {
    if (m.source.form === 'binary') return { bytes: m.source.bytes };
    try {
      return { bytes: await this.options.textToBinary(m.source.text, `${this.options.fileName}:${m.line}`) };
    } catch (e) {
      return { textError: e instanceof CompileError ? e.reason : describe(e) };
    }
  }

  private async check(m: ScriptModule): Promise<Checked> {
    const binary = await this.binaryOf(m);
    if ('textError' in binary) return { ok: false, stage: 'text', reason: binary.textError };
    try {
      this.options.frontEnd(binary.bytes);
      return { ok: true, bytes: binary.bytes };
    } catch (e) {
      if (e instanceof CompileError) return { ok: false, stage: 'compile', reason: e.reason };
      return { ok: false, stage: 'crash', reason: describe(e) };
    }
  }

  /** A module the script expects to be valid. */
  private async expectValid(m: ScriptModule): Promise<Verdict | { bytes: Uint8Array }> {
    const checked = await this.check(m);
    if (checked.ok) return { bytes: checked.bytes };
    if (checked.stage === 'text') return fail('unsupported:text', `wabt rejects a valid module: ${checked.reason}`);
    if (checked.stage === 'crash') return fail('bug:crash', checked.reason);
    return fail('bug:rejects-valid', checked.reason);
  }

  /** assert_invalid and assert_malformed: must be rejected, for the stated reason. */
  private async expectRejected(kind: 'invalid' | 'malformed', m: ScriptModule, message: string): Promise<Verdict> {
    if (kind === 'malformed' && m.source.form === 'quote') {
      // Tests of the text format: only the text parser is involved.
      const binary = await this.binaryOf(m);
      if ('textError' in binary) return PASS;
      return fail('unsupported:text', `wabt accepts malformed text (expected "${message}")`);
    }
    const checked = await this.check(m);
    if (checked.ok) return fail(`bug:accepts-${kind}`, `expected "${message}"`);
    if (checked.stage === 'text') return fail('unsupported:text', `wabt cannot produce the binary: ${checked.reason}`);
    if (checked.stage === 'crash') return fail('bug:crash', checked.reason);
    if (checked.reason.startsWith(message)) return PASS;
    return fail('bug:wrong-reason', `expected "${message}", got "${checked.reason}"`);
  }

  private target(a: Action): InstanceHandle | undefined {
    return a.module === undefined ? (this.currentUsable ? this.current : undefined) : this.instances.get(a.module);
  }

  private async perform(executor: Executor, a: Action) {
    const instance = this.target(a);
    if (instance === undefined) return undefined;
    return a.kind === 'invoke' ? executor.invoke(instance, a.field, a.args) : executor.get(instance, a.field);
  }

  async run(c: Command): Promise<Verdict> {
    const executor = this.options.executor;
    switch (c.kind) {
      case 'assert_invalid':
        return this.expectRejected('invalid', c.module, c.message);
      case 'assert_malformed':
        return this.expectRejected('malformed', c.module, c.message);
      case 'module': {
        this.currentUsable = false;
        const valid = await this.expectValid(c.module);
        if (!('bytes' in valid)) return valid;
        // Without an engine a module command's whole duty is to decode and validate.
        if (executor === undefined) return PASS;
        const inst = await executor.instantiate(valid.bytes);
        if (inst.kind === 'unsupported') return fail(inst.category, inst.message);
        if (inst.kind !== 'ok') return fail('bug:instantiate', `${inst.kind}: ${inst.message}`);
        this.current = inst.instance;
        this.currentUsable = true;
        if (c.module.id !== undefined) this.instances.set(c.module.id, inst.instance);
        return PASS;
      }
      case 'assert_unlinkable':
      case 'assert_uninstantiable': {
        // Both modules are valid; only linking or instantiation fails.
        const valid = await this.expectValid(c.module);
        if (!('bytes' in valid)) return valid;
        if (executor === undefined) return fail('unsupported:execution', 'instantiation needs an engine');
        const inst = await executor.instantiate(valid.bytes);
        const want = c.kind === 'assert_unlinkable' ? 'link-error' : 'trap';
        if (inst.kind === 'unsupported') return fail(inst.category, inst.message);
        if (inst.kind !== want) return fail('bug:instantiate', `expected ${want} "${c.message}", got ${inst.kind}`);
        if (!inst.message.startsWith(c.message)) return fail('bug:wrong-reason', `expected "${c.message}", got "${inst.message}"`);
        return PASS;
      }
      case 'register': {
        if (executor === undefined) return fail('unsupported:execution', 'register needs an engine');
        const instance = c.module === undefined ? this.current : this.instances.get(c.module);
        if (instance === undefined) return fail('bug:no-instance', `nothing to register as "${c.as}"`);
        executor.register(c.as, instance);
        return PASS;
      }
      case 'action':
      case 'assert_return':
      case 'assert_trap':
      case 'assert_exhaustion': {
        if (executor === undefined) return fail('unsupported:execution', `${c.action.kind} needs an engine`);
        const out = await this.perform(executor, c.action);
        if (out === undefined) return fail('bug:no-instance', `no instance for ${c.action.field}`);
        if (out.kind === 'unsupported') return fail(out.category, out.message);
        if (c.kind === 'action') return out.kind === 'values' ? PASS : fail('bug:unexpected-trap', out.message);
        if (c.kind === 'assert_return') {
          if (out.kind !== 'values') return fail('bug:unexpected-trap', out.message);
          const ok = out.values.length === c.expected.length && out.values.every((v, i) => matches(v, c.expected[i]!));
          if (ok) return PASS;
          return fail('bug:wrong-result', `expected [${c.expected.map(formatValue).join(' ')}], got [${out.values.map(formatValue).join(' ')}]`);
        }
        const want = c.kind === 'assert_trap' ? 'trap' : 'exhaustion';
        if (out.kind !== want) return fail(`bug:no-${want}`, `expected ${want} "${c.message}", got ${out.kind}`);
        if (!out.message.startsWith(c.message)) return fail('bug:wrong-reason', `expected "${c.message}", got "${out.message}"`);
        return PASS;
      }
    }
  }
}

/** Runs every command of one script, in order. */
export async function runScript(commands: readonly Command[], options: RunOptions): Promise<Outcome[]> {
  const keys = commandKeys(commands);
  const run = new ScriptRun(options);
  const outcomes: Outcome[] = [];
  for (let i = 0; i < commands.length; i++) {
    const c = commands[i]!;
    const verdict = await run.run(c);
    const base = { key: keys[i]!, line: c.line, kind: reportKind(c) };
    outcomes.push(verdict.passed ? { ...base, passed: true } : { ...base, passed: false, category: verdict.category, detail: verdict.detail });
  }
  return outcomes;
}
