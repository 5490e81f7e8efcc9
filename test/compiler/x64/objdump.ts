// Runs binutils' objdump, the independent disassembler, over raw x86-64 bytes.
//
// The golden tests check our encoder and printer against it. Its output is
// normalised only for cosmetic differences: whitespace, '# target' comments
// after RIP-relative operands, '<symbol>' annotations, and absolute branch
// targets (rewritten relative to the instruction, as our printer prints them).
// If objdump is missing, objdumpAvailability() says so; callers must fail or
// skip visibly, never pass.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Disassembled {
  readonly address: number;
  readonly bytes: string;
  /** Normalised text, comparable with formatInstruction's output. */
  readonly text: string;
}

export function objdumpAvailability(): { ok: true } | { ok: false; why: string } {
  const r = spawnSync('objdump', ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return { ok: false, why: `objdump not runnable: ${r.error?.message ?? r.stderr}` };
  return { ok: true };
}

const BRANCH = /^(j[a-z]+|call|jmp)\s+0x([0-9a-f]+)$/;

export function normaliseObjdumpText(text: string, address: number, absoluteTargets = false): string {
  let t = text.replace(/\s+#.*$/, '').replace(/\s*<[^>]*>/g, '').trim().replace(/\s+/g, ' ');
  const m = absoluteTargets ? null : BRANCH.exec(t);
  if (m) {
    const rel = BigInt.asIntN(64, BigInt('0x' + m[2]) - BigInt(address));
    t = `${m[1]} ${rel < 0n ? '.-0x' + (-rel).toString(16) : '.+0x' + rel.toString(16)}`;
  }
  return t;
}

/** Disassembles; branch targets become '.+0xN' unless absoluteTargets keeps objdump's addresses. */
export function objdump(bytes: Uint8Array, options: { absoluteTargets?: boolean } = {}): Disassembled[] {
  const dir = mkdtempSync(join(tmpdir(), 'corral-x64-'));
  try {
    const file = join(dir, 'code.bin');
    writeFileSync(file, bytes);
    const r = spawnSync('objdump', ['-D', '-b', 'binary', '-mi386:x86-64', '--insn-width=16', file], {
      encoding: 'utf8', maxBuffer: 256 * 1024 * 1024,
    });
    if (r.status !== 0) throw new Error(`objdump failed: ${r.stderr}`);
    const out: Disassembled[] = [];
    for (const line of r.stdout.split('\n')) {
      const m = /^\s*([0-9a-f]+):\t([0-9a-f ]+?)\s*\t(.*)$/.exec(line);
      if (!m) continue;
      const address = parseInt(m[1]!, 16);
      out.push({ address, bytes: m[2]!.trim(), text: normaliseObjdumpText(m[3]!, address, options.absoluteTargets ?? false) });
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
