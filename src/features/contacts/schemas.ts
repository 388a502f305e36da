import { UUID } from '../../platform/http/route-params.js';
import { z } from 'zod';
import { nameField } from '../../platform/http/name-field.js';
import { isPlainDate } from '../../domain/calendar/plain-date.js';
import { ABUSE_TYPES, CONTACT_ROLES, CONTACT_SOURCES, DA_SERVICE_REFERRALS, PATHWAYS } from '../../domain/contacts/contact.js';
import { isValidNhsNumber, normaliseNhsNumber } from '../../domain/people/nhs-number.js';
import { RELATIONSHIP_KINDS } from '../../domain/people/relationships.js';
import { SEXES } from '../people/service.js';

const text = (max: number, label: string) => z.string().trim().max(max, `${label} must be ${max} characters or fewer`);

/** An instant with its offset (ISO 8601), not in the future. */
const pastInstant = (label: string) =>
  z
    .string()
    .trim()
    .refine((v) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v) && !Number.isNaN(Date.parse(v)), `${label} must be a date and time like 2026-11-20T21:40:00Z`)
    .refine((v) => Number.isNaN(Date.parse(v)) || Date.parse(v) <= Date.now() + 60_000, `${label} must not be in the future`);

const pastDate = (label: string) =>
  z
    .string()
    .trim()
    .refine(isPlainDate, `${label} must be a real date, like 2019-03-27`)
    .refine((v) => v <= new Date().toISOString().slice(0, 10), `${label} must be today or in the past`);


export const contactPersonInput = z.object({
  ref: text(40, 'The reference').min(1, 'Give each person a reference (ref) to name them by on this contact'),
  role: z.enum(CONTACT_ROLES, { message: 'Choose victim, person-causing-harm, child or other-adult' }),
  personId: z.string().regex(UUID, 'personId must be the id of a person record').optional(),
  givenName: nameField(100, 'Given name', 'Enter the given name'),
  familyName: nameField(100, 'Family name', 'Enter the family name'),
  dateOfBirth: pastDate('Date of birth').optional(),
  sex: z.enum(SEXES, { message: 'Choose female, male, intersex or not-known' }).optional(),
  nhsNumber: z.string().trim().transform(normaliseNhsNumber).refine(isValidNhsNumber, 'Enter a valid 10-digit NHS number, or leave it out').optional(),
  send: z.boolean().optional(),
  address: text(300, 'Address').optional(),
  postcode: text(10, 'Postcode').optional(),
  school: text(200, 'School').optional(),
});

/** A contact or police notification as it arrives (API, CSV import, or the page form). */
/** The police's own grading of the risk, as forces grade it. */
export const POLICE_RISK_GRADINGS = ['standard', 'medium', 'high'] as const;

export const newContactInput = z
  .object({
    source: z.enum(CONTACT_SOURCES, { message: `Choose a source: ${CONTACT_SOURCES.join(', ')}` }),
    reference: text(100, 'The reference').min(1, 'Enter the reference, or leave it out').optional(),
    referrer: text(200, 'The referrer').optional(),
    receivedAt: pastInstant('The time it was received'),
    incident: z.object({
      occurredAt: pastInstant('The time of the incident'),
      place: text(500, 'The place').optional(),
      abuseTypes: z.array(z.enum(ABUSE_TYPES, { message: `Choose abuse types from: ${ABUSE_TYPES.join(', ')}` })).max(ABUSE_TYPES.length),
      childrenPresent: z.boolean({ message: 'Say whether children were present (true or false)' }),
      childrenSaw: z.boolean().optional(),
      childrenHeard: z.boolean().optional(),
      injuries: z.boolean({ message: 'Say whether anyone was injured (true or false)' }),
      weaponUsed: z.boolean({ message: 'Say whether a weapon was used (true or false)' }),
      alcoholOrDrugs: z.boolean({ message: 'Say whether alcohol or drugs were involved (true or false)' }),
      summary: text(10000, 'The summary').min(1, 'Enter a summary of what happened'),
      childVoice: text(5000, 'What the child said').optional(),
      policeRiskGrading: z.enum(POLICE_RISK_GRADINGS, { message: `Give the police risk grading as one of: ${POLICE_RISK_GRADINGS.join(', ')}` }).optional(),
    }),
    schoolTold: z.boolean().optional(),
    people: z.array(contactPersonInput).min(1, 'Name at least one person').max(20, 'Name at most 20 people'),
    relationships: z
      .array(
        z.object({
          from: text(40, 'from').min(1, 'Name the first person by their ref'),
          to: text(40, 'to').min(1, 'Name the second person by their ref'),
          type: z.enum(RELATIONSHIP_KINDS, { message: 'Choose a relationship type from the list' }),
        }),
      )
      .max(50)
      .optional(),
  })
  .superRefine((c, ctx) => {
    const refs = c.people.map((p) => p.ref);
    refs.forEach((ref, i) => {
      if (refs.indexOf(ref) !== i) ctx.addIssue({ code: 'custom', path: ['people', i, 'ref'], message: `The ref ${ref} is used twice` });
    });
    (c.relationships ?? []).forEach((r, i) => {
      if (!refs.includes(r.from)) ctx.addIssue({ code: 'custom', path: ['relationships', i, 'from'], message: `There is no person with ref ${r.from} on this contact` });
      if (!refs.includes(r.to)) ctx.addIssue({ code: 'custom', path: ['relationships', i, 'to'], message: `There is no person with ref ${r.to} on this contact` });
      if (r.from === r.to) ctx.addIssue({ code: 'custom', path: ['relationships', i, 'to'], message: 'A relationship is between two different people' });
    });
    if (!Number.isNaN(Date.parse(c.incident.occurredAt)) && !Number.isNaN(Date.parse(c.receivedAt)) && Date.parse(c.incident.occurredAt) > Date.parse(c.receivedAt)) {
      ctx.addIssue({ code: 'custom', path: ['incident', 'occurredAt'], message: 'The incident must have happened before the contact was received' });
    }
    if (c.source === 'police' && !c.reference) ctx.addIssue({ code: 'custom', path: ['reference'], message: 'Enter the police reference' });
  });

export type NewContactInput = z.infer<typeof newContactInput>;
export type ContactPersonInput = z.infer<typeof contactPersonInput>;

export const linkInput = z.object({ personId: z.string().regex(UUID, 'personId must be the id of a person record') });

export const indicatorsInput = z.object({
  indicators: z.array(z.string().trim().min(1, 'Choose indicators from the list')).max(50, 'Tick at most 50 indicators'),
});

export const decisionInput = z.object({
  pathway: z.enum(PATHWAYS as [string, ...string[]], { message: `Choose a pathway: ${PATHWAYS.join(', ')}` }),
  reason: text(5000, 'The reason').min(1, 'Give the reason for the decision'),
  daServiceReferral: z.enum(DA_SERVICE_REFERRALS, { message: `Choose a referral: ${DA_SERVICE_REFERRALS.join(', ')}` }).optional(),
  checkMarac: z.boolean().optional(),
  teamId: z.string().regex(UUID, 'Give the id of one of the council’s teams').optional(),
});
