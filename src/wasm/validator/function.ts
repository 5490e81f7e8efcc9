// Validation of one function body: the algorithm of the spec's validation
// appendix (operand stack, control stack, unreachable polymorphism), fused with
// reading the body's bytes, so malformed bodies (bad opcodes, immediates, a
// missing `end`) are reported here too.
//
// Invariants: the stacks are laid out as stack-layout.ts says (value types
// are their binary codes; 0 is the spec's Unknown, produced by popping in
// unreachable code; only `select` pushes it back). Nothing is allocated per
// instruction; stacks grow by doubling and are reused across functions. The
// fast loop (fast-loop.ts) takes the common cases and leaves everything else,
// errors included, to the full algorithm here. Operators with a fixed
// signature in the opcode table are typed from the table, never by per-op
// code. Any problem throws CompileError with the instruction's offset;
// reading never passes the body's end. Imported by bodies.ts and chunks.ts
// only.

import { CompileError, limitError } from '../errors.js';
import { Limits } from '../limits.js';
import { Reader } from '../reader.js';
import type { FunctionBody } from '../types.js';
import {
  Imm, PRIMARY, PREFIX_FC, PREFIX_FD, SIG_PARAM_COUNT, SIG_PARAMS, SIG_RESULT, IMM, ALIGN_LOG2, LANES, MAX_SIG_PARAMS,
} from '../opcodes.js';
import type { ModuleContext } from './context.js';
import { BlockType, Kind, Val, isValTypeByte, type StackState } from './stack-layout.js';
import { fastLoopSwitch, runFastLoop } from './fast-loop.js';

function isRef(t: number): boolean {
  return t === Val.FuncRef || t === Val.ExternRef;
}

export class FunctionValidator implements StackState {
  // The module being validated; use() points them at another (spare.ts keeps one validator per thread).
  c: ModuleContext;
  r: Reader;

  // Operand stack.
  vals = new Uint8Array(1024);
  sp = 0;
  // Control stack: kind, block type (s33 value; a type index when >= 0), operand height, unreachable flag.
  ctrlKind = new Uint8Array(64);
  ctrlType = new Int32Array(64);
  ctrlHeight = new Int32Array(64);
  ctrlUnreachable = new Uint8Array(64);
  csp = 0;
  // Locals of the current function: the first `denseLocals` types spelled out
  // (what the fast paths read), all of them as runs (group ends and types), so
  // a tiny body declaring 50,000 locals costs no more than its bytes.
  locals = new Uint8Array(256);
  denseLocals = 0;
  private numLocals = 0;
  private localGroupEnd = new Int32Array(16);
  private localGroupType = new Uint8Array(16);
  private localGroups = 0;
  // br_table: the serial of the last br_table that checked each label-type list.
  private listChecked: Int32Array;
  private brTableSerial = 0;
  /** Offset of the instruction being validated, for error messages. */
  private at = 0;

  /** `bytes` is the module binary the bodies' offsets point into. */
  constructor(c: ModuleContext, bytes: Uint8Array) {
    this.c = c;
    this.r = new Reader(bytes);
    this.listChecked = new Int32Array(c.numListIds);
  }

  /**
   * Points this validator at another module's context and bytes, keeping its
   * grown stacks. The br_table serial goes on counting, so marks left in
   * listChecked by the last module are all older than any new br_table's.
   */
  use(c: ModuleContext, bytes: Uint8Array): void {
    this.c = c;
    if (this.r.bytes !== bytes) this.r = new Reader(bytes);
    if (this.listChecked.length < c.numListIds) this.listChecked = new Int32Array(c.numListIds);
    if (this.brTableSerial > 0x3fffffff) {
      this.listChecked.fill(0);
      this.brTableSerial = 0;
    }
  }

  private fail(reason: string, offset = this.at): never {
    throw new CompileError(reason, offset);
  }

  // --- operand stack (the appendix's push_val / pop_val) -------------------

  private push(t: number): void {
    if (this.sp === this.vals.length) this.growVals();
    this.vals[this.sp++] = t;
  }

  private popAny(): number {
    const top = this.csp - 1;
    if (this.sp === this.ctrlHeight[top]) {
      if (this.ctrlUnreachable[top]) return Val.Unknown;
      this.fail('type mismatch');
    }
    return this.vals[--this.sp]!;
  }

