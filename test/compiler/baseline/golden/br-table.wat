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
;;   0010  jb 0x97
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0xa3
;;   002c  mov %edi,%eax
;;   002e  mov $0x3,%r11d
;;   0034  cmp %r11d,%eax
;;   0037  cmovae %r11d,%eax
;;   003b  lea 0xa(%rip),%r11
;;   0042  movslq (%r11,%rax,4),%rax
;;   0046  add %rax,%r11
;;   0049  jmp *%r11
;;   004c  adc %al,(%rax)
;;   004e  add %al,(%rax)
;;   0050  (bad)
;;   0051  add %al,(%rax)
;;   0053  (bad)
;;   0054  sub (%rax),%al
;;   0056  add %al,(%rax)
;;   0058  adc %al,(%rax)
;;   005a  add %al,(%rax)
;;   005c  movq $0x2a,(%rsp)
;;   0064  jmp 0x83
;;   0069  movq $0x2a,(%rsp)
;;   0071  jmp 0x8a
;;   0076  movq $0x2a,(%rsp)
;;   007e  jmp 0x92
;;   0083  mov $0x1,%eax
;;   0088  leave
;;   0089  ret
;;   008a  movq $0x2,(%rsp)
;;   0092  mov (%rsp),%eax
;;   0095  leave
;;   0096  ret
;;   0097  mov $0x9,%edi
;;   009c  call *0x100(%r15)
;;   00a3  call *0x110(%r15)
;;   00aa  mov -0x18(%rbp),%edi
;;   00ad  jmp 0x2c
;; ==== checked ====
;; func 0
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x97
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0xa3
;;   002c  mov %edi,%eax
;;   002e  mov $0x3,%r11d
;;   0034  cmp %r11d,%eax
;;   0037  cmovae %r11d,%eax
;;   003b  lea 0xa(%rip),%r11
;;   0042  movslq (%r11,%rax,4),%rax
;;   0046  add %rax,%r11
;;   0049  jmp *%r11
;;   004c  adc %al,(%rax)
;;   004e  add %al,(%rax)
;;   0050  (bad)
;;   0051  add %al,(%rax)
;;   0053  (bad)
;;   0054  sub (%rax),%al
;;   0056  add %al,(%rax)
;;   0058  adc %al,(%rax)
;;   005a  add %al,(%rax)
;;   005c  movq $0x2a,(%rsp)
;;   0064  jmp 0x83
;;   0069  movq $0x2a,(%rsp)
;;   0071  jmp 0x8a
;;   0076  movq $0x2a,(%rsp)
;;   007e  jmp 0x92
;;   0083  mov $0x1,%eax
;;   0088  leave
;;   0089  ret
;;   008a  movq $0x2,(%rsp)
;;   0092  mov (%rsp),%eax
;;   0095  leave
;;   0096  ret
;;   0097  mov $0x9,%edi
;;   009c  call *0x100(%r15)
;;   00a3  call *0x110(%r15)
;;   00aa  mov -0x18(%rbp),%edi
;;   00ad  jmp 0x2c
