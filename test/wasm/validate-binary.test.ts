// Specification of the body-level rules the text format cannot express:
// malformed bodies (illegal opcodes, memop flags, reserved bytes, missing
// `end`, trailing bytes), local-count limits, the data count rule and typed
// select arity. Modules are built by hand; V8 must agree they are bad.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseModule } from '../../src/wasm/index.js';
import { CompileError } from '../../src/wasm/errors.js';
import { v8 } from '../spec/v8.js';

function leb(n: number): number[] {
  const out: number[] = [];
  do {
    const b = n & 0x7f;
    n = Math.floor(n / 128);
    out.push(n ? b | 0x80 : b);
  } while (n);
  return out;
}

function section(id: number, contents: number[]): number[] {
  return [id, ...leb(contents.length), ...contents];
}

interface Parts {
  /** Raw body bytes after the size: local declarations, instructions, end. */
  readonly bodies: number[][];
  readonly memory?: boolean;
  readonly dataCount?: number;
  readonly passiveDatas?: number;
  /** Bytes appended after the code section (e.g. a data section). */
  readonly after?: number[];
  /** Override of the code section's bytes (for inconsistent sizes). */
  readonly rawCode?: number[];
}

/** A module of functions of type [] -> [] with the given bodies. */
function wasm(p: Parts): Uint8Array {
  const n = p.bodies.length;
  const bytes = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  bytes.push(...section(1, [1, 0x60, 0, 0]));
  bytes.push(...section(3, [...leb(n), ...new Array<number>(n).fill(0)]));
  if (p.memory) bytes.push(...section(5, [1, 0, 1]));
  if (p.dataCount !== undefined) bytes.push(...section(12, leb(p.dataCount)));
  const code = p.rawCode ?? section(10, [...leb(n), ...p.bodies.flatMap((b) => [...leb(b.length), ...b])]);
  bytes.push(...code);
  if (p.passiveDatas) {
    const segs: number[] = [];
    for (let i = 0; i < p.passiveDatas; i++) segs.push(1, 1, 0x61);
    bytes.push(...section(11, [p.passiveDatas, ...segs]));
  }
  if (p.after) bytes.push(...p.after);
  return new Uint8Array(bytes);
}

function rejects(bytes: Uint8Array, phrase: string): void {
  assert.equal(v8.validate(bytes), false, `V8 accepts what this test calls bad (${phrase})`);
  assert.throws(() => parseModule(bytes), (e: unknown) => {
    assert.ok(e instanceof CompileError, `not a CompileError: ${String(e)}`);
    assert.ok(e.reason.startsWith(phrase), `expected "${phrase}", got "${e.reason}"`);
    return true;
  });
}

function accepts(bytes: Uint8Array): void {
  assert.equal(v8.validate(bytes), true, 'V8 rejects what this test calls valid');
  parseModule(bytes);
}

test('a well-formed body is accepted (the builder is sound)', () => {
  accepts(wasm({ bodies: [[0, 0x41, 0x01, 0x1a, 0x0b]] }));
  accepts(wasm({ bodies: [[0, 0x0b], [0, 0x0b]] }));
});

test('illegal opcodes, including unused prefix sub-opcodes', () => {
  rejects(wasm({ bodies: [[0, 0x06, 0x0b]] }), 'illegal opcode');
  rejects(wasm({ bodies: [[0, 0xfc, 18, 0x0b]] }), 'illegal opcode');
  rejects(wasm({ bodies: [[0, 0xfd, ...leb(154), 0x0b]] }), 'illegal opcode');
  rejects(wasm({ bodies: [[0, 0xfd, ...leb(300), 0x0b]] }), 'illegal opcode');
});

test('memarg flags: 2^32 alignment is malformed, above natural is invalid', () => {
  rejects(wasm({ memory: true, bodies: [[0, 0x41, 0, 0x28, 0x20, 0, 0x1a, 0x0b]] }), 'malformed memop flags');
  rejects(wasm({ memory: true, bodies: [[0, 0x41, 0, 0x28, 0x03, 0, 0x1a, 0x0b]] }), 'alignment must not be larger than natural');
  accepts(wasm({ memory: true, bodies: [[0, 0x41, 0, 0x28, 0x02, 0x80, 0x80, 0x04, 0x1a, 0x0b]] }));
});

