// Every implementation limit of Corral's front end, in one place.
//
// Values follow the limits that the WebAssembly JavaScript API specification
// requires of every web embedding ("Implementation-defined Limits",
// https://webassembly.github.io/spec/js-api/#limits), which V8 enforces too, so
// a module that V8 accepts Corral accepts and vice versa. Where the JS API is
// silent the source is named beside the value.

export const Limits = {
  /** JS API: maximum size of a module, in bytes. */
  moduleBytes: 1_073_741_824,
  /** JS API: number of types in the type section. */
  types: 1_000_000,
  /** JS API: number of functions, imported and defined. */
  functions: 1_000_000,
  /** JS API: number of imports. */
  imports: 100_000,
  /** JS API: number of exports. */
  exports: 100_000,
  /** JS API: number of globals, imported and defined. */
  globals: 1_000_000,
  /** JS API: number of data segments. */
  dataSegments: 100_000,
  /** JS API: number of element segments (and of elements in one segment: tableSize). */
  elementSegments: 10_000_000,
  /** JS API: number of tables, imported and defined (100,000 since reference types). */
  tables: 100_000,
  /** JS API: number of memories (1 in WebAssembly 2.0; the 2.0 validator enforces it). */
  memories: 1,
  /** JS API: initial and maximum size of a table, in elements. */
  tableSize: 10_000_000,
  /** JS API: size of a function body, in bytes. */
  functionBodyBytes: 7_654_321,
  /** JS API: number of locals in a function, including parameters. */
  locals: 50_000,
  /** JS API: number of parameters of a function type. */
  params: 1_000,
  /** JS API: number of results of a function type. */
  results: 1_000,
  /** JS API: number of pages of a 32-bit memory (64 KiB each: 4 GiB). */
  memoryPages: 65_536,
  /** JS API: number of entries in one br_table. */
  brTableEntries: 65_520,
  /** Core spec: a memory's page count must be at most 2^16 (validation, not a limit). */
  specMemoryPages: 65_536,
  /** Corral: nesting depth of blocks in one function, to bound the control stack. */
  controlDepth: 100_000,
  /**
   * Corral: operand stack height in one function. Calls and blocks with many
   * results can push a thousand values per two bytes of body, so without a
   * bound a 7 MB body could demand gigabytes; real code stays far below this.
   */
  operandStack: 10_000_000,
} as const;
