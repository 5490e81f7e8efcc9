;; A counting loop: interrupt poll at the header, values spilled at the join, br_if back.
(module
  (func (param i32) (result i32) (local i32)
    (loop $l
      (local.set 1 (i32.add (local.get 1) (local.get 0)))
      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
      (br_if $l (local.get 0)))
    (local.get 1)))
;; ==== guarded ====
;; func 0
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x60
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  xor %eax,%eax
;;   0023  mov %rax,-0x20(%rbp)
;;   0027  cmpl $0x0,0x50(%r15)
;;   002c  jne 0x6c
;;   0032  cmpl $0x0,0x50(%r15)
;;   0037  jne 0x78
;;   003d  mov -0x20(%rbp),%eax
;;   0040  add %edi,%eax
;;   0042  mov %rax,-0x20(%rbp)
;;   0046  mov %edi,%ebx
;;   0048  sub $0x1,%ebx
;;   004b  mov %rbx,-0x18(%rbp)
;;   004f  mov %ebx,%esi
;;   0051  test %esi,%esi
;;   0053  je 0x5e
;;   0059  mov %rbx,%rdi
;;   005c  jmp 0x32
;;   005e  leave
;;   005f  ret
;;   0060  mov $0x9,%edi
;;   0065  call *0x100(%r15)
;;   006c  call *0x110(%r15)
;;   0073  mov -0x18(%rbp),%edi
;;   0076  jmp 0x32
;;   0078  call *0x110(%r15)
;;   007f  mov -0x18(%rbp),%edi
;;   0082  jmp 0x3d
;; ==== checked ====
;; func 0
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x60
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  xor %eax,%eax
;;   0023  mov %rax,-0x20(%rbp)
;;   0027  cmpl $0x0,0x50(%r15)
;;   002c  jne 0x6c
;;   0032  cmpl $0x0,0x50(%r15)
;;   0037  jne 0x78
;;   003d  mov -0x20(%rbp),%eax
;;   0040  add %edi,%eax
;;   0042  mov %rax,-0x20(%rbp)
;;   0046  mov %edi,%ebx
;;   0048  sub $0x1,%ebx
;;   004b  mov %rbx,-0x18(%rbp)
;;   004f  mov %ebx,%esi
;;   0051  test %esi,%esi
;;   0053  je 0x5e
;;   0059  mov %rbx,%rdi
;;   005c  jmp 0x32
;;   005e  leave
;;   005f  ret
;;   0060  mov $0x9,%edi
;;   0065  call *0x100(%r15)
;;   006c  call *0x110(%r15)
;;   0073  mov -0x18(%rbp),%edi
;;   0076  jmp 0x32
;;   0078  call *0x110(%r15)
;;   007f  mov -0x18(%rbp),%edi
;;   0082  jmp 0x3d
