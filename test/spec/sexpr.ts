// Reads the s-expression layer of a .wast script: parentheses, atoms, strings,
// comments. It knows nothing of commands or values (see wast.ts, values.ts).
//
// Invariants: works on the script's bytes, never on a decoded JS string, so
// every node's [start, end) is a byte range into the source (text modules are
// cut out by these ranges and handed to the text parser unchanged), and string
// literals keep arbitrary bytes (`(module binary "\00asm")`). Comments vanish;
// annotations `(@name ...)` are dropped from their parent list (WebAssembly 2.0
// scripts carry none, later ones may). Only the conformance runner imports this.

export interface SourceSpan {
  /** Byte offset of the first byte of the node. */
  readonly start: number;
  /** Byte offset just past the node. */
  readonly end: number;
  /** 1-based line of `start`. */
  readonly line: number;
}

export interface SList extends SourceSpan {
  readonly kind: 'list';
  readonly items: readonly SExpr[];
}
/** A keyword, number, `$id` or any other run of idchars, as ASCII text. */
export interface SAtom extends SourceSpan {
  readonly kind: 'atom';
  readonly text: string;
}
/** A string literal with its escapes resolved to bytes. */
export interface SString extends SourceSpan {
  readonly kind: 'string';
  readonly bytes: Uint8Array;
}
export type SExpr = SList | SAtom | SString;

export class WastSyntaxError extends Error {
  override name = 'WastSyntaxError';
  constructor(message: string, readonly line: number) {
    super(`line ${line}: ${message}`);
  }
}

const OPEN = 0x28, CLOSE = 0x29, SEMI = 0x3b, QUOTE = 0x22, BACKSLASH = 0x5c, NEWLINE = 0x0a;

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;
}

function hexValue(b: number): number {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  if (b >= 0x61 && b <= 0x66) return b - 0x61 + 10;
  if (b >= 0x41 && b <= 0x46) return b - 0x41 + 10;
  return -1;
}

/** Parses a whole script into its top-level expressions. */
export function readSExprs(source: Uint8Array): SList[] {
  return new Reader(source).readTop();
}

class Reader {
  private pos = 0;
  private line = 1;

  constructor(private readonly src: Uint8Array) {}

  readTop(): SList[] {
    const top: SList[] = [];
    for (;;) {
      this.skipTrivia();
      if (this.pos >= this.src.length) return top;
      const node = this.readNode();
      if (node === null) continue;
      if (node.kind !== 'list') throw new WastSyntaxError('top-level atom', node.line);
      top.push(node);
    }
  }

  private fail(message: string): never {
    throw new WastSyntaxError(message, this.line);
  }

  private advance(): number {
    const b = this.src[this.pos++]!;
    if (b === NEWLINE) this.line++;
    return b;
  }

  /** Skips whitespace, `;;` line comments and nested `(; ... ;)` block comments. */
  private skipTrivia(): void {
    const src = this.src;
    while (this.pos < src.length) {
      const b = src[this.pos]!;
      if (isSpace(b)) {
        this.advance();
      } else if (b === SEMI && src[this.pos + 1] === SEMI) {
        while (this.pos < src.length && src[this.pos] !== NEWLINE) this.pos++;
      } else if (b === OPEN && src[this.pos + 1] === SEMI) {
        this.skipBlockComment();
      } else {
        return;
      }
    }
  }

  private skipBlockComment(): void {
    const src = this.src;
    const startLine = this.line;
    let depth = 0;
    while (this.pos < src.length) {
      if (src[this.pos] === OPEN && src[this.pos + 1] === SEMI) {
        this.pos += 2;
        depth++;
      } else if (src[this.pos] === SEMI && src[this.pos + 1] === CLOSE) {
        this.pos += 2;
        if (--depth === 0) return;
      } else {
        this.advance();
      }
    }
    throw new WastSyntaxError('unterminated block comment', startLine);
  }

