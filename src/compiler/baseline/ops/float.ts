// f32 and f64 operators. Arithmetic maps to one SSE instruction each (the
// hardware's NaN results are arithmetic NaNs, which the spec allows); the
// operators with stricter rules (min/max, rounding, comparisons, sign bits,
// conversions) use the exact sequences in ../numeric/.

import { form } from '../../x64/table.js';
import type { Form } from '../../x64/form.js';
import { NO_INDEX } from '../../x64/operands.js';
import { Kind, type FunctionCompiler } from '../function-compiler.js';
import { define, type HandlerMap } from './registry.js';

const F32 = 0x7d;
const F64 = 0x7c;

export function registerFloat(h: HandlerMap): void {
  define(h, 'f32.const', (c) => c.pushConst32(F32, c.r.f32Bits()));
  define(h, 'f64.const', (c) => c.pushConst64(F64, c.r.f64Bits()));
  for (const [p, t, sfx] of [['f32', F32, 'ss'], ['f64', F64, 'sd']] as const) {
    const m = sfx === 'ss' ? 'xmm/m32' : 'xmm/m64';
    for (const op of ['add', 'sub', 'mul', 'div'] as const) {
      const f = form(`${op}${sfx} xmm, ${m}`);
      define(h, `${p}.${op}`, (c) => binary(c, f, t));
    }
    const sqrt = form(`sqrt${sfx} xmm, ${m}`);
    define(h, `${p}.sqrt`, (c) => {
      const x = c.popXmm();
      c.asm.sseRR(sqrt, x, x);
      c.pushXmm(t, x);
    });
  }
}

/** lhs = lhs op rhs, rhs from memory when it lives there. */
function binary(c: FunctionCompiler, f: Form, t: number): void {
  const top = c.n - 1;
  if (c.kind[top] === Kind.Local || c.kind[top] === Kind.Slot) {
    const base = c.entryBase(top);
    const disp = c.entryDisp(top);
    c.drop();
    const lhs = c.popXmm();
    c.asm.sseRM(f, lhs, base, NO_INDEX, 1, disp);
    c.pushXmm(t, lhs);
    return;
  }
  const rhs = c.popXmm();
  const lhs = c.popXmm();
  c.asm.sseRR(f, lhs, rhs);
  c.freeXmm(rhs);
  c.pushXmm(t, lhs);
}
