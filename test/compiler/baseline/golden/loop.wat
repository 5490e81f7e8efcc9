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
;;   0010  jb 0x5c
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  xor %eax,%eax
;;   0023  mov %rax,-0x20(%rbp)
;;   0027  cmpl $0x0,0x50(%r15)
;;   002c  jne 0x68
;;   0032  cmpl $0x0,0x50(%r15)
;;   0037  jne 0x71
;;   003d  mov -0x20(%rbp),%eax
;;   0040  add -0x18(%rbp),%eax
;;   0043  mov %rax,-0x20(%rbp)
;;   0047  mov -0x18(%rbp),%ebx
;;   004a  sub $0x1,%ebx
;;   004d  mov %rbx,-0x18(%rbp)
;;   0051  mov %ebx,%esi
;;   0053  test %esi,%esi
;;   0055  jne 0x32
;;   0057  mov -0x20(%rbp),%eax
;;   005a  leave
;;   005b  ret
;;   005c  mov $0x9,%edi
;;   0061  call *0x100(%r15)
;;   0068  call *0x110(%r15)
;;   006f  jmp 0x32
;;   0071  call *0x110(%r15)
;;   0078  jmp 0x3d
;; ==== checked ====
;; func 0
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x5c
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  xor %eax,%eax
;;   0023  mov %rax,-0x20(%rbp)
;;   0027  cmpl $0x0,0x50(%r15)
;;   002c  jne 0x68
;;   0032  cmpl $0x0,0x50(%r15)
;;   0037  jne 0x71
;;   003d  mov -0x20(%rbp),%eax
;;   0040  add -0x18(%rbp),%eax
;;   0043  mov %rax,-0x20(%rbp)
;;   0047  mov -0x18(%rbp),%ebx
;;   004a  sub $0x1,%ebx
;;   004d  mov %rbx,-0x18(%rbp)
;;   0051  mov %ebx,%esi
;;   0053  test %esi,%esi
;;   0055  jne 0x32
;;   0057  mov -0x20(%rbp),%eax
;;   005a  leave
;;   005b  ret
;;   005c  mov $0x9,%edi
;;   0061  call *0x100(%r15)
;;   0068  call *0x110(%r15)
;;   006f  jmp 0x32
;;   0071  call *0x110(%r15)
;;   0078  jmp 0x3d
