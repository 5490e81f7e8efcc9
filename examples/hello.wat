;; The smallest corral_http handler: "hello, world" with a content type.
;; The server benchmark (bench/server.ts) serves this with a fresh instance
;; per request.
(module
  (import "corral_http" "response_set_header" (func $set_header (param i32 i32 i32 i32) (result i32)))
  (import "corral_http" "response_write" (func $write (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "content-type")     ;; 0, 12
  (data (i32.const 16) "text/plain")      ;; 16, 10
  (data (i32.const 32) "hello, world\n")  ;; 32, 13
  (func (export "handle")
    (drop (call $set_header (i32.const 0) (i32.const 12) (i32.const 16) (i32.const 10)))
    (drop (call $write (i32.const 32) (i32.const 13)))))
