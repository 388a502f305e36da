import { z } from 'zod';
import { CASE_STAGES } from '../../domain/cases/case-events.js';
import { asList } from '../../platform/http/forms.js';
import { NOTE_KINDS, SEEN, type Seen } from '../../domain/cases/case-notes.js';
import { londonInstant, readTimeOfDay } from '../../domain/calendar/london-time.js';
import { plainDate } from '../../domain/calendar/plain-date.js';
import { requiredGovukDate, withDateInputs } from '../../platform/http/govuk-date.js';
import { PROTECTED_INFORMATION } from '../safety/service.js';
import { isMemberRole, UUID } from './case-page.js';
import type { MemberRole } from './queries.js';

/** The forms of the case pages, one schema each. Rules that need the case or the database stay in the service. */

const REASON_MAX = 1000;

/** A reason typed in a box: trimmed, required, at most 1,000 characters. */
const reason = (missing: string) =>
  z.string({ error: missing }).trim().min(1, missing).max(REASON_MAX, `Give a reason of ${REASON_MAX} characters or fewer`);

/** A choice from a list of people or teams that may be left empty: the id, or null. */
const optionalId = (message: string) =>
  z
    .string({ error: message })
    .optional()
    .transform((v) => v ?? '')
    .refine((v) => v === '' || UUID.test(v), message)
    .transform((v) => v || null);

/** A free-text box whose rules (required, length) the service applies. */
const serviceChecked = z.string().optional().transform((v) => v ?? '');

/** When a note's contact happened: the date (past) and the time of day, in London. */
export const NOTE_DATE = { label: 'The date it happened', rules: { past: true, earliestYear: 2000 } } as const;

/**
 * A case note: the kind of contact (never chosen for the worker), when it happened, who was there, the
 * note, and at a visit each child's answer (`seen-<personId>`, which the service requires).
 */
export const noteForm = (childIds: readonly string[]) =>
  withDateInputs(
    ['occurredOn'],
    z
      .object({
        kind: z.enum(NOTE_KINDS, { message: 'Choose what kind of contact this was' }),
        occurredOn: requiredGovukDate(NOTE_DATE.label, NOTE_DATE.rules),
        occurredTime: z
          .string({ error: 'Enter the time it happened, like 14:30' })
          .transform((v, ctx) => readTimeOfDay(v) ?? (ctx.addIssue({ code: 'custom', message: 'Enter the time it happened, like 14:30' }), z.NEVER)),
        present: z.string().optional().transform((v) => v?.trim() || null),
        body: serviceChecked,
        ...Object.fromEntries(childIds.map((id) => [`seen-${id}`, z.enum(SEEN).optional()])),
      })
      .transform((f) => ({
        kind: f.kind,
        occurredAt: londonInstant(plainDate(f.occurredOn), f.occurredTime),
        present: f.present,
        body: f.body,
        seen: Object.fromEntries(childIds.map((id) => [id, (f as Record<string, unknown>)[`seen-${id}`] as Seen | undefined])),
      })),
  );

/** Correcting a note: the corrected text and why; the service keeps the original. */
export const amendNoteForm = z.object({ body: serviceChecked, reason: serviceChecked });

export const incidentReviewForm = z.object({ note: serviceChecked });

export const allocationForm = z
  .object({ workerId: optionalId('Choose a worker from the list'), teamId: optionalId('Choose a team from the list') })
  .refine((f) => f.workerId || f.teamId, { message: 'Choose a worker or a team', path: ['workerId'] });

const choosePerson = 'Choose the person from the people on this case';
const chooseInformation = 'Choose what they must not receive';

/** Adding someone to the must-not-receive list: one of the people on the case (`memberIds`). */
export const mustNotReceiveForm = (memberIds: readonly string[]) =>
  z.object({
    personId: z.string({ error: choosePerson }).refine((id) => memberIds.includes(id), choosePerson),
    information: z.preprocess(asList, z.array(z.enum(PROTECTED_INFORMATION, { error: chooseInformation })).min(1, chooseInformation)),
    reason: reason('Give the reason'),
  });

/** Removing an entry from the must-not-receive list: the button is the whole form. */
/** Taking a name off the must-not-receive list: the reason, which the service requires. */
export const removeMustNotReceiveForm = z.object({ reason: serviceChecked });

const choosePersonFound = 'Choose a person from the search results';
const chooseRole = 'Choose their role on the case';

export const newMemberForm = z.object({
  personId: z.string({ error: choosePersonFound }).regex(UUID, choosePersonFound),
  role: z.custom<MemberRole>(isMemberRole, chooseRole),
});

/** Changing the stage, closing or reopening: the form's hidden `change` field says which. */
export const caseStatusForm = z.discriminatedUnion(
  'change',
  [
    z.object({ change: z.literal('stage'), stage: z.enum(CASE_STAGES, { error: 'Choose the new stage' }), reason: reason('Give the reason for changing the stage') }),
    z.object({ change: z.literal('close'), reason: reason('Give the reason for closing the case') }),
    z.object({ change: z.literal('reopen'), reason: reason('Give the reason for reopening the case') }),
  ],
  { error: 'Choose what to change' },
);

export interface ChosenMember {
  personId: string;
  role: MemberRole;
}

/** Members travel in the address and the form as `m=<person id>.<role>`, so the page needs no JavaScript or session. */
export function parseMembers(values: unknown): { members: ChosenMember[]; bad: boolean } {
  const members: ChosenMember[] = [];
  let bad = false;
  for (const value of asList(values)) {
    const [personId = '', role = ''] = value.split('.');
    if (!UUID.test(personId) || !isMemberRole(role)) {
      bad = true;
      continue;
    }
    if (!members.some((m) => m.personId === personId.toLowerCase())) members.push({ personId: personId.toLowerCase(), role });
  }
  return { members, bad };
}

export const newCaseForm = z.object({
  m: z.unknown().transform((values, ctx) => {
    const { members, bad } = parseMembers(values);
    if (bad) ctx.addIssue({ code: 'custom', message: 'Choose people who are on the system' });
    else if (!members.some((m) => m.role === 'child')) ctx.addIssue({ code: 'custom', message: 'Add at least one child to the case' });
    return members;
  }),
  stage: z.enum(CASE_STAGES, { error: 'Choose the stage of the case' }),
  workerId: optionalId('Choose a worker from the list'),
  teamId: optionalId('Choose a team from the list'),
});

/** The team manager's answer to a step-down or closure a worker asked for. */
export const changeDecisionForm = z.object({
  decision: z.enum(['approve', 'return'], { error: 'Choose whether to approve the change or return it' }),
  comment: z.string().optional().transform((v) => v ?? ''),
});
