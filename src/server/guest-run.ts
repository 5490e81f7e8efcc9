// What the handler needs of a guest interface for one request: the imports
// to instantiate with, and how to run the instance to the end of its
// response. run-cgi.ts and run-http.ts are the two implementations.
//
// Invariants: run() returns (or its Promise resolves) only when the guest
// will never run again and the response has been finished (or the request
// is over); it throws (or rejects) with the guest's Trap or the error that
// abandoned it. A run that never had to wait may finish synchronously, with
// no Promise (the common hello-world request). Imports types only.

import type { ImportObject, Instance } from '../index.js';

export interface GuestRun {
  readonly imports: ImportObject;
  run(instance: Instance): void | Promise<void>;
  /**
   * Called at most once, when the request ended without waiting (run and
   * instantiation finished synchronously) and its instance is released: the
   * run may serve another request. Optional.
   */
  recycle?(): void;
}
