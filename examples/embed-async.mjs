// An async host function: the guest calls an import that returns a Promise
// (here, an HTTP request to a server in this same process) and is suspended
// on its own stack until the Promise settles; meanwhile Node's event loop
// keeps running — which is why the server below can answer at all.
//
//   npm run build && node examples/embed-async.mjs
//
// The guest's code is ordinary synchronous WebAssembly: it does not know the
// call waited. Nothing in the guest has to be rewritten (no asyncify).
import http from 'node:http';
import { Engine } from 'corral';

const WAT = `(module
  (import "host" "square" (func $square (param i32) (result i32)))

  ;; sum_of_squares(n) = square(1) + ... + square(n), one host call each.
  (func (export "sum_of_squares") (param $n i32) (result i32)
    (local $i i32) (local $sum i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (local.set $sum (i32.add (local.get $sum) (call $square (local.get $i))))
        (br $next)))
    (local.get $sum)))`;

// A server in this process that squares numbers, slowly.
const server = http.createServer((req, res) => {
  const x = Number(req.url.split('/').pop());
  console.log(`server: ${req.method} ${req.url}`);
  setTimeout(() => res.end(String(x * x)), 10);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;

const engine = new Engine();
try {
  const imports = {
    host: {
      // Returns a Promise: the guest is suspended until it resolves to an i32.
      square: async (x) => Number(await (await fetch(`${base}/square/${x}`)).text()),
    },
  };
  const instance = await engine.instantiate(await engine.compile(WAT), imports);
  console.log('sum_of_squares(5) =', await instance.exports.sum_of_squares(5));
} finally {
  engine.close();
  server.close();
}
