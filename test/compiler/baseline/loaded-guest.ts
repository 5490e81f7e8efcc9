// Shared fixture for compiler tests that run compiled code on the native
// layer directly (no runtime): compile a module, load its code, give it a
// guest, run the test body, and unload both whatever happens. Test-only.

import { compileModule, type CompileOptions } from '../../../src/compiler/baseline/index.js';
import type { CompiledModule } from '../../../src/compiler/compiled-module.js';
import { native, GuestArea, type GuestId } from '../../../src/runtime/native.js';
import { parseModule } from '../../../src/wasm/index.js';

export interface LoadedGuest {
  readonly guest: GuestId;
  readonly area: GuestArea;
  readonly compiled: CompiledModule;
  /** Enters defined function `f` through its entry thunk (arguments already in the area); the run status. */
  enter(f: number): number;
}

export async function withLoadedGuest<T>(bytes: Uint8Array, options: CompileOptions, body: (g: LoadedGuest) => T | Promise<T>): Promise<T> {
  const m = parseModule(bytes);
  const compiled = compileModule(m, options);
  const code = native.codeLoad(compiled.code, compiled.trapOffsets, compiled.trapCodes);
  const guest = native.guestCreate(64 * 1024, false);
  try {
    const base = native.codeAddress(code);
    const enter = (f: number) => native.enter(guest, base + compiled.entryThunks[m.funcTypes[f]!]!, base + compiled.functionStarts[f]!);
    return await body({ guest, area: new GuestArea(guest), compiled, enter });
  } finally {
    native.guestDestroy(guest);
    native.codeUnload(code);
  }
}
