;; A corral_http handler (see src/server/http-abi.ts for the ABI), one fresh
;; instance per request. Routes, by prefix of the request target:
;;   /echo        echoes the request body, streamed in 8 KiB chunks; the
;;                request's content-type comes back, x-method and x-echo-url
;;                carry the method and target
;;   /status/NNN  answers with status NNN
;;   /fetch       the request body is a URL: fetches it (GET, outbound; the
;;                server's allow-list decides) and streams the upstream status,
;;                content-type and body back; 403 when denied, 502 on failure
;;   /trap        traps (unreachable): the server answers 500 with a request id
;;   anything else: "hello from corral_http"
(module
  (import "corral_http" "request_url" (func $request_url (param i32 i32) (result i32)))
  (import "corral_http" "request_method" (func $request_method (param i32 i32) (result i32)))
  (import "corral_http" "request_header" (func $request_header (param i32 i32 i32 i32) (result i32)))
  (import "corral_http" "request_body_read" (func $body_read (param i32 i32) (result i32)))
  (import "corral_http" "response_set_status" (func $set_status (param i32) (result i32)))
  (import "corral_http" "response_set_header" (func $set_header (param i32 i32 i32 i32) (result i32)))
  (import "corral_http" "response_write" (func $write (param i32 i32) (result i32)))
  (import "corral_http" "fetch" (func $fetch (param i32 i32 i32 i32 i32 i32 i32 i32) (result i32)))
  (import "corral_http" "fetch_status" (func $fetch_status (param i32) (result i32)))
  (import "corral_http" "fetch_header" (func $fetch_header (param i32 i32 i32 i32 i32) (result i32)))
  (import "corral_http" "fetch_body_read" (func $fetch_read (param i32 i32 i32) (result i32)))
  (import "corral_http" "fetch_close" (func $fetch_close (param i32) (result i32)))
  (memory (export "memory") 1)

  ;; Literals (offset, length). Buffers: 1024 request target (1 KiB),
  ;; 2048 method (64 B), 2304 header value / URL (1 KiB), 4096 body I/O (8 KiB).
  (data (i32.const 0) "/echo")                        ;; 0, 5
  (data (i32.const 16) "/fetch")                      ;; 16, 6
  (data (i32.const 32) "/status/")                    ;; 32, 8
  (data (i32.const 48) "/trap")                       ;; 48, 5
  (data (i32.const 64) "content-type")                ;; 64, 12
  (data (i32.const 80) "text/plain; charset=utf-8")   ;; 80, 25
  (data (i32.const 112) "x-method")                   ;; 112, 8
  (data (i32.const 128) "hello from corral_http\n")   ;; 128, 23
  (data (i32.const 160) "GET")                        ;; 160, 3
  (data (i32.const 176) "outbound request denied\n")  ;; 176, 24
  (data (i32.const 208) "outbound request failed\n")  ;; 208, 24
  (data (i32.const 240) "x-echo-url")                 ;; 240, 10

  (func $min (param $a i32) (param $b i32) (result i32)
    (select (local.get $a) (local.get $b) (i32.lt_u (local.get $a) (local.get $b))))

  (func $starts_with (param $p i32) (param $n i32) (param $lit i32) (param $ln i32) (result i32)
    (local $i i32)
    (if (i32.lt_u (local.get $n) (local.get $ln)) (then (return (i32.const 0))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $ln)))
        (if (i32.ne (i32.load8_u (i32.add (local.get $p) (local.get $i)))
                    (i32.load8_u (i32.add (local.get $lit) (local.get $i))))
          (then (return (i32.const 0))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i32.const 1))

  ;; Sets content-type from a copy-out result k at 2304 when it fit.
  (func $content_type_from (param $k i32)
    (if (i32.and (i32.ge_s (local.get $k) (i32.const 0)) (i32.le_s (local.get $k) (i32.const 1024)))
      (then (drop (call $set_header (i32.const 64) (i32.const 12) (i32.const 2304) (local.get $k))))))

  (func $echo (param $n i32)
    (local $k i32)
    (local.set $k (call $min (call $request_method (i32.const 2048) (i32.const 64)) (i32.const 64)))
    (drop (call $set_header (i32.const 112) (i32.const 8) (i32.const 2048) (local.get $k)))
    (drop (call $set_header (i32.const 240) (i32.const 10) (i32.const 1024) (local.get $n)))
    (call $content_type_from (call $request_header (i32.const 64) (i32.const 12) (i32.const 2304) (i32.const 1024)))
    (loop $more
      (local.set $k (call $body_read (i32.const 4096) (i32.const 8192)))
      (if (i32.gt_s (local.get $k) (i32.const 0))
        (then
          (drop (call $write (i32.const 4096) (local.get $k)))
          (br $more)))))

  (func $digit (param $p i32) (result i32)
    (i32.sub (i32.load8_u (local.get $p)) (i32.const 48)))

  (func $status (param $n i32)
    (local $s i32)
    (if (i32.ge_u (local.get $n) (i32.const 11))
      (then
        (local.set $s
          (i32.add
            (i32.add (i32.mul (call $digit (i32.const 1032)) (i32.const 100))
                     (i32.mul (call $digit (i32.const 1033)) (i32.const 10)))
            (call $digit (i32.const 1034))))))
    (if (i32.lt_s (call $set_status (local.get $s)) (i32.const 0))
      (then (drop (call $set_status (i32.const 400)))))
    (drop (call $set_header (i32.const 64) (i32.const 12) (i32.const 80) (i32.const 25)))
    (drop (call $write (i32.const 1024) (local.get $n))))

  (func $proxy
    (local $len i32) (local $k i32) (local $h i32)
    (block $read
      (loop $more
        (br_if $read (i32.ge_u (local.get $len) (i32.const 1024)))
        (local.set $k (call $body_read (i32.add (i32.const 2304) (local.get $len))
                                       (i32.sub (i32.const 1024) (local.get $len))))
        (br_if $read (i32.le_s (local.get $k) (i32.const 0)))
        (local.set $len (i32.add (local.get $len) (local.get $k)))
        (br $more)))
    (local.set $h (call $fetch (i32.const 160) (i32.const 3) (i32.const 2304) (local.get $len)
                               (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0)))
    (if (i32.eq (local.get $h) (i32.const -5))
      (then
        (drop (call $set_status (i32.const 403)))
        (drop (call $write (i32.const 176) (i32.const 24)))
        (return)))
    (if (i32.lt_s (local.get $h) (i32.const 0))
      (then
        (drop (call $set_status (i32.const 502)))
        (drop (call $write (i32.const 208) (i32.const 24)))
        (return)))
    (drop (call $set_status (call $fetch_status (local.get $h))))
    (call $content_type_from (call $fetch_header (local.get $h) (i32.const 64) (i32.const 12) (i32.const 2304) (i32.const 1024)))
    (loop $more
      (local.set $k (call $fetch_read (local.get $h) (i32.const 4096) (i32.const 8192)))
      (if (i32.gt_s (local.get $k) (i32.const 0))
        (then
          (drop (call $write (i32.const 4096) (local.get $k)))
          (br $more))))
    (drop (call $fetch_close (local.get $h))))

  (func (export "handle")
    (local $n i32)
    (local.set $n (call $min (call $request_url (i32.const 1024) (i32.const 1024)) (i32.const 1024)))
    (if (call $starts_with (i32.const 1024) (local.get $n) (i32.const 0) (i32.const 5))
      (then (call $echo (local.get $n)) (return)))
    (if (call $starts_with (i32.const 1024) (local.get $n) (i32.const 16) (i32.const 6))
      (then (call $proxy) (return)))
    (if (call $starts_with (i32.const 1024) (local.get $n) (i32.const 32) (i32.const 8))
      (then (call $status (local.get $n)) (return)))
    (if (call $starts_with (i32.const 1024) (local.get $n) (i32.const 48) (i32.const 5))
      (then (unreachable)))
    (drop (call $set_header (i32.const 64) (i32.const 12) (i32.const 80) (i32.const 25)))
    (drop (call $write (i32.const 128) (i32.const 23)))))
