// The binary decoder, section by section: what each encoding decodes to and
// the spec phrase each malformation reports. Binaries are hand-assembled (see
// decode-builder.ts) so each test shows the bytes it is about.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeModule } from '../../src/wasm/decoder.js';
import { CompileError } from '../../src/wasm/errors.js';
import { Limits } from '../../src/wasm/limits.js';
import { ExternKind, SegmentMode, ValType } from '../../src/wasm/types.js';
import { Sec, emptyBody, header, s32, section, str, u32, vec, voidType, wasm } from './decode-builder.js';

function malformed(bytes: Uint8Array, phrase: string, offset?: number): void {
  assert.throws(() => decodeModule(bytes), (e: unknown) => {
    assert.ok(e instanceof CompileError, `not a CompileError: ${String(e)}`);
    assert.ok(e.reason.startsWith(phrase), `expected "${phrase}", got "${e.reason}"`);
    if (offset !== undefined) assert.equal(e.offset, offset, `offset of "${e.reason}"`);
    return true;
  });
}

const typeSec = section(Sec.type, vec([voidType]));
const oneFunc = section(Sec.function, vec([[0]]));
const oneBody = section(Sec.code, vec([emptyBody]));

test('header: magic and version', () => {
  const empty = decodeModule(wasm());
  assert.equal(empty.types.length, 0);
  assert.equal(empty.bodies.length, 0);
  malformed(new Uint8Array(0), 'unexpected end');
  malformed(Uint8Array.from([0x00, 0x61, 0x73]), 'unexpected end');
  malformed(Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00]), 'unexpected end');
  malformed(Uint8Array.from([0x00, 0x41, 0x53, 0x4d, 0x01, 0x00, 0x00, 0x00]), 'magic header not detected', 0);
  malformed(Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x02, 0x00, 0x00, 0x00]), 'unknown binary version', 4);
  malformed(Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x00, 0x00, 0x00, 0x01]), 'unknown binary version', 4);
});

test('section ids, order and sizes', () => {
  malformed(wasm([0x0d, 0x00]), 'malformed section id', 8);
  malformed(wasm([0x80, 0x00]), 'malformed section id', 8);
  // Repeated or out of order (data count belongs before code).
  malformed(wasm(section(Sec.type, [0]), section(Sec.type, [0])), 'unexpected content after last section', 11);
  malformed(wasm(section(Sec.code, [0]), section(Sec.dataCount, [0])), 'unexpected content after last section');
  malformed(wasm(section(Sec.import, [0]), section(Sec.type, [0])), 'unexpected content after last section');
  // Data count before code is the right order.
  assert.equal(decodeModule(wasm(section(Sec.dataCount, [0]), section(Sec.code, [0]))).dataCount, 0);
  // Custom sections go anywhere, repeatedly.
  const m = decodeModule(wasm(
    section(Sec.custom, [...str('a'), 1, 2]), typeSec, section(Sec.custom, str('b')), oneFunc, oneBody,
    section(Sec.custom, str('a')),
  ));
  assert.deepEqual(m.customSections.map((c) => [c.name, [...c.data]]), [['a', [1, 2]], ['b', []], ['a', []]]);
  // A size past the module, a payload not consumed exactly, a size's LEB128 cut off.
  malformed(wasm([Sec.type, 0x05, 0x00]), 'length out of bounds', 9);
  malformed(wasm([Sec.type, 0x02, 0x00, 0x00]), 'section size mismatch', 10);
  malformed(wasm([Sec.type, 0x80]), 'unexpected end');
  // An entry overrunning its section: a count of two with one type present.
  malformed(wasm([Sec.type, 0x04, 0x02, ...voidType]), 'unexpected end of section or function');
});

test('custom sections: the name is part of the format, the payload is not', () => {
  malformed(wasm([Sec.custom]), 'unexpected end');
  malformed(wasm([Sec.custom, 0x00]), 'unexpected end');
  malformed(wasm(section(Sec.custom, [0x02, 0xc0, 0x80])), 'malformed UTF-8 encoding');
  malformed(wasm([Sec.custom, 0x02, 0x05, 0x61]), 'length out of bounds');
  // A name that fits in the module but not in its section.
  malformed(wasm([Sec.custom, 0x01, 0x01, 0x61], section(Sec.custom, str('x'))), 'unexpected end');
});

