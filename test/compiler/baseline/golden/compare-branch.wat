;; A comparison followed by br_if or if becomes cmp + jcc (no 0/1 materialized).
(module
  (func (param i32 i32) (result i32)
    (block $out
      (loop $l
        (br_if $out (i32.ge_s (local.get 0) (local.get 1)))
        (local.set 0 (i32.add (local.get 0) (i32.const 1)))
        (br $l)))
    (if (result i32) (i64.eqz (i64.extend_i32_u (local.get 0)))
      (then (i32.const 1)) (else (i32.const 2)))))
;; ==== guarded ====
;; func 0
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x73
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  mov %rsi,-0x20(%rbp)
;;   0025  cmpl $0x0,0x50(%r15)
;;   002a  jne 0x84
;;   0030  cmpl $0x0,0x50(%r15)
;;   0035  jne 0x8d
;;   003b  cmp %esi,%edi
;;   003d  jge 0x4e
;;   0043  lea 0x1(%rdi),%eax
;;   0046  mov %rax,-0x18(%rbp)
;;   004a  mov %eax,%edi
;;   004c  jmp 0x30
;;   004e  mov %edi,%eax
;;   0050  test %rax,%rax
;;   0053  jne 0x66
;;   0059  movq $0x1,(%rsp)
;;   0061  jmp 0x6e
;;   0066  movq $0x2,(%rsp)
;;   006e  mov (%rsp),%eax
;;   0071  leave
;;   0072  ret
;;   0073  call 0x78
;;   0078  mov $0x9,%edi
;;   007d  jmp *0x100(%r15)
;;   0084  call *0x110(%r15)
;;   008b  jmp 0x30
;;   008d  call *0x110(%r15)
;;   0094  jmp 0x3b
;; ==== checked ====
;; func 0
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x73
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  mov %rsi,-0x20(%rbp)
;;   0025  cmpl $0x0,0x50(%r15)
;;   002a  jne 0x84
;;   0030  cmpl $0x0,0x50(%r15)
;;   0035  jne 0x8d
;;   003b  cmp %esi,%edi
;;   003d  jge 0x4e
;;   0043  lea 0x1(%rdi),%eax
;;   0046  mov %rax,-0x18(%rbp)
;;   004a  mov %eax,%edi
;;   004c  jmp 0x30
;;   004e  mov %edi,%eax
;;   0050  test %rax,%rax
;;   0053  jne 0x66
;;   0059  movq $0x1,(%rsp)
;;   0061  jmp 0x6e
;;   0066  movq $0x2,(%rsp)
;;   006e  mov (%rsp),%eax
;;   0071  leave
;;   0072  ret
;;   0073  call 0x78
;;   0078  mov $0x9,%edi
;;   007d  jmp *0x100(%r15)
;;   0084  call *0x110(%r15)
;;   008b  jmp 0x30
;;   008d  call *0x110(%r15)
;;   0094  jmp 0x3b
