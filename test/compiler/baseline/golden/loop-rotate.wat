;; Loop-carried locals that trade registers each iteration (Fibonacci, a rotation): the back edge re-establishes the header's caches by one parallel move (register to register, in an order that reads every source before overwriting it) instead of reloading from memory.
(module
  (func (param i32) (result i32) (local i32 i32 i32)
    (local.set 2 (i32.const 1))
    (loop $l
      (local.set 3 (i32.add (local.get 1) (local.get 2)))
      (local.set 1 (local.get 2))
      (local.set 2 (local.get 3))
      (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
    (local.get 1))
  (func (param i32 i32 i32) (result i32)
    (loop $l
      (local.get 1)
      (local.set 1 (local.get 2))
      (local.set 2)
      (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
    (i32.sub (local.get 1) (local.get 2))))
;; ==== guarded ====
;; func 0
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x40(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x89
;;   0016  sub $0x40,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  xor %eax,%eax
;;   0023  mov %rax,-0x20(%rbp)
;;   0027  mov %rax,-0x28(%rbp)
;;   002b  mov %rax,-0x30(%rbp)
;;   002f  cmpl $0x0,0x50(%r15)
;;   0034  jne 0x9a
;;   003a  movq $0x1,-0x28(%rbp)
;;   0042  mov -0x28(%rbp),%eax
;;   0045  mov -0x20(%rbp),%ebx
;;   0048  mov -0x30(%rbp),%esi
;;   004b  cmpl $0x0,0x50(%r15)
;;   0050  jne 0xa3
;;   0056  lea (%rbx,%rax,1),%r8d
;;   005a  mov %r8,-0x30(%rbp)
;;   005e  mov %eax,%esi
;;   0060  mov %rsi,-0x20(%rbp)
;;   0064  mov %r8d,%ebx
;;   0067  mov %rbx,-0x28(%rbp)
;;   006b  lea -0x1(%rdi),%eax
;;   006e  mov %rax,-0x18(%rbp)
;;   0072  test %eax,%eax
;;   0074  je 0x85
;;   007a  mov %eax,%edi
;;   007c  mov %ebx,%eax
;;   007e  mov %esi,%ebx
;;   0080  mov %r8d,%esi
;;   0083  jmp 0x4b
;;   0085  mov %esi,%eax
;;   0087  leave
;;   0088  ret
;;   0089  call 0x8e
;;   008e  mov $0x9,%edi
;;   0093  jmp *0x100(%r15)
;;   009a  call *0x110(%r15)
;;   00a1  jmp 0x3a
;;   00a3  call *0x110(%r15)
;;   00aa  jmp 0x56
;; func 1
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x40(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x6f
;;   0016  sub $0x40,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  mov %rsi,-0x20(%rbp)
;;   0025  mov %rdx,-0x28(%rbp)
;;   0029  cmpl $0x0,0x50(%r15)
;;   002e  jne 0x80
;;   0034  cmpl $0x0,0x50(%r15)
;;   0039  jne 0x89
;;   003f  mov %rsi,(%rsp)
;;   0043  mov %edx,%eax
;;   0045  mov %rax,-0x20(%rbp)
;;   0049  mov (%rsp),%ebx
;;   004c  mov %rbx,-0x28(%rbp)
;;   0050  lea -0x1(%rdi),%esi
;;   0053  mov %rsi,-0x18(%rbp)
;;   0057  test %esi,%esi
;;   0059  je 0x67
;;   005f  mov %ebx,%edx
;;   0061  mov %esi,%edi
;;   0063  mov %eax,%esi
;;   0065  jmp 0x34
;;   0067  mov %eax,%edi
;;   0069  sub %ebx,%edi
;;   006b  mov %edi,%eax
;;   006d  leave
;;   006e  ret
;;   006f  call 0x74
;;   0074  mov $0x9,%edi
;;   0079  jmp *0x100(%r15)
;;   0080  call *0x110(%r15)
;;   0087  jmp 0x34
;;   0089  call *0x110(%r15)
;;   0090  jmp 0x3f
;; ==== checked ====
;; func 0
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x40(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x89
;;   0016  sub $0x40,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  xor %eax,%eax
;;   0023  mov %rax,-0x20(%rbp)
;;   0027  mov %rax,-0x28(%rbp)
;;   002b  mov %rax,-0x30(%rbp)
;;   002f  cmpl $0x0,0x50(%r15)
;;   0034  jne 0x9a
;;   003a  movq $0x1,-0x28(%rbp)
;;   0042  mov -0x28(%rbp),%eax
;;   0045  mov -0x20(%rbp),%ebx
;;   0048  mov -0x30(%rbp),%esi
;;   004b  cmpl $0x0,0x50(%r15)
;;   0050  jne 0xa3
;;   0056  lea (%rbx,%rax,1),%r8d
;;   005a  mov %r8,-0x30(%rbp)
;;   005e  mov %eax,%esi
;;   0060  mov %rsi,-0x20(%rbp)
;;   0064  mov %r8d,%ebx
;;   0067  mov %rbx,-0x28(%rbp)
;;   006b  lea -0x1(%rdi),%eax
;;   006e  mov %rax,-0x18(%rbp)
;;   0072  test %eax,%eax
;;   0074  je 0x85
;;   007a  mov %eax,%edi
;;   007c  mov %ebx,%eax
;;   007e  mov %esi,%ebx
;;   0080  mov %r8d,%esi
;;   0083  jmp 0x4b
;;   0085  mov %esi,%eax
;;   0087  leave
;;   0088  ret
;;   0089  call 0x8e
;;   008e  mov $0x9,%edi
;;   0093  jmp *0x100(%r15)
;;   009a  call *0x110(%r15)
;;   00a1  jmp 0x3a
;;   00a3  call *0x110(%r15)
;;   00aa  jmp 0x56
;; func 1
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x40(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x6f
;;   0016  sub $0x40,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  mov %rsi,-0x20(%rbp)
;;   0025  mov %rdx,-0x28(%rbp)
;;   0029  cmpl $0x0,0x50(%r15)
;;   002e  jne 0x80
;;   0034  cmpl $0x0,0x50(%r15)
;;   0039  jne 0x89
;;   003f  mov %rsi,(%rsp)
;;   0043  mov %edx,%eax
;;   0045  mov %rax,-0x20(%rbp)
;;   0049  mov (%rsp),%ebx
;;   004c  mov %rbx,-0x28(%rbp)
;;   0050  lea -0x1(%rdi),%esi
;;   0053  mov %rsi,-0x18(%rbp)
;;   0057  test %esi,%esi
;;   0059  je 0x67
;;   005f  mov %ebx,%edx
;;   0061  mov %esi,%edi
;;   0063  mov %eax,%esi
;;   0065  jmp 0x34
;;   0067  mov %eax,%edi
;;   0069  sub %ebx,%edi
;;   006b  mov %edi,%eax
;;   006d  leave
;;   006e  ret
;;   006f  call 0x74
;;   0074  mov $0x9,%edi
;;   0079  jmp *0x100(%r15)
;;   0080  call *0x110(%r15)
;;   0087  jmp 0x34
;;   0089  call *0x110(%r15)
;;   0090  jmp 0x3f
