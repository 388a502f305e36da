export { UUID } from '../../platform/http/route-params.js';
/**
 * Forms of the people pages, one zod schema each, from what was typed to what the services take: the
 * person and address forms here, the smaller forms in detail-forms.ts. Each box is checked by the API's
 * rule for the same field (schemas.ts), so a form and the API agree; what only a form has (a date
 * input, a yes-or-no, names one a line) is read here first. formPage shows what was typed again.
 */
import { z } from 'zod';
import { ETHNICITIES } from '../../domain/people/ethnicity.js';
import { formErrors, type FormErrors } from '../../platform/http/forms.js';
import { dateItems, dateValues, govukDate, readDate, withDateInputs, type DateRules, type FormValues } from '../../platform/http/govuk-date.js';
import type { PersonScreenView } from './present.js';
import { addressInput, personFields, type AddressInput, type NewPersonInput, type PersonChanges } from './schemas.js';


/** The fields of the person form, in the order they appear. */
export const PERSON_KEYS = [
  'givenName',
  'familyName',
  'otherNames',
  'dateOfBirth-day',
  'dateOfBirth-month',
  'dateOfBirth-year',
  'dateOfBirthEstimated',
  'sex',
  'gender',
  'ethnicity',
  'firstLanguage',
  'dialect',
  'interpreterNeeded',
  'interpreterSex',
  'disability',
  'send',
  'immigrationStatus',
  'noRecourseToPublicFunds',
  'nhsNumber',
] as const;

/** An address form's fields; the add-a-person form puts "address-" in front of each. */
export const ADDRESS_KEYS = ['line1', 'line2', 'town', 'postcode', 'from-day', 'from-month', 'from-year', 'to-day', 'to-month', 'to-year', 'withheld', 'withheldReason'] as const;
export const NEW_ADDRESS_PREFIX = 'address-';
/** Every field of the add-a-person form (the check-answers page carries them on as hidden fields). */
export const NEW_PERSON_KEYS = [...PERSON_KEYS, ...ADDRESS_KEYS.filter((k) => !k.startsWith('to-')).map((k) => `${NEW_ADDRESS_PREFIX}${k}`)];

/** Names of the person's fields as practitioners say them (for check answers and conflicts). */
export const FIELD_LABELS: Record<keyof Required<PersonChanges>, string> = {
  givenName: 'Given name',
  familyName: 'Family name',
  otherNames: 'Other names',
  dateOfBirth: 'Date of birth',
  dateOfBirthEstimated: 'Date of birth is estimated',
  sex: 'Sex',
  gender: 'Gender',
  ethnicity: 'Ethnicity',
  firstLanguage: 'First language',
  dialect: 'Dialect',
  interpreterNeeded: 'Interpreter needed',
  interpreterSex: 'Preferred sex of interpreter',
  disability: 'Disability',
  send: 'Special educational needs and disabilities (SEND)',
  immigrationStatus: 'Immigration status',
  noRecourseToPublicFunds: 'No recourse to public funds',
  nhsNumber: 'NHS number',
  identifiers: 'Identifiers from other agencies',
};

export const SEX_LABELS: Record<string, string> = { female: 'Female', male: 'Male', intersex: 'Intersex', 'not-known': 'Not known' };
export const INTERPRETER_SEX_LABELS: Record<string, string> = { female: 'Female', male: 'Male', 'no-preference': 'No preference' };
export const CONTACT_KIND_LABELS: Record<string, string> = { phone: 'Phone', email: 'Email', other: 'Other' };

/** One box as typed: the first value if the field was sent twice, blank if it was not sent. */
export function firstText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return '';
}

export function readValues(body: unknown, keys: readonly string[]): FormValues {
  const fields = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  return Object.fromEntries(keys.map((k) => [k, firstText(fields[k])]));
}

/** Errors in the order of the form's fields, each linking to its field (a date input to its first box). */
export function orderedErrors(found: Record<string, string>, order: readonly string[], dateFields: readonly string[] = []): FormErrors {
  const ordered: Record<string, string> = {};
  for (const key of order) if (found[key]) ordered[key] = found[key];
  for (const [key, message] of Object.entries(found)) ordered[key] ??= message;
  const errors = formErrors(ordered);
  return { fields: errors.fields, summary: errors.summary.map((e) => (dateFields.includes(e.href.slice(1)) ? { ...e, href: `${e.href}-day` } : e)) };
}

/** A date input's three boxes with what was typed, the wrong ones marked (read again by the form's rules). */
export function dateBoxes(values: Record<string, string | string[]>, prefix: string, rules: DateRules = {}) {
  const text = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, firstText(v)]));
  const read = readDate(text, prefix, '', rules);
  return dateItems(text, prefix, read.error === undefined ? [] : read.parts);
}

