/**
 * Forms of the people pages, from what was typed to what the services take: the person and address
 * forms here, the smaller forms in detail-forms.ts. What was typed is kept as text (FormValues) so
 * a form with errors, or the check-answers page, can show it again.
 */
import { z } from 'zod';
import { isPlainDate, londonDate } from '../../domain/calendar/plain-date.js';
import { ETHNICITIES } from '../../domain/people/ethnicity.js';
import { formErrors, type FormErrors } from '../../platform/http/forms.js';
import type { PersonScreenView } from './present.js';
import { addressInput, personFields, type AddressInput, type NewPersonInput, type PersonChanges } from './schemas.js';

export type FormValues = Record<string, string>;
export type Parsed<T> = { ok: true; data: T } | { ok: false; errors: FormErrors };

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The fields of the person form, in the order they appear (the error summary follows it). */
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

/** One text value of a submitted form (the first, if a field was sent twice). */
function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return '';
}

export function readValues(body: unknown, keys: readonly string[]): FormValues {
  const fields = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  return Object.fromEntries(keys.map((k) => [k, textOf(fields[k])]));
}

export function blankValues(keys: readonly string[]): FormValues {
  return Object.fromEntries(keys.map((k) => [k, '']));
}

/** Errors in the order of the form's fields, each linking to its field (a date input to its first box). */
export function orderedErrors(found: Record<string, string>, order: readonly string[], dateFields: readonly string[] = []): FormErrors {
  const ordered: Record<string, string> = {};
  for (const key of order) if (found[key]) ordered[key] = found[key];
  for (const [key, message] of Object.entries(found)) ordered[key] ??= message;
  const errors = formErrors(ordered);
  return { fields: errors.fields, summary: errors.summary.map((e) => (dateFields.includes(e.href.slice(1)) ? { ...e, href: `${e.href}-day` } : e)) };
}

/** Which boxes of a date input hold the mistake (GOV.UK marks only those). */
export type DatePart = 'day' | 'month' | 'year';
export type DateResult = { value: string | null; error?: undefined } | { value?: undefined; error: string; parts: DatePart[] };

/** A GOV.UK date input (day, month, year) as YYYY-MM-DD; all blank is no date. */
export function readDate(values: FormValues, prefix: string, label: string, options: { past?: boolean; earliestYear?: number } = {}): DateResult {
  const day = (values[`${prefix}-day`] ?? '').trim();
  const month = (values[`${prefix}-month`] ?? '').trim();
  const year = (values[`${prefix}-year`] ?? '').trim();
  if (!day && !month && !year) return { value: null };
  const missing = (['day', 'month', 'year'] as const).filter((p) => !{ day, month, year }[p]);
  if (missing.length) return { error: `${label} must include a ${missing.join(' and ')}`, parts: missing };
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) {
    const wrong = (['day', 'month', 'year'] as const).filter((p) => !(p === 'year' ? /^\d{4}$/ : /^\d{1,2}$/).test({ day, month, year }[p]));
    return { error: `${label} must be a real date${wrong.includes('year') ? ', with a 4-digit year' : ''}`, parts: wrong };
  }
  const value = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  if (!isPlainDate(value)) return { error: `${label} must be a real date`, parts: ['day', 'month', 'year'] };
  if (options.past && value > londonDate(new Date())) return { error: `${label} must be today or in the past`, parts: ['day', 'month', 'year'] };
  if (options.earliestYear && Number(year) < options.earliestYear) return { error: `${label} must be in ${options.earliestYear} or later`, parts: ['year'] };
  return { value };
}

/** The three boxes of a GOV.UK date input, with what was typed and which boxes are wrong. */
export function dateItems(values: FormValues, prefix: string, errorParts: readonly DatePart[] = []) {
  return (['day', 'month', 'year'] as const).map((part) => ({
    name: part,
    label: part === 'day' ? 'Day' : part === 'month' ? 'Month' : 'Year',
    value: values[`${prefix}-${part}`] ?? '',
    classes: `govuk-input--width-${part === 'year' ? 4 : 2}${errorParts.includes(part) ? ' govuk-input--error' : ''}`,
  }));
}

