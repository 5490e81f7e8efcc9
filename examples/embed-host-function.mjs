// A host function of our own: the guest passes a pointer and a length, and the
// host reads the bytes out of the guest's linear memory through the Memory the
// module exports.
//
//   npm run build && node examples/embed-host-function.mjs
//
// The guest can only hand the host numbers; what they mean is up to the host,
// which must check them: a pointer from a guest is untrusted input.
import { Engine, Memory } from 'corral';

const WAT = `(module
  (import "host" "log" (func $log (param i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "hello from the guest")

  ;; shout(): upper-cases its message in place, then logs it twice.
  (func (export "shout")
    (local $i i32) (local $c i32)
    (call $log (i32.const 16) (i32.const 20))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (i32.const 20)))
        (local.set $c (i32.load8_u offset=16 (local.get $i)))
        (if (i32.and (i32.ge_u (local.get $c) (i32.const 97)) (i32.le_u (local.get $c) (i32.const 122)))
          (then (i32.store8 offset=16 (local.get $i) (i32.sub (local.get $c) (i32.const 32)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (call $log (i32.const 16) (i32.const 20)))

  ;; lie(): asks the host to read far outside its memory.
  (func (export "lie")
    (call $log (i32.const 65530) (i32.const 100))))`;

const engine = new Engine();
try {
  // The import needs the instance's memory, which exists only after
  // instantiation: the function looks it up when it is called.
  let memory;
  const log = (ptr, len) => {
    // memory.buffer is a view of linear memory; fetch it on every call, since a
    // memory.grow replaces it.
    const bytes = new Uint8Array(memory.buffer);
    if (ptr < 0 || len < 0 || ptr + len > bytes.length) throw new RangeError(`log: [${ptr}, ${ptr + len}) is outside the guest's ${bytes.length}-byte memory`);
    console.log(`guest says: ${new TextDecoder().decode(bytes.subarray(ptr, ptr + len))}`);
  };

  const module = await engine.compile(WAT);
  const instance = await engine.instantiate(module, { host: { log } });
  memory = instance.exports.memory;
  if (!(memory instanceof Memory)) throw new Error('the module exports no memory');

  await instance.exports.shout();
  try {
    await instance.exports.lie();
  } catch (e) {
    // A host function that throws abandons the guest; the call rejects with that same error.
    console.log(`refused: ${e.message}`);
  }
} finally {
  engine.close();
}