  /** Reads one node; null for an annotation, which is dropped. */
  private readNode(): SExpr | null {
    const b = this.src[this.pos]!;
    if (b === OPEN) return this.readList();
    if (b === CLOSE) this.fail('unexpected )');
    if (b === QUOTE) return this.readString();
    return this.readAtom();
  }

  private readList(): SList | null {
    const start = this.pos;
    const line = this.line;
    this.advance();
    const items: SExpr[] = [];
    const annotation = this.src[this.pos] === 0x40; // '@'
    for (;;) {
      this.skipTrivia();
      if (this.pos >= this.src.length) throw new WastSyntaxError('unclosed (', line);
      if (this.src[this.pos] === CLOSE) {
        this.advance();
        break;
      }
      const node = this.readNode();
      if (node !== null) items.push(node);
    }
    if (annotation) return null;
    return { kind: 'list', items, start, end: this.pos, line };
  }

  private readAtom(): SAtom {
    const start = this.pos;
    const line = this.line;
    const src = this.src;
    while (this.pos < src.length) {
      const b = src[this.pos]!;
      if (isSpace(b) || b === OPEN || b === CLOSE || b === QUOTE || b === SEMI) break;
      this.pos++;
    }
    let text = '';
    for (let i = start; i < this.pos; i++) text += String.fromCharCode(src[i]!);
    return { kind: 'atom', text, start, end: this.pos, line };
  }

  private readString(): SString {
    const start = this.pos;
    const line = this.line;
    const src = this.src;
    this.pos++;
    const out: number[] = [];
    for (;;) {
      if (this.pos >= src.length) throw new WastSyntaxError('unterminated string', line);
      const b = src[this.pos++]!;
      if (b === QUOTE) break;
      if (b === NEWLINE) throw new WastSyntaxError('newline in string', line);
      if (b !== BACKSLASH) {
        out.push(b);
        continue;
      }
      const e = src[this.pos++];
      switch (e) {
        case 0x6e: out.push(0x0a); break; // \n
        case 0x74: out.push(0x09); break; // \t
        case 0x72: out.push(0x0d); break; // \r
        case 0x22: out.push(0x22); break; // \"
        case 0x27: out.push(0x27); break; // \'
        case 0x5c: out.push(0x5c); break; // \\
        case 0x75: this.readUnicodeEscape(out); break; // \u{...}
        default: {
          const hi = e === undefined ? -1 : hexValue(e);
          const lo = hexValue(src[this.pos] ?? 0);
          if (hi < 0 || lo < 0) this.fail('bad escape in string');
          this.pos++;
          out.push(hi * 16 + lo);
        }
      }
    }
    return { kind: 'string', bytes: Uint8Array.from(out), start, end: this.pos, line };
  }

  /** `\u{hex}`: appends the code point's UTF-8 encoding. */
  private readUnicodeEscape(out: number[]): void {
    const src = this.src;
    if (src[this.pos] !== 0x7b) this.fail('bad \\u escape');
    this.pos++;
    let cp = 0;
    let digits = 0;
    while (src[this.pos] !== 0x7d) {
      const b = src[this.pos++];
      if (b === 0x5f) continue; // '_' between hex digits
      const v = b === undefined ? -1 : hexValue(b);
      if (v < 0) this.fail('bad \\u escape');
      cp = cp * 16 + v;
      digits++;
      if (cp > 0x10ffff) this.fail('\\u escape out of range');
    }
    this.pos++;
    if (digits === 0 || (cp >= 0xd800 && cp < 0xe000)) this.fail('bad \\u escape');
    for (const byte of new TextEncoder().encode(String.fromCodePoint(cp))) out.push(byte);
  }
}

/** The text of an atom, or undefined for lists and strings. */
export function atomText(e: SExpr | undefined): string | undefined {
  return e !== undefined && e.kind === 'atom' ? e.text : undefined;
}

/** The head keyword of a list, e.g. "module" for `(module ...)`. */
export function headOf(e: SExpr | undefined): string | undefined {
  return e !== undefined && e.kind === 'list' ? atomText(e.items[0]) : undefined;
}
