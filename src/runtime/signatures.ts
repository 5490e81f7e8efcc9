// Canonical signature ids, engine-wide: structurally equal function types get
// the same u32 id, so call_indirect compares one word (src/abi/layout.ts).
//
// Invariants: ids start at 1 (0 never names a type) and are never reused
// while the engine lives. Only src/runtime/ imports this.

import type { FuncType } from '../wasm/types.js';

export function funcTypeKey(t: FuncType): string {
  return `${t.params.join(',')}:${t.results.join(',')}`;
}

export function funcTypesEqual(a: FuncType, b: FuncType): boolean {
  return funcTypeKey(a) === funcTypeKey(b);
}

export class SignatureRegistry {
  private readonly ids = new Map<string, number>();

  idOf(t: FuncType): number {
    const key = funcTypeKey(t);
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.ids.size + 1;
      this.ids.set(key, id);
    }
    return id;
  }
}
