// `corral inspect <file|artifact>`: what a module imports and exports, its
// sections and sizes, and the machine code per function; for an artifact
// also its header. Text for people, --json for scripts.
//
// Invariant: inspecting never runs guest code.
// Only src/cli/main.ts imports this.

import fs from 'node:fs';
import { createHash } from 'node:crypto';
import { CompileCache } from '../artifact/cache.js';
import { loadArtifact, readArtifactHeader, type ArtifactHeader } from '../artifact/read.js';
import { compileModule } from '../compiler/baseline/index.js';
import type { CompiledModule } from '../compiler/compiled-module.js';
import { Unsupported } from '../compiler/errors.js';
import { parseModule } from '../wasm/index.js';
import { ExternKind, valTypeName, type FuncType, type Limits, type Module } from '../wasm/types.js';
import { ExitCode } from './exit-codes.js';
import { reportFailure, usage } from './failure.js';
import { kindOf, moduleBytesOf } from './input.js';
import { parse, parseMemoryMode, type OptionSpec } from './options.js';
import { sectionsOf } from './wasm-sections.js';

export const INSPECT_HELP = `Usage: corral inspect [options] <file.wasm | file.wat | artifact>

Shows a module's imports, exports, sections, memories, tables and sizes, and
the machine code size of every function; for an artifact also its header
(format and Corral version, memory mode, fuel, CPU features, hashes).

Options:
  --memory MODE          compile in this mode for the code sizes (default guarded)
  --json                 print one JSON object instead of text
  --no-cache             do not read or write the compile cache
  -h, --help             show this help

Exit status: 0 ok, 1 usage, 2 compile error, 6 artifact rejected, 7 file error.
`;

const OPTIONS = {
  memory: { type: 'string' },
  json: { type: 'boolean' },
  'no-cache': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} satisfies OptionSpec;

const KIND = ['func', 'table', 'memory', 'global'] as const;

export async function inspectCommand(argv: readonly string[], out: NodeJS.WritableStream, err: (s: string) => void): Promise<number> {
  const { values, positionals } = parse(argv, OPTIONS);
  if (values.help) { out.write(INSPECT_HELP); return ExitCode.ok; }
  const file = positionals[0];
  if (file === undefined) throw usage('inspect: missing the file to inspect');
  const memoryMode = parseMemoryMode(values.memory);
  try {
    const bytes = fs.readFileSync(file);
    const kind = kindOf(bytes);
    let header: ArtifactHeader | undefined;
    let compiled: CompiledModule | undefined;
    let module: Module;
    let codeNote: string | undefined;
    if (kind === 'artifact') {
      header = readArtifactHeader(bytes);
      try {
        compiled = loadArtifact(bytes).compiled;
      } catch (e) {
        // Still show the header of an artifact this Corral cannot load, then say why.
        out.write(values.json ? `${JSON.stringify({ file, kind, size: bytes.length, header }, null, 2)}\n` : `${file}: Corral artifact, ${bytes.length} bytes\n${headerText(header)}`);
        throw e;
      }
      module = compiled.module;
    } else {
      const moduleBytes = await moduleBytesOf(file, bytes);
      module = parseModule(moduleBytes);
      try {
        compiled = values['no-cache']
          ? compileModule(module, { memoryMode, fuel: false })
          : new CompileCache().compile(moduleBytes, { memoryMode, fuel: false }).compiled;
      } catch (e) {
        if (!(e instanceof Unsupported)) throw e;
        codeNote = e.message;
      }
    }
    const report = describe(file, kind, bytes.length, module, compiled, header, codeNote);
    out.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : text(report));
    return ExitCode.ok;
  } catch (e) {
    return reportFailure(e, { file }, err);
  }
}

function signature(t: FuncType): string {
  return `(${t.params.map(valTypeName).join(' ')}) -> (${t.results.map(valTypeName).join(' ')})`;
}

function limits(l: Limits, unit: string): string {
  return `${l.min}${l.max !== undefined ? `..${l.max}` : '..'} ${unit}`;
}

