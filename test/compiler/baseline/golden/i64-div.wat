;; Division: zero check, the INT_MIN / -1 overflow path for div_s, rem_s by -1 is 0.
(module
  (func (param i64 i64) (result i64) (i64.div_s (local.get 0) (local.get 1)))
  (func (param i32 i32) (result i32) (i32.rem_s (local.get 0) (local.get 1)))
  (func (param i32 i32) (result i32) (i32.div_u (local.get 0) (local.get 1))))
;; ==== guarded ====
;; func 0
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x60
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  mov %rsi,-0x20(%rbp)
;;   0025  cmpl $0x0,0x50(%r15)
;;   002a  jne 0x84
;;   0030  mov -0x20(%rbp),%rbx
;;   0034  mov -0x18(%rbp),%rax
;;   0038  test %rbx,%rbx
;;   003b  je 0x6c
;;   0041  cmp $0xffffffffffffffff,%rbx
;;   0045  jne 0x59
;;   004b  neg %rax
;;   004e  jo 0x78
;;   0054  jmp 0x5e
;;   0059  cqto
;;   005b  idiv %rbx
;;   005e  leave
;;   005f  ret
;;   0060  mov $0x9,%edi
;;   0065  call *0x100(%r15)
;;   006c  mov $0x6,%edi
;;   0071  call *0x100(%r15)
;;   0078  mov $0x7,%edi
;;   007d  call *0x100(%r15)
;;   0084  call *0x110(%r15)
;;   008b  jmp 0x30
;; func 1
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x55
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  mov %rsi,-0x20(%rbp)
;;   0025  cmpl $0x0,0x50(%r15)
;;   002a  jne 0x6d
;;   0030  mov -0x20(%rbp),%ebx
;;   0033  mov -0x18(%rbp),%eax
;;   0036  test %ebx,%ebx
;;   0038  je 0x61
;;   003e  cmp $0xffffffff,%ebx
;;   0041  jne 0x4e
;;   0047  xor %edx,%edx
;;   0049  jmp 0x51
;;   004e  cltd
;;   004f  idiv %ebx
;;   0051  mov %edx,%eax
;;   0053  leave
;;   0054  ret
;;   0055  mov $0x9,%edi
;;   005a  call *0x100(%r15)
;;   0061  mov $0x6,%edi
;;   0066  call *0x100(%r15)
;;   006d  call *0x110(%r15)
;;   0074  jmp 0x30
;; func 2
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x44
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  mov %rsi,-0x20(%rbp)
;;   0025  cmpl $0x0,0x50(%r15)
;;   002a  jne 0x5c
;;   0030  mov -0x20(%rbp),%ebx
;;   0033  mov -0x18(%rbp),%eax
;;   0036  test %ebx,%ebx
;;   0038  je 0x50
;;   003e  xor %edx,%edx
;;   0040  div %ebx
;;   0042  leave
;;   0043  ret
;;   0044  mov $0x9,%edi
;;   0049  call *0x100(%r15)
;;   0050  mov $0x6,%edi
;;   0055  call *0x100(%r15)
;;   005c  call *0x110(%r15)
;;   0063  jmp 0x30
;; ==== checked ====
;; func 0
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x60
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  mov %rsi,-0x20(%rbp)
;;   0025  cmpl $0x0,0x50(%r15)
;;   002a  jne 0x84
;;   0030  mov -0x20(%rbp),%rbx
;;   0034  mov -0x18(%rbp),%rax
;;   0038  test %rbx,%rbx
;;   003b  je 0x6c
;;   0041  cmp $0xffffffffffffffff,%rbx
;;   0045  jne 0x59
;;   004b  neg %rax
;;   004e  jo 0x78
;;   0054  jmp 0x5e
;;   0059  cqto
;;   005b  idiv %rbx
;;   005e  leave
;;   005f  ret
;;   0060  mov $0x9,%edi
;;   0065  call *0x100(%r15)
;;   006c  mov $0x6,%edi
;;   0071  call *0x100(%r15)
;;   0078  mov $0x7,%edi
;;   007d  call *0x100(%r15)
;;   0084  call *0x110(%r15)
;;   008b  jmp 0x30
;; func 1
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x55
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  mov %rsi,-0x20(%rbp)
;;   0025  cmpl $0x0,0x50(%r15)
;;   002a  jne 0x6d
;;   0030  mov -0x20(%rbp),%ebx
;;   0033  mov -0x18(%rbp),%eax
;;   0036  test %ebx,%ebx
;;   0038  je 0x61
;;   003e  cmp $0xffffffff,%ebx
;;   0041  jne 0x4e
;;   0047  xor %edx,%edx
;;   0049  jmp 0x51
;;   004e  cltd
;;   004f  idiv %ebx
;;   0051  mov %edx,%eax
;;   0053  leave
;;   0054  ret
;;   0055  mov $0x9,%edi
;;   005a  call *0x100(%r15)
;;   0061  mov $0x6,%edi
;;   0066  call *0x100(%r15)
;;   006d  call *0x110(%r15)
;;   0074  jmp 0x30
;; func 2
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x44
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  mov %rsi,-0x20(%rbp)
;;   0025  cmpl $0x0,0x50(%r15)
;;   002a  jne 0x5c
;;   0030  mov -0x20(%rbp),%ebx
;;   0033  mov -0x18(%rbp),%eax
;;   0036  test %ebx,%ebx
;;   0038  je 0x50
;;   003e  xor %edx,%edx
;;   0040  div %ebx
;;   0042  leave
;;   0043  ret
;;   0044  mov $0x9,%edi
;;   0049  call *0x100(%r15)
;;   0050  mov $0x6,%edi
;;   0055  call *0x100(%r15)
;;   005c  call *0x110(%r15)
;;   0063  jmp 0x30
