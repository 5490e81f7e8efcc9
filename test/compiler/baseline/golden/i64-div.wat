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
;;   0010  jb 0x56
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  mov %rsi,-0x20(%rbp)
;;   0025  cmpl $0x0,0x50(%r15)
;;   002a  jne 0x89
;;   0030  mov %rsi,%rbx
;;   0033  mov %rdi,%rax
;;   0036  test %rbx,%rbx
;;   0039  je 0x5b
;;   003f  cmp $0xffffffffffffffff,%rbx
;;   0043  jne 0x4f
;;   0045  cmp $0x1,%rax
;;   0049  jo 0x60
;;   004f  cqto
;;   0051  idiv %rbx
;;   0054  leave
;;   0055  ret
;;   0056  call 0x7d
;;   005b  call 0x65
;;   0060  call 0x71
;;   0065  mov $0x6,%edi
;;   006a  jmp *0x100(%r15)
;;   0071  mov $0x7,%edi
;;   0076  jmp *0x100(%r15)
;;   007d  mov $0x9,%edi
;;   0082  jmp *0x100(%r15)
;;   0089  call *0x110(%r15)
;;   0090  jmp 0x30
;; func 1
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x4c
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  mov %rsi,-0x20(%rbp)
;;   0025  cmpl $0x0,0x50(%r15)
;;   002a  jne 0x6e
;;   0030  mov %esi,%ebx
;;   0032  mov %edi,%eax
;;   0034  test %ebx,%ebx
;;   0036  je 0x51
;;   003c  cmp $0xffffffff,%ebx
;;   003f  jne 0x45
;;   0041  xor %edx,%edx
;;   0043  jmp 0x48
;;   0045  cltd
;;   0046  idiv %ebx
;;   0048  mov %edx,%eax
;;   004a  leave
;;   004b  ret
;;   004c  call 0x62
;;   0051  call 0x56
;;   0056  mov $0x6,%edi
;;   005b  jmp *0x100(%r15)
;;   0062  mov $0x9,%edi
;;   0067  jmp *0x100(%r15)
;;   006e  call *0x110(%r15)
;;   0075  jmp 0x30
;; func 2
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x42
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  mov %rsi,-0x20(%rbp)
;;   0025  cmpl $0x0,0x50(%r15)
;;   002a  jne 0x64
;;   0030  mov %esi,%ebx
;;   0032  mov %edi,%eax
;;   0034  test %ebx,%ebx
;;   0036  je 0x47
;;   003c  xor %edx,%edx
;;   003e  div %ebx
;;   0040  leave
;;   0041  ret
;;   0042  call 0x58
;;   0047  call 0x4c
;;   004c  mov $0x6,%edi
;;   0051  jmp *0x100(%r15)
;;   0058  mov $0x9,%edi
;;   005d  jmp *0x100(%r15)
;;   0064  call *0x110(%r15)
;;   006b  jmp 0x30
;; ==== checked ====
;; func 0
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x56
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  mov %rsi,-0x20(%rbp)
;;   0025  cmpl $0x0,0x50(%r15)
;;   002a  jne 0x89
;;   0030  mov %rsi,%rbx
;;   0033  mov %rdi,%rax
;;   0036  test %rbx,%rbx
;;   0039  je 0x5b
;;   003f  cmp $0xffffffffffffffff,%rbx
;;   0043  jne 0x4f
;;   0045  cmp $0x1,%rax
;;   0049  jo 0x60
;;   004f  cqto
;;   0051  idiv %rbx
;;   0054  leave
;;   0055  ret
;;   0056  call 0x7d
;;   005b  call 0x65
;;   0060  call 0x71
;;   0065  mov $0x6,%edi
;;   006a  jmp *0x100(%r15)
;;   0071  mov $0x7,%edi
;;   0076  jmp *0x100(%r15)
;;   007d  mov $0x9,%edi
;;   0082  jmp *0x100(%r15)
;;   0089  call *0x110(%r15)
;;   0090  jmp 0x30
;; func 1
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x4c
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  mov %rsi,-0x20(%rbp)
;;   0025  cmpl $0x0,0x50(%r15)
;;   002a  jne 0x6e
;;   0030  mov %esi,%ebx
;;   0032  mov %edi,%eax
;;   0034  test %ebx,%ebx
;;   0036  je 0x51
;;   003c  cmp $0xffffffff,%ebx
;;   003f  jne 0x45
;;   0041  xor %edx,%edx
;;   0043  jmp 0x48
;;   0045  cltd
;;   0046  idiv %ebx
;;   0048  mov %edx,%eax
;;   004a  leave
;;   004b  ret
;;   004c  call 0x62
;;   0051  call 0x56
;;   0056  mov $0x6,%edi
;;   005b  jmp *0x100(%r15)
;;   0062  mov $0x9,%edi
;;   0067  jmp *0x100(%r15)
;;   006e  call *0x110(%r15)
;;   0075  jmp 0x30
;; func 2
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x42
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  mov %rsi,-0x20(%rbp)
;;   0025  cmpl $0x0,0x50(%r15)
;;   002a  jne 0x64
;;   0030  mov %esi,%ebx
;;   0032  mov %edi,%eax
;;   0034  test %ebx,%ebx
;;   0036  je 0x47
;;   003c  xor %edx,%edx
;;   003e  div %ebx
;;   0040  leave
;;   0041  ret
;;   0042  call 0x58
;;   0047  call 0x4c
;;   004c  mov $0x6,%edi
;;   0051  jmp *0x100(%r15)
;;   0058  mov $0x9,%edi
;;   005d  jmp *0x100(%r15)
;;   0064  call *0x110(%r15)
;;   006b  jmp 0x30
