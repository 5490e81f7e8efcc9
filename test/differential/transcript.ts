// Runs one module on one side and writes down everything observable, in
// order: instantiation, each export call with its arguments, every host
// import call the guest makes (with its arguments), each call's results or
// ending, then the exported globals and the final memory. Two transcripts of
// the same module are then compared event by event.
//
// The fuzzer's `fuzzing-support` imports get the same host functions on
// every engine: log-* record their argument; table-get/table-set act on the
// module's exported table and throw a HostError past its end; sleep returns
// its id; call-export*, call-ref* record the call and return 0 without
// calling back into the guest (Corral does not support re-entrance yet, and
// the comparison needs both engines to do the same thing); any other import
// records the call and returns zeros. Imported globals get zeros (externref:
// the harness's token).
//
// Invariants: a transcript depends only on the module and the engine's
// semantics. When either side exhausts its stack, the depth at which that
// happens is engine-specific, so nothing from that call on is compared.
// Only test/differential imports this.

import { createHash } from 'node:crypto';
import type { ModuleFacts, Signature, TypeName } from './facts.js';
import { EXTERN_TOKEN, fixedArgs, showArg, showJs } from './observe.js';
import type { Ending, HostImports, Side, SideInstance } from './sides.js';
import { HostError, showEnding } from './sides.js';

export interface Transcript {
  readonly events: readonly string[];
  /** Index of the `call` event whose call exhausted the stack; nothing from there on is compared. */
  readonly exhaustedAt?: number;
  /** The first ending that is not the guest's behaviour (unsupported, crash), if any. */
  readonly refusal?: Ending;
  readonly memory?: { readonly size: number; readonly sha256: string };
  /** The memory bytes themselves, for locating a difference (not stored in regression files). */
  readonly memoryBytes?: Uint8Array;
}

function zeroJs(t: TypeName): unknown {
  switch (t) {
    case 'i64': return 0n;
    case 'i32': case 'f32': case 'f64': return 0;
    case 'externref': return EXTERN_TOKEN;
    default: return null;
  }
}

function zeroResults(sig: Signature): unknown {
  if (sig.results.length === 0) return undefined;
  const values = sig.results.map((t) => (t === 'externref' ? null : zeroJs(t)));
  return values.length === 1 ? values[0] : values;
}

function hostImports(facts: ModuleFacts, side: Side, events: string[], current: { instance?: SideInstance }): HostImports | string {
  const imports: HostImports = {};
  const table = (): ReturnType<SideInstance['table']> => {
    if (current.instance === undefined || facts.table === undefined) throw new HostError('no exported table');
    return current.instance.table(facts.table);
  };
  for (const imp of facts.imports) {
    const ns = (imports[imp.module] ??= {});
    if (imp.kind === 'global') {
      ns[imp.name] = side.makeGlobal(imp.type, imp.mutable, zeroJs(imp.type));
      continue;
    }
    if (imp.kind !== 'function') return `imports a ${imp.kind} (${imp.module}.${imp.name})`;
    const { sig } = imp;
    const label = `${imp.module}.${imp.name}`;
    ns[imp.name] = (...args: unknown[]): unknown => {
      events.push(`host ${label}(${sig.params.map((t, i) => showJs(t, args[i])).join(', ')})`);
      switch (imp.name) {
        case 'table-get': {
          const t = table();
          const i = (args[0] as number) >>> 0;
          if (i >= t.length) throw new HostError(`table-get ${i} out of bounds`);
          return t.get(i);
        }
        case 'table-set': {
          const t = table();
          const i = (args[0] as number) >>> 0;
          if (i >= t.length) throw new HostError(`table-set ${i} out of bounds`);
          t.set(i, args[1]);
          return undefined;
        }
        case 'sleep':
          return sig.results.length === 1 ? args[1] : zeroResults(sig);
        default:
          return zeroResults(sig);
      }
    };
  }
  return imports;
}

function digest(bytes: Uint8Array): { size: number; sha256: string } {
  return { size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** Runs every exported function once, in export order, and records what happens. */
export async function record(side: Side, bytes: Uint8Array, facts: ModuleFacts): Promise<Transcript> {
  const events: string[] = [];
  const current: { instance?: SideInstance } = {};
  const imports = hostImports(facts, side, events, current);
  if (typeof imports === 'string') return { events, refusal: { kind: 'unsupported', feature: `harness: ${imports}` } };
  let instance: SideInstance;
  try {
    instance = await side.instantiate(bytes, imports);
  } catch (e) {
    const ending = side.classify(e);
    events.push(`instantiate => ${showEnding(ending)}`);
    return ending.kind === 'unsupported' || ending.kind === 'crash' ? { events, refusal: ending } : { events };
  }
  current.instance = instance;
  events.push('instantiate => ok');
  for (const [n, f] of facts.funcs.entries()) {
    const args = fixedArgs(f.params, n);
    const at = events.length;
    events.push(`call ${f.name}(${args.map(showArg).join(', ')})`);
    try {
      const results = await instance.call(f.name, f, args);
      events.push(`=> ${results.join(' ')}`);
    } catch (e) {
      const ending = side.classify(e);
      events.push(`=> ${showEnding(ending)}`);
      if (ending.kind === 'exhaustion') return { events, exhaustedAt: at };
      if (ending.kind === 'unsupported' || ending.kind === 'crash') return { events, refusal: ending };
    }
  }
  for (const g of facts.globals) events.push(`global ${g.name} = ${instance.global(g.name, g.type)}`);
  if (facts.memory === undefined) return { events };
  const memoryBytes = instance.memory(facts.memory);
  return { events, memory: digest(memoryBytes), memoryBytes };
}

export interface Difference {
  /** Event index of the first difference (events.length of the shorter for a missing tail; -1 for memory). */
  readonly at: number;
  readonly expected: string;
  readonly actual: string;
}

/** The first difference between an oracle transcript and another engine's, or undefined when they agree. */
export function compare(expected: Transcript, actual: Transcript): Difference | undefined {
  const cut = Math.min(expected.exhaustedAt ?? Infinity, actual.exhaustedAt ?? Infinity);
  const limit = Math.min(cut, Math.max(expected.events.length, actual.events.length));
  for (let i = 0; i < limit; i++) {
    const e = expected.events[i];
    const a = actual.events[i];
    if (e !== a) return { at: i, expected: e ?? '(nothing)', actual: a ?? '(nothing)' };
  }
  if (cut !== Infinity) return undefined;
  const em = expected.memory;
  const am = actual.memory;
  if (em === undefined && am === undefined) return undefined;
  if (em === undefined || am === undefined || em.size !== am.size || em.sha256 !== am.sha256) {
    return { at: -1, expected: describeMemory(expected, actual), actual: describeMemory(actual, expected) };
  }
  return undefined;
}

/** A memory summary, with the first differing byte when both sides' bytes are at hand. */
function describeMemory(t: Transcript, other: Transcript): string {
  if (t.memory === undefined) return 'memory: none';
  let where = '';
  if (t.memoryBytes !== undefined && other.memoryBytes !== undefined) {
    const n = Math.min(t.memoryBytes.length, other.memoryBytes.length);
    let i = 0;
    while (i < n && t.memoryBytes[i] === other.memoryBytes[i]) i++;
    if (i < n) where = `, first difference at ${i}: 0x${t.memoryBytes[i]!.toString(16)}`;
  }
  return `memory: ${t.memory.size} bytes sha256 ${t.memory.sha256.slice(0, 16)}${where}`;
}