test('type section: function types', () => {
  const m = decodeModule(wasm(section(Sec.type, vec([
    voidType,
    [0x60, ...vec([[0x7f], [0x7e], [0x7d], [0x7c], [0x7b], [0x70], [0x6f]]), ...vec([[0x7f], [0x7c]])],
  ]))));
  assert.deepEqual(m.types, [
    { params: [], results: [] },
    { params: [ValType.i32, ValType.i64, ValType.f32, ValType.f64, ValType.v128, ValType.funcref, ValType.externref],
      results: [ValType.i32, ValType.f64] },
  ]);
  malformed(wasm(section(Sec.type, vec([[0x61, 0, 0]]))), 'malformed function type', 11);
  malformed(wasm(section(Sec.type, vec([[0x60, 1, 0x40, 0]]))), 'malformed value type', 13);
  malformed(wasm(section(Sec.type, vec([[0xe0, 0x7f, 0, 0]]))), 'integer representation too long');
  malformed(wasm(section(Sec.type, vec([[0x60, 1, 0xff, 0]]))), 'integer representation too long');
  const tooMany = Limits.params + 1;
  malformed(wasm(section(Sec.type, vec([[0x60, ...u32(tooMany), ...new Array<number>(tooMany).fill(0x7f), 0]]))),
    'number of parameters exceeds implementation limit');
});

test('import section: the four kinds fill the index spaces', () => {
  const m = decodeModule(wasm(typeSec, section(Sec.import, vec([
    [...str('env'), ...str('f'), 0x00, 0x00],
    [...str('env'), ...str('t'), 0x01, 0x70, 0x01, 0x01, 0x02],
    [...str('env'), ...str('m'), 0x02, 0x00, 0x03],
    [...str('env'), ...str('g'), 0x03, 0x7e, 0x01],
    [...str('ünï'), ...str(''), 0x00, 0x00],
  ]))));
  assert.equal(m.imports.length, 5);
  assert.deepEqual(m.imports.map((i) => [i.module, i.name, i.desc.kind]), [
    ['env', 'f', ExternKind.func], ['env', 't', ExternKind.table], ['env', 'm', ExternKind.memory],
    ['env', 'g', ExternKind.global], ['ünï', '', ExternKind.func],
  ]);
  assert.deepEqual(m.funcTypes, [0, 0]);
  assert.equal(m.numImportedFuncs, 2);
  assert.deepEqual(m.tables, [{ elemType: ValType.funcref, limits: { min: 1, max: 2 } }]);
  assert.equal(m.numImportedTables, 1);
  assert.deepEqual(m.memories, [{ limits: { min: 3 }, shared: false }]);
  assert.equal(m.numImportedMemories, 1);
  assert.deepEqual(m.globalTypes, [{ type: ValType.i64, mutable: true }]);
  assert.equal(m.numImportedGlobals, 1);
  assert.equal(m.globals.length, 0);
  malformed(wasm(section(Sec.import, vec([[...str('a'), ...str('b'), 0x04, 0x00]]))), 'malformed import kind', 15);
  malformed(wasm(section(Sec.import, vec([[...str('a'), ...str('b'), 0x80, 0x00]]))), 'malformed import kind');
  malformed(wasm(section(Sec.import, vec([[0x01, 0xff, ...str('b'), 0x00, 0x00]]))), 'malformed UTF-8 encoding', 12);
  malformed(wasm(section(Sec.import, vec([[...str('a'), ...str('b'), 0x03, 0x7f, 0x02]]))), 'malformed mutability');
});

