// Node's own WebAssembly (V8), typed just enough for the comparisons: the
// project has no WebAssembly typings, and V8 is the rival in bench/, never the
// engine. Nothing in src/ imports bench/.

export interface V8Instance {
  readonly exports: Record<string, unknown>;
}

export const V8 = (globalThis as unknown as {
  WebAssembly: {
    validate(bytes: Uint8Array): boolean;
    Module: new (bytes: Uint8Array) => object;
    Instance: new (module: object, imports?: object) => V8Instance;
    Memory: new (d: { initial: number }) => { buffer: ArrayBuffer };
  };
}).WebAssembly;
