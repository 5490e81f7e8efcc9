// Turns a .wast script into its list of commands: modules (text, binary,
// quoted), register, actions and every assertion kind of the WebAssembly 2.0
// test suite. Parsing only; running them is runner.ts.
//
// Invariants: every command carries the 1-based line where it starts, which
// (with a per-line ordinal, see commandKeys) identifies it stably in the
// expectations. A text module keeps the exact source bytes of its
// `(module ...)` form, with any `$id` overwritten by spaces so the text parser
// sees the same lines and columns. `(assert_trap (module ...))` is the
// assertion kind `assert_uninstantiable`, as in the reference interpreter.
// Only the conformance runner imports this.

import type { SExpr, SList } from './sexpr.js';
import { atomText, headOf, readSExprs, WastSyntaxError } from './sexpr.js';
import type { Expected, Value } from './values.js';
import { parseArg, parseExpected } from './values.js';

export type ModuleSource =
  | { readonly form: 'text'; readonly text: Uint8Array }
  | { readonly form: 'binary'; readonly bytes: Uint8Array }
  | { readonly form: 'quote'; readonly text: Uint8Array };

export interface ScriptModule {
  /** The `$id` the script names the module by, if any. */
  readonly id?: string;
  readonly source: ModuleSource;
  readonly line: number;
}

export type Action =
  | { readonly kind: 'invoke'; readonly module?: string; readonly field: string; readonly args: readonly Value[] }
  | { readonly kind: 'get'; readonly module?: string; readonly field: string };

export type ModuleAssertionKind = 'assert_invalid' | 'assert_malformed' | 'assert_unlinkable' | 'assert_uninstantiable';

export type Command =
  | { readonly kind: 'module'; readonly line: number; readonly module: ScriptModule }
  | { readonly kind: 'register'; readonly line: number; readonly as: string; readonly module?: string }
  | { readonly kind: 'action'; readonly line: number; readonly action: Action }
  | { readonly kind: 'assert_return'; readonly line: number; readonly action: Action; readonly expected: readonly Expected[] }
  | { readonly kind: 'assert_trap' | 'assert_exhaustion'; readonly line: number; readonly action: Action; readonly message: string }
  | { readonly kind: ModuleAssertionKind; readonly line: number; readonly module: ScriptModule; readonly message: string };

export type CommandKind = Command['kind'];

export const COMMAND_KINDS: readonly CommandKind[] = [
  'module', 'register', 'action', 'assert_return', 'assert_trap', 'assert_exhaustion',
  'assert_invalid', 'assert_malformed', 'assert_unlinkable', 'assert_uninstantiable',
];

/** Module fields: a script starting with one of these is an inline module. */
const FIELD_HEADS = new Set(['type', 'import', 'func', 'table', 'memory', 'global', 'export', 'start', 'elem', 'data']);

// ignoreBOM: a name may begin with U+FEFF (names.wast exports one), which the default decoder strips.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function bad(what: string, line: number): never {
  throw new WastSyntaxError(what, line);
}

