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
;;   0010  jb 0x67
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  xor %eax,%eax
;;   0023  mov %rax,-0x20(%rbp)
;;   0027  cmpl $0x0,0x50(%r15)
;;   002c  jne 0x78
;;   0032  mov -0x20(%rbp),%eax
;;   0035  cmpl $0x0,0x50(%r15)
;;   003a  jne 0x84
;;   0040  mov %eax,%ebx
;;   0042  add %edi,%ebx
;;   0044  mov %rbx,-0x20(%rbp)
;;   0048  mov %edi,%eax
;;   004a  sub $0x1,%eax
;;   004d  mov %rax,-0x18(%rbp)
;;   0051  mov %eax,%esi
;;   0053  test %esi,%esi
;;   0055  je 0x63
;;   005b  mov %rax,%rdi
;;   005e  mov -0x20(%rbp),%eax
;;   0061  jmp 0x35
;;   0063  mov %ebx,%eax
;;   0065  leave
;;   0066  ret
;;   0067  call 0x6c
;;   006c  mov $0x9,%edi
;;   0071  jmp *0x100(%r15)
;;   0078  call *0x110(%r15)
;;   007f  mov -0x18(%rbp),%edi
;;   0082  jmp 0x32
;;   0084  call *0x110(%r15)
;;   008b  mov -0x20(%rbp),%eax
;;   008e  mov -0x18(%rbp),%edi
;;   0091  jmp 0x40
;; ==== checked ====
;; func 0
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x67
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  xor %eax,%eax
;;   0023  mov %rax,-0x20(%rbp)
;;   0027  cmpl $0x0,0x50(%r15)
;;   002c  jne 0x78
;;   0032  mov -0x20(%rbp),%eax
;;   0035  cmpl $0x0,0x50(%r15)
;;   003a  jne 0x84
;;   0040  mov %eax,%ebx
;;   0042  add %edi,%ebx
;;   0044  mov %rbx,-0x20(%rbp)
;;   0048  mov %edi,%eax
;;   004a  sub $0x1,%eax
;;   004d  mov %rax,-0x18(%rbp)
;;   0051  mov %eax,%esi
;;   0053  test %esi,%esi
;;   0055  je 0x63
;;   005b  mov %rax,%rdi
;;   005e  mov -0x20(%rbp),%eax
;;   0061  jmp 0x35
;;   0063  mov %ebx,%eax
;;   0065  leave
;;   0066  ret
;;   0067  call 0x6c
;;   006c  mov $0x9,%edi
;;   0071  jmp *0x100(%r15)
;;   0078  call *0x110(%r15)
;;   007f  mov -0x18(%rbp),%edi
;;   0082  jmp 0x32
;;   0084  call *0x110(%r15)
;;   008b  mov -0x20(%rbp),%eax
;;   008e  mov -0x18(%rbp),%edi
;;   0091  jmp 0x40
