import { z } from 'zod';
import { plainDate, type PlainDate } from '../../domain/calendar/plain-date.js';
import { RED_FLAG_CODES } from '../../domain/escalation/red-flags.js';
import { BOOKING_PURPOSES, INTERPRETER_KINDS, INTERPRETER_SEXES } from '../../domain/interpreting/interpreters.js';
import { asList } from '../../platform/http/forms.js';
import { requiredGovukDate, withDateInputs } from '../../platform/http/govuk-date.js';

/** The forms for red flags, escalations, the area's numbers and interpreter bookings. Rules that need the case are the services'. */

const RULES = { earliestYear: 2000 } as const;
export const DATES = {
  noticedOn: { label: 'The date', rules: { ...RULES, past: true } },
  decidedOn: { label: 'The date of the decision', rules: { ...RULES, past: true } },
  on: { label: 'The date', rules: RULES },
} as const;

const day = (name: keyof typeof DATES) => requiredGovukDate(DATES[name].label, DATES[name].rules).transform((d): PlainDate => plainDate(d));
const text = z.string().optional().transform((v) => v ?? '');

export const redFlagForm = withDateInputs(
  ['noticedOn'],
  z.object({
    flag: z.enum(RED_FLAG_CODES as [string, ...string[]], { error: 'Choose the red flag' }),
    noticedOn: day('noticedOn'),
    note: text,
  }),
);

export const discussionForm = withDateInputs(
  ['decidedOn'],
  z.object({
    decision: text,
    decidedBy: text,
    decidedOn: day('decidedOn'),
  }),
);

const whole = (message: string) => z.coerce.number({ error: message }).int(message);
export const settingsForm = z.object({
  missedCount: whole('Enter a whole number of missed appointments from 1 to 10'),
  missedDays: whole('Enter a whole number of days from 1 to 365'),
  escalatingFlags: z.preprocess(asList, z.array(z.enum(RED_FLAG_CODES as [string, ...string[]], { error: 'Choose red flags from the list' }))),
});

export const bookingForm = withDateInputs(
  ['on'],
  z.object({
    personId: z.string({ error: 'Choose the person the interpreter is for' }).min(1, 'Choose the person the interpreter is for'),
    language: text,
    dialect: text,
    on: day('on'),
    time: text,
    purpose: z.enum(BOOKING_PURPOSES, { error: 'Choose what the interpreter is booked for' }),
    details: text,
    interpreterKind: z.enum(INTERPRETER_KINDS, { error: 'Say who is interpreting' }),
    interpreterName: text,
    agency: text,
    interpreterSex: z
      .enum([...INTERPRETER_SEXES, ''])
      .optional()
      .transform((v) => (v ? v : null)),
  }),
);