  /** pop_val(t): pops a value that must be of type `t` or Val.Unknown. */
  private pop(t: number): void {
    const top = this.csp - 1;
    if (this.sp === this.ctrlHeight[top]) {
      if (this.ctrlUnreachable[top]) return;
      this.fail('type mismatch');
    }
    const actual = this.vals[--this.sp]!;
    if (actual !== t && actual !== Val.Unknown) this.fail('type mismatch');
  }

  // --- block types and labels ----------------------------------------------

  private paramCount(bt: number): number {
    return bt >= 0 ? this.c.paramCount[bt]! : 0;
  }
  private paramAt(bt: number, i: number): number {
    return this.c.typeVals[this.c.paramStart[bt]! + i]!;
  }
  private resultCount(bt: number): number {
    return bt >= 0 ? this.c.resultCount[bt]! : bt === BlockType.Empty ? 0 : 1;
  }
  private resultAt(bt: number, i: number): number {
    return bt >= 0 ? this.c.typeVals[this.c.resultStart[bt]! + i]! : 0x80 + bt;
  }

  private labelCount(frame: number): number {
    const bt = this.ctrlType[frame]!;
    return this.ctrlKind[frame] === Kind.Loop ? this.paramCount(bt) : this.resultCount(bt);
  }
  private labelAt(frame: number, i: number): number {
    const bt = this.ctrlType[frame]!;
    return this.ctrlKind[frame] === Kind.Loop ? this.paramAt(bt, i) : this.resultAt(bt, i);
  }
  private labelListId(frame: number): number {
    const bt = this.ctrlType[frame]!;
    if (this.ctrlKind[frame] === Kind.Loop) return bt >= 0 ? this.c.paramListId[bt]! : 0x40;
    return bt >= 0 ? this.c.resultListId[bt]! : 0x80 + bt;
  }

  /** pop_vals(label_types(frame)). */
  private popLabel(frame: number): void {
    for (let i = this.labelCount(frame) - 1; i >= 0; i--) this.pop(this.labelAt(frame, i));
  }
  /** push_vals(label_types(frame)). */
  private pushLabel(frame: number): void {
    const n = this.labelCount(frame);
    for (let i = 0; i < n; i++) this.push(this.labelAt(frame, i));
  }

  private readLabel(): number {
    const depth = this.r.u32();
    if (depth >= this.csp) this.fail(`unknown label ${depth}`);
    return this.csp - 1 - depth;
  }

  private readBlockType(): number {
    const bt = this.r.s33();
    if (bt >= 0) {
      if (bt >= this.c.numTypes) this.fail(`unknown type ${bt}`);
      return bt;
    }
    if (bt === BlockType.Empty || (bt >= -128 && isValTypeByte(0x80 + bt))) return bt;
    return this.fail('malformed value type');
  }

  // --- control stack (push_ctrl / pop_ctrl / unreachable) -------------------

  private pushCtrl(kind: Kind, bt: number): void {
    if (this.csp === this.ctrlKind.length) this.growCtrl();
    // Frame 0 is the function's own; the limit counts nested blocks.
    if (this.csp > Limits.controlDepth) throw limitError('block nesting depth', this.csp, Limits.controlDepth, this.at);
    const f = this.csp++;
    this.ctrlKind[f] = kind;
    this.ctrlType[f] = bt;
    this.ctrlHeight[f] = this.sp;
    this.ctrlUnreachable[f] = 0;
    if (bt >= 0) {
      const n = this.c.paramCount[bt]!;
      for (let i = 0; i < n; i++) this.push(this.paramAt(bt, i));
    }
  }

  private growCtrl(): void {
    const n = this.ctrlKind.length * 2;
    const kind = new Uint8Array(n); kind.set(this.ctrlKind); this.ctrlKind = kind;
    const type = new Int32Array(n); type.set(this.ctrlType); this.ctrlType = type;
    const height = new Int32Array(n); height.set(this.ctrlHeight); this.ctrlHeight = height;
    const unr = new Uint8Array(n); unr.set(this.ctrlUnreachable); this.ctrlUnreachable = unr;
  }

  /** Pops the block's parameters (checking them) before push_ctrl pushes them back. */
  private popParams(bt: number): void {
    if (bt < 0) return;
    for (let i = this.c.paramCount[bt]! - 1; i >= 0; i--) this.pop(this.paramAt(bt, i));
  }

  /** pop_ctrl: checks the frame's results and that nothing else is left; returns the frame. */
  private popCtrl(): number {
    const f = this.csp - 1;
    const bt = this.ctrlType[f]!;
    for (let i = this.resultCount(bt) - 1; i >= 0; i--) this.pop(this.resultAt(bt, i));
    if (this.sp !== this.ctrlHeight[f]) this.fail('type mismatch');
    this.csp--;
    return f;
  }

