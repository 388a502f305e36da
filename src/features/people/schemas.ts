import { z } from 'zod';
import { nameField } from '../../platform/http/name-field.js';
import { isPlainDate } from '../../domain/calendar/plain-date.js';
import { ETHNICITY_CODES } from '../../domain/people/ethnicity.js';
import { isValidNhsNumber, normaliseNhsNumber } from '../../domain/people/nhs-number.js';

const trimmed = (max: number, label: string) => z.string().trim().max(max, `${label} must be ${max} characters or fewer`);

/** A real date in the form YYYY-MM-DD, not in the future. */
export const pastDate = (label: string) =>
  z
    .string()
    .trim()
    .refine(isPlainDate, `${label} must be a real date, like 2019-03-27`)
    .refine((v) => v <= new Date().toISOString().slice(0, 10), `${label} must be today or in the past`);

export const addressInput = z
  .object({
    line1: trimmed(200, 'Address line 1').min(1, 'Enter address line 1'),
    line2: trimmed(200, 'Address line 2').optional(),
    town: trimmed(100, 'Town or city').optional(),
    postcode: trimmed(10, 'Postcode').optional(),
    from: z.string().trim().refine(isPlainDate, 'The date they moved in must be a real date, like 2024-06-01').optional(),
    to: z.string().trim().refine(isPlainDate, 'The date they moved out must be a real date, like 2025-01-31').optional(),
    withheld: z.boolean().optional(),
    withheldReason: trimmed(1000, 'The reason').optional(),
  })
  .refine((a) => !a.from || !a.to || a.to >= a.from, { path: ['to'], message: 'The date they moved out must be after the date they moved in' })
  .refine((a) => !a.withheld || Boolean(a.withheldReason), { path: ['withheldReason'], message: 'Give the reason the address is withheld' });

export const contactDetailInput = z
  .object({
    kind: z.enum(['phone', 'email', 'other'], { message: 'Choose phone, email or other' }),
    value: trimmed(200, 'The contact detail').min(1, 'Enter the phone number, email or other detail'),
    label: trimmed(100, 'The label').optional(),
    withheld: z.boolean().optional(),
    withheldReason: trimmed(1000, 'The reason').optional(),
  })
  .refine((c) => !c.withheld || Boolean(c.withheldReason), { path: ['withheldReason'], message: 'Give the reason the contact detail is withheld' });

export const SEXES = ['female', 'male', 'intersex', 'not-known'] as const;
export const INTERPRETER_SEXES = ['female', 'male', 'no-preference'] as const;

/** The fields of a person that can be set when creating and changed when editing. */
export const personFields = z.object({
  givenName: nameField(100, 'Given name', 'Enter the given name'),
  familyName: nameField(100, 'Family name', 'Enter the family name'),
  otherNames: z.array(nameField(100, 'Other name', 'Enter the other name')).max(20, 'Give at most 20 other names').optional(),
  dateOfBirth: pastDate('Date of birth').optional(),
  dateOfBirthEstimated: z.boolean().optional(),
  sex: z.enum(SEXES, { message: 'Choose female, male, intersex or not known' }).optional(),
  gender: trimmed(100, 'Gender').optional(),
  ethnicity: z.enum(ETHNICITY_CODES, { message: 'Choose an ethnic group from the list' }).optional(),
  firstLanguage: trimmed(60, 'First language').optional(),
  dialect: trimmed(60, 'Dialect').optional(),
  interpreterNeeded: z.boolean().optional(),
  interpreterSex: z.enum(INTERPRETER_SEXES, { message: 'Choose female, male or no preference' }).optional(),
  disability: trimmed(500, 'Disability').optional(),
  send: z.boolean().optional(),
  immigrationStatus: trimmed(200, 'Immigration status').optional(),
  noRecourseToPublicFunds: z.boolean().optional(),
  nhsNumber: z
    .string()
    .trim()
    .transform(normaliseNhsNumber)
    .refine(isValidNhsNumber, 'Enter a valid 10-digit NHS number (the last digit is a check digit), or leave it blank')
    .optional(),
  identifiers: z
    .array(z.object({ agency: trimmed(100, 'Agency').min(1, 'Enter the agency'), identifier: trimmed(100, 'Identifier').min(1, 'Enter the identifier') }))
    .max(20)
    .optional(),
});

export const newPersonInput = personFields.extend({
  addresses: z.array(addressInput).max(50, 'Give at most 50 addresses').optional(),
  contactDetails: z.array(contactDetailInput).max(20, 'Give at most 20 contact details').optional(),
});

export type NewPersonInput = z.infer<typeof newPersonInput>;
export type PersonChanges = Partial<z.infer<typeof personFields>>;
export type AddressInput = z.infer<typeof addressInput>;
export type ContactDetailInput = z.infer<typeof contactDetailInput>;

/** Identifiers from other agencies are added, not patched, so a PATCH does not take them. */
export const personPatch = personFields.omit({ identifiers: true }).partial().extend({
  // A version is a database integer: anything past its range is no version we could have sent (found by fuzzing).
  version: z.number({ message: 'Send the version you last read' }).int().min(1).max(2_147_483_647, 'Send the version you last read'),
});

/** A person as the API answers: a withheld address or contact detail is only { withheld: true }. */
const withheldMarker = z.object({ withheld: z.literal(true) });
export const personResponse = z.object({
  id: z.string(),
  version: z.number(),
  givenName: z.string(),
  familyName: z.string(),
  otherNames: z.array(z.string()),
  dateOfBirth: z.string().nullable(),
  addresses: z.array(z.union([withheldMarker, z.object({ id: z.string(), line1: z.string(), line2: z.string().nullable(), town: z.string().nullable(), postcode: z.string().nullable(), from: z.string().nullable(), to: z.string().nullable() })])),
  contactDetails: z.array(z.union([withheldMarker, z.object({ kind: z.string(), label: z.string().nullable(), value: z.string() })])),
});
