import { UUID } from '../../platform/http/route-params.js';
import { z } from 'zod';
import { compareDates, isPlainDate, londonDate, type PlainDate } from '../../domain/calendar/plain-date.js';
import { jsonPointer } from '../../platform/http/api-errors.js';

/**
 * A referral to the Marac: one schema for the referral form, the API (POST /api/v1/marac-referrals) and
 * the service, so the same rules hold however a referral arrives.
 *
 * - Consent is always stated: `given` or `not-given`; without consent, the lawful basis for sharing.
 * - The risks, in the referrer's own words.
 * - The person causing harm is named (`personCausingHarmId`, a person on the records) or stated not
 *   known (`null`; the form's "Not known" answer). Leaving it out is refused: a Marac needs to know
 *   whether the referrer could say who it is, and a referrer who knows but cannot find them on the
 *   records says so in the risks.
 * - At least one criterion; the reason when one is professional judgement.
 *
 * `referralDetails` is what the referrer says; `maracReferral` adds whom the referral is about and when
 * (the form gets those from the address and its date inputs). The service checks with `checkReferral`.
 */

export const CRITERIA_CODES = ['visible-high-risk', 'professional-judgement', 'potential-escalation', 'repeat'] as const;
export type CriterionCode = (typeof CRITERIA_CODES)[number];

const REFERRAL_MESSAGES = {
  referringAgency: 'Enter the referring agency',
  criteria: 'Choose at least one criterion the referral meets',
  criterion: 'Choose from the criteria listed',
  judgementReason: 'Give the reason for referring on professional judgement',
  personCausingHarm: 'Say who is causing harm, or that they are not known',
  consent: 'Say whether the victim consented to the referral',
  lawfulBasis: 'Without consent, give the lawful basis for sharing the victim’s information',
  risks: 'Describe the risks in your own words',
  referredAt: 'referredAt must be a date like 2026-11-20, or a date and time',
  futureReferral: 'The date of the referral cannot be in the future',
  latestIncident: 'The latest incident must be a real date on or before the referral',
} as const;

const id = (what: string) => z.string({ error: `${what} must be the id of a record` }).regex(UUID, `${what} must be the id of a record`);
const tooLong = (max: number) => `Keep this to ${max} characters or fewer`;
const optionalText = (max: number) => z.string().trim().max(max, tooLong(max)).optional();
const requiredText = (max: number, message: string) => z.string({ error: message }).trim().min(1, message).max(max, tooLong(max));

/** The fields a cross-field rule reads; any may be missing or wrong, as the rules also run when a field failed. */
interface RuleFields {
  criteria?: unknown;
  judgementReason?: unknown;
  consent?: unknown;
  lawfulBasis?: unknown;
  referredAt?: unknown;
  latestIncidentOn?: unknown;
}

const blank = (value: unknown) => value === undefined || (typeof value === 'string' && !value.trim());
/** Run the rules even when a field failed (so the form lists every problem at once), but only on an object. */
const always = { when: (payload: { value: unknown }) => typeof payload.value === 'object' && payload.value !== null };

/** The rules across what the referrer says: the lawful basis without consent, the reason for professional judgement. */
function detailRules(r: RuleFields, ctx: z.RefinementCtx): void {
  if (r.consent === 'not-given' && blank(r.lawfulBasis)) ctx.addIssue({ code: 'custom', path: ['lawfulBasis'], message: REFERRAL_MESSAGES.lawfulBasis });
  if (Array.isArray(r.criteria) && r.criteria.includes('professional-judgement') && blank(r.judgementReason)) {
    ctx.addIssue({ code: 'custom', path: ['judgementReason'], message: REFERRAL_MESSAGES.judgementReason });
  }
}

/** The day a referral was made: the date given, or the London date of the time given. */
export function referralDay(referredAt: string): PlainDate {
  return (referredAt.length > 10 ? londonDate(new Date(referredAt)) : referredAt.slice(0, 10)) as PlainDate;
}

const isReferredAt = (v: string) => isPlainDate(v.slice(0, 10)) && (v.length === 10 || !Number.isNaN(Date.parse(v)));

/** The rules about when: not in the future, and the latest incident on or before the referral. */
function dateRules(r: RuleFields, ctx: z.RefinementCtx): void {
  if (typeof r.referredAt !== 'string' || !isReferredAt(r.referredAt)) return;
  const day = referralDay(r.referredAt);
  if (compareDates(day, londonDate(new Date())) > 0) ctx.addIssue({ code: 'custom', path: ['referredAt'], message: REFERRAL_MESSAGES.futureReferral });
  if (typeof r.latestIncidentOn === 'string' && isPlainDate(r.latestIncidentOn) && compareDates(r.latestIncidentOn as PlainDate, day) > 0) {
    ctx.addIssue({ code: 'custom', path: ['latestIncidentOn'], message: REFERRAL_MESSAGES.latestIncident });
  }
}

/** What the referrer says about the victim, the risks and the family: the referral form's fields and the API's, with the same names. */
export const referralDetails = z
  .object({
    referringAgency: requiredText(200, REFERRAL_MESSAGES.referringAgency),
    referringPerson: optionalText(200),
    criteria: z
      .array(z.enum(CRITERIA_CODES, { error: REFERRAL_MESSAGES.criterion }), { error: REFERRAL_MESSAGES.criteria })
      .min(1, REFERRAL_MESSAGES.criteria)
      .describe('At least one: visible-high-risk, professional-judgement, potential-escalation or repeat'),
    judgementReason: optionalText(2000).describe('Needed when professional-judgement is one of the criteria'),
    personCausingHarmId: z
      .string({ error: REFERRAL_MESSAGES.personCausingHarm })
      .regex(UUID, 'personCausingHarmId must be the id of a record')
      .nullable()
      .describe('The id of the person causing harm, or null to say they are not known (or not on the records held here)'),
    childIds: z.array(id('Each child')).max(20, 'Name 20 children or fewer').optional(),
    consent: z.enum(['given', 'not-given'], { error: REFERRAL_MESSAGES.consent }),
    lawfulBasis: optionalText(2000).describe('Needed when consent is not-given: the lawful basis for sharing the victim’s information'),
    risks: requiredText(4000, REFERRAL_MESSAGES.risks).describe('The risks, in the referrer’s own words'),
    contactSafety: optionalText(2000),
  })
  .superRefine(detailRules, always);

/** A whole referral as the API takes it and the service records it. */
export const maracReferral = referralDetails
  .extend({
    victimPersonId: id('victimPersonId'),
    referredAt: z.string({ error: REFERRAL_MESSAGES.referredAt }).trim().refine(isReferredAt, REFERRAL_MESSAGES.referredAt),
    riskAssessmentId: id('riskAssessmentId').optional(),
    latestIncidentOn: z.string().trim().refine(isPlainDate, 'latestIncidentOn must be a date like 2026-11-20').optional(),
  })
  .strict()
  .superRefine(dateRules, always);

export type ReferralInput = z.input<typeof maracReferral>;
export type Referral = z.output<typeof maracReferral>;

/** Checks a referral against the schema: the referral, or every problem with a JSON pointer to its field. */
export function checkReferral(input: unknown): { ok: true; referral: Referral } | { ok: false; problems: { path: string; message: string }[] } {
  const parsed = maracReferral.safeParse(input);
  if (parsed.success) return { ok: true, referral: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((i) => ({ path: jsonPointer(i.path), message: i.message })) };
}
