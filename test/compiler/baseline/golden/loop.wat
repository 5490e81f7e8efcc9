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
;;   0010  jb 0x62
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  xor %eax,%eax
;;   0023  mov %rax,-0x20(%rbp)
;;   0027  cmpl $0x0,0x50(%r15)
;;   002c  jne 0x73
;;   0032  mov -0x20(%rbp),%eax
;;   0035  cmpl $0x0,0x50(%r15)
;;   003a  jne 0x7c
;;   0040  lea (%rax,%rdi,1),%ebx
;;   0043  mov %rbx,-0x20(%rbp)
;;   0047  lea -0x1(%rdi),%eax
;;   004a  mov %rax,-0x18(%rbp)
;;   004e  mov %eax,%esi
;;   0050  test %esi,%esi
;;   0052  je 0x5e
;;   0058  mov %eax,%edi
;;   005a  mov %ebx,%eax
;;   005c  jmp 0x35
;;   005e  mov %ebx,%eax
;;   0060  leave
;;   0061  ret
;;   0062  call 0x67
;;   0067  mov $0x9,%edi
;;   006c  jmp *0x100(%r15)
;;   0073  call *0x110(%r15)
;;   007a  jmp 0x32
;;   007c  call *0x110(%r15)
;;   0083  jmp 0x40
;; ==== checked ====
;; func 0
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x62
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  xor %eax,%eax
;;   0023  mov %rax,-0x20(%rbp)
;;   0027  cmpl $0x0,0x50(%r15)
;;   002c  jne 0x73
;;   0032  mov -0x20(%rbp),%eax
;;   0035  cmpl $0x0,0x50(%r15)
;;   003a  jne 0x7c
;;   0040  lea (%rax,%rdi,1),%ebx
;;   0043  mov %rbx,-0x20(%rbp)
;;   0047  lea -0x1(%rdi),%eax
;;   004a  mov %rax,-0x18(%rbp)
;;   004e  mov %eax,%esi
;;   0050  test %esi,%esi
;;   0052  je 0x5e
;;   0058  mov %eax,%edi
;;   005a  mov %ebx,%eax
;;   005c  jmp 0x35
;;   005e  mov %ebx,%eax
;;   0060  leave
;;   0061  ret
;;   0062  call 0x67
;;   0067  mov $0x9,%edi
;;   006c  jmp *0x100(%r15)
;;   0073  call *0x110(%r15)
;;   007a  jmp 0x32
;;   007c  call *0x110(%r15)
;;   0083  jmp 0x40
