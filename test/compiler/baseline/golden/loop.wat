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
;;   002c  jne 0x71
;;   0032  mov -0x20(%rbp),%eax
;;   0035  cmpl $0x0,0x50(%r15)
;;   003a  jne 0x7a
;;   0040  lea (%rax,%rdi,1),%ebx
;;   0043  mov %rbx,-0x20(%rbp)
;;   0047  lea -0x1(%rdi),%eax
;;   004a  mov %rax,-0x18(%rbp)
;;   004e  test %eax,%eax
;;   0050  je 0x5c
;;   0056  mov %eax,%edi
;;   0058  mov %ebx,%eax
;;   005a  jmp 0x35
;;   005c  mov %ebx,%eax
;;   005e  leave
;;   005f  ret
;;   0060  call 0x65
;;   0065  mov $0x9,%edi
;;   006a  jmp *0x100(%r15)
;;   0071  call *0x110(%r15)
;;   0078  jmp 0x32
;;   007a  call *0x110(%r15)
;;   0081  jmp 0x40
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
;;   002c  jne 0x71
;;   0032  mov -0x20(%rbp),%eax
;;   0035  cmpl $0x0,0x50(%r15)
;;   003a  jne 0x7a
;;   0040  lea (%rax,%rdi,1),%ebx
;;   0043  mov %rbx,-0x20(%rbp)
;;   0047  lea -0x1(%rdi),%eax
;;   004a  mov %rax,-0x18(%rbp)
;;   004e  test %eax,%eax
;;   0050  je 0x5c
;;   0056  mov %eax,%edi
;;   0058  mov %ebx,%eax
;;   005a  jmp 0x35
;;   005c  mov %ebx,%eax
;;   005e  leave
;;   005f  ret
;;   0060  call 0x65
;;   0065  mov $0x9,%edi
;;   006a  jmp *0x100(%r15)
;;   0071  call *0x110(%r15)
;;   0078  jmp 0x32
;;   007a  call *0x110(%r15)
;;   0081  jmp 0x40
