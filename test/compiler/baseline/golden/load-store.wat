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
;;   0010  jb 0x36
;;   0016  sub $0x20,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x42
;;   002c  mov -0x18(%rbp),%eax
;;   002f  mov 0x10(%r14,%rax,1),%eax
;;   0034  leave
;;   0035  ret
;;   0036  mov $0x9,%edi
;;   003b  call *0x100(%r15)
;;   0042  call *0x110(%r15)
;;   0049  jmp 0x2c
;; func 1
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x3d
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  mov %rsi,-0x20(%rbp)
;;   0025  cmpl $0x0,0x50(%r15)
;;   002a  jne 0x49
;;   0030  mov -0x20(%rbp),%rax
;;   0034  mov -0x18(%rbp),%ebx
;;   0037  mov %eax,(%r14,%rbx,1)
;;   003b  leave
;;   003c  ret
;;   003d  mov $0x9,%edi
;;   0042  call *0x100(%r15)
;;   0049  call *0x110(%r15)
;;   0050  jmp 0x30
;; func 2
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x20(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x3f
;;   0016  sub $0x20,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x4b
;;   002c  mov -0x18(%rbp),%eax
;;   002f  mov $0xfffffff0,%r11d
;;   0035  add %rax,%r11
;;   0038  movsbl (%r14,%r11,1),%eax
;;   003d  leave
;;   003e  ret
;;   003f  mov $0x9,%edi
;;   0044  call *0x100(%r15)
;;   004b  call *0x110(%r15)
;;   0052  jmp 0x2c
;; func 3
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x20(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x37
;;   0016  sub $0x20,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x43
;;   002c  mov -0x18(%rbp),%eax
;;   002f  movsd (%r14,%rax,1),%xmm0
;;   0035  leave
;;   0036  ret
;;   0037  mov $0x9,%edi
;;   003c  call *0x100(%r15)
;;   0043  call *0x110(%r15)
;;   004a  jmp 0x2c
;; ==== checked ====
;; func 0
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x20(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x44
;;   0016  sub $0x20,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x5c
;;   002c  mov -0x18(%rbp),%eax
;;   002f  lea 0x14(%rax),%r11
;;   0033  cmp 0x8(%r15),%r11
;;   0037  ja 0x50
;;   003d  mov -0x4(%r14,%r11,1),%eax
;;   0042  leave
;;   0043  ret
;;   0044  mov $0x9,%edi
;;   0049  call *0x100(%r15)
;;   0050  mov $0x2,%edi
;;   0055  call *0x100(%r15)
;;   005c  call *0x110(%r15)
;;   0063  jmp 0x2c
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
;;   002a  jne 0x64
;;   0030  mov -0x20(%rbp),%rax
;;   0034  mov -0x18(%rbp),%ebx
;;   0037  lea 0x4(%rbx),%r11
;;   003b  cmp 0x8(%r15),%r11
;;   003f  ja 0x58
;;   0045  mov %eax,-0x4(%r14,%r11,1)
;;   004a  leave
;;   004b  ret
;;   004c  mov $0x9,%edi
;;   0051  call *0x100(%r15)
;;   0058  mov $0x2,%edi
;;   005d  call *0x100(%r15)
;;   0064  call *0x110(%r15)
;;   006b  jmp 0x30
;; func 2
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x20(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x4a
;;   0016  sub $0x20,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x62
;;   002c  mov -0x18(%rbp),%eax
;;   002f  mov $0xfffffff1,%r11d
;;   0035  add %rax,%r11
;;   0038  cmp 0x8(%r15),%r11
;;   003c  ja 0x56
;;   0042  movsbl -0x1(%r14,%r11,1),%eax
;;   0048  leave
;;   0049  ret
;;   004a  mov $0x9,%edi
;;   004f  call *0x100(%r15)
;;   0056  mov $0x2,%edi
;;   005b  call *0x100(%r15)
;;   0062  call *0x110(%r15)
;;   0069  jmp 0x2c
;; func 3
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x20(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x46
;;   0016  sub $0x20,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x5e
;;   002c  mov -0x18(%rbp),%eax
;;   002f  lea 0x8(%rax),%r11
;;   0033  cmp 0x8(%r15),%r11
;;   0037  ja 0x52
;;   003d  movsd -0x8(%r14,%r11,1),%xmm0
;;   0044  leave
;;   0045  ret
;;   0046  mov $0x9,%edi
;;   004b  call *0x100(%r15)
;;   0052  mov $0x2,%edi
;;   0057  call *0x100(%r15)
;;   005e  call *0x110(%r15)
;;   0065  jmp 0x2c
