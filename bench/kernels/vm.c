/* An interpreter loop: a small stack-machine bytecode (the shape of every
 * scripting-language core) running a Collatz step count for 1..n. The
 * dispatch is a switch over opcodes (a br_table in wasm) with operand stack
 * and register file in memory. The program is assembled at run time by a
 * tiny emitter with label patching. */
#include "kernel.h"

enum { PUSH, LOAD, STORE, ADD, MUL, AND, SHR, NE, LT, JZ, JMP, HALT };

typedef struct { int32_t op, arg; } Instr;

static Instr program[64];
static int program_length;

static int emit(int32_t op, int32_t arg) {
  program[program_length].op = op;
  program[program_length].arg = arg;
  return program_length++;
}

/* Registers: r0 = limit, r1 = i, r2 = checksum, r3 = x, r4 = steps. */
static void assemble(void) {
  program_length = 0;
  emit(PUSH, 1); emit(STORE, 1);
  int loop_i = emit(LOAD, 1); emit(LOAD, 0); emit(LT, 0);
  int exit_i = emit(JZ, -1);
  emit(LOAD, 1); emit(STORE, 3); emit(PUSH, 0); emit(STORE, 4);
  int loop_x = emit(LOAD, 3); emit(PUSH, 1); emit(NE, 0);
  int exit_x = emit(JZ, -1);
  emit(LOAD, 3); emit(PUSH, 1); emit(AND, 0);
  int to_even = emit(JZ, -1);
  emit(LOAD, 3); emit(PUSH, 3); emit(MUL, 0); emit(PUSH, 1); emit(ADD, 0); emit(STORE, 3);
  int to_next = emit(JMP, -1);
  program[to_even].arg = emit(LOAD, 3); emit(PUSH, 1); emit(SHR, 0); emit(STORE, 3);
  program[to_next].arg = emit(LOAD, 4); emit(PUSH, 1); emit(ADD, 0); emit(STORE, 4);
  emit(JMP, loop_x);
  program[exit_x].arg = emit(LOAD, 2); emit(PUSH, 31); emit(MUL, 0); emit(LOAD, 4); emit(ADD, 0); emit(STORE, 2);
  emit(LOAD, 1); emit(PUSH, 1); emit(ADD, 0); emit(STORE, 1);
  emit(JMP, loop_i);
  program[exit_i].arg = emit(LOAD, 2);
  emit(HALT, 0);
}

static uint32_t interpret(uint32_t *registers) {
  uint32_t stack[32];
  int sp = 0, pc = 0;
  for (;;) {
    Instr in = program[pc++];
    switch (in.op) {
      case PUSH: stack[sp++] = (uint32_t)in.arg; break;
      case LOAD: stack[sp++] = registers[in.arg]; break;
      case STORE: registers[in.arg] = stack[--sp]; break;
      case ADD: sp--; stack[sp - 1] += stack[sp]; break;
      case MUL: sp--; stack[sp - 1] *= stack[sp]; break;
      case AND: sp--; stack[sp - 1] &= stack[sp]; break;
      case SHR: sp--; stack[sp - 1] >>= stack[sp]; break;
      case NE: sp--; stack[sp - 1] = stack[sp - 1] != stack[sp]; break;
      case LT: sp--; stack[sp - 1] = stack[sp - 1] < stack[sp]; break;
      case JZ: if (stack[--sp] == 0) pc = in.arg; break;
      case JMP: pc = in.arg; break;
      case HALT: return stack[sp - 1];
      default: return 0; /* a corrupt program: a checksum no engine should give */
    }
  }
}

unsigned run(int n) {
  assemble();
  uint32_t registers[8] = { (uint32_t)n + 1 };
  return interpret(registers);
}
