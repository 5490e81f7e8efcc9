// The code buffer: growable machine-code bytes, labels, fixups and relocations.
//
// Labels are small integers. A fixup is a PC-relative field that must reach a
// label: value = labelOffset - anchor, written as rel8 or rel32 at `at`, where
// the anchor is the end of the instruction for branches and RIP-relative
// operands (the CPU counts from the next instruction) or any chosen offset for
// data such as jump-table entries. Fixups are resolved in finish(), after every
// label is bound, so forward and backward references work the same way.
//
// A relocation is a rel32 field that must reach another function (or any
// symbol the caller numbers): the buffer never knows where functions will be
// laid out, so it records {at, symbol} and patchRelocations() fills the field
// once the layout is known. No absolute address is ever embedded: the output
// is position independent.
//
// Invariants: `pos` <= bytes.length; bytes beyond `pos` are garbage; fixup
// columns hold `fixupCount` entries; an unbound label at finish() or a rel8
// that does not fit is an InternalError (a compiler bug, never a user error).
// Must not import: anything outside src/compiler/x64.

import { InternalError, invariant } from '../errors.js';
import type { Label } from './operands.js';

/**
 * Recommended multi-byte NOPs (Intel SDM, "NOP—No Operation"), lengths 1..9.
 * Each is one instruction, so padding never splits into many decodes.
 */
export const NOPS: readonly (readonly number[])[] = [
  [],
  [0x90],
  [0x66, 0x90],
  [0x0f, 0x1f, 0x00],
  [0x0f, 0x1f, 0x40, 0x00],
  [0x0f, 0x1f, 0x44, 0x00, 0x00],
  [0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00],
  [0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00],
  [0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00],
  [0x66, 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00],
];

/** What finish() hands to the module layout: code plus the symbolic calls inside it. */
export interface FinishedCode {
  readonly code: Uint8Array;
  /** Offsets (into code) of rel32 fields that must reach `relocSymbols[i]`. */
  readonly relocOffsets: Int32Array;
  readonly relocSymbols: Int32Array;
}

/** Initial values of CodeBuffer's fields (see there). */
const NO_BYTES = new Uint8Array(0);
const NO_VIEW = new DataView(NO_BYTES.buffer);

export class CodeBuffer {
  // Fields start with a value of their type, not undefined (a field only
  // declared starts as undefined, and V8 then checks its map at every use).
  bytes: Uint8Array = NO_BYTES;
  /** The same memory as `bytes`, for 32-bit little-endian fields in one store. */
  view: DataView = NO_VIEW;
  pos = 0;

  /** Label offsets; -1 while unbound. */
  private labelOffsets: Int32Array = new Int32Array(64);
  private labelCount = 0;

  // Fixup columns: field offset, anchor offset, label, width (1 or 4).
  private fixAt: Int32Array = new Int32Array(64);
  private fixAnchor: Int32Array = new Int32Array(64);
  private fixLabel: Int32Array = new Int32Array(64);
  private fixWidth: Uint8Array = new Uint8Array(64);
  private fixupCount = 0;

  private relocAt: Int32Array = new Int32Array(16);
  private relocSym: Int32Array = new Int32Array(16);
  private relocCount = 0;

  constructor(initialCapacity = 4096) {
    this.bytes = new Uint8Array(Math.max(16, initialCapacity));
    this.view = new DataView(this.bytes.buffer);
  }

  /** Makes room for n more bytes; callers write at most n bytes after calling. */
  ensure(n: number): void {
    if (this.pos + n > this.bytes.length) this.grow(this.pos + n);
  }