/** A date as the date input's three boxes. */
export function dateValues(prefix: string, date: string | null): FormValues {
  const [year = '', month = '', day = ''] = date ? date.split('-') : [];
  return { [`${prefix}-day`]: day.replace(/^0/, ''), [`${prefix}-month`]: month.replace(/^0/, ''), [`${prefix}-year`]: year };
}

const yesNo = (value: string | undefined): boolean | null => (value === 'yes' ? true : value === 'no' ? false : null);
const blankToNull = (value: string | undefined): string | null => (value ?? '').trim() || null;

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
  interpreterNeeded: boolean | null;
  interpreterSex: NonNullable<PersonChanges['interpreterSex']> | null;
  disability: string | null;
  send: boolean | null;
  immigrationStatus: string | null;
  noRecourseToPublicFunds: boolean | null;
  nhsNumber: string | null;
}

/** Messages of a zod failure by the first part of each issue's path, renamed where the form names fields differently. */
export function issuesByField(error: z.ZodError, rename: (field: string) => string = (f) => f): Record<string, string> {
  const found: Record<string, string> = {};
  for (const issue of error.issues) found[rename(String(issue.path[0] ?? 'form'))] ??= issue.message;
  return found;
}

/** Checks the person form with the same rules as the API (schemas.ts), plus the date input's own. */
export function parsePerson(values: FormValues): { details?: PersonDetails; errors: Record<string, string>; dateParts: DatePart[] } {
  const errors: Record<string, string> = {};
  const dob = readDate(values, 'dateOfBirth', 'Date of birth', { past: true, earliestYear: 1900 });
  if (dob.error) errors.dateOfBirth = dob.error;
  const interpreterNeeded = yesNo(values.interpreterNeeded);
  const candidate = {
    givenName: values.givenName ?? '',
    familyName: values.familyName ?? '',
    otherNames: (values.otherNames ?? '').split(/\r?\n/).map((n) => n.trim()).filter(Boolean),
    dateOfBirth: dob.value ?? undefined,
    sex: blankToNull(values.sex) ?? undefined,
    gender: values.gender ?? '',
    ethnicity: blankToNull(values.ethnicity) ?? undefined,
    firstLanguage: values.firstLanguage ?? '',
    interpreterSex: interpreterNeeded ? (blankToNull(values.interpreterSex) ?? undefined) : undefined,
    disability: values.disability ?? '',
    immigrationStatus: values.immigrationStatus ?? '',
    nhsNumber: blankToNull(values.nhsNumber) ?? undefined,
  };
  const parsed = personFields.safeParse(candidate);
  if (!parsed.success) Object.assign(errors, { ...issuesByField(parsed.error), ...errors });
  if (!parsed.success || Object.keys(errors).length) return { errors, dateParts: dob.error ? dob.parts : [] };
  const d = parsed.data;
  return {
    errors,
    dateParts: [],
    details: {
      givenName: d.givenName,
      familyName: d.familyName,
      otherNames: d.otherNames ?? [],
      dateOfBirth: dob.value ?? null,
      dateOfBirthEstimated: values.dateOfBirthEstimated === 'yes' && Boolean(dob.value),
      sex: d.sex ?? null,
      gender: d.gender || null,
      ethnicity: d.ethnicity ?? null,
      firstLanguage: d.firstLanguage || null,
      interpreterNeeded,
      interpreterSex: d.interpreterSex ?? null,
      disability: d.disability || null,
      send: yesNo(values.send),
      immigrationStatus: d.immigrationStatus || null,
      noRecourseToPublicFunds: yesNo(values.noRecourseToPublicFunds),
      nhsNumber: d.nhsNumber || null,
    },
  };
}

