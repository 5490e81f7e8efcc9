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
;;   0010  jb 0x78
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  mov %rsi,-0x20(%rbp)
;;   0025  cmpl $0x0,0x50(%r15)
;;   002a  jne 0x89
;;   0030  cmpl $0x0,0x50(%r15)
;;   0035  jne 0x98
;;   003b  mov %edi,%eax
;;   003d  cmp %esi,%eax
;;   003f  jge 0x53
;;   0045  mov %edi,%eax
;;   0047  add $0x1,%eax
;;   004a  mov %rax,-0x18(%rbp)
;;   004e  mov %rax,%rdi
;;   0051  jmp 0x30
;;   0053  mov %edi,%eax
;;   0055  test %rax,%rax
;;   0058  jne 0x6b
;;   005e  movq $0x1,(%rsp)
;;   0066  jmp 0x73
;;   006b  movq $0x2,(%rsp)
;;   0073  mov (%rsp),%eax
;;   0076  leave
;;   0077  ret
;;   0078  call 0x7d
;;   007d  mov $0x9,%edi
;;   0082  jmp *0x100(%r15)
;;   0089  call *0x110(%r15)
;;   0090  mov -0x20(%rbp),%esi
;;   0093  mov -0x18(%rbp),%edi
;;   0096  jmp 0x30
;;   0098  call *0x110(%r15)
;;   009f  mov -0x20(%rbp),%esi
;;   00a2  mov -0x18(%rbp),%edi
;;   00a5  jmp 0x3b
;; ==== checked ====
;; func 0
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x78
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  mov %rsi,-0x20(%rbp)
;;   0025  cmpl $0x0,0x50(%r15)
;;   002a  jne 0x89
;;   0030  cmpl $0x0,0x50(%r15)
;;   0035  jne 0x98
;;   003b  mov %edi,%eax
;;   003d  cmp %esi,%eax
;;   003f  jge 0x53
;;   0045  mov %edi,%eax
;;   0047  add $0x1,%eax
;;   004a  mov %rax,-0x18(%rbp)
;;   004e  mov %rax,%rdi
;;   0051  jmp 0x30
;;   0053  mov %edi,%eax
;;   0055  test %rax,%rax
;;   0058  jne 0x6b
;;   005e  movq $0x1,(%rsp)
;;   0066  jmp 0x73
;;   006b  movq $0x2,(%rsp)
;;   0073  mov (%rsp),%eax
;;   0076  leave
;;   0077  ret
;;   0078  call 0x7d
;;   007d  mov $0x9,%edi
;;   0082  jmp *0x100(%r15)
;;   0089  call *0x110(%r15)
;;   0090  mov -0x20(%rbp),%esi
;;   0093  mov -0x18(%rbp),%edi
;;   0096  jmp 0x30
;;   0098  call *0x110(%r15)
;;   009f  mov -0x20(%rbp),%esi
;;   00a2  mov -0x18(%rbp),%edi
;;   00a5  jmp 0x3b
