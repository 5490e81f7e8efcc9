// The baseline tier's operator table: handler by opcode-row key. Each ops/*.ts
// file registers its rows here; compileModule turns the map into an array
// indexed by row id, and a test checks that every row of src/wasm/opcodes.ts is
// either handled here or listed as unsupported (with its reason).

import type { Handler } from '../function-compiler.js';

export type HandlerMap = Map<string, Handler>;

export function define(map: HandlerMap, keys: string | readonly string[], h: Handler): void {
  for (const key of typeof keys === 'string' ? [keys] : keys) {
    if (map.has(key)) throw new Error(`baseline: ${key} handled twice`);
    map.set(key, h);
  }
}