test('function and code sections: bodies stay byte ranges', () => {
  const body1 = [0x04, 0x01, 0x01, 0x7f, 0x0b];
  const bytes = wasm(typeSec, section(Sec.function, vec([[0], [0]])), section(Sec.code, vec([emptyBody, body1])));
  const m = decodeModule(bytes);
  assert.deepEqual(m.funcTypes, [0, 0]);
  assert.equal(m.bodies.length, 2);
  const [a, b] = m.bodies;
  assert.deepEqual([...bytes.subarray(a!.start, a!.end)], [0x00, 0x0b]);
  assert.deepEqual([...bytes.subarray(b!.start, b!.end)], [0x01, 0x01, 0x7f, 0x0b]);
  // Counts must agree, whichever section is missing or short.
  malformed(wasm(typeSec, section(Sec.function, vec([[0], [0]]))), 'function and code section have inconsistent lengths');
  malformed(wasm(section(Sec.code, vec([emptyBody]))), 'function and code section have inconsistent lengths');
  malformed(wasm(typeSec, oneFunc, section(Sec.code, vec([emptyBody, emptyBody]))),
    'function and code section have inconsistent lengths');
  // Empty function and code sections are fine.
  assert.equal(decodeModule(wasm(section(Sec.function, [0]), section(Sec.code, [0]))).bodies.length, 0);
  // A body size past the module; one past the limit.
  malformed(wasm(typeSec, oneFunc, section(Sec.code, [0x01, 0x09, 0x00, 0x0b])), 'length out of bounds');
  const huge = u32(Limits.functionBodyBytes + 1);
  malformed(wasm(typeSec, oneFunc, section(Sec.code, [0x01, ...huge])), 'function body size exceeds implementation limit');
});

test('table and memory sections: limits flags 0 and 1 only', () => {
  const m = decodeModule(wasm(
    section(Sec.table, vec([[0x70, 0x00, 0x05], [0x6f, 0x01, 0x00, ...u32(0xffffffff)]])),
    section(Sec.memory, vec([[0x00, 0x01], [0x01, 0x02, ...u32(65536)]])),
  ));
  assert.deepEqual(m.tables, [
    { elemType: ValType.funcref, limits: { min: 5 } },
    { elemType: ValType.externref, limits: { min: 0, max: 0xffffffff } },
  ]);
  assert.deepEqual(m.memories, [{ limits: { min: 1 }, shared: false }, { limits: { min: 2, max: 65536 }, shared: false }]);
  malformed(wasm(section(Sec.table, vec([[0x70, 0x02, 0x00]]))), 'integer too large', 12);
  malformed(wasm(section(Sec.table, vec([[0x70, 0x81, 0x00, 0x00]]))), 'integer representation too long');
  malformed(wasm(section(Sec.table, vec([[0x7f, 0x00, 0x00]]))), 'malformed reference type', 11);
  malformed(wasm(section(Sec.memory, vec([[0x03, 0x00, 0x01]]))), 'integer too large'); // threads' shared flag
  malformed(wasm(section(Sec.memory, vec([[0x10, 0x00]]))), 'integer too large');
  malformed(wasm(section(Sec.memory, vec([[0x00, 0x80, 0x80, 0x80, 0x80, 0x10]]))), 'integer too large');
  malformed(wasm([Sec.memory, 0x01, 0x01]), 'unexpected end of section or function');
});

