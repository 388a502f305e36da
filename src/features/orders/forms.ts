import { z } from 'zod';
import { plainDate, type PlainDate } from '../../domain/calendar/plain-date.js';
import { CONTACT_SOURCES } from '../../domain/contacts/contact.js';
import { END_REASONS, ORDER_KINDS } from '../../domain/orders/orders.js';
import { asList } from '../../platform/http/forms.js';
import { govukDate, requiredGovukDate, withDateInputs } from '../../platform/http/govuk-date.js';
import { UUID } from '../../platform/http/route-params.js';

/** The orders forms, one schema each. Rules that need the case or the order are the domain's, through the service. */

const RULES = { earliestYear: 2000 } as const;
export const DATES = {
  startsOn: { label: 'The date it started', rules: RULES },
  expiresOn: { label: 'The expiry date', rules: RULES },
  variedOn: { label: 'The date it was varied', rules: RULES },
  endedOn: { label: 'The date it ended', rules: RULES },
  occurredOn: { label: 'The date it happened', rules: RULES },
} as const;

const day = (name: keyof typeof DATES) => requiredGovukDate(DATES[name].label, DATES[name].rules).transform((d): PlainDate => plainDate(d));
const optionalDay = (name: keyof typeof DATES) => govukDate(DATES[name].label, DATES[name].rules).transform((d): PlainDate | null => (d ? plainDate(d) : null));
const text = z.string().optional().transform((v) => v ?? '');
const ticked = z
  .preprocess(asList, z.array(z.string()))
  .transform((v) => v.includes('yes'));
const yesNo = (message: string) => z.enum(['yes', 'no'], { error: message }).transform((v) => v === 'yes');

export const orderForm = withDateInputs(
  ['startsOn', 'expiresOn'],
  z.object({
    kind: z.enum(ORDER_KINDS, { error: 'Choose the kind of order' }),
    protectedIds: z.preprocess(asList, z.array(z.string().regex(UUID, 'Choose people on this case'))),
    boundId: z.string().optional().transform((v) => v ?? '').refine((v) => v === '' || UUID.test(v), 'Choose a person on this case'),
    madeBy: text,
    startsOn: day('startsOn'),
    givenTime: text,
    expiresOn: optionalDay('expiresOn'),
    conditions: text,
    exclusionZone: text,
    withholdZone: ticked,
  }),
);

export const variationForm = withDateInputs(
  ['variedOn', 'expiresOn'],
  z.object({
    variedOn: day('variedOn'),
    expiresOn: optionalDay('expiresOn'),
    noExpiry: ticked,
    conditions: text,
    reason: text,
    version: z.coerce.number({ error: 'Open the order again and make your change' }).int(),
  }),
);

export const endForm = withDateInputs(
  ['endedOn'],
  z.object({
    endedOn: day('endedOn'),
    reason: z.enum(END_REASONS, { error: 'Choose why it ended' }),
    note: text,
  }),
);

export const breachForm = withDateInputs(
  ['occurredOn'],
  z.object({
    occurredOn: day('occurredOn'),
    occurredTime: text,
    source: z.enum(CONTACT_SOURCES, { error: 'Choose who told you about it' }),
    reference: text,
    summary: text,
    childrenPresent: yesNo('Say whether the children were there'),
    injuries: yesNo('Say whether anyone was hurt'),
    weaponUsed: yesNo('Say whether a weapon was used'),
    alcoholOrDrugs: yesNo('Say whether alcohol or drugs were involved'),
  }),
);

export const settingsForm = z.object({
  days: z.coerce.number({ error: 'Enter a whole number of days from 1 to 365' }).int('Enter a whole number of days from 1 to 365'),
});
