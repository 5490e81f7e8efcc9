;; br_table: index clamped to the default, a jump table of 32-bit offsets; targets needing value moves get stubs.
(module
  (func (param i32) (result i32)
    (block $a (result i32)
      (drop
        (block $b (result i32)
          (drop
            (block $c (result i32)
              (br_table $c $b $a $c (i32.const 42) (local.get 0))))
          (return (i32.const 1))))
      (i32.const 2))))
;; ==== guarded ====
;; func 0
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x8e
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x9f
;;   002c  mov %edi,%eax
;;   002e  cmp $0x2,%eax
;;   0031  jae 0x45
;;   0037  cmp $0x0,%eax
;;   003a  je 0x53
;;   0040  jmp 0x60
;;   0045  cmp $0x2,%eax
;;   0048  je 0x6d
;;   004e  jmp 0x53
;;   0053  movq $0x2a,(%rsp)
;;   005b  jmp 0x7a
;;   0060  movq $0x2a,(%rsp)
;;   0068  jmp 0x81
;;   006d  movq $0x2a,(%rsp)
;;   0075  jmp 0x89
;;   007a  mov $0x1,%eax
;;   007f  leave
;;   0080  ret
;;   0081  movq $0x2,(%rsp)
;;   0089  mov (%rsp),%eax
;;   008c  leave
;;   008d  ret
;;   008e  call 0x93
;;   0093  mov $0x9,%edi
;;   0098  jmp *0x100(%r15)
;;   009f  call *0x110(%r15)
;;   00a6  jmp 0x2c
;; ==== checked ====
;; func 0
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x8e
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x9f
;;   002c  mov %edi,%eax
;;   002e  cmp $0x2,%eax
;;   0031  jae 0x45
;;   0037  cmp $0x0,%eax
;;   003a  je 0x53
;;   0040  jmp 0x60
;;   0045  cmp $0x2,%eax
;;   0048  je 0x6d
;;   004e  jmp 0x53
;;   0053  movq $0x2a,(%rsp)
;;   005b  jmp 0x7a
;;   0060  movq $0x2a,(%rsp)
;;   0068  jmp 0x81
;;   006d  movq $0x2a,(%rsp)
;;   0075  jmp 0x89
;;   007a  mov $0x1,%eax
;;   007f  leave
;;   0080  ret
;;   0081  movq $0x2,(%rsp)
;;   0089  mov (%rsp),%eax
;;   008c  leave
;;   008d  ret
;;   008e  call 0x93
;;   0093  mov $0x9,%edi
;;   0098  jmp *0x100(%r15)
;;   009f  call *0x110(%r15)
;;   00a6  jmp 0x2c