/** A box checked by the API's rule for its field. */
export const box = <T extends z.ZodType>(rule: T) => z.preprocess(firstText, rule);
/** A box that may be left blank (then the field is not given); otherwise checked by the API's rule. */
export const optionalBox = <T extends z.ZodType>(rule: T) => z.preprocess((value) => firstText(value).trim() || undefined, rule);
/** A checkbox: ticked is "yes". */
export const ticked = box(z.string()).transform((v) => v === 'yes');
/** A yes-or-no question: true, false, or null when not answered. */
const yesNo = box(z.string()).transform((v) => (v === 'yes' ? true : v === 'no' ? false : null));

/**
 * For a rule across boxes (`refine`): check it even when another box is wrong, so that every mistake
 * is named at once. The rule must then cope with a wrong box's value.
 */
export const EVEN_WITH_OTHER_MISTAKES = { when: (payload: { value: unknown }) => typeof payload.value === 'object' && payload.value !== null };

/** The date of birth: a real date, not in the future, not before 1900. */
export const DATE_OF_BIRTH: DateRules = { past: true, earliestYear: 1900 };

/** Every field of a person, as one complete answer: null is "not known" (blank). */
export interface PersonDetails {
  givenName: string;
  familyName: string;
  otherNames: string[];
  dateOfBirth: string | null;
  dateOfBirthEstimated: boolean;
  sex: NonNullable<PersonChanges['sex']> | null;
  gender: string | null;
  ethnicity: NonNullable<PersonChanges['ethnicity']> | null;
  firstLanguage: string | null;
  dialect: string | null;
  interpreterNeeded: boolean | null;
  interpreterSex: NonNullable<PersonChanges['interpreterSex']> | null;
  disability: string | null;
  send: boolean | null;
  immigrationStatus: string | null;
  noRecourseToPublicFunds: boolean | null;
  nhsNumber: string | null;
}

const p = personFields.shape;

/** The person's boxes, shared by the add and edit forms. */
const personBoxes = z.object({
  givenName: box(p.givenName),
  familyName: box(p.familyName),
  otherNames: z.preprocess((value) => firstText(value).split(/\r?\n/).map((n) => n.trim()).filter(Boolean), p.otherNames),
  dateOfBirth: govukDate('Date of birth', DATE_OF_BIRTH),
  dateOfBirthEstimated: ticked,
  sex: optionalBox(p.sex),
  gender: box(p.gender),
  ethnicity: optionalBox(p.ethnicity),
  firstLanguage: box(p.firstLanguage),
  dialect: box(p.dialect),
  interpreterNeeded: yesNo,
  interpreterSex: optionalBox(p.interpreterSex),
  disability: box(p.disability),
  send: yesNo,
  immigrationStatus: box(p.immigrationStatus),
  noRecourseToPublicFunds: yesNo,
  nhsNumber: optionalBox(p.nhsNumber),
});

function detailsFrom(b: z.output<typeof personBoxes>): PersonDetails {
  return {
    givenName: b.givenName,
    familyName: b.familyName,
    otherNames: b.otherNames ?? [],
    dateOfBirth: b.dateOfBirth,
    dateOfBirthEstimated: b.dateOfBirthEstimated && b.dateOfBirth !== null,
    sex: b.sex ?? null,
    gender: b.gender || null,
    ethnicity: b.ethnicity ?? null,
    firstLanguage: b.firstLanguage || null,
    dialect: b.dialect || null,
    interpreterNeeded: b.interpreterNeeded,
    // The preferred sex counts only when they need an interpreter.
    interpreterSex: b.interpreterNeeded ? (b.interpreterSex ?? null) : null,
    disability: b.disability || null,
    send: b.send,
    immigrationStatus: b.immigrationStatus || null,
    noRecourseToPublicFunds: b.noRecourseToPublicFunds,
    nhsNumber: b.nhsNumber || null,
  };
}

const personForm = withDateInputs(['dateOfBirth'], personBoxes.transform(detailsFrom));

/** The edit form: the person, and the version they were opened at (0 if it was tampered with, which the service refuses as stale). */
export const editPersonForm = withDateInputs(
  ['dateOfBirth'],
  personBoxes.extend({ version: box(z.string()).transform((v) => (/^\d{1,9}$/.test(v) ? Number(v) : 0)) }).transform(({ version, ...boxes }) => ({ version, details: detailsFrom(boxes) })),
);

const a = addressInput.shape;

/** The address form: the API's rules for each box, the two date inputs, and the rules across boxes. */
export const addressForm = withDateInputs(
  ['from', 'to'],
  z
    .object({
      line1: box(a.line1),
      line2: optionalBox(a.line2),
      town: optionalBox(a.town),
      postcode: optionalBox(a.postcode),
      from: govukDate('The date they moved in'),
      to: govukDate('The date they moved out'),
      withheld: ticked,
      withheldReason: optionalBox(a.withheldReason),
    })
    // The API's rules across the address (schemas.ts), here for dates typed in date inputs.
    .refine((f) => typeof f.from !== 'string' || typeof f.to !== 'string' || f.to >= f.from, {
      path: ['to'],
      message: 'The date they moved out must be after the date they moved in',
      ...EVEN_WITH_OTHER_MISTAKES,
    })
    .refine((f) => !f.withheld || Boolean(f.withheldReason), { path: ['withheldReason'], message: 'Give the reason the address is withheld', ...EVEN_WITH_OTHER_MISTAKES })
    .transform((f): AddressInput => ({ ...f, from: f.from ?? undefined, to: f.to ?? undefined })),
);