function stringText(e: SExpr | undefined, line: number): string {
  if (e === undefined || e.kind !== 'string') bad('expected a string', line);
  return utf8.decode(e.bytes);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function isId(text: string | undefined): text is string {
  return text !== undefined && text.startsWith('$');
}

class ScriptParser {
  constructor(private readonly source: Uint8Array) {}

  parseModule(e: SList): ScriptModule {
    let i = 1;
    const idAtom = e.items[1];
    const id = isId(atomText(idAtom)) ? atomText(idAtom) : undefined;
    if (id !== undefined) i++;
    const form = atomText(e.items[i]);
    if (form === 'binary' || form === 'quote') {
      const parts = e.items.slice(i + 1).map((s) => {
        if (s.kind !== 'string') bad(`module ${form} takes strings`, s.line);
        return s.bytes;
      });
      const bytes = concat(parts);
      const source: ModuleSource = form === 'binary' ? { form, bytes } : { form, text: bytes };
      return { ...(id !== undefined ? { id } : {}), source, line: e.line };
    }
    const text = this.source.slice(e.start, e.end);
    if (id !== undefined && idAtom !== undefined) text.fill(0x20, idAtom.start - e.start, idAtom.end - e.start);
    return { ...(id !== undefined ? { id } : {}), source: { form: 'text', text }, line: e.line };
  }

  parseAction(e: SExpr | undefined, line: number): Action {
    if (e === undefined || e.kind !== 'list') bad('expected an action', line);
    const head = headOf(e);
    let i = 1;
    const module = isId(atomText(e.items[1])) ? atomText(e.items[1]) : undefined;
    if (module !== undefined) i++;
    const field = stringText(e.items[i], e.line);
    const withModule = module !== undefined ? { module } : {};
    if (head === 'invoke') return { kind: 'invoke', ...withModule, field, args: e.items.slice(i + 1).map(parseArg) };
    if (head === 'get') {
      if (e.items.length !== i + 1) bad('get takes a module and a name', e.line);
      return { kind: 'get', ...withModule, field };
    }
    return bad(`unknown action ${head}`, e.line);
  }

  parseCommand(e: SList): Command {
    const head = headOf(e);
    const line = e.line;
    const arg = e.items[1];
    const message = (): string => stringText(e.items[2], line);
    const moduleArg = (): ScriptModule => {
      if (arg === undefined || arg.kind !== 'list' || headOf(arg) !== 'module') bad(`${head} needs a module`, line);
      return this.parseModule(arg);
    };
    switch (head) {
      case 'module':
        return { kind: 'module', line, module: this.parseModule(e) };
      case 'register': {
        const module = atomText(e.items[2]);
        return { kind: 'register', line, as: stringText(arg, line), ...(isId(module) ? { module } : {}) };
      }
      case 'invoke':
      case 'get':
        return { kind: 'action', line, action: this.parseAction(e, line) };
      case 'assert_return':
        return { kind: 'assert_return', line, action: this.parseAction(arg, line), expected: e.items.slice(2).map(parseExpected) };
      case 'assert_trap':
        if (headOf(arg) === 'module') return { kind: 'assert_uninstantiable', line, module: moduleArg(), message: message() };
        return { kind: 'assert_trap', line, action: this.parseAction(arg, line), message: message() };
      case 'assert_exhaustion':
        return { kind: 'assert_exhaustion', line, action: this.parseAction(arg, line), message: message() };
      case 'assert_invalid':
      case 'assert_malformed':
      case 'assert_unlinkable':
        return { kind: head, line, module: moduleArg(), message: message() };
      default:
        return bad(`unknown command ${head}`, line);
    }
  }
}

/** Parses a whole script. A script whose first form is not a command is one inline module. */
export function parseWast(input: Uint8Array): Command[] {
  // A private plain copy: module texts are sliced out of it and edited, and a
  // Node Buffer's slice() would be a view into the caller's bytes.
  const source = new Uint8Array(input.length);
  source.set(input);
  const top = readSExprs(source);
  const parser = new ScriptParser(source);
  const first = top[0];
  if (first !== undefined && FIELD_HEADS.has(headOf(first) ?? '')) {
    // The spec's "inline module": the file is the fields of one module.
    const text = concat([new TextEncoder().encode('(module\n'), source, new TextEncoder().encode('\n)')]);
    return [{ kind: 'module', line: first.line, module: { source: { form: 'text', text }, line: first.line } }];
  }
  return top.map((e) => parser.parseCommand(e));
}

/**
 * Stable keys for commands: "L<line>", or "L<line>#<n>" for the n-th (n >= 2)
 * command starting on the same line.
 */
export function commandKeys(commands: readonly Command[]): string[] {
  const seen = new Map<number, number>();
  return commands.map((c) => {
    const n = (seen.get(c.line) ?? 0) + 1;
    seen.set(c.line, n);
    return n === 1 ? `L${c.line}` : `L${c.line}#${n}`;
  });
}

/** The finer kind used in the totals: malformed modules split by form. */
export function reportKind(c: Command): string {
  if (c.kind === 'assert_malformed' || c.kind === 'assert_invalid') return `${c.kind}:${c.module.source.form === 'binary' ? 'binary' : c.module.source.form}`;
  return c.kind;
}
