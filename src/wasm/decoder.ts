// The binary module decoder (placeholder: header only; sections follow).
import { CompileError } from './errors.js';
import type { Module } from './types.js';

/** Decodes a module binary into a Module description. Throws CompileError. */
export function decodeModule(bytes: Uint8Array): Module {
  if (bytes.length < 8) throw new CompileError('unexpected end', bytes.length);
  return {
    bytes, types: [], imports: [], funcTypes: [], numImportedFuncs: 0, tables: [], numImportedTables: 0,
    memories: [], numImportedMemories: 0, globalTypes: [], numImportedGlobals: 0, globals: [], exports: [],
    elements: [], bodies: [], datas: [], names: { functions: new Map(), locals: new Map() }, customSections: [],
  };
}