function describe(file: string, kind: string, size: number, m: Module, c: CompiledModule | undefined, header: ArtifactHeader | undefined, codeNote: string | undefined) {
  const funcType = (index: number) => m.types[m.funcTypes[index]!]!;
  const externType = (k: number, index: number): string => {
    switch (k) {
      case ExternKind.func: return signature(funcType(index));
      case ExternKind.table: { const t = m.tables[index]!; return `${valTypeName(t.elemType)} ${limits(t.limits, 'elements')}`; }
      case ExternKind.memory: return limits(m.memories[index]!.limits, 'pages');
      default: { const g = m.globalTypes[index]!; return `${g.mutable ? 'mut ' : ''}${valTypeName(g.type)}`; }
    }
  };
  const importIndex = [0, 0, 0, 0];
  const numDefined = m.funcTypes.length - m.numImportedFuncs;
  const functions = Array.from({ length: numDefined }, (_, d) => {
    const index = m.numImportedFuncs + d;
    const body = m.bodies[d]!;
    return {
      index,
      name: m.names.functions.get(index) ?? null,
      type: signature(funcType(index)),
      wasmBytes: body.end - body.start,
      codeBytes: c ? c.functionEnds[d]! - c.functionStarts[d]! : null,
    };
  });
  return {
    file, kind, size,
    moduleSha256: createHash('sha256').update(m.bytes).digest('hex'),
    moduleBytes: m.bytes.length,
    ...(header ? { header } : {}),
    sections: sectionsOf(m.bytes),
    imports: m.imports.map((i) => ({ module: i.module, name: i.name, kind: KIND[i.desc.kind], type: externType(i.desc.kind, importIndex[i.desc.kind]!++) })),
    exports: m.exports.map((e) => ({ name: e.name, kind: KIND[e.kind], index: e.index, type: externType(e.kind, e.index) })),
    memories: m.memories.map((mem) => limits(mem.limits, 'pages')),
    tables: m.tables.map((t) => `${valTypeName(t.elemType)} ${limits(t.limits, 'elements')}`),
    globals: m.globalTypes.length,
    dataSegments: m.datas.length,
    dataBytes: m.datas.reduce((a, d) => a + d.data.length, 0),
    elementSegments: m.elements.length,
    start: m.start ?? null,
    code: c
      ? { memoryMode: c.memoryMode, fuel: c.fuel, bytes: c.code.length, trapSites: c.trapOffsets.length, sourcePositions: c.sourceMachine.length }
      : { unavailable: codeNote ?? 'not compiled' },
    functions,
  };
}

type Report = ReturnType<typeof describe>;

function headerText(h: ArtifactHeader): string {
  return [
    'artifact header:',
    `  format version   ${h.formatVersion}`,
    `  Corral version   ${h.corralVersion}`,
    `  target           ${h.arch}, CPU features: ${h.cpuFeatures.join(' ') || 'none'}`,
    `  engine config    memory ${h.memoryMode}, fuel ${h.fuel ? 'metered' : 'off'}`,
    `  module sha256    ${h.moduleSha256}`,
    `  checksum         ${h.checksum}`,
    '  sections:',
    ...h.sections.map((s) => `    ${s.name.padEnd(16)} ${String(s.length).padStart(10)} bytes at ${s.offset}`),
    '',
  ].join('\n');
}

function text(r: Report): string {
  const lines: string[] = [];
  lines.push(`${r.file}: ${r.kind === 'artifact' ? 'Corral artifact' : r.kind === 'wasm' ? 'WebAssembly module' : 'WebAssembly text'}, ${r.size} bytes`);
  if (r.header) lines.push(headerText(r.header).trimEnd());
  lines.push(`module: ${r.moduleBytes} bytes, sha256 ${r.moduleSha256}`);
  lines.push('sections:');
  for (const s of r.sections) lines.push(`  ${s.name.padEnd(24)} ${String(s.size).padStart(10)} bytes at ${s.offset}`);
  lines.push(`imports (${r.imports.length}):`);
  for (const i of r.imports) lines.push(`  ${i.module}.${i.name}: ${i.kind} ${i.type}`);
  lines.push(`exports (${r.exports.length}):`);
  for (const e of r.exports) lines.push(`  ${e.name}: ${e.kind}[${e.index}] ${e.type}`);
  if (r.memories.length) lines.push(`memories: ${r.memories.join(', ')}`);
  if (r.tables.length) lines.push(`tables: ${r.tables.join(', ')}`);
  lines.push(`globals: ${r.globals}; data: ${r.dataSegments} segments, ${r.dataBytes} bytes; element segments: ${r.elementSegments}; start: ${r.start ?? 'none'}`);
  if ('bytes' in r.code) {
    lines.push(`machine code: ${r.code.bytes} bytes (memory ${r.code.memoryMode}, fuel ${r.code.fuel ? 'metered' : 'off'}), ${r.code.trapSites} trap sites, ${r.code.sourcePositions} source positions`);
  } else {
    lines.push(`machine code: unavailable (${r.code.unavailable})`);
  }
  lines.push(`functions (${r.functions.length} defined):`);
  lines.push(`  ${'index'.padStart(6)} ${'wasm'.padStart(8)} ${'code'.padStart(8)}  name / type`);
  for (const f of r.functions) {
    lines.push(`  ${String(f.index).padStart(6)} ${String(f.wasmBytes).padStart(8)} ${String(f.codeBytes ?? '-').padStart(8)}  ${f.name ?? '-'} ${f.type}`);
  }
  return `${lines.join('\n')}\n`;
}