test('global section and constant expressions', () => {
  const v128 = [0xfd, 0x0c, ...Array.from({ length: 16 }, (_, i) => i)];
  const m = decodeModule(wasm(section(Sec.global, vec([
    [0x7f, 0x00, 0x41, ...s32(-5), 0x0b],
    [0x7e, 0x01, 0x42, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f, 0x0b],
    [0x7d, 0x00, 0x43, 0x00, 0x00, 0xc0, 0x7f, 0x0b],
    [0x7c, 0x00, 0x44, 0x01, 0, 0, 0, 0, 0, 0xf8, 0x7f, 0x0b],
    [0x7b, 0x00, ...v128, 0x0b],
    [0x70, 0x00, 0xd0, 0x70, 0x0b],
    [0x70, 0x00, 0xd2, 0x03, 0x0b],
    [0x7f, 0x00, 0x23, 0x00, 0x0b],
    [0x7f, 0x00, 0x0b], // empty: a type error for the validator, not malformed
    [0x7f, 0x00, 0x41, 0x01, 0x41, 0x02, 0x0b], // two values: likewise
  ]))));
  const instrs = m.globals.map((g) => g.init.instrs);
  assert.deepEqual(instrs.slice(0, 4), [
    [{ op: 'i32.const', value: -5 }],
    [{ op: 'i64.const', value: -(2n ** 63n) }],
    [{ op: 'f32.const', bits: 0x7fc00000 }],
    [{ op: 'f64.const', bits: 0x7ff8000000000001n }],
  ]);
  assert.deepEqual(instrs[4], [{ op: 'v128.const', bytes: Uint8Array.from(v128.slice(2)) }]);
  assert.deepEqual(instrs.slice(5), [
    [{ op: 'ref.null', type: ValType.funcref }],
    [{ op: 'ref.func', funcIndex: 3 }],
    [{ op: 'global.get', globalIndex: 0 }],
    [],
    [{ op: 'i32.const', value: 1 }, { op: 'i32.const', value: 2 }],
  ]);
  assert.deepEqual(m.globalTypes.map((t) => [t.type, t.mutable]), [
    [0x7f, false], [0x7e, true], [0x7d, false], [0x7c, false], [0x7b, false], [0x70, false], [0x70, false],
    [0x7f, false], [0x7f, false], [0x7f, false],
  ]);
  assert.equal(m.globals[1]!.init.offset, 8 + 3 + 5 + 2);
  const global = (expr: number[]) => wasm(section(Sec.global, vec([[0x7f, 0x00, ...expr]])));
  malformed(global([0x41, 0x00, 0x6a, 0x0b]), 'constant expression required', 15); // i32.add
  malformed(global([0x01, 0x0b]), 'constant expression required'); // nop
  malformed(global([0x20, 0x00, 0x0b]), 'constant expression required'); // local.get
  malformed(global([0xfc, 0x00, 0x0b]), 'constant expression required'); // i32.trunc_sat_f32_s
  malformed(global([0xfd, 0x0d, 0x0b]), 'constant expression required'); // i8x16.shuffle
  malformed(global([0x06, 0x0b]), 'illegal opcode');
  malformed(global([0xfc, 0x12, 0x0b]), 'illegal opcode');
  malformed(global([0xd0, 0x7f, 0x0b]), 'malformed reference type');
  // A missing `end` reads on into the next section's id as an opcode, as in binary.wast.
  malformed(wasm([Sec.global, 0x05, 0x01, 0x7f, 0x00, 0x41, 0x00], oneBody), 'illegal opcode');
  malformed(wasm([Sec.global, 0x05, 0x01, 0x7f, 0x00, 0x41, 0x00]), 'unexpected end');
  malformed(wasm(section(Sec.global, vec([[0x7f, 0x02, 0x41, 0x00, 0x0b]]))), 'malformed mutability', 12);
  malformed(wasm(section(Sec.global, vec([[0x7f, 0xff, 0x41, 0x00, 0x0b]]))), 'malformed mutability');
});

test('export and start sections', () => {
  const m = decodeModule(wasm(typeSec, oneFunc,
    section(Sec.export, vec([[...str('f'), 0x00, 0x00], [...str('t'), 0x01, 0x00], [...str('m'), 0x02, 0x00], [...str('g'), 0x03, 0x07]])),
    section(Sec.start, [0x00]), oneBody));
  assert.deepEqual(m.exports.map((e) => [e.name, e.kind, e.index]), [['f', 0, 0], ['t', 1, 0], ['m', 2, 0], ['g', 3, 7]]);
  assert.equal(m.start, 0);
  assert.equal(decodeModule(wasm()).start, undefined);
  malformed(wasm(section(Sec.export, vec([[...str('f'), 0x04, 0x00]]))), 'malformed export kind', 13);
  malformed(wasm(section(Sec.start, [0x00, 0x00])), 'section size mismatch');
  // 2 exports declared, 1 given: the next section's id is read as a name length.
  malformed(wasm(typeSec, oneFunc, section(Sec.export, vec([[...str('f'), 0x00, 0x00]])).map((b, i) => (i === 2 ? 2 : b)), oneBody),
    'length out of bounds');
});

