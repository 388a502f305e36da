import { z } from 'zod';
import { plainDate, type PlainDate } from '../../domain/calendar/plain-date.js';
import { HELD_REASONS } from '../../domain/safety-plans/reviews.js';
import { MADE_WITH } from '../../domain/safety-plans/safety-rules.js';
import { CHILD_SECTIONS, VICTIM_SECTIONS } from '../../domain/safety-plans/sections.js';
import { govukDate, requiredGovukDate, withDateInputs } from '../../platform/http/govuk-date.js';
import { UUID } from '../../platform/http/route-params.js';

/** The safety plan forms, one schema each. Rules that need the case (who is on it, dates against the plan) are the service's. */

const RULES = { earliestYear: 2000 } as const;
export const DATES = {
  madeOn: { label: 'The date the plan was made', rules: RULES },
  heldOn: { label: 'The date of the review', rules: RULES },
  agreedOn: { label: 'The date they agreed', rules: RULES },
} as const;

const day = (name: keyof typeof DATES) => requiredGovukDate(DATES[name].label, DATES[name].rules).transform((d): PlainDate => plainDate(d));
const optionalDay = (name: keyof typeof DATES) => govukDate(DATES[name].label, DATES[name].rules).transform((d) => (d ? plainDate(d) : null));
const text = z.string().optional().transform((v) => v ?? '');
const person = (message: string) => z.string({ error: message }).regex(UUID, message);
const yesNo = (message: string) => z.enum(['yes', 'no'], { error: message }).transform((v) => v === 'yes');
const ticked = z.string().optional().transform((v) => v === 'yes');
const version = z.coerce.number({ error: 'Open the plan again and make your changes' }).int().min(1, 'Open the plan again and make your changes');

const sectionFields = (keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, text])) as Record<string, typeof text>;
const victimKeys = VICTIM_SECTIONS.map((s) => s.key);
const childKeys = CHILD_SECTIONS.map((s) => s.key);
const pick = (form: Record<string, unknown>, keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, String(form[k] ?? '')]));

export const victimPlanForm = withDateInputs(
  ['madeOn'],
  z.object({ personId: person('Choose who the plan is for'), madeWith: z.enum(MADE_WITH, { error: 'Choose who made the plan with her' }), madeWithName: text, madeOn: day('madeOn'), ...sectionFields(victimKeys) }).transform((f) => ({
    personId: f.personId,
    madeWith: f.madeWith,
    madeWithName: f.madeWithName,
    madeOn: f.madeOn,
    sections: pick(f, victimKeys),
  })),
);

export const childPlanForm = withDateInputs(
  ['madeOn'],
  z.object({ personId: person('Choose the child the plan is for'), understanding: ticked, understandingReason: text, madeOn: day('madeOn'), ...sectionFields(childKeys) }).transform((f) => ({
    personId: f.personId,
    understanding: f.understanding,
    understandingReason: f.understandingReason,
    madeOn: f.madeOn,
    sections: pick(f, childKeys),
  })),
);

/** Editing a plan: its own sections, and the version it was opened at. */
export const sectionsForm = (kind: 'victim' | 'child') => {
  const keys = kind === 'victim' ? victimKeys : childKeys;
  return z.object({ version, ...sectionFields(keys) }).transform((f) => ({ version: f.version, sections: pick(f, keys) }));
};

export const reviewForm = withDateInputs(
  ['heldOn'],
  z.object({ heldOn: day('heldOn'), reason: z.enum(HELD_REASONS, { error: 'Choose why the plan was reviewed' }), whatChanged: text }),
);

export const printForm = z.object({
  copy: z.enum(['theirs', 'theirs-titled', 'professional'], { error: 'Choose who the copy is for' }),
  recipientName: text,
  recipientAgency: text,
});

export const rulesForm = withDateInputs(
  ['agreedOn'],
  z.object({ rules: text, agreed: yesNo('Say whether they have agreed the rules'), agreedOn: optionalDay('agreedOn'), version: z.string().optional().transform((v) => (v ? Number(v) : null)) }),
);

export const networkMemberForm = withDateInputs(
  ['agreedOn'],
  z.object({
    name: text,
    relationship: text,
    phone: text,
    email: text,
    knowsWorries: ticked,
    knowsRedFlags: ticked,
    whatToDo: text,
    agreed: yesNo('Say whether they have agreed to be part of the plan'),
    agreedOn: optionalDay('agreedOn'),
    withhold: ticked,
    withholdReason: text,
  }),
);
