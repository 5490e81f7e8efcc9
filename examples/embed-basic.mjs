// Embedding Corral in a Node program, the basics: compile WebAssembly text,
// instantiate it, call an export, and catch a Trap with its backtrace.
//
//   npm run build && node examples/embed-basic.mjs
//
// Every call into the guest returns a Promise: the guest runs as native code
// and may be suspended (see embed-async.mjs), so even a plain add is awaited.
import { Engine, Trap } from 'corral';

const WAT = `(module
  (func (export "add") (param i32 i32) (result i32)
    (i32.add (local.get 0) (local.get 1)))

  ;; average(total, count) divides: a count of 0 traps inside $divide,
  ;; two frames deep, so the backtrace has something to show.
  (func $divide (param i32 i32) (result i32)
    (i32.div_s (local.get 0) (local.get 1)))
  (func $average (export "average") (param i32 i32) (result i32)
    (call $divide (local.get 0) (local.get 1))))`;

// One engine holds the native resources (code, memories); close it when done.
const engine = new Engine();
try {
  const module = await engine.compile(WAT); // a string is .wat; bytes are .wasm
  const instance = await engine.instantiate(module); // no imports needed here
  const { add, average } = instance.exports;

  console.log('add(2, 40) =', await add(2, 40));
  console.log('average(90, 3) =', await average(90, 3));

  try {
    await average(1, 0);
  } catch (e) {
    // A trap ends the call, never the process: the instance's host is unharmed.
    if (!(e instanceof Trap)) throw e;
    console.log(`trap: ${e.code} (${e.message})`);
    for (const f of e.frames) {
      console.log(`  at ${f.funcName ?? `func[${f.funcIndex}]`} (function ${f.funcIndex}, code offset ${f.codeOffset})`);
    }
  }
} finally {
  engine.close();
}
