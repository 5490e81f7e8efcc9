// The parsed encoding table: every row of forms.ts as a Form, by key and by group.
//
// Parsing happens once at module load; a malformed or duplicated row throws
// here, so no build with a broken table can run. `form(key)` is how code names
// a form ('add rm64, imm8'); hot paths look forms up once, at load, never per
// instruction.
//
// Must not import: anything outside src/compiler/x64.

import { InternalError } from '../errors.js';
import { Form } from './form.js';
import { ROW_GROUPS } from './forms.js';
import { COND_NAMES } from './registers.js';

/** Expands `{cc}` / `+cc` rows into one row per condition, in condition order. */
function expandConditions(row: string): string[] {
  if (!row.includes('{cc}')) return [row];
  const m = /\b([0-9A-F]{2})\+cc\b/.exec(row);
  if (!m) throw new InternalError(`encoding row '${row}': {cc} without +cc`);
  const base = parseInt(m[1]!, 16);
  return COND_NAMES.map((name, cc) =>
    row.replace('{cc}', name).replace(m[0], (base + cc).toString(16).toUpperCase().padStart(2, '0')));
}

const byKey = new Map<string, Form>();
const byGroup = new Map<string, Form[]>();
const all: Form[] = [];
for (const { group, rows } of ROW_GROUPS) {
  const list: Form[] = [];
  for (const row of rows) {
    for (const expanded of expandConditions(row)) {
      const f = new Form(expanded, group);
      if (byKey.has(f.key)) throw new InternalError(`duplicate encoding row key '${f.key}'`);
      byKey.set(f.key, f);
      list.push(f);
      all.push(f);
    }
  }
  byGroup.set(group, list);
}

/** Every form, in table order. */
export const ALL_FORMS: readonly Form[] = all;

/** The form with this key, e.g. 'add rm64, imm8'; throws if the table lacks it. */
export function form(key: string): Form {
  const f = byKey.get(key);
  if (!f) throw new InternalError(`no encoding row '${key}'`);
  return f;
}

export function hasForm(key: string): boolean {
  return byKey.has(key);
}

export function formsOfGroup(group: string): readonly Form[] {
  return byGroup.get(group) ?? [];
}

export function groups(): readonly string[] {
  return [...byGroup.keys()];
}