  private grow(min: number): void {
    let cap = this.bytes.length * 2;
    while (cap < min) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.bytes.subarray(0, this.pos));
    this.bytes = next;
    this.view = new DataView(next.buffer);
  }

  /** Forgets code, labels, fixups and relocations; keeps the capacity. */
  reset(): void {
    this.pos = 0;
    this.labelCount = 0;
    this.fixupCount = 0;
    this.relocCount = 0;
  }

  u8(v: number): void {
    this.ensure(1);
    this.bytes[this.pos++] = v;
  }
  u32(v: number): void {
    this.ensure(4);
    this.view.setInt32(this.pos, v, true);
    this.pos += 4;
  }
  u64(v: bigint): void {
    this.u32(Number(BigInt.asUintN(32, v)));
    this.u32(Number(BigInt.asUintN(32, v >> 32n)));
  }

  // ---- labels and fixups ----

  newLabel(): Label {
    if (this.labelCount === this.labelOffsets.length) this.labelOffsets = growI32(this.labelOffsets);
    this.labelOffsets[this.labelCount] = -1;
    return this.labelCount++;
  }

  /** Binds a label to the current position. */
  bind(label: Label): void {
    if (!(label >= 0 && label < this.labelCount)) throw new InternalError(`unknown label ${label}`);
    if (!(this.labelOffsets[label] === -1)) throw new InternalError(`label ${label} bound twice`);
    this.labelOffsets[label] = this.pos;
  }

  /** The label's offset, or -1 while unbound. */
  labelOffset(label: Label): number {
    if (!(label >= 0 && label < this.labelCount)) throw new InternalError(`unknown label ${label}`);
    return this.labelOffsets[label]!;
  }

  /** Records that the `width`-byte field at `at` must hold labelOffset - anchor. */
  addFixup(label: Label, at: number, anchor: number, width: 1 | 4): void {
    if (!(label >= 0 && label < this.labelCount)) throw new InternalError(`unknown label ${label}`);
    if (this.fixupCount === this.fixAt.length) {
      this.fixAt = growI32(this.fixAt);
      this.fixAnchor = growI32(this.fixAnchor);
      this.fixLabel = growI32(this.fixLabel);
      const w = new Uint8Array(this.fixWidth.length * 2);
      w.set(this.fixWidth);
      this.fixWidth = w;
    }
    const i = this.fixupCount++;
    this.fixAt[i] = at;
    this.fixAnchor[i] = anchor;
    this.fixLabel[i] = label;
    this.fixWidth[i] = width;
  }

  /** A 32-bit data word holding label - anchor (e.g. a jump-table entry relative to the table). */
  labelDelta32(label: Label, anchor: number): void {
    this.addFixup(label, this.pos, anchor, 4);
    this.u32(0);
  }

  /** Records that the rel32 field at `at` must reach `symbol` (e.g. a function index). */
  addRelocation(at: number, symbol: number): void {
    if (this.relocCount === this.relocAt.length) {
      this.relocAt = growI32(this.relocAt);
      this.relocSym = growI32(this.relocSym);
    }
    this.relocAt[this.relocCount] = at;
    this.relocSym[this.relocCount] = symbol;
    this.relocCount++;
  }

  // ---- alignment ----

  /** Pads with the fewest multi-byte NOPs until pos is a multiple of `alignment` (a power of two). */
  align(alignment: number): void {
    if (!(alignment > 0 && (alignment & (alignment - 1)) === 0)) throw new InternalError(`alignment ${alignment} is not a power of two`);
    let pad = (alignment - (this.pos & (alignment - 1))) & (alignment - 1);
    this.ensure(pad);
    while (pad > 0) {
      const n = Math.min(pad, NOPS.length - 1);
      const nop = NOPS[n]!;
      for (let i = 0; i < n; i++) this.bytes[this.pos++] = nop[i]!;
      pad -= n;
    }
  }

  // ---- finishing ----

  /**
   * Resolves every pending fixup in place and forgets all labels, so label
   * numbers start again at 0 (a compiler calls this after each function: its
   * labels are all bound by then, and the label and fixup tables stay small).
   * Relocations are kept for finish().
   */
  resolveLabels(): void {
    this.applyFixups();
    this.labelCount = 0;
    this.fixupCount = 0;
  }

  private applyFixups(): void {
    const b = this.bytes;
    for (let i = 0; i < this.fixupCount; i++) {
      const label = this.fixLabel[i]!;
      const target = this.labelOffsets[label]!;
      if (target < 0) throw new InternalError(`label ${label} used but never bound`);
      const at = this.fixAt[i]!;
      const value = target - this.fixAnchor[i]!;
      if (this.fixWidth[i] === 1) {
        if (value < -128 || value > 127) throw new InternalError(`rel8 to label ${label} out of range (${value})`);
        b[at] = value;
      } else {
        this.view.setInt32(at, value, true);
      }
    }
  }

  /** Resolves every fixup and returns a copy of the code with its relocations. */
  finish(): FinishedCode {
    this.applyFixups();
    const b = this.bytes;
    return {
      code: b.slice(0, this.pos),
      relocOffsets: this.relocAt.slice(0, this.relocCount),
      relocSymbols: this.relocSym.slice(0, this.relocCount),
    };
  }

  /**
   * finish() for a buffer that is done: the code is a view of the buffer's own
   * storage when at least half of it is used (else a copy, so a mostly empty
   * reservation is not kept alive), and the buffer lets go of that storage —
   * later writes start a fresh one and never show through the view. A module's
   * code is tens of MB: a copy is a memcpy plus a page fault per 4 KiB of
   * fresh memory (yosys: ~60 ms of system time), while the view's unused tail
   * was never touched, so it is address space rather than memory.
   */
  finishDetached(): FinishedCode {
    this.applyFixups();
    const b = this.bytes;
    const code = 2 * this.pos >= b.length ? b.subarray(0, this.pos) : b.slice(0, this.pos);
    this.bytes = new Uint8Array(16);
    this.view = new DataView(this.bytes.buffer);
    this.pos = 0;
    this.labelCount = 0;
    this.fixupCount = 0;
    const relocOffsets = this.relocAt.slice(0, this.relocCount);
    const relocSymbols = this.relocSym.slice(0, this.relocCount);
    this.relocCount = 0;
    return { code, relocOffsets, relocSymbols };
  }
}

/**
 * Fills relocated rel32 fields once functions are laid out in one image.
 * `codeStart` is where `code` sits in the image; `symbolOffset(s)` where symbol s
 * starts. rel32 counts from the end of the field, which ends every call/jmp.
 */
export function patchRelocations(
  image: Uint8Array, codeStart: number, finished: FinishedCode, symbolOffset: (symbol: number) => number,
): void {
  for (let i = 0; i < finished.relocOffsets.length; i++) {
    const at = codeStart + finished.relocOffsets[i]!;
    const value = symbolOffset(finished.relocSymbols[i]!) - (at + 4);
    invariant(value >= -0x80000000 && value <= 0x7fffffff, 'relocation out of rel32 range');
    image[at] = value; image[at + 1] = value >> 8; image[at + 2] = value >> 16; image[at + 3] = value >> 24;
  }
}

function growI32(a: Int32Array): Int32Array {
  const next = new Int32Array(a.length * 2);
  next.set(a);
  return next;
}
