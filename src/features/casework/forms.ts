import { z } from 'zod';
import { ABUSE_CATEGORIES, ENQUIRY_OUTCOMES, STRATEGY_DECISIONS } from '../../domain/casework/child-protection.js';
import { INTERPRETER_KINDS, VISIT_KINDS } from '../../domain/casework/visits.js';
import { plainDate, type PlainDate } from '../../domain/calendar/plain-date.js';
import { asList } from '../../platform/http/forms.js';
import { govukDate, requiredGovukDate, withDateInputs } from '../../platform/http/govuk-date.js';
import { UUID } from '../../platform/http/route-params.js';

/** The casework forms, one schema each. Rules that need the case (dates in order, children on the case) are the services'. */

const RULES = { earliestYear: 2000 } as const;
export const DATES = {
  heldOn: { label: 'The date it was held', rules: RULES },
  outcomeOn: { label: 'The date of the outcome', rules: RULES },
  startedOn: { label: 'The date the plan started', rules: RULES },
  endedOn: { label: 'The date the plan ended', rules: RULES },
  dueOn: { label: 'The date it is due by', rules: RULES },
  reviewOn: { label: 'The date of the review', rules: RULES },
  happenedOn: { label: 'The date', rules: RULES },
} as const;

const day = (name: keyof typeof DATES) => requiredGovukDate(DATES[name].label, DATES[name].rules).transform((d): PlainDate => plainDate(d));
const text = z.string().optional().transform((v) => v ?? '');
const ids = (message: string) => z.preprocess(asList, z.array(z.string().regex(UUID, message)));
const yesNo = (message: string) => z.enum(['yes', 'no'], { error: message }).transform((v) => v === 'yes');
const optionalYesNo = z
  .enum(['yes', 'no', ''])
  .optional()
  .transform((v) => (v === 'yes' ? true : v === 'no' ? false : null));

/** How many rows of attendees the strategy discussion form offers (without JavaScript, the rows are all there). */
export const ATTENDEE_ROWS = 8;
/** How many parts a conference form offers. */
export const CONFERENCE_PARTS = 3;

export const strategyDiscussionForm = withDateInputs(
  ['heldOn'],
  z
    .looseObject({
      heldOn: day('heldOn'),
      decision: z.enum(STRATEGY_DECISIONS, { error: 'Choose what the strategy discussion decided' }),
      reasons: text,
      immediateActions: text,
      childIds: ids('Choose children from the list'),
    })
    .transform((form) => {
      const rows = Array.from({ length: ATTENDEE_ROWS }, (_, i) => ({ agency: String(form[`agency-${i + 1}`] ?? ''), name: String(form[`name-${i + 1}`] ?? '') }));
      return { heldOn: form.heldOn, decision: form.decision, reasons: form.reasons, immediateActions: form.immediateActions, childIds: form.childIds, attendees: rows };
    }),
);

export const enquiryOutcomeForm = withDateInputs(
  ['outcomeOn'],
  z.object({
    outcome: z.enum(ENQUIRY_OUTCOMES, { error: 'Choose the outcome of the enquiry' }),
    outcomeOn: day('outcomeOn'),
  }),
);

export const conferenceForm = withDateInputs(
  ['heldOn'],
  z
    .looseObject({
      heldOn: day('heldOn'),
      split: yesNo('Say whether the conference was held in parts'),
      decision: z.enum(['plan', 'no-plan', 'continue', 'end'], { error: 'Choose what the conference decided' }),
      category: z
        .enum([...ABUSE_CATEGORIES, ''], { error: 'Choose the category of abuse' })
        .optional()
        .transform((v) => (v ? v : null)),
      chair: text,
      reasons: text,
    })
    .transform((form) => ({
      heldOn: form.heldOn,
      split: form.split,
      decision: form.decision,
      category: form.category,
      chair: form.chair,
      reasons: form.reasons,
      parts: Array.from({ length: CONFERENCE_PARTS }, (_, i) => ({
        attendees: String(form[`part-${i + 1}-attendees`] ?? ''),
        withVictim: asList(form[`part-${i + 1}-with`]).includes('victim'),
        withPersonCausingHarm: asList(form[`part-${i + 1}-with`]).includes('person-causing-harm'),
      })),
    })),
);

export const childInNeedPlanForm = withDateInputs(['startedOn'], z.object({ startedOn: day('startedOn'), childIds: ids('Choose children from the list') }));

export const outcomesForm = z.object({
  outcomes: z
    .string()
    .optional()
    .transform((v) => (v ?? '').split(/\r?\n/)),
  version: z.coerce.number({ error: 'Open the plan again and make your changes' }).int(),
});

export const actionForm = withDateInputs(
  ['dueOn'],
  z.object({
    need: text,
    action: text,
    owner: z.string({ error: 'Choose who will do it: a person on the case or an agency' }).regex(/^(agency|[0-9a-f-]{36})$/, 'Choose who will do it from the list'),
    ownerAgency: text,
    dueOn: govukDate(DATES.dueOn.label, DATES.dueOn.rules).transform((d) => (d ? plainDate(d) : null)),
  }),
);

export const reviewForm = withDateInputs(
  ['heldOn'],
  z
    .looseObject({ heldOn: day('heldOn'), progress: text, actionIds: ids('An action given is not on this plan') })
    .transform((form) => ({
      heldOn: form.heldOn,
      progress: form.progress,
      actions: form.actionIds.map((actionId) => ({ actionId, status: String(form[`status-${actionId}`] ?? ''), note: String(form[`note-${actionId}`] ?? '') })),
    })),
);

export const endPlanForm = withDateInputs(['endedOn'], z.object({ endedOn: day('endedOn'), reason: text }));

export const bringForwardForm = withDateInputs(['reviewOn'], z.object({ reviewOn: day('reviewOn') }));

export const visitForm = withDateInputs(
  ['happenedOn'],
  z.object({
    kind: z.enum(VISIT_KINDS, { error: 'Choose what happened' }),
    happenedOn: day('happenedOn'),
    childId: z
      .string()
      .optional()
      .transform((v) => (v ? v : null))
      .refine((v) => v === null || UUID.test(v), 'Choose a child on this case'),
    seen: optionalYesNo,
    seenAlone: optionalYesNo,
    othersPresent: text,
    interpreter: z
      .enum(INTERPRETER_KINDS, { error: 'Say who interpreted, or that no interpreter was needed' })
      .optional()
      .transform((v) => v ?? 'none'),
    interpreterName: text,
    agency: text,
    note: text,
  }),
);

export const visitFrequencyForm = z.object({
  cp: z.coerce.number({ error: 'Enter a whole number of working days from 1 to 65' }).int('Enter a whole number of working days from 1 to 65'),
  cin: z.coerce.number({ error: 'Enter a whole number of working days from 1 to 65' }).int('Enter a whole number of working days from 1 to 65'),
});

