import { z } from 'zod';
import { readTimeOfDay } from '../../domain/calendar/london-time.js';
import { plainDate } from '../../domain/calendar/plain-date.js';
import { AGENCY_SECTORS } from '../../domain/marac/agencies.js';
import { CADENCES } from '../../domain/marac/meetings.js';
import { asList } from '../../platform/http/forms.js';
import { govukDate, requiredGovukDate, withDateInputs } from '../../platform/http/govuk-date.js';
import { UUID } from '../../platform/http/route-params.js';

/** The forms of the Marac's set-up and meetings, one schema each. Rules that need the database stay in the services. */

/** A free-text box whose rules (required, length) the service applies. */
const serviceChecked = z.string().optional().transform((v) => v ?? '');

/** A whole number typed in a box; its range is the service's. */
const wholeNumber = (label: string) =>
  z
    .string({ error: `Enter ${label}` })
    .trim()
    .min(1, `Enter ${label}`)
    .regex(/^\d{1,4}$/, `Enter ${label} as a whole number, like 16`)
    .transform(Number);

const ids = (message: string) => z.preprocess(asList, z.array(z.string().regex(UUID, message)));

const time = (label: string) =>
  z.string({ error: `Enter ${label}, like 10:00` }).transform((v, ctx) => readTimeOfDay(v) ?? (ctx.addIssue({ code: 'custom', message: `Enter ${label}, like 10:00` }), z.NEVER));

export const newAgencyForm = z.object({
  name: serviceChecked,
  sector: z.enum(AGENCY_SECTORS, { error: 'Choose what kind of agency it is' }),
});

/** The agency's name and its offer list, one offer a line. */
export const agencyForm = z.object({
  name: serviceChecked,
  offers: z.string().optional().transform((v) => (v ?? '').split(/\r?\n/)),
});

export const representativesForm = z.object({ userIds: ids('Choose representatives from the list') });

export const panelForm = z.object({
  name: serviceChecked,
  meetingCap: wholeNumber('how many cases a meeting takes'),
  circulateDays: wholeNumber('how many working days before the meeting the agenda goes out'),
  researchDays: wholeNumber('how many working days before the meeting research is due'),
  windowDays: wholeNumber('how many days after the meeting representatives keep sight of its cases'),
  agencyIds: ids('Choose agencies from the list'),
});

export const MEETING_DATE = { label: 'The date of the meeting', rules: { earliestYear: 2020 } } as const;

export const scheduleForm = withDateInputs(
  ['firstDay'],
  z.object({
    panelId: z.string({ error: 'Choose the panel' }).regex(UUID, 'Choose the panel'),
    firstDay: requiredGovukDate(MEETING_DATE.label, MEETING_DATE.rules).transform((d) => plainDate(d)),
    time: time('the time the meeting starts'),
    cadence: z.enum(CADENCES, { error: 'Choose whether this is one meeting or a series' }),
    count: z
      .string()
      .optional()
      .transform((v) => (v ?? '').trim())
      .pipe(z.union([z.literal('').transform(() => 1), z.string().regex(/^\d{1,2}$/, 'Enter how many meetings, like 6').transform(Number)])),
    venue: z.string().optional().transform((v) => v?.trim() || null),
    onlineLink: z.string().optional().transform((v) => v?.trim() || null),
    chair: serviceChecked,
  }),
);

export const moveForm = withDateInputs(
  ['day'],
  z.object({
    day: requiredGovukDate('The new date', MEETING_DATE.rules).transform((d) => plainDate(d)),
    time: time('the time the meeting starts'),
    reason: serviceChecked,
  }),
);

export const reasonForm = z.object({ reason: serviceChecked });

export const acceptForm = z.object({ meetingId: z.string({ error: 'Choose a meeting' }).regex(UUID, 'Choose a meeting') });

export const declineForm = z.object({ reason: serviceChecked, routedTo: serviceChecked });

export const releaseForm = z.object({
  agencyId: z.string({ error: 'Choose the agency' }).regex(UUID, 'Choose the agency'),
  reason: serviceChecked,
  lawfulBasis: serviceChecked,
});

/** A form that is only a button (circulating the agenda, putting it in order). */
export const buttonForm = z.object({});

/** Attendance: for each member agency whether it was present (and who came), sent apologies or was absent. */
export const attendanceForm = (agencyIds: readonly string[]) =>
  z.object(Object.fromEntries(agencyIds.flatMap((id) => [[`status-${id}`, z.string().optional().transform((v) => v ?? '')], [`representative-${id}`, serviceChecked]]))).transform((f) => {
    const v = f as Record<string, string>;
    return agencyIds.map((agencyId) => ({ agencyId, status: v[`status-${agencyId}`] ?? '', representative: v[`representative-${agencyId}`] ?? '' }));
  });

export const caseRecordForm = z.object({ informationShared: serviceChecked, riskCodes: z.preprocess(asList, z.array(z.string())), riskOther: serviceChecked });

export const reviewForm = z.object({ verdict: serviceChecked, note: serviceChecked });

export const ACTION_DUE = { label: 'The date it is due', rules: { earliestYear: 2020 } } as const;

export const actionForm = withDateInputs(
  ['dueOn'],
  z.object({
    risks: z.preprocess(asList, z.array(z.string())),
    aim: serviceChecked,
    forWhom: serviceChecked,
    agencyId: serviceChecked,
    ownerName: serviceChecked,
    // The service names a missing or impossible date; a date the boxes cannot make is refused here.
    dueOn: govukDate(ACTION_DUE.label, ACTION_DUE.rules).transform((d) => d ?? ''),
    copiedFrom: z.string().optional().transform((v) => (v && UUID.test(v) ? v : null)),
    copyReason: serviceChecked,
  }),
);

export const outcomeForm = z.object({ outcome: serviceChecked, outcomeReason: serviceChecked });

export const correctionForm = z.object({ correction: serviceChecked, reason: serviceChecked });

export const statusForm = z.object({ status: serviceChecked, note: serviceChecked });