/** An address form (prefix "" on its own page, "address-" inside the add-a-person form). Null when left blank. */
export function parseAddress(
  values: FormValues,
  prefix: string,
  options: { optional: boolean },
): { address?: AddressInput | null; errors: Record<string, string>; dateParts: Record<string, DatePart[]> } {
  const v = (key: string) => (values[`${prefix}${key}`] ?? '').trim();
  const withheld = v('withheld') === 'yes';
  const typed = ['line1', 'line2', 'town', 'postcode', 'from-day', 'from-month', 'from-year', 'to-day', 'to-month', 'to-year', 'withheldReason'].some((k) => v(k));
  if (options.optional && !typed && !withheld) return { address: null, errors: {}, dateParts: {} };
  const errors: Record<string, string> = {};
  const dateParts: Record<string, DatePart[]> = {};
  const from = readDate(values, `${prefix}from`, 'The date they moved in');
  const to = readDate(values, `${prefix}to`, 'The date they moved out');
  for (const [key, result] of [['from', from], ['to', to]] as const) {
    if (result.error) {
      errors[`${prefix}${key}`] = result.error;
      dateParts[`${prefix}${key}`] = result.parts;
    }
  }
  const parsed = addressInput.safeParse({
    line1: v('line1'),
    line2: v('line2') || undefined,
    town: v('town') || undefined,
    postcode: v('postcode') || undefined,
    from: from.value ?? undefined,
    to: to.value ?? undefined,
    withheld,
    withheldReason: v('withheldReason') || undefined,
  });
  if (!parsed.success) {
    for (const [key, message] of Object.entries(issuesByField(parsed.error, (f) => `${prefix}${f}`))) errors[key] ??= message;
    // zod checks the reason only once the rest is right; say everything that is wrong at once.
    if (withheld && !v('withheldReason')) errors[`${prefix}withheldReason`] ??= 'Give the reason the address is withheld';
  }
  if (!parsed.success || Object.keys(errors).length) return { errors, dateParts };
  return { address: parsed.data, errors, dateParts };
}

/** The add-a-person form: the person, and a first address if one was given. */
export function parseNewPerson(values: FormValues): Parsed<{ person: PersonDetails; address: AddressInput | null }> & { dateParts: Record<string, DatePart[]> } {
  const person = parsePerson(values);
  const address = parseAddress(values, NEW_ADDRESS_PREFIX, { optional: true });
  const dateParts = { dateOfBirth: person.dateParts, ...address.dateParts };
  if (!person.details || address.address === undefined) {
    const errors = orderedErrors({ ...person.errors, ...address.errors }, NEW_PERSON_KEYS.map(fieldOfKey), ['dateOfBirth', `${NEW_ADDRESS_PREFIX}from`]);
    return { ok: false, errors, dateParts };
  }
  return { ok: true, data: { person: person.details, address: address.address }, dateParts };
}

/** The edit form: the person only. */
export function parseEditPerson(values: FormValues): Parsed<PersonDetails> & { dateParts: Record<string, DatePart[]> } {
  const person = parsePerson(values);
  if (!person.details) return { ok: false, errors: orderedErrors(person.errors, PERSON_KEYS.map(fieldOfKey), ['dateOfBirth']), dateParts: { dateOfBirth: person.dateParts } };
  return { ok: true, data: person.details, dateParts: {} };
}

export function addressErrors(found: Record<string, string>, prefix = ''): FormErrors {
  return orderedErrors(found, ADDRESS_KEYS.map((k) => `${prefix}${fieldOfKey(k)}`), [`${prefix}from`, `${prefix}to`]);
}

/** The field a form key belongs to ("dateOfBirth-day" is part of "dateOfBirth"). */
function fieldOfKey(key: string): string {
  return key.replace(/-(day|month|year)$/, '');
}

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

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

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
    interpreterNeeded: answer(details.interpreterNeeded),
    interpreterSex: details.interpreterSex ?? '',
    disability: details.disability ?? '',
    send: answer(details.send),
    immigrationStatus: details.immigrationStatus ?? '',
    noRecourseToPublicFunds: answer(details.noRecourseToPublicFunds),
    nhsNumber: details.nhsNumber ?? '',
  };
}