test('element section: all eight encodings', () => {
  const offset0 = [0x41, 0x00, 0x0b];
  const refNull = [0xd0, 0x70, 0x0b];
  const refFunc1 = [0xd2, 0x01, 0x0b];
  const m = decodeModule(wasm(section(Sec.element, vec([
    [0x00, ...offset0, ...vec([[0x01], [0x02]])],
    [0x01, 0x00, ...vec([[0x03]])],
    [0x02, 0x05, ...offset0, 0x00, ...vec([[0x04]])],
    [0x03, 0x00, ...vec([[0x05]])],
    [0x04, ...offset0, ...vec([refNull, refFunc1])],
    [0x05, 0x6f, ...vec([[0xd0, 0x6f, 0x0b]])],
    [0x06, 0x02, ...offset0, 0x70, ...vec([refFunc1])],
    [0x07, 0x70, ...vec([refFunc1])],
  ]))));
  const summary = m.elements.map((e) => ({
    mode: e.mode, type: e.elemType, table: e.tableIndex, hasOffset: e.offsetExpr !== undefined,
    items: e.items.map((i) => i.instrs),
  }));
  const f = (funcIndex: number) => [{ op: 'ref.func', funcIndex }];
  const { active, passive, declarative } = SegmentMode;
  assert.deepEqual(summary, [
    { mode: active, type: ValType.funcref, table: 0, hasOffset: true, items: [f(1), f(2)] },
    { mode: passive, type: ValType.funcref, table: 0, hasOffset: false, items: [f(3)] },
    { mode: active, type: ValType.funcref, table: 5, hasOffset: true, items: [f(4)] },
    { mode: declarative, type: ValType.funcref, table: 0, hasOffset: false, items: [f(5)] },
    { mode: active, type: ValType.funcref, table: 0, hasOffset: true, items: [[{ op: 'ref.null', type: 0x70 }], f(1)] },
    { mode: passive, type: ValType.externref, table: 0, hasOffset: false, items: [[{ op: 'ref.null', type: 0x6f }]] },
    { mode: active, type: ValType.funcref, table: 2, hasOffset: true, items: [f(1)] },
    { mode: declarative, type: ValType.funcref, table: 0, hasOffset: false, items: [f(1)] },
  ]);
  assert.deepEqual(m.elements[0]!.offsetExpr!.instrs, [{ op: 'i32.const', value: 0 }]);
  const elem = (seg: number[]) => wasm(section(Sec.element, vec([seg])));
  malformed(elem([0x08, 0x00]), 'malformed elements segment kind', 11);
  malformed(elem([0x01, 0x01, 0x00]), 'malformed element kind', 12);
  malformed(elem([0x05, 0x7f, 0x01, ...refFunc1]), 'malformed reference type', 12);
  malformed(elem([0x05, 0x70, 0x01, 0xf3, 0x00, 0x0b]), 'illegal opcode');
  malformed(elem([0x05, 0x70, 0x01, 0x01, 0x0b]), 'constant expression required');
  malformed(elem([0x05, 0x70, ...u32(Limits.tableSize + 1)]), 'unexpected end');
});

test('data count and data sections: flags 0, 1, 2', () => {
  const bytes = wasm(section(Sec.dataCount, [0x03]), section(Sec.data, vec([
    [0x00, 0x41, 0x08, 0x0b, ...vec([[0x61], [0x62]])],
    [0x01, ...vec([[0x63]])],
    [0x02, 0x00, 0x41, 0x10, 0x0b, 0x00],
  ])));
  const m = decodeModule(bytes);
  assert.equal(m.dataCount, 3);
  assert.deepEqual(m.datas.map((d) => [d.mode, d.memoryIndex, d.offsetExpr?.instrs, [...d.data]]), [
    [SegmentMode.active, 0, [{ op: 'i32.const', value: 8 }], [0x61, 0x62]],
    [SegmentMode.passive, 0, undefined, [0x63]],
    [SegmentMode.active, 0, [{ op: 'i32.const', value: 16 }], []],
  ]);
  assert.equal(m.datas[0]!.data.buffer, bytes.buffer, 'data is a view, not a copy');
  malformed(wasm(section(Sec.data, vec([[0x03, 0x00]]))), 'malformed data segment kind', 11);
  malformed(wasm(section(Sec.dataCount, [0x01])), 'data count and data section have inconsistent lengths');
  malformed(wasm(section(Sec.dataCount, [0x01]), section(Sec.data, vec([[0x01, 0x00], [0x01, 0x00]]))),
    'data count and data section have inconsistent lengths');
  assert.equal(decodeModule(wasm(section(Sec.dataCount, [0x00]))).dataCount, 0);
  // 7 bytes declared, 6 given (binary.wast): not a "length out of bounds".
  malformed(wasm([Sec.data, 0x0c, 0x01, 0x00, 0x41, 0x03, 0x0b, 0x07, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66]),
    'unexpected end of section or function');
  malformed(wasm([Sec.data, 0x0c, 0x01, 0x00, 0x41, 0x03, 0x0b, 0x05, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66]),
    'section size mismatch');
});

