/** The kinds of question an assessment section asks, and reading the answers a form sent. */

export interface Option {
  value: string;
  label: string;
}

export type Field =
  | { name: string; kind: 'text'; label: string; hint?: string; required: boolean; max?: number; rows?: number }
  | { name: string; kind: 'choice'; label: string; hint?: string; required: boolean; options: readonly Option[] }
  | { name: string; kind: 'checkboxes'; label: string; hint?: string; required: boolean; options: readonly Option[] };

export type Answers = Record<string, string | string[]>;

export interface Problem {
  field: string;
  message: string;
}

export const TEXT_MAX = 5000;

const lower = (label: string) => label.charAt(0).toLowerCase() + label.slice(1);

function asList(value: unknown): string[] {
  if (value === undefined || value === null || value === '') return [];
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string' && v !== '');
}

/** Whether a field holds an answer. */
export function answered(value: string | string[] | undefined): boolean {
  return Array.isArray(value) ? value.length > 0 : Boolean(value && value.trim());
}

/**
 * The answers to these fields from what a form sent: text trimmed, a choice or boxes only from their
 * options. Problems name the field: text over its limit, a choice or box not offered.
 */
export function readAnswers(fields: readonly Field[], body: Record<string, unknown>): { answers: Answers; problems: Problem[] } {
  const answers: Answers = {};
  const problems: Problem[] = [];
  for (const f of fields) {
    const raw = body[f.name];
    if (f.kind === 'text') {
      const text = typeof raw === 'string' ? raw.replace(/\r\n/g, '\n').trim() : '';
      const max = f.max ?? TEXT_MAX;
      if (text.length > max) problems.push({ field: f.name, message: `${f.label} must be ${max} characters or fewer` });
      answers[f.name] = text;
    } else if (f.kind === 'choice') {
      const value = typeof raw === 'string' ? raw : '';
      if (value && !f.options.some((o) => o.value === value)) problems.push({ field: f.name, message: `Choose an answer from the list for “${lower(f.label)}”` });
      answers[f.name] = value;
    } else {
      const values = [...new Set(asList(raw))];
      if (values.some((v) => !f.options.some((o) => o.value === v))) problems.push({ field: f.name, message: `Choose only from the boxes shown for “${lower(f.label)}”` });
      answers[f.name] = values;
    }
  }
  return { answers, problems };
}

/** The questions still to answer before a section can be marked complete, each named. */
export function missingAnswers(fields: readonly Field[], answers: Answers): Problem[] {
  return fields.filter((f) => f.required && !answered(answers[f.name])).map((f) => ({ field: f.name, message: `Answer “${lower(f.label)}” before you mark the section complete` }));
}

const same = (a: string | string[] | undefined, b: string | string[] | undefined) => {
  const norm = (v: string | string[] | undefined) => (Array.isArray(v) ? [...v].sort().join('\u0000') : (v ?? ''));
  return norm(a) === norm(b);
};

/** The names of the answers that differ between two saves (a list compared regardless of order). */
export function changedFields(before: Answers, after: Answers): string[] {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return names.filter((n) => !same(before[n], after[n])).sort();
}
