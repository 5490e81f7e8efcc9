// The runtime data that compiled code reads besides the vmctx: globals, tables,
// function references, and the runtime calls compiled code makes through the
// hostcall helper. Defined once; the compiler emits code against these numbers
// and src/runtime/ lays the data out with them. Imports nothing;
// must stay free of Node and of compiler internals.
//
// All of this lives in native memory the runtime allocates (read-write,
// never executable) and points the vmctx fields at.
//
// GLOBALS (vmctx.globals → GLOBAL_SLOT bytes per global index)
//   defined global:  the value itself, little endian, in the slot's low bytes
//                    (i32/f32: 4, i64/f64/ref: 8; v128 later: 16).
//   imported global: the slot's first 8 bytes hold the ADDRESS of the cell that
//                    owns the value (the exporter's slot, or a host Global's
//                    cell). Compiled code knows statically which globals are
//                    imported, so it loads through the pointer only for those.
//
// REFERENCES (in table elements, globals, area slots and compiled code)
//   funcref:   address of a FuncRecord, 0 = null.
//   externref: a runtime handle (a positive integer naming a JS value), 0 = null.
//
// FUNC RECORD (FUNC_RECORD_SIZE bytes; one per function of each instance,
// imported functions share their exporter's record so identity is kept):
//   +0  code     address of the function's machine code (for host functions:
//                the owning instance's host-call trampoline for that import)
//   +8  vmctx    address of the instance context the code must run with
//   +16 sig_id   u32 canonical signature id (engine-wide: equal ids ⇔ equal types)
//   +20 pad, +24 reserved
//
// FUNCREFS (vmctx.funcrefs → 8 bytes per function index): FuncRecord addresses,
// imported functions first; ref.func f loads entry f.
//
// TABLE RECORD (vmctx.tables → 8 bytes per table index, each the address of a
// TableRecord shared by every instance that imports the table):
//   +0  elements  address of the element array (8 bytes per element, as above)
//   +8  size      current length in elements (u32 value in a u64)
//   +16 max       maximum length (u32 value in a u64; 0xffffffff when unbounded)
// table.grow may move `elements`; compiled code reloads it after any call.
//
// IMPORTS (vmctx.imports → 16 bytes per imported function): { code, vmctx } —
// copied from the callee's FuncRecord at instantiation.
//
// RUNTIME CALLS: operations too rare or too involved for inline code (table.grow,
// table.fill/copy/init, elem.drop, memory.init, data.drop) are host calls with
// index RUNTIME_CALL_BASE + id. Compiled code stores the operands in r15's
// area[0..] (i32 as u32 in the slot's low half, references as above), calls the
// hostcall helper with edi = that index, and on return reads area[0]: 0 means
// success, any other value is the trap code to raise. A result (table.grow's
// old size or -1) comes back in area[1].

export const GLOBAL_SLOT = 16;

export const FUNC_RECORD = { code: 0, vmctx: 8, sigId: 16 } as const;
export const FUNC_RECORD_SIZE = 32;

export const TABLE_RECORD = { elements: 0, size: 8, max: 16 } as const;
export const TABLE_RECORD_SIZE = 32;
export const TABLE_ELEMENT_SIZE = 8;

export const IMPORT_ENTRY = { code: 0, vmctx: 8 } as const;
export const IMPORT_ENTRY_SIZE = 16;

/** Host-call indices at or above this are runtime calls, not imports. */
export const RUNTIME_CALL_BASE = 0x40000000;

/**
 * The runtime calls, with their operands in area order: the instruction's
 * immediates (`table`, `elem`, `data`: indices in the calling module), then
 * its stack operands in stack order (i32 values as u32, refs as described above).
 */
export const RUNTIME_CALLS = {
  /** area: table, init ref, delta → area[1] = old size or -1 (0xffffffff). */
  table_grow: 0,
  /** area: table, dst, value ref, len. Traps table_out_of_bounds. */
  table_fill: 1,
  /** area: dstTable, srcTable, dst, src, len. Traps table_out_of_bounds. */
  table_copy: 2,
  /** area: table, elem, dst, src, len. Traps table_out_of_bounds. */
  table_init: 3,
  /** area: elem. */
  elem_drop: 4,
  /** area: data, dst, src, len. Traps memory_out_of_bounds. */
  memory_init: 5,
  /** area: data. */
  data_drop: 6,
} as const;
export type RuntimeCall = keyof typeof RUNTIME_CALLS;

