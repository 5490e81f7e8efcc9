// The Module description: what the decoder produces and the validator, the
// compilers and the runtime consume. Plain data, no behaviour.
//
// Invariants: value types are their binary codes (numbers, so stacks can be
// typed arrays); function bodies stay byte ranges into the module's bytes until
// a compiler asks for them; index spaces list imports first, then definitions,
// exactly as the spec's index spaces do.

/** Value types, as their binary encodings. */
export const ValType = {
  i32: 0x7f,
  i64: 0x7e,
  f32: 0x7d,
  f64: 0x7c,
  v128: 0x7b,
  funcref: 0x70,
  externref: 0x6f,
} as const;
export type ValType = (typeof ValType)[keyof typeof ValType];
export type RefType = typeof ValType.funcref | typeof ValType.externref;

export function isValType(code: number): code is ValType {
  return code === 0x7f || code === 0x7e || code === 0x7d || code === 0x7c || code === 0x7b || code === 0x70 || code === 0x6f;
}
export function isRefType(code: number): code is RefType {
  return code === 0x70 || code === 0x6f;
}
export function valTypeName(t: number): string {
  switch (t) {
    case 0x7f: return 'i32';
    case 0x7e: return 'i64';
    case 0x7d: return 'f32';
    case 0x7c: return 'f64';
    case 0x7b: return 'v128';
    case 0x70: return 'funcref';
    case 0x6f: return 'externref';
    default: return `<0x${t.toString(16)}>`;
  }
}

export interface FuncType {
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
}

export interface Limits {
  readonly min: number;
  /** Absent when the limits have no maximum. */
  readonly max?: number;
}

export interface TableType {
  readonly elemType: RefType;
  readonly limits: Limits;
}

export interface MemoryType {
  /** In 64 KiB pages. */
  readonly limits: Limits;
  /** Threads proposal; always false in WebAssembly 2.0 (a shared flag is malformed). */
  readonly shared: boolean;
}

export interface GlobalType {
  readonly type: ValType;
  readonly mutable: boolean;
}

export const ExternKind = { func: 0, table: 1, memory: 2, global: 3 } as const;
export type ExternKind = (typeof ExternKind)[keyof typeof ExternKind];

export type ImportDesc =
  | { readonly kind: typeof ExternKind.func; readonly typeIndex: number }
  | { readonly kind: typeof ExternKind.table; readonly type: TableType }
  | { readonly kind: typeof ExternKind.memory; readonly type: MemoryType }
  | { readonly kind: typeof ExternKind.global; readonly type: GlobalType };

export interface Import {
  readonly module: string;
  readonly name: string;
  readonly desc: ImportDesc;
  /** Byte offset of the import entry, for error messages. */
  readonly offset: number;
}

export interface Export {
  readonly name: string;
  readonly kind: ExternKind;
  readonly index: number;
  readonly offset: number;
}

/**
 * One instruction of a constant expression. Only the instructions the 2.0 spec
 * allows in constant expressions are representable; the decoder rejects any
 * other opcode there with "constant expression required".
 */
export type ConstInstr =
  | { readonly op: 'i32.const'; readonly value: number }
  | { readonly op: 'i64.const'; readonly value: bigint }
  | { readonly op: 'f32.const'; readonly bits: number }
  | { readonly op: 'f64.const'; readonly bits: bigint }
  | { readonly op: 'v128.const'; readonly bytes: Uint8Array }
  | { readonly op: 'ref.null'; readonly type: RefType }
  | { readonly op: 'ref.func'; readonly funcIndex: number }
  | { readonly op: 'global.get'; readonly globalIndex: number };

export interface ConstExpr {
  /** The instructions before the final `end`. A valid expression has exactly one. */
  readonly instrs: readonly ConstInstr[];
  /** Byte offset of the expression's first byte. */
  readonly offset: number;
}

export interface Global {
  readonly type: GlobalType;
  readonly init: ConstExpr;
}

export const SegmentMode = { active: 0, passive: 1, declarative: 2 } as const;
export type SegmentMode = (typeof SegmentMode)[keyof typeof SegmentMode];

export interface ElementSegment {
  readonly mode: SegmentMode;
  readonly elemType: RefType;
  /** Active segments only. */
  readonly tableIndex: number;
  readonly offsetExpr?: ConstExpr;
  /** One constant expression per element (function-index encodings become ref.func). */
  readonly items: readonly ConstExpr[];
  readonly offset: number;
}

export interface DataSegment {
  readonly mode: typeof SegmentMode.active | typeof SegmentMode.passive;
  readonly memoryIndex: number;
  readonly offsetExpr?: ConstExpr;
  /** A view into the module's bytes (no copy). */
  readonly data: Uint8Array;
  readonly offset: number;
}

/** A defined function's body, still undecoded. */
export interface FunctionBody {
  /** Offset of the first byte after the body's size: the local declarations. */
  readonly start: number;
  /** Offset one past the body's last byte (which must be `end`, 0x0b). */
  readonly end: number;
}

export interface NameMap {
  readonly module?: string;
  readonly functions: ReadonlyMap<number, string>;
  readonly locals: ReadonlyMap<number, ReadonlyMap<number, string>>;
}

export interface CustomSection {
  readonly name: string;
  readonly data: Uint8Array;
  readonly offset: number;
}

export interface Module {
  /** The module binary the byte ranges below point into. */
  readonly bytes: Uint8Array;
  readonly types: readonly FuncType[];
  readonly imports: readonly Import[];
  /** Function index space: the type index of every function, imports first. */
  readonly funcTypes: readonly number[];
  readonly numImportedFuncs: number;
  /** Table index space, imports first. */
  readonly tables: readonly TableType[];
  readonly numImportedTables: number;
  /** Memory index space, imports first. */
  readonly memories: readonly MemoryType[];
  readonly numImportedMemories: number;
  /** Global index space: types, imports first. */
  readonly globalTypes: readonly GlobalType[];
  readonly numImportedGlobals: number;
  /** Defined globals only (index = numImportedGlobals + i). */
  readonly globals: readonly Global[];
  readonly exports: readonly Export[];
  readonly start?: number;
  readonly elements: readonly ElementSegment[];
  /** From the data count section, when present. */
  readonly dataCount?: number;
  /** Defined functions only (function index = numImportedFuncs + i). */
  readonly bodies: readonly FunctionBody[];
  readonly datas: readonly DataSegment[];
  readonly names: NameMap;
  readonly customSections: readonly CustomSection[];
}
