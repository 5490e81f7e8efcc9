// Node's own WebAssembly (V8), typed just enough to serve as a test oracle.
// The project's tsconfig has no DOM/WebAssembly typings, and src/ must never
// touch V8's WebAssembly, so the typed handle lives here, in test code only.
// Invariant: only tests import this.

export interface V8WebAssembly {
  validate(bytes: Uint8Array): boolean;
  Module: {
    new (bytes: Uint8Array): object;
    exports(module: object): { name: string; kind: string }[];
    imports(module: object): { module: string; name: string; kind: string }[];
  };
}

export const v8: V8WebAssembly = (globalThis as unknown as { WebAssembly: V8WebAssembly }).WebAssembly;
