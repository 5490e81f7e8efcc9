// The thread's one FunctionValidator, kept alive from one module to the next
// and lent to every body run (validateModule, the pool's calling thread and
// each worker).
//
// Why keep one alive: V8 holds the hidden classes (maps) of constructed
// objects only through weak transitions, so when every validator and reader
// of the last module had died, a full GC collected their maps and
// deoptimized all the optimized code that checked them; the next module was
// then validated mostly by unoptimized code (yosys after a forced GC: ~205 ms
// instead of ~100 ms). The spare, pointed at an idle context and reader in
// between (so it holds nothing of the last module), keeps those maps, the
// context's, and its grown stacks.
//
// Invariants: the spare is lent to one run at a time; a run that starts while
// it is lent (a re-entrant call) gets a fresh validator. Imported by
// bodies.ts and chunks.ts only.

import { decodeModule } from '../decoder.js';
import { buildContext, type ModuleContext } from './context.js';
import { FunctionValidator } from './function.js';
import { primeOnce } from './warm-up.js';

/** The smallest module (just the header): its context and bytes are what the idle spare points at. */
const IDLE_MODULE = decodeModule(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]));
const IDLE_CONTEXT = buildContext(IDLE_MODULE);
const spare = new FunctionValidator(IDLE_CONTEXT, IDLE_MODULE.bytes);
let lent = false;

/** Runs `f` with a validator of context `c` over `bytes`: the spare unless it is already lent. */
export function withValidator<T>(c: ModuleContext, bytes: Uint8Array, f: (fv: FunctionValidator) => T): T {
  // The thread's first validation starts with the validator's every path seen once (warm-up.ts).
  primeOnce();
  if (lent) return f(new FunctionValidator(c, bytes));
  lent = true;
  spare.use(c, bytes);
  try {
    return f(spare);
  } finally {
    spare.use(IDLE_CONTEXT, IDLE_MODULE.bytes);
    lent = false;
  }
}