test('reserved memory index bytes must be a single zero', () => {
  rejects(wasm({ memory: true, bodies: [[0, 0x41, 0, 0x40, 0x01, 0x1a, 0x0b]] }), 'zero byte expected');
  rejects(wasm({ memory: true, bodies: [[0, 0x3f, 0x80, 0x00, 0x1a, 0x0b]] }), 'zero byte expected');
  rejects(wasm({ memory: true, bodies: [[0, 0x41, 0, 0x41, 0, 0x41, 0, 0xfc, 10, 0, 1, 0x0b]] }), 'zero byte expected');
});

test('local declarations: at most 50,000 locals, sums that overflow 32 bits too', () => {
  accepts(wasm({ bodies: [[1, ...leb(50_000), 0x7f, 0x0b]] }));
  rejects(wasm({ bodies: [[1, ...leb(50_001), 0x7f, 0x0b]] }), 'too many locals');
  rejects(wasm({ bodies: [[2, ...leb(0x80000000), 0x7f, ...leb(0x80000000), 0x7e, 0x0b]] }), 'too many locals');
});

test('a body without its final end, and bytes after it', () => {
  // At the end of the module, between two functions, and before another section.
  rejects(wasm({ bodies: [[0, 0x41, 0x01, 0x1a]] }), 'unexpected end of section or function');
  rejects(wasm({ bodies: [[0, 0x41, 0x01, 0x1a], [0, 0x0b]] }), 'END opcode expected');
  rejects(wasm({ memory: true, bodies: [[0, 0x41, 0x01, 0x1a]], after: section(11, [1, 0, 0x41, 0, 0x0b, 0]) }), 'section size mismatch');
  rejects(wasm({ bodies: [[0, 0x0b, 0x01]] }), 'section size mismatch');
  rejects(wasm({ bodies: [[0, 0x02, 0x40, 0x0b]] }), 'unexpected end');
});

test('memory.init and data.drop need the data count section', () => {
  const init = [0, 0x41, 0, 0x41, 0, 0x41, 0, 0xfc, 8, 0, 0, 0x0b];
  rejects(wasm({ memory: true, passiveDatas: 1, bodies: [init] }), 'data count section required');
  rejects(wasm({ memory: true, passiveDatas: 1, bodies: [[0, 0xfc, 9, 0, 0x0b]] }), 'data count section required');
  accepts(wasm({ memory: true, dataCount: 1, passiveDatas: 1, bodies: [init] }));
  rejects(wasm({ memory: true, dataCount: 1, passiveDatas: 1, bodies: [[0, 0xfc, 9, 1, 0x0b]] }), 'unknown data segment');
});

test('typed select takes exactly one type', () => {
  const sel = (types: number[]): number[] => [0, 0x41, 0, 0x41, 0, 0x41, 0, 0x1c, types.length, ...types, 0x1a, 0x0b];
  accepts(wasm({ bodies: [sel([0x7f])] }));
  rejects(wasm({ bodies: [sel([0x7f, 0x7f])] }), 'invalid result arity');
  rejects(wasm({ bodies: [sel([])] }), 'invalid result arity');
});

test('block types: unknown type index, bad value type', () => {
  rejects(wasm({ bodies: [[0, 0x02, 0x05, 0x0b, 0x0b]] }), 'unknown type');
  rejects(wasm({ bodies: [[0, 0x02, 0x60, 0x0b, 0x0b]] }), 'malformed value type');
});

test('lane immediates out of range', () => {
  const v128 = [0xfd, 12, ...new Array<number>(16).fill(0)];
  rejects(wasm({ bodies: [[0, ...v128, 0xfd, 21, 16, 0x1a, 0x0b]] }), 'invalid lane index');
  rejects(wasm({ bodies: [[0, ...v128, ...v128, 0xfd, 13, ...new Array<number>(15).fill(0), 32, 0x1a, 0x0b]] }), 'invalid lane index');
  accepts(wasm({ bodies: [[0, ...v128, ...v128, 0xfd, 13, ...new Array<number>(15).fill(0), 31, 0x1a, 0x0b]] }));
});

test('else only inside if', () => {
  rejects(wasm({ bodies: [[0, 0x02, 0x40, 0x05, 0x0b, 0x0b]] }), 'else');
});
