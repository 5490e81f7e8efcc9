;; Globals (defined in place, imported through the cell pointer), table.get/set with bounds checks, ref.func.
(module
  (import "env" "g" (global $g (mut i64)))
  (global $h (mut i32) (i32.const 0))
  (table 2 funcref)
  (elem declare func $f)
  (func $f (param i32) (result i64) (global.set $h (local.get 0)) (global.get $g))
  (func (param i32) (table.set 0 (local.get 0) (ref.func $f)))
  (func (param i32) (result funcref) (table.get 0 (local.get 0))))
;; ==== guarded ====
;; func 0 $f
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x20(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x46
;;   0016  sub $0x20,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x52
;;   002c  mov -0x18(%rbp),%eax
;;   002f  mov 0x30(%r15),%r11
;;   0033  lea 0x10(%r11),%r11
;;   0037  mov %eax,(%r11)
;;   003a  mov 0x30(%r15),%r11
;;   003e  mov (%r11),%r11
;;   0041  mov (%r11),%rax
;;   0044  leave
;;   0045  ret
;;   0046  mov $0x9,%edi
;;   004b  call *0x100(%r15)
;;   0052  call *0x110(%r15)
;;   0059  jmp 0x2c
;; func 1
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x50
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x68
;;   002c  mov 0x20(%r15),%rax
;;   0030  mov (%rax),%rax
;;   0033  mov -0x18(%rbp),%ebx
;;   0036  mov 0x28(%r15),%r11
;;   003a  mov (%r11),%r11
;;   003d  cmp 0x8(%r11),%ebx
;;   0041  jae 0x5c
;;   0047  mov (%r11),%r11
;;   004a  mov %rax,(%r11,%rbx,8)
;;   004e  leave
;;   004f  ret
;;   0050  mov $0x9,%edi
;;   0055  call *0x100(%r15)
;;   005c  mov $0x3,%edi
;;   0061  call *0x100(%r15)
;;   0068  call *0x110(%r15)
;;   006f  jmp 0x2c
;; func 2
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x20(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x49
;;   0016  sub $0x20,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x61
;;   002c  mov -0x18(%rbp),%eax
;;   002f  mov 0x28(%r15),%r11
;;   0033  mov (%r11),%r11
;;   0036  cmp 0x8(%r11),%eax
;;   003a  jae 0x55
;;   0040  mov (%r11),%r11
;;   0043  mov (%r11,%rax,8),%rax
;;   0047  leave
;;   0048  ret
;;   0049  mov $0x9,%edi
;;   004e  call *0x100(%r15)
;;   0055  mov $0x3,%edi
;;   005a  call *0x100(%r15)
;;   0061  call *0x110(%r15)
;;   0068  jmp 0x2c
;; ==== checked ====
;; func 0 $f
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x20(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x46
;;   0016  sub $0x20,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x52
;;   002c  mov -0x18(%rbp),%eax
;;   002f  mov 0x30(%r15),%r11
;;   0033  lea 0x10(%r11),%r11
;;   0037  mov %eax,(%r11)
;;   003a  mov 0x30(%r15),%r11
;;   003e  mov (%r11),%r11
;;   0041  mov (%r11),%rax
;;   0044  leave
;;   0045  ret
;;   0046  mov $0x9,%edi
;;   004b  call *0x100(%r15)
;;   0052  call *0x110(%r15)
;;   0059  jmp 0x2c
;; func 1
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x50
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x68
;;   002c  mov 0x20(%r15),%rax
;;   0030  mov (%rax),%rax
;;   0033  mov -0x18(%rbp),%ebx
;;   0036  mov 0x28(%r15),%r11
;;   003a  mov (%r11),%r11
;;   003d  cmp 0x8(%r11),%ebx
;;   0041  jae 0x5c
;;   0047  mov (%r11),%r11
;;   004a  mov %rax,(%r11,%rbx,8)
;;   004e  leave
;;   004f  ret
;;   0050  mov $0x9,%edi
;;   0055  call *0x100(%r15)
;;   005c  mov $0x3,%edi
;;   0061  call *0x100(%r15)
;;   0068  call *0x110(%r15)
;;   006f  jmp 0x2c
;; func 2
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x20(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x49
;;   0016  sub $0x20,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x61
;;   002c  mov -0x18(%rbp),%eax
;;   002f  mov 0x28(%r15),%r11
;;   0033  mov (%r11),%r11
;;   0036  cmp 0x8(%r11),%eax
;;   003a  jae 0x55
;;   0040  mov (%r11),%r11
;;   0043  mov (%r11,%rax,8),%rax
;;   0047  leave
;;   0048  ret
;;   0049  mov $0x9,%edi
;;   004e  call *0x100(%r15)
;;   0055  mov $0x3,%edi
;;   005a  call *0x100(%r15)
;;   0061  call *0x110(%r15)
;;   0068  jmp 0x2c
