;; memory.size reads the live size; memory.grow calls the native helper with the owner's vmctx.
(module
  (memory 1 10)
  (func (result i32) (memory.size))
  (func (param i32) (result i32) (memory.grow (local.get 0))))
;; ==== guarded ====
;; func 0
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x20(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x32
;;   0016  sub $0x20,%rsp
;;   001d  cmpl $0x0,0x50(%r15)
;;   0022  jne 0x43
;;   0028  mov 0x8(%r15),%rax
;;   002c  shr $0x10,%rax
;;   0030  leave
;;   0031  ret
;;   0032  call 0x37
;;   0037  mov $0x9,%edi
;;   003c  jmp *0x100(%r15)
;;   0043  call *0x110(%r15)
;;   004a  jmp 0x28
;; func 1
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x20(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x3e
;;   0016  sub $0x20,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x4f
;;   002c  mov -0x18(%rbp),%esi
;;   002f  mov 0x18(%r15),%rdi
;;   0033  call *0x118(%r15)
;;   003a  mov %eax,%eax
;;   003c  leave
;;   003d  ret
;;   003e  call 0x43
;;   0043  mov $0x9,%edi
;;   0048  jmp *0x100(%r15)
;;   004f  call *0x110(%r15)
;;   0056  jmp 0x2c
;; ==== checked ====
;; func 0
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x20(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x32
;;   0016  sub $0x20,%rsp
;;   001d  cmpl $0x0,0x50(%r15)
;;   0022  jne 0x43
;;   0028  mov 0x8(%r15),%rax
;;   002c  shr $0x10,%rax
;;   0030  leave
;;   0031  ret
;;   0032  call 0x37
;;   0037  mov $0x9,%edi
;;   003c  jmp *0x100(%r15)
;;   0043  call *0x110(%r15)
;;   004a  jmp 0x28
;; func 1
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x20(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x3e
;;   0016  sub $0x20,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x4f
;;   002c  mov -0x18(%rbp),%esi
;;   002f  mov 0x18(%r15),%rdi
;;   0033  call *0x118(%r15)
;;   003a  mov %eax,%eax
;;   003c  leave
;;   003d  ret
;;   003e  call 0x43
;;   0043  mov $0x9,%edi
;;   0048  jmp *0x100(%r15)
;;   004f  call *0x110(%r15)
;;   0056  jmp 0x2c