test('name section: module, function and local names; malformed ones are dropped', () => {
  const names = [
    ...section(0, str('mod')),
    ...section(1, vec([[0x00, ...str('main')], [0x02, ...str('helper')]])),
    ...section(2, vec([[0x00, ...vec([[0x00, ...str('x')], [0x01, ...str('y')]])]])),
    ...section(7, vec([[0x00, ...str('a global')]])), // extended names: skipped
  ];
  const m = decodeModule(wasm(section(Sec.custom, [...str('name'), ...names])));
  assert.equal(m.names.module, 'mod');
  assert.deepEqual([...m.names.functions], [[0, 'main'], [2, 'helper']]);
  assert.deepEqual([...m.names.locals].map(([f, l]) => [f, [...l]]), [[0, [[0, 'x'], [1, 'y']]]]);
  assert.equal(m.customSections[0]!.name, 'name');
  const broken = [
    [...section(1, vec([[0x00, 0x02, 0xc0, 0x80]]))], // bad UTF-8
    [...section(1, vec([[0x00, ...str('main')]])), 0x02], // truncated subsection header
    [...section(1, [0x05, 0x00])], // count past the subsection
    [...section(1, vec([])), ...section(1, vec([]))], // repeated
    [...section(2, vec([])), ...section(1, vec([]))], // out of order
    [...section(0, [...str('m'), 0x00])], // size mismatch
  ];
  for (const payload of broken) {
    const dropped = decodeModule(wasm(section(Sec.custom, [...str('name'), ...payload]), typeSec));
    assert.equal(dropped.names.module, undefined);
    assert.equal(dropped.names.functions.size, 0);
    assert.equal(dropped.types.length, 1, 'the module itself still decodes');
  }
});

test('hostile counts fail fast without allocating', () => {
  const huge = u32(0xffffffff);
  const sections = [Sec.type, Sec.import, Sec.function, Sec.table, Sec.memory, Sec.global, Sec.export,
    Sec.element, Sec.code, Sec.data];
  for (const id of sections) {
    const t = performance.now();
    assert.throws(() => decodeModule(wasm(section(id, [...huge, 0x00, 0x00, 0x00, 0x00, 0x00]))), CompileError);
    // Allocating for a 2^32-1 count would take seconds or run out of memory; the bound
    // leaves room for a loaded machine.
    assert.ok(performance.now() - t < 1000, `section ${id} took too long`);
  }
  // Counts inside entries: parameters, elements, name maps.
  assert.throws(() => decodeModule(wasm(section(Sec.type, vec([[0x60, ...huge, 0x7f]])))), CompileError);
  assert.throws(() => decodeModule(wasm(section(Sec.element, vec([[0x01, 0x00, ...huge, 0x00]])))), CompileError);
  const names = decodeModule(wasm(section(Sec.custom, [...str('name'), ...section(1, [...huge, 0x00])])));
  assert.equal(names.names.functions.size, 0);
  // Limits: a count within the bytes but over the implementation limit.
  const manyTypes = Limits.types + 1;
  const bytes = wasm(section(Sec.type, [...u32(manyTypes), ...new Array<number>(manyTypes * 3).fill(0)]));
  assert.throws(() => decodeModule(bytes), (e: unknown) => e instanceof CompileError && /number of types exceeds/.test(e.reason));
});

test('a fault inside a body is reported before a later one the body size hid', () => {
  // The body claims 10 bytes, but its i32.load offset is a 6-byte LEB128: the
  // tail (0x00 0x1a 0x0b) then reads as a custom section of 0x1a bytes.
  const body = [0x0a, 0x00, 0x41, 0x00, 0x28, 0x02, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, 0x1a, 0x0b];
  const bytes = wasm(typeSec, oneFunc, section(Sec.memory, vec([[0x00, 0x01]])), [Sec.code, 0x0c, 0x01], body);
  malformed(bytes, 'integer representation too long');
  // Without a body fault, the later fault stands.
  malformed(wasm(typeSec, oneFunc, oneBody, [0x80, 0x00]), 'malformed section id');
});

test('module bytes past the header that are not a section', () => {
  // Two concatenated modules: the second magic reads as a custom section of 0x61 bytes.
  malformed(Uint8Array.from([...header, ...header]), 'length out of bounds');
});
