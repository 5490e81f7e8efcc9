// The encoding table: every x86-64 instruction form Corral can emit, as rows.
//
// This is the single source of truth for encodings. The encoder, the printer
// and the Assembler's fast paths all read these rows (through table.ts); the
// tests in test/compiler/x64/ encode every row with edge operands and compare
// bytes and text with binutils' objdump. Row syntax: see form.ts.
//
// To add a form: add a row to the right group (or a new group), rebuild, run
// `CORRAL_BLESS=1 node --test dist/test/compiler/x64/golden.test.js`, read the
// diff of test/compiler/x64/expected/<group>.txt (the run fails if objdump
// disagrees with the printer or the bytes), and commit the row with the file.
// `{cc}` in a mnemonic and `+cc` on an opcode byte expand to all 16 conditions.
//
// Invariants: keys (mnemonic + operand kinds) are unique; rows that only differ
// in encoding (e.g. `mov rm64, r64` and `mov r64, rm64`) have different keys.
// Must not import: anything outside src/compiler/x64.

/** ALU operations sharing the 00..3F opcode pattern and the 80/81/83 /digit group. */
function alu(name: string, base: number, digit: number): string[] {
  const h = (n: number) => n.toString(16).toUpperCase().padStart(2, '0');
  return [
    `${name} rm8, r8 | ${h(base)} /r`,
    `${name} rm16, r16 | 66 ${h(base + 1)} /r`,
    `${name} rm32, r32 | ${h(base + 1)} /r`,
    `${name} rm64, r64 | REX.W ${h(base + 1)} /r`,
    `${name} r8, rm8 | ${h(base + 2)} /r`,
    `${name} r16, rm16 | 66 ${h(base + 3)} /r`,
    `${name} r32, rm32 | ${h(base + 3)} /r`,
    `${name} r64, rm64 | REX.W ${h(base + 3)} /r`,
    `${name} rm8, imm8 | 80 /${digit} ib`,
    `${name} rm16, imm16 | 66 81 /${digit} iw`,
    `${name} rm32, imm32 | 81 /${digit} id`,
    `${name} rm64, imm32 | REX.W 81 /${digit} id`,
    `${name} rm16, imm8 | 66 83 /${digit} ib`,
    `${name} rm32, imm8 | 83 /${digit} ib`,
    `${name} rm64, imm8 | REX.W 83 /${digit} ib`,
  ];
}

/** One-operand group F6/F7 /digit (and FE/FF for inc/dec). */
function unary(name: string, op8: string, op: string, digit: number): string[] {
  return [
    `${name} rm8 | ${op8} /${digit}`,
    `${name} rm16 | 66 ${op} /${digit}`,
    `${name} rm32 | ${op} /${digit}`,
    `${name} rm64 | REX.W ${op} /${digit}`,
  ];
}

/** Shifts and rotates: D2/D3 by cl, C0/C1 by an immediate. */
function shift(name: string, digit: number): string[] {
  return [
    `${name} rm8, cl | D2 /${digit}`,
    `${name} rm16, cl | 66 D3 /${digit}`,
    `${name} rm32, cl | D3 /${digit}`,
    `${name} rm64, cl | REX.W D3 /${digit}`,
    `${name} rm8, uimm8 | C0 /${digit} ib`,
    `${name} rm16, uimm8 | 66 C1 /${digit} ib`,
    `${name} rm32, uimm8 | C1 /${digit} ib`,
    `${name} rm64, uimm8 | REX.W C1 /${digit} ib`,
  ];
}

/** r16/r32/r64 <- rm of the same width, for 0F-prefixed two-operand forms. */
function rrm(name: string, enc: string, prefix = ''): string[] {
  const p = prefix ? prefix + ' ' : '';
  return [
    `${name} r16, rm16 | 66 ${p}${enc} /r`,
    `${name} r32, rm32 | ${p}${enc} /r`,
    `${name} r64, rm64 | ${p}REX.W ${enc} /r`,
  ];
}

/** A scalar SSE arithmetic pair: F3 (ss, m32) and F2 (sd, m64). */
function sseScalar(name: string, op: string): string[] {
  return [
    `${name}ss xmm, xmm/m32 | F3 0F ${op} /r`,
    `${name}sd xmm, xmm/m64 | F2 0F ${op} /r`,
  ];
}

