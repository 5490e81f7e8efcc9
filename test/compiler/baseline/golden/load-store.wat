;; Memory: guarded mode accesses [r14 + index + offset] directly (trap table);
;; checked mode compares index + offset + size with memory_size first. Large offsets use r11.
(module
  (memory 1)
  (func (param i32) (result i32) (i32.load offset=16 (local.get 0)))
  (func (param i32 i64) (i64.store32 (local.get 0) (local.get 1)))
  (func (param i32) (result i32) (i32.load8_s offset=0xfffffff0 (local.get 0)))
  (func (param i32) (result f64) (f64.load (local.get 0))))
;; ==== guarded ====
;; func 0
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x20(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x35
;;   0016  sub $0x20,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x46
;;   002c  mov %edi,%eax
;;   002e  mov 0x10(%r14,%rax,1),%eax
;;   0033  leave
;;   0034  ret
;;   0035  call 0x3a
;;   003a  mov $0x9,%edi
;;   003f  jmp *0x100(%r15)
;;   0046  call *0x110(%r15)
;;   004d  mov -0x18(%rbp),%edi
;;   0050  jmp 0x2c
;; func 1
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x3b
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  mov %rsi,-0x20(%rbp)
;;   0025  cmpl $0x0,0x50(%r15)
;;   002a  jne 0x4c
;;   0030  mov %rsi,%rax
;;   0033  mov %edi,%ebx
;;   0035  mov %eax,(%r14,%rbx,1)
;;   0039  leave
;;   003a  ret
;;   003b  call 0x40
;;   0040  mov $0x9,%edi
;;   0045  jmp *0x100(%r15)
;;   004c  call *0x110(%r15)
;;   0053  mov -0x20(%rbp),%rsi
;;   0057  mov -0x18(%rbp),%edi
;;   005a  jmp 0x30
;; func 2
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x20(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x3e
;;   0016  sub $0x20,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x4f
;;   002c  mov %edi,%eax
;;   002e  mov $0xfffffff0,%r11d
;;   0034  add %rax,%r11
;;   0037  movsbl (%r14,%r11,1),%eax
;;   003c  leave
;;   003d  ret
;;   003e  call 0x43
;;   0043  mov $0x9,%edi
;;   0048  jmp *0x100(%r15)
;;   004f  call *0x110(%r15)
;;   0056  mov -0x18(%rbp),%edi
;;   0059  jmp 0x2c
;; func 3
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x20(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x36
;;   0016  sub $0x20,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x47
;;   002c  mov %edi,%eax
;;   002e  movsd (%r14,%rax,1),%xmm0
;;   0034  leave
;;   0035  ret
;;   0036  call 0x3b
;;   003b  mov $0x9,%edi
;;   0040  jmp *0x100(%r15)
;;   0047  call *0x110(%r15)
;;   004e  mov -0x18(%rbp),%edi
;;   0051  jmp 0x2c
;; ==== checked ====
;; func 0
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x20(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x43
;;   0016  sub $0x20,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x65
;;   002c  mov %edi,%eax
;;   002e  lea 0x14(%rax),%r11
;;   0032  cmp 0x8(%r15),%r11
;;   0036  ja 0x48
;;   003c  mov -0x4(%r14,%r11,1),%eax
;;   0041  leave
;;   0042  ret
;;   0043  call 0x59
;;   0048  call 0x4d
;;   004d  mov $0x2,%edi
;;   0052  jmp *0x100(%r15)
;;   0059  mov $0x9,%edi
;;   005e  jmp *0x100(%r15)
;;   0065  call *0x110(%r15)
;;   006c  mov -0x18(%rbp),%edi
;;   006f  jmp 0x2c
;; func 1
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x4a
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  mov %rsi,-0x20(%rbp)
;;   0025  cmpl $0x0,0x50(%r15)
;;   002a  jne 0x6c
;;   0030  mov %rsi,%rax
;;   0033  mov %edi,%ebx
;;   0035  lea 0x4(%rbx),%r11
;;   0039  cmp 0x8(%r15),%r11
;;   003d  ja 0x4f
;;   0043  mov %eax,-0x4(%r14,%r11,1)
;;   0048  leave
;;   0049  ret
;;   004a  call 0x60
;;   004f  call 0x54
;;   0054  mov $0x2,%edi
;;   0059  jmp *0x100(%r15)
;;   0060  mov $0x9,%edi
;;   0065  jmp *0x100(%r15)
;;   006c  call *0x110(%r15)
;;   0073  mov -0x20(%rbp),%rsi
;;   0077  mov -0x18(%rbp),%edi
;;   007a  jmp 0x30
;; func 2
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x20(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x49
;;   0016  sub $0x20,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x6b
;;   002c  mov %edi,%eax
;;   002e  mov $0xfffffff1,%r11d
;;   0034  add %rax,%r11
;;   0037  cmp 0x8(%r15),%r11
;;   003b  ja 0x4e
;;   0041  movsbl -0x1(%r14,%r11,1),%eax
;;   0047  leave
;;   0048  ret
;;   0049  call 0x5f
;;   004e  call 0x53
;;   0053  mov $0x2,%edi
;;   0058  jmp *0x100(%r15)
;;   005f  mov $0x9,%edi
;;   0064  jmp *0x100(%r15)
;;   006b  call *0x110(%r15)
;;   0072  mov -0x18(%rbp),%edi
;;   0075  jmp 0x2c
;; func 3
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x20(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x45
;;   0016  sub $0x20,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x67
;;   002c  mov %edi,%eax
;;   002e  lea 0x8(%rax),%r11
;;   0032  cmp 0x8(%r15),%r11
;;   0036  ja 0x4a
;;   003c  movsd -0x8(%r14,%r11,1),%xmm0
;;   0043  leave
;;   0044  ret
;;   0045  call 0x5b
;;   004a  call 0x4f
;;   004f  mov $0x2,%edi
;;   0054  jmp *0x100(%r15)
;;   005b  mov $0x9,%edi
;;   0060  jmp *0x100(%r15)
;;   0067  call *0x110(%r15)
;;   006e  mov -0x18(%rbp),%edi
;;   0071  jmp 0x2c
