;; Calls: direct by rel32, imports through the import table switching r15/r14, multi-value results via the outgoing area.
(module
  (import "env" "f" (func $f (param i32 f64) (result i64)))
  (func $g (param i32) (result i32 i64) (local.get 0) (i64.const 5))
  (func (param i32) (result i64)
    (call $g (local.get 0))
    drop
    drop
    (call $f (local.get 0) (f64.const 1.5))))
;; ==== guarded ====
;; func 1 $g
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x38
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x49
;;   002c  movq $0x5,0x10(%rbp)
;;   0034  mov %edi,%eax
;;   0036  leave
;;   0037  ret
;;   0038  call 0x3d
;;   003d  mov $0x9,%edi
;;   0042  jmp *0x100(%r15)
;;   0049  call *0x110(%r15)
;;   0050  jmp 0x2c
;; func 2
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x72
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x83
;;   002c  mov -0x18(%rbp),%edi
;;   002f  call -0x60
;;   0034  mov (%rsp),%r11
;;   0038  mov %r11,0x10(%rsp)
;;   003d  mov -0x18(%rbp),%edi
;;   0040  movabs $0x3ff8000000000000,%r11
;;   004a  movq %r11,%xmm0
;;   004f  mov %r15,-0x8(%rbp)
;;   0053  mov %r14,-0x10(%rbp)
;;   0057  mov 0x38(%r15),%rax
;;   005b  mov (%rax),%r11
;;   005e  mov 0x8(%rax),%r15
;;   0062  mov (%r15),%r14
;;   0065  call *%r11
;;   0068  mov -0x8(%rbp),%r15
;;   006c  mov -0x10(%rbp),%r14
;;   0070  leave
;;   0071  ret
;;   0072  call 0x77
;;   0077  mov $0x9,%edi
;;   007c  jmp *0x100(%r15)
;;   0083  call *0x110(%r15)
;;   008a  jmp 0x2c
;; ==== checked ====
;; func 1 $g
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x38
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x49
;;   002c  movq $0x5,0x10(%rbp)
;;   0034  mov %edi,%eax
;;   0036  leave
;;   0037  ret
;;   0038  call 0x3d
;;   003d  mov $0x9,%edi
;;   0042  jmp *0x100(%r15)
;;   0049  call *0x110(%r15)
;;   0050  jmp 0x2c
;; func 2
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x72
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x83
;;   002c  mov -0x18(%rbp),%edi
;;   002f  call -0x60
;;   0034  mov (%rsp),%r11
;;   0038  mov %r11,0x10(%rsp)
;;   003d  mov -0x18(%rbp),%edi
;;   0040  movabs $0x3ff8000000000000,%r11
;;   004a  movq %r11,%xmm0
;;   004f  mov %r15,-0x8(%rbp)
;;   0053  mov %r14,-0x10(%rbp)
;;   0057  mov 0x38(%r15),%rax
;;   005b  mov (%rax),%r11
;;   005e  mov 0x8(%rax),%r15
;;   0062  mov (%r15),%r14
;;   0065  call *%r11
;;   0068  mov -0x8(%rbp),%r15
;;   006c  mov -0x10(%rbp),%r14
;;   0070  leave
;;   0071  ret
;;   0072  call 0x77
;;   0077  mov $0x9,%edi
;;   007c  jmp *0x100(%r15)
;;   0083  call *0x110(%r15)
;;   008a  jmp 0x2c