/** The address boxes of the add-a-person form without their prefix, or null when nothing was put in them. */
function newAddressBoxes(body: unknown): Record<string, unknown> | null {
  const fields = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const boxes = Object.fromEntries(ADDRESS_KEYS.map((k) => [k, fields[`${NEW_ADDRESS_PREFIX}${k}`]]));
  const typed = ADDRESS_KEYS.some((k) => (k === 'withheld' ? firstText(boxes[k]) === 'yes' : firstText(boxes[k]).trim() !== ''));
  return typed ? boxes : null;
}

/**
 * The add-a-person form: the person, and a first address in boxes named "address-…" (none when they
 * are all left blank). Each part is checked by its own schema, so the mistakes of both are named at
 * once, an address's by its box ("address-line1").
 */
export const newPersonForm = z.unknown().transform((body, ctx) => {
  const person = personForm.safeParse(body);
  const boxes = newAddressBoxes(body);
  const address = boxes ? addressForm.safeParse(boxes) : null;
  for (const [result, prefix] of [
    [person, ''],
    [address, NEW_ADDRESS_PREFIX],
  ] as const) {
    for (const issue of result?.error?.issues ?? []) ctx.addIssue({ code: 'custom', message: issue.message, path: [`${prefix}${String(issue.path[0] ?? 'form')}`] });
  }
  if (!person.success || (address && !address.success)) return z.NEVER;
  return { person: person.data, address: address ? address.data : null };
});

/** The new person as the service takes it: only what is known. */
export function newPersonInput(details: PersonDetails, address: AddressInput | null): NewPersonInput {
  const input: NewPersonInput = { givenName: details.givenName, familyName: details.familyName };
  for (const [key, value] of Object.entries(details) as [keyof PersonDetails, PersonDetails[keyof PersonDetails]][]) {
    if (key === 'givenName' || key === 'familyName' || value === null) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    if (key === 'dateOfBirthEstimated' && value === false) continue;
    Object.assign(input, { [key]: value });
  }
  if (address) input.addresses = [address];
  return input;
}

const same = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);

/** The person's details as shown to this viewer, in the shape of the form's answer. */
export function detailsOf(view: PersonScreenView): PersonDetails {
  return {
    givenName: view.givenName,
    familyName: view.familyName,
    otherNames: view.otherNames,
    dateOfBirth: view.dateOfBirth,
    dateOfBirthEstimated: view.dateOfBirthEstimated,
    sex: (view.sex as PersonDetails['sex']) ?? null,
    gender: view.gender,
    ethnicity: (ETHNICITIES.find((e) => `${e.group}: ${e.label}` === view.ethnicity)?.code as PersonDetails['ethnicity']) ?? null,
    firstLanguage: view.firstLanguage,
    dialect: view.dialect,
    interpreterNeeded: view.interpreterNeeded,
    interpreterSex: (view.interpreterSex as PersonDetails['interpreterSex']) ?? null,
    disability: view.disability,
    send: view.send,
    immigrationStatus: view.immigrationStatus,
    noRecourseToPublicFunds: view.noRecourseToPublicFunds,
    nhsNumber: view.nhsNumber,
  };
}

/**
 * Only the fields the user changed. A yes/no left unanswered counts as "no" (the record holds yes
 * or no); a field emptied becomes null, which the service stores as not known.
 */
export function changesBetween(before: PersonDetails, after: PersonDetails): PersonChanges {
  const changes: Record<string, unknown> = {};
  for (const key of Object.keys(after) as (keyof PersonDetails)[]) {
    const value = typeof before[key] === 'boolean' && after[key] === null ? false : after[key];
    if (!same(before[key], value)) changes[key] = value;
  }
  return changes as PersonChanges;
}

/** The form's boxes filled from the person's details (editing). */
export function valuesOf(details: PersonDetails): FormValues {
  const answer = (b: boolean | null) => (b === true ? 'yes' : b === false ? 'no' : '');
  return {
    givenName: details.givenName,
    familyName: details.familyName,
    otherNames: details.otherNames.join('\n'),
    ...dateValues('dateOfBirth', details.dateOfBirth),
    dateOfBirthEstimated: details.dateOfBirthEstimated ? 'yes' : '',
    sex: details.sex ?? '',
    gender: details.gender ?? '',
    ethnicity: details.ethnicity ?? '',
    firstLanguage: details.firstLanguage ?? '',
    dialect: details.dialect ?? '',
    interpreterNeeded: answer(details.interpreterNeeded),
    interpreterSex: details.interpreterSex ?? '',
    disability: details.disability ?? '',
    send: answer(details.send),
    immigrationStatus: details.immigrationStatus ?? '',
    noRecourseToPublicFunds: answer(details.noRecourseToPublicFunds),
    nhsNumber: details.nhsNumber ?? '',
  };
}