export interface RowGroup {
  /** Names the expectation file test/compiler/x64/expected/<group>.txt. */
  readonly group: string;
  readonly rows: readonly string[];
}

export const ROW_GROUPS: readonly RowGroup[] = [
  {
    group: 'mov',
    rows: [
      'mov rm8, r8 | 88 /r',
      'mov rm16, r16 | 66 89 /r',
      'mov rm32, r32 | 89 /r',
      'mov rm64, r64 | REX.W 89 /r',
      'mov r8, rm8 | 8A /r',
      'mov r16, rm16 | 66 8B /r',
      'mov r32, rm32 | 8B /r',
      'mov r64, rm64 | REX.W 8B /r',
      'mov r8, imm8 | B0+r ib',
      'mov r16, imm16 | 66 B8+r iw',
      'mov r32, imm32 | B8+r id',
      'movabs r64, imm64 | REX.W B8+r io',
      'mov rm8, imm8 | C6 /0 ib',
      'mov rm16, imm16 | 66 C7 /0 iw',
      'mov rm32, imm32 | C7 /0 id',
      'mov rm64, imm32 | REX.W C7 /0 id',
      'movzx r16, rm8 | 66 0F B6 /r ; att=movzbw',
      'movzx r32, rm8 | 0F B6 /r ; att=movzbl',
      'movzx r64, rm8 | REX.W 0F B6 /r ; att=movzbq',
      'movzx r32, rm16 | 0F B7 /r ; att=movzwl',
      'movzx r64, rm16 | REX.W 0F B7 /r ; att=movzwq',
      'movsx r16, rm8 | 66 0F BE /r ; att=movsbw',
      'movsx r32, rm8 | 0F BE /r ; att=movsbl',
      'movsx r64, rm8 | REX.W 0F BE /r ; att=movsbq',
      'movsx r32, rm16 | 0F BF /r ; att=movswl',
      'movsx r64, rm16 | REX.W 0F BF /r ; att=movswq',
      'movsxd r64, rm32 | REX.W 63 /r ; att=movslq',
      'lea r32, m | 8D /r',
      'lea r64, m | REX.W 8D /r',
      'xchg rm8, r8 | 86 /r',
      'xchg rm16, r16 | 66 87 /r',
      'xchg rm32, r32 | 87 /r',
      'xchg rm64, r64 | REX.W 87 /r',
      'push r64 | 50+r',
      'pop r64 | 58+r',
      'push rm64 | FF /6 ; nosfx',
      'pop rm64 | 8F /0 ; nosfx',
      'push imm32 | 68 id',
      'push imm8 | 6A ib',
    ],
  },
  {
    group: 'alu',
    rows: [
      ...alu('add', 0x00, 0),
      ...alu('or', 0x08, 1),
      ...alu('adc', 0x10, 2),
      ...alu('sbb', 0x18, 3),
      ...alu('and', 0x20, 4),
      ...alu('sub', 0x28, 5),
      ...alu('xor', 0x30, 6),
      ...alu('cmp', 0x38, 7),
      'test rm8, r8 | 84 /r',
      'test rm16, r16 | 66 85 /r',
      'test rm32, r32 | 85 /r',
      'test rm64, r64 | REX.W 85 /r',
      'test rm8, imm8 | F6 /0 ib',
      'test rm16, imm16 | 66 F7 /0 iw',
      'test rm32, imm32 | F7 /0 id',
      'test rm64, imm32 | REX.W F7 /0 id',
    ],
  },
  {
    group: 'unary',
    rows: [
      ...unary('inc', 'FE', 'FF', 0),
      ...unary('dec', 'FE', 'FF', 1),
      ...unary('not', 'F6', 'F7', 2),
      ...unary('neg', 'F6', 'F7', 3),
    ],
  },
  {
    group: 'muldiv',
    rows: [
      ...unary('mul', 'F6', 'F7', 4),
      ...unary('imul', 'F6', 'F7', 5),
      ...unary('div', 'F6', 'F7', 6),
      ...unary('idiv', 'F6', 'F7', 7),
      ...rrm('imul', '0F AF'),
      'imul r16, rm16, imm8 | 66 6B /r ib',
      'imul r32, rm32, imm8 | 6B /r ib',
      'imul r64, rm64, imm8 | REX.W 6B /r ib',
      'imul r16, rm16, imm16 | 66 69 /r iw',
      'imul r32, rm32, imm32 | 69 /r id',
      'imul r64, rm64, imm32 | REX.W 69 /r id',
      'cwd | 66 99 ; att=cwtd',
      'cdq | 99 ; att=cltd',
      'cqo | REX.W 99 ; att=cqto',
      'cdqe | REX.W 98 ; att=cltq',
    ],
  },
  {
    group: 'shift',
    rows: [
      ...shift('rol', 0),
      ...shift('ror', 1),
      ...shift('shl', 4),
      ...shift('shr', 5),
      ...shift('sar', 7),
    ],
  },
  {
    group: 'bits',
    rows: [
      ...rrm('lzcnt', '0F BD', 'F3'),
      ...rrm('tzcnt', '0F BC', 'F3'),
      ...rrm('popcnt', '0F B8', 'F3'),
      ...rrm('bsr', '0F BD'),
      ...rrm('bsf', '0F BC'),
      'bswap r32 | 0F C8+r',
      'bswap r64 | REX.W 0F C8+r',
      'bt rm32, r32 | 0F A3 /r',
      'bt rm64, r64 | REX.W 0F A3 /r',
      'bts rm64, uimm8 | REX.W 0F BA /5 ib',
    ],
  },
  {
    group: 'cond',
    rows: [
      'set{cc} rm8 | 0F 90+cc /0 ; nosfx',
      'cmov{cc} r16, rm16 | 66 0F 40+cc /r',
      'cmov{cc} r32, rm32 | 0F 40+cc /r',
      'cmov{cc} r64, rm64 | REX.W 0F 40+cc /r',
    ],
  },
  {
    group: 'control',
    rows: [
      'j{cc} rel8 | 70+cc cb',
      'j{cc} rel32 | 0F 80+cc cd',
      'jmp rel8 | EB cb',
      'jmp rel32 | E9 cd',
      'jmp rm64 | FF /4 ; nosfx star',
      'call rel32 | E8 cd',
      'call rm64 | FF /2 ; nosfx star',
      'ret | C3',
      'leave | C9',
      'ud2 | 0F 0B',
      'int3 | CC',
      'nop | 90',
      'nop rm16 | 66 0F 1F /0',
      'nop rm32 | 0F 1F /0',
    ],
  },
  {
    group: 'sse-scalar',
    rows: [
      'movss xmm, xmm/m32 | F3 0F 10 /r',
      'movss xmm/m32, xmm | F3 0F 11 /r',
      'movsd xmm, xmm/m64 | F2 0F 10 /r',
      'movsd xmm/m64, xmm | F2 0F 11 /r',
      'movd xmm, rm32 | 66 0F 6E /r ; nosfx',
      'movd rm32, xmm | 66 0F 7E /r ; nosfx',
      'movq xmm, rm64 | 66 REX.W 0F 6E /r ; nosfx',
      'movq rm64, xmm | 66 REX.W 0F 7E /r ; nosfx',
      'movq xmm, xmm/m64 | F3 0F 7E /r',
      'movq xmm/m64, xmm | 66 0F D6 /r',
      ...sseScalar('add', '58'),
      ...sseScalar('sub', '5C'),
      ...sseScalar('mul', '59'),
      ...sseScalar('div', '5E'),
      ...sseScalar('sqrt', '51'),
      ...sseScalar('min', '5D'),
      ...sseScalar('max', '5F'),
      'ucomiss xmm, xmm/m32 | 0F 2E /r',
      'ucomisd xmm, xmm/m64 | 66 0F 2E /r',
      'comiss xmm, xmm/m32 | 0F 2F /r',
      'comisd xmm, xmm/m64 | 66 0F 2F /r',
      'roundss xmm, xmm/m32, uimm8 | 66 0F 3A 0A /r ib',
      'roundsd xmm, xmm/m64, uimm8 | 66 0F 3A 0B /r ib',
    ],
  },
  {
    group: 'sse-convert',
    rows: [
      'cvtsi2ss xmm, rm32 | F3 0F 2A /r',
      'cvtsi2ss xmm, rm64 | F3 REX.W 0F 2A /r',
      'cvtsi2sd xmm, rm32 | F2 0F 2A /r',
      'cvtsi2sd xmm, rm64 | F2 REX.W 0F 2A /r',
      'cvttss2si r32, xmm/m32 | F3 0F 2C /r',
      'cvttss2si r64, xmm/m32 | F3 REX.W 0F 2C /r',
      'cvttsd2si r32, xmm/m64 | F2 0F 2C /r',
      'cvttsd2si r64, xmm/m64 | F2 REX.W 0F 2C /r',
      'cvtss2sd xmm, xmm/m32 | F3 0F 5A /r',
      'cvtsd2ss xmm, xmm/m64 | F2 0F 5A /r',
    ],
  },
  {
    group: 'sse-packed',
    rows: [
      'movaps xmm, xmm/m128 | 0F 28 /r',
      'movaps xmm/m128, xmm | 0F 29 /r',
      'movapd xmm, xmm/m128 | 66 0F 28 /r',
      'movapd xmm/m128, xmm | 66 0F 29 /r',
      'movups xmm, xmm/m128 | 0F 10 /r',
      'movups xmm/m128, xmm | 0F 11 /r',
      'movdqa xmm, xmm/m128 | 66 0F 6F /r',
      'movdqa xmm/m128, xmm | 66 0F 7F /r',
      'movdqu xmm, xmm/m128 | F3 0F 6F /r',
      'movdqu xmm/m128, xmm | F3 0F 7F /r',
      'andps xmm, xmm/m128 | 0F 54 /r',
      'andpd xmm, xmm/m128 | 66 0F 54 /r',
      'andnps xmm, xmm/m128 | 0F 55 /r',
      'andnpd xmm, xmm/m128 | 66 0F 55 /r',
      'orps xmm, xmm/m128 | 0F 56 /r',
      'orpd xmm, xmm/m128 | 66 0F 56 /r',
      'xorps xmm, xmm/m128 | 0F 57 /r',
      'xorpd xmm, xmm/m128 | 66 0F 57 /r',
      'movmskps r32, xmm | 0F 50 /r',
      'movmskpd r32, xmm | 66 0F 50 /r',
      'pcmpeqb xmm, xmm/m128 | 66 0F 74 /r',
      'pcmpeqw xmm, xmm/m128 | 66 0F 75 /r',
      'pcmpeqd xmm, xmm/m128 | 66 0F 76 /r',
      'pcmpeqq xmm, xmm/m128 | 66 0F 38 29 /r',
      'paddd xmm, xmm/m128 | 66 0F FE /r',
      'paddq xmm, xmm/m128 | 66 0F D4 /r',
      'psubd xmm, xmm/m128 | 66 0F FA /r',
      'psubq xmm, xmm/m128 | 66 0F FB /r',
      'pand xmm, xmm/m128 | 66 0F DB /r',
      'pandn xmm, xmm/m128 | 66 0F DF /r',
      'por xmm, xmm/m128 | 66 0F EB /r',
      'pxor xmm, xmm/m128 | 66 0F EF /r',
      'pshufd xmm, xmm/m128, uimm8 | 66 0F 70 /r ib',
      'psllq xmm, uimm8 | 66 0F 73 /6 ib',
      'psrlq xmm, uimm8 | 66 0F 73 /2 ib',
      'pslld xmm, uimm8 | 66 0F 72 /6 ib',
      'psrld xmm, uimm8 | 66 0F 72 /2 ib',
      'ptest xmm, xmm/m128 | 66 0F 38 17 /r',
      'pinsrd xmm, rm32, uimm8 | 66 0F 3A 22 /r ib ; nosfx',
      'pinsrq xmm, rm64, uimm8 | 66 REX.W 0F 3A 22 /r ib ; nosfx',
      'pextrd rm32, xmm, uimm8 | 66 0F 3A 16 /r ib ; nosfx',
      'pextrq rm64, xmm, uimm8 | 66 REX.W 0F 3A 16 /r ib ; nosfx',
    ],
  },
];
