// The seam through which an engine runs script actions for the conformance
// runner. Corral has no engine yet, so the runner is used without one and
// counts every execution assertion as `unsupported:execution`; when the
// compiler and runtime land, an adapter implementing Executor plugs in here
// and nothing else in the runner changes.
//
// Invariants: values cross this interface as raw bit patterns (values.ts), so
// NaN payloads and -0 are compared exactly. Outcomes are data, not exceptions:
// a trap or link error is an answer the runner checks against the script.
// Only the conformance runner and executor adapters import this.

import type { Value } from './values.js';

/** An instantiated module, opaque to the runner. */
export type InstanceHandle = { readonly __instance: unique symbol };

export type InstantiateOutcome =
  | { readonly kind: 'ok'; readonly instance: InstanceHandle }
  /** Imports did not match (assert_unlinkable). */
  | { readonly kind: 'link-error'; readonly message: string }
  /** Instantiation ran the start function or segment initialisation and trapped (assert_uninstantiable). */
  | { readonly kind: 'trap'; readonly message: string }
  | Unsupported;

export type ActionOutcome =
  | { readonly kind: 'values'; readonly values: readonly Value[] }
  | { readonly kind: 'trap'; readonly message: string }
  /** Call stack exhausted (assert_exhaustion). */
  | { readonly kind: 'exhaustion'; readonly message: string }
  | Unsupported;

/** The engine cannot do this yet (e.g. `unsupported:simd`): counted, not failed silently. */
export interface Unsupported {
  readonly kind: 'unsupported';
  /** An expectations category, `unsupported:<what>`. */
  readonly category: string;
  readonly message: string;
}

export interface Executor {
  /** Instantiates a module binary that has already passed validation, linking against registered instances. */
  instantiate(bytes: Uint8Array): Promise<InstantiateOutcome>;
  /** Makes an instance's exports importable under module name `as`. */
  register(as: string, instance: InstanceHandle): void;
  invoke(instance: InstanceHandle, field: string, args: readonly Value[]): Promise<ActionOutcome>;
  get(instance: InstanceHandle, field: string): Promise<ActionOutcome>;
}