  private setUnreachable(): void {
    const f = this.csp - 1;
    this.sp = this.ctrlHeight[f]!;
    this.ctrlUnreachable[f] = 1;
  }

  // --- immediates shared by several operators --------------------------------

  private readMemarg(row: number): void {
    const flagsAt = this.r.pos;
    const align = this.r.u32();
    if (align >= 32) this.fail('malformed memop flags', flagsAt);
    this.r.u32(); // offset
    if (this.c.numMemories === 0) this.fail('unknown memory 0');
    if (align > ALIGN_LOG2[row]!) this.fail('alignment must not be larger than natural');
  }

  private zeroByte(): void {
    const at = this.r.pos;
    if (this.r.u8() !== 0) this.fail('zero byte expected', at);
  }

  private needMemory(): void {
    if (this.c.numMemories === 0) this.fail('unknown memory 0');
  }

  private readTable(): number {
    const x = this.r.u32();
    if (x >= this.c.numTables) this.fail(`unknown table ${x}`);
    return x;
  }

  private readGlobal(): number {
    const x = this.r.u32();
    if (x >= this.c.numGlobals) this.fail(`unknown global ${x}`);
    return x;
  }

  private readLocal(): number {
    const x = this.r.u32();
    if (x >= this.numLocals) this.fail(`unknown local ${x}`);
    if (x < this.denseLocals) return this.locals[x]!;
    // Binary search for the run holding x (the params are run 0).
    let lo = 0, hi = this.localGroups - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.localGroupEnd[mid]! > x) hi = mid; else lo = mid + 1;
    }
    return this.localGroupType[lo]!;
  }

  private readFunc(): number {
    const x = this.r.u32();
    if (x >= this.c.numFuncs) this.fail(`unknown function ${x}`);
    return x;
  }

  /**
   * A data index is checked against the data count section, as the spec does;
   * without that section an index that names no segment at all is reported as
   * invalid, and one that does as the binary-format rule it breaks.
   */
  private checkData(x: number): void {
    const count = this.c.dataCount >= 0 ? this.c.dataCount : this.c.numDatas;
    if (x >= count) this.fail(`unknown data segment ${x}`);
    if (this.c.dataCount < 0) this.fail('data count section required');
  }

  private readElem(): number {
    const x = this.r.u32();
    if (x >= this.c.numElems) this.fail(`unknown elem segment ${x}`);
    return x;
  }

  private readLane(row: number): void {
    const at = this.r.pos;
    if (this.r.u8() >= LANES[row]!) this.fail('invalid lane index', at);
  }

  /** Pops the params of function type `t`, pushes its results. */
  private applyFuncType(t: number): void {
    const c = this.c;
    const ps = c.paramStart[t]!;
    for (let i = c.paramCount[t]! - 1; i >= 0; i--) this.pop(c.typeVals[ps + i]!);
    const rs = c.resultStart[t]!;
    const n = c.resultCount[t]!;
    for (let i = 0; i < n; i++) this.push(c.typeVals[rs + i]!);
  }

  // --- the body ----------------------------------------------------------------

  /**
   * Validates the body of defined function `funcIndex`. `isLast`: it is the
   * code section's last body; `atModuleEnd`: nothing follows it in the module
   * (both only choose the phrase for a body that runs out without its `end`).
   */
  validate(funcIndex: number, body: FunctionBody, isLast: boolean, atModuleEnd: boolean): void {
    const r = this.r;
    const bytes = r.bytes;
    // The decoder guarantees this; a hand-built Module might not, and the fast
    // paths read bytes without re-checking the module's length.
    if (!(body.start >= 0 && body.start <= body.end && body.end <= bytes.length)) {
      this.fail('section size mismatch', Math.min(Math.max(body.start, 0), bytes.length));
    }
    r.pos = body.start;
    r.end = body.end;
    // Running out of body bytes is reported as the reference interpreter does,
    // which reads on past the body: at the module's end, in the next function,
    // or past the code section.
    r.endReason = atModuleEnd ? 'unexpected end of section or function'
      : isLast ? 'section size mismatch' : 'END opcode expected';
    this.at = body.start;
    // Room for as many values as the body has bytes (up to a cap), so the
    // fast loop rarely stops only to let the stack grow.
    const want = Math.min(body.end - body.start + 2, 1 << 20);
    if (this.vals.length < want) this.growValsTo(want);
    const typeIndex = this.c.funcType[funcIndex]!;
    this.readLocals(typeIndex);
    this.sp = 0;
    this.csp = 0;
    this.pushCtrl(Kind.Func, typeIndex);
    this.sp = 0; // the function's params are locals, not operands
    this.body();
    if (r.pos !== body.end) this.fail('section size mismatch', r.pos);
  }

  private readLocals(typeIndex: number): void {
    const r = this.r;
    const c = this.c;
    const nParams = c.paramCount[typeIndex]!;
    const groupsAt = r.pos;
    const groups = r.u32();
    // Each group takes at least two bytes: bounds the loop by the body's size.
    if (groups > (r.end - r.pos) / 2) this.fail(r.endReason, groupsAt);
    // Spell out the params (at most 1,000: a decoder limit) and as many locals
    // as the body's length could justify; the rest are found through the runs.
    const cap = Math.max(1024, 4 * (r.end - r.pos), nParams);
    if (this.locals.length < nParams) this.locals = new Uint8Array(Math.max(nParams, this.locals.length * 2));
    if (this.localGroupEnd.length < groups + 1) {
      this.localGroupEnd = new Int32Array(groups + 1);
      this.localGroupType = new Uint8Array(groups + 1);
    }
    const ps = c.paramStart[typeIndex]!;
    for (let i = 0; i < nParams; i++) this.locals[i] = c.typeVals[ps + i]!;
    // Run 0 stands for the params, which are always dense, so its type is never read.
    this.localGroupEnd[0] = nParams;
    this.localGroupType[0] = 0;
    let n = nParams;
    for (let g = 0; g < groups; g++) {
      const count = r.u32();
      const from = n;
      n += count;
      if (n > Limits.locals) this.fail('too many locals', groupsAt);
      const t = r.u8();
      if (!isValTypeByte(t)) this.fail('malformed value type', r.pos - 1);
      const to = Math.min(n, cap);
      if (from < to) {
        if (this.locals.length < to) this.growLocals(to);
        this.locals.fill(t, from, to);
      }
      this.localGroupEnd[g + 1] = n;
      this.localGroupType[g + 1] = t;
    }
    this.localGroups = groups + 1;
    this.denseLocals = Math.min(n, cap);
    this.numLocals = n;
  }

  private growLocals(n: number): void {
    const bigger = new Uint8Array(Math.max(n, this.locals.length * 2));
    bigger.set(this.locals);
    this.locals = bigger;
  }

  /**
   * The instruction loop: the fast loop (fast-loop.ts) takes the common
   * instructions in their common shapes and stops at anything else, which
   * the full algorithm (`instruction`) then takes from its first byte.
   */
  private body(): void {
    const fast = fastLoopSwitch.enabled;
    for (;;) {
      if (fast) {
        runFastLoop(this);
        if (this.csp === 0) return; // it took the final `end`
      }
      // Every instruction starts with room for two more values.
      if (this.sp + 2 > this.vals.length) this.growVals();
      if (this.instruction()) return;
    }
  }

  /** Grows the operand stack (doubling) to at least `n` slots, below the height limit. */
  private growValsTo(n: number): void {
    while (this.vals.length < n && this.vals.length < Limits.operandStack) this.growVals();
  }

  private growVals(): void {
    if (this.vals.length >= Limits.operandStack) {
      throw limitError('operand stack height', this.vals.length + 1, Limits.operandStack, this.at);
    }
    const bigger = new Uint8Array(Math.min(this.vals.length * 2, Limits.operandStack));
    bigger.set(this.vals);
    this.vals = bigger;
  }

  /** Validates one instruction at r.pos; returns true after the function's final `end`. */
  private instruction(): boolean {
    const r = this.r;
    const c = this.c;
    this.at = r.pos;
    const op = r.u8();
    switch (op) {
      case 0x00: // unreachable
        this.setUnreachable();
        break;
      case 0x02: { // block
        const bt = this.readBlockType();
        this.popParams(bt);
        this.pushCtrl(Kind.Block, bt);
        break;
      }
      case 0x03: { // loop
        const bt = this.readBlockType();
        this.popParams(bt);
        this.pushCtrl(Kind.Loop, bt);
        break;
      }
      case 0x04: { // if
        const bt = this.readBlockType();
        this.pop(Val.I32);
        this.popParams(bt);
        this.pushCtrl(Kind.If, bt);
        break;
      }
      case 0x05: { // else
        if (this.ctrlKind[this.csp - 1] !== Kind.If) this.fail('else without matching if');
        const f = this.popCtrl();
        this.pushCtrl(Kind.Else, this.ctrlType[f]!);
        break;
      }
      case 0x0b: { // end
        const f = this.popCtrl();
        const bt = this.ctrlType[f]!;
        if (this.ctrlKind[f] === Kind.If) this.checkImplicitElse(bt);
        if (this.csp === 0) return true;
        const n = this.resultCount(bt);
        for (let i = 0; i < n; i++) this.push(this.resultAt(bt, i));
        break;
      }
      case 0x0c: { // br
        const f = this.readLabel();
        this.popLabel(f);
        this.setUnreachable();
        break;
      }
      case 0x0d: { // br_if
        const f = this.readLabel();
        this.pop(Val.I32);
        this.popLabel(f);
        this.pushLabel(f);
        break;
      }
      case 0x0e:
        this.brTable();
        break;
      case 0x0f: // return
        this.popLabel(0);
        this.setUnreachable();
        break;
      case 0x10: // call
        this.applyFuncType(c.funcType[this.readFunc()]!);
        break;
      case 0x11: { // call_indirect
        const t = r.u32();
        const table = this.readTable();
        if (t >= c.numTypes) this.fail(`unknown type ${t}`);
        if (c.tableElem[table] !== Val.FuncRef) this.fail('type mismatch');
        this.pop(Val.I32);
        this.applyFuncType(t);
        break;
      }
      case 0x1a: // drop
        this.popAny();
        break;
      case 0x1b: { // select
        this.pop(Val.I32);
        const t1 = this.popAny();
        const t2 = this.popAny();
        if (isRef(t1) || isRef(t2)) this.fail('type mismatch');
        if (t1 !== t2 && t1 !== Val.Unknown && t2 !== Val.Unknown) this.fail('type mismatch');
        this.push(t1 === Val.Unknown ? t2 : t1);
        break;
      }
      case 0x1c: { // select t*
        const n = r.u32();
        if (n !== 1) this.fail('invalid result arity');
        const t = r.u8();
        if (!isValTypeByte(t)) this.fail('malformed value type', r.pos - 1);
        this.pop(Val.I32);
        this.pop(t);
        this.pop(t);
        this.push(t);
        break;
      }
      case 0x20: // local.get
        this.push(this.readLocal());
        break;
      case 0x21: // local.set
        this.pop(this.readLocal());
        break;
      case 0x22: { // local.tee
        const t = this.readLocal();
        this.pop(t);
        this.push(t);
        break;
      }
      case 0x23: // global.get
        this.push(c.globalType[this.readGlobal()]!);
        break;
      case 0x24: { // global.set
        const g = this.readGlobal();
        if (!c.globalMutable[g]) this.fail('global is immutable');
        this.pop(c.globalType[g]!);
        break;
      }
      case 0x25: { // table.get
        const t = this.readTable();
        this.pop(Val.I32);
        this.push(c.tableElem[t]!);
        break;
      }
      case 0x26: { // table.set
        const t = this.readTable();
        this.pop(c.tableElem[t]!);
        this.pop(Val.I32);
        break;
      }
      case 0x41: // i32.const
        r.s32();
        this.push(Val.I32);
        break;
      case 0xd0: { // ref.null
        const t = r.u8();
        if (!isRef(t)) this.fail('malformed reference type', r.pos - 1);
        this.push(t);
        break;
      }
      case 0xd1: { // ref.is_null
        const t = this.popAny();
        if (t !== Val.Unknown && !isRef(t)) this.fail('type mismatch');
        this.push(Val.I32);
        break;
      }
      case 0xd2: { // ref.func
        const x = this.readFunc();
        if (!c.declared[x]) this.fail(`undeclared function reference ${x}`);
        this.push(Val.FuncRef);
        break;
      }
      case 0xfc:
        this.prefixFC();
        break;
      case 0xfd: {
        const sub = r.u32();
        const row = sub < 256 ? PREFIX_FD[sub]! : -1;
        if (row < 0) this.fail('illegal opcode');
        this.simple(row);
        break;
      }
      default: {
        const row = PRIMARY[op]!;
        if (row < 0) this.fail('illegal opcode');
        this.simple(row);
      }
    }
    return false;
  }

  /** An `if` without `else` behaves as if its else branch were empty: params must equal results. */
  private checkImplicitElse(bt: number): void {
    if (bt === BlockType.Empty) return;
    const n = this.paramCount(bt);
    if (n !== this.resultCount(bt)) this.fail('type mismatch');
    for (let i = 0; i < n; i++) if (this.paramAt(bt, i) !== this.resultAt(bt, i)) this.fail('type mismatch');
  }

  private brTable(): void {
    const r = this.r;
    const countAt = r.pos;
    const n = r.u32();
    if (n > Limits.brTableEntries) this.fail(`br_table size exceeds implementation limit (${n} > ${Limits.brTableEntries})`, countAt);
    // Labels are read first (the default last), then typed as the 2.0 appendix does.
    const tableStart = r.pos;
    for (let i = 0; i < n; i++) r.u32();
    const dflt = this.readLabel();
    const tableEnd = r.pos;
    this.pop(Val.I32);
    const arity = this.labelCount(dflt);
    // push_vals(pop_vals(label types)) leaves the stack as it was (pop_val
    // returns the actual type, Val.Unknown included), so each target is a check
    // that does not change the stack, and each distinct label-type list needs
    // checking only once per br_table.
    const serial = ++this.brTableSerial;
    const sp = this.sp;
    r.pos = tableStart;
    for (let i = 0; i < n; i++) {
      const f = this.readLabel();
      if (this.labelCount(f) !== arity) this.fail('type mismatch');
      const id = this.labelListId(f);
      if (this.listChecked[id] === serial) continue;
      this.listChecked[id] = serial;
      this.popLabel(f);
      this.sp = sp;
    }
    r.pos = tableEnd;
    this.popLabel(dflt);
    this.setUnreachable();
  }

  private prefixFC(): void {
    const r = this.r;
    const c = this.c;
    const sub = r.u32();
    const row = sub < PREFIX_FC.length ? PREFIX_FC[sub]! : -1;
    if (row < 0) this.fail('illegal opcode');
    switch (sub) {
      case 12: { // table.init elem table
        const e = r.u32();
        const t = this.readTable();
        if (e >= c.numElems) this.fail(`unknown elem segment ${e}`);
        if (c.elemType[e] !== c.tableElem[t]) this.fail('type mismatch');
        break;
      }
      case 14: { // table.copy dst src
        const dst = this.readTable();
        const src = this.readTable();
        if (c.tableElem[dst] !== c.tableElem[src]) this.fail('type mismatch');
        break;
      }
      case 15: { // table.grow
        const t = this.readTable();
        this.pop(Val.I32);
        this.pop(c.tableElem[t]!);
        this.push(Val.I32);
        return;
      }
      case 17: { // table.fill
        const t = this.readTable();
        this.pop(Val.I32);
        this.pop(c.tableElem[t]!);
        this.pop(Val.I32);
        return;
      }
      default:
        this.simple(row);
        return;
    }
    this.popSignature(row);
  }

  /** Reads the immediates of a fixed-signature row, then pops its params and pushes its result. */
  private simple(row: number): void {
    const r = this.r;
    switch (IMM[row]) {
      case Imm.none: break;
      case Imm.memarg: this.readMemarg(row); break;
      case Imm.i64: r.skipS64(); break;
      case Imm.f32: r.skip(4); break;
      case Imm.f64: r.skip(8); break;
      case Imm.i32: r.s32(); break;
      case Imm.memory: this.zeroByte(); this.needMemory(); break;
      case Imm.memoryCopy: this.zeroByte(); this.zeroByte(); this.needMemory(); break;
      case Imm.memoryInit: {
        const x = r.u32();
        this.zeroByte();
        this.needMemory();
        this.checkData(x);
        break;
      }
      case Imm.data: this.checkData(r.u32()); break;
      case Imm.elem: this.readElem(); break;
      case Imm.table: this.readTable(); break;
      case Imm.v128: r.skip(16); break;
      case Imm.lane: this.readLane(row); break;
      case Imm.memargLane: this.readMemarg(row); this.readLane(row); break;
      case Imm.shuffle:
        for (let i = 0; i < 16; i++) {
          const at = r.pos;
          if (r.u8() >= 32) this.fail('invalid lane index', at);
        }
        break;
      default: this.fail('illegal opcode'); // a 'special' row reached here: a table/validator mismatch
    }
    this.popSignature(row);
  }

  private popSignature(row: number): void {
    const n = SIG_PARAM_COUNT[row]!;
    const base = row * MAX_SIG_PARAMS;
    for (let i = n - 1; i >= 0; i--) this.pop(SIG_PARAMS[base + i]!);
    const result = SIG_RESULT[row]!;
    if (result !== 0) this.push(result);
  }
}
