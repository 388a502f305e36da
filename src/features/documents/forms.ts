import { z } from 'zod';
import { DISCLOSURE_METHODS, LAWFUL_BASES } from '../../domain/documents/disclosure.js';
import { plainDate } from '../../domain/calendar/plain-date.js';
import { requiredGovukDate, withDateInputs } from '../../platform/http/govuk-date.js';
import { UUID } from '../../platform/http/route-params.js';
import type { LetterKind } from './letters.js';

const RULES = { earliestYear: 2000 } as const;
export const DATES = {
  meetingDate: { label: 'The date of the conference', rules: RULES },
  disclosedOn: { label: 'The date it was sent', rules: { ...RULES, past: true } },
} as const;

const text = z.string().optional().transform((v) => v ?? '');

function field(f: LetterKind['fields'][number]) {
  if (f.date) return requiredGovukDate(DATES.meetingDate.label, RULES).transform((d) => plainDate(d) as string);
  const max = f.lines ? 3000 : 4000;
  const base = z.string().optional().transform((v) => (v ?? '').trim());
  return base
    .refine((v) => !f.required || v.length > 0, { message: `Write ${f.label.charAt(0).toLowerCase()}${f.label.slice(1)}` })
    .refine((v) => v.length <= max, { message: `Write ${max.toLocaleString('en-GB')} characters or fewer` });
}

/** The letter form for one kind of letter: who to, the language, neutral form, the worker's number and the kind's own fields. */
export function letterForm(kind: LetterKind) {
  const own = Object.fromEntries(kind.fields.map((f) => [f.name, field(f)]));
  return withDateInputs(
    kind.fields.filter((f) => f.date).map((f) => f.name),
    z.looseObject({
      recipient: z.string({ error: 'Choose who the letter is to' }).regex(UUID, 'Choose who the letter is to'),
      language: z.string({ error: 'Choose the language of the letter' }).regex(/^[a-z]{2,3}$/, 'Choose the language of the letter'),
      neutral: z
        .string()
        .optional()
        .transform((v) => v === 'yes'),
      workerPhone: z
        .string()
        .optional()
        .transform((v) => (v ?? '').trim())
        .refine((v) => /^[0-9 +()-]{6,30}$/.test(v), { message: 'Give a phone number they can call you on, like 01632 960 123' }),
      ...own,
    }),
  );
}

export const disclosureForm = withDateInputs(
  ['disclosedOn'],
  z.looseObject({
    recipient: z
      .string()
      .optional()
      .transform((v) => (v ?? '').trim())
      .refine((v) => v.length > 0, { message: 'Say who it went to' })
      .refine((v) => v.length <= 200, { message: 'Write 200 characters or fewer' }),
    disclosedOn: requiredGovukDate(DATES.disclosedOn.label, DATES.disclosedOn.rules).transform((d) => plainDate(d) as string),
    method: z.enum(DISCLOSURE_METHODS, { error: 'Choose how it was sent' }),
    lawfulBasis: z.enum(LAWFUL_BASES, { error: 'Choose the lawful basis for sharing it' }),
    note: text,
  }),
);
