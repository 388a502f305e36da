import { openToSearcher } from '../../platform/access/facts.js';
import { sql } from 'kysely';
import { Confidential, type Withholding } from '../../domain/redaction/confidential.js';
import type { Trx } from '../../platform/db/database.js';
import type { AddressRecord, ContactDetailRecord, PersonRecord, SafeContactRecord } from './records.js';
import type { AddressInput, ContactDetailInput, NewPersonInput } from './schemas.js';
import { familyNameParts, idsByName, idsByOneName } from './queries/name-retrieval.js';

type Columns = Record<string, unknown>;

function withholdingOf(row: { withheld: boolean; withheld_reason: string | null; withheld_by: string | null; withheld_at: Date | null }): Withholding | null {
  return row.withheld ? { reason: row.withheld_reason ?? '', by: row.withheld_by ?? '', at: new Date(row.withheld_at ?? 0) } : null;
}

const secret = (value: string | null, withholding: Withholding | null) => (value === null ? null : Confidential.of(value, withholding));

export function personColumns(input: Partial<NewPersonInput>): Columns {
  const map: [keyof NewPersonInput, string][] = [
    ['givenName', 'given_name'],
    ['familyName', 'family_name'],
    ['otherNames', 'other_names'],
    ['dateOfBirth', 'date_of_birth'],
    ['dateOfBirthEstimated', 'date_of_birth_estimated'],
    ['sex', 'sex'],
    ['gender', 'gender'],
    ['ethnicity', 'ethnicity'],
    ['firstLanguage', 'first_language'],
    ['dialect', 'dialect'],
    ['interpreterNeeded', 'interpreter_needed'],
    ['interpreterSex', 'interpreter_sex'],
    ['disability', 'disability'],
    ['send', 'send'],
    ['immigrationStatus', 'immigration_status'],
    ['noRecourseToPublicFunds', 'no_recourse_to_public_funds'],
    ['nhsNumber', 'nhs_number'],
  ];
  const columns: Columns = {};
  for (const [field, column] of map) {
    if (!(field in input)) continue;
    const value = input[field];
    columns[column] = value === '' ? null : value;
  }
  return columns;
}

/** The new person's id, and the ids of the addresses and contact details made withheld with them. */
export interface InsertedPerson {
  id: string;
  withheld: { what: 'address' | 'contact-detail'; id: string }[];
}

export async function insertPerson(trx: Trx, tenantId: string, input: NewPersonInput, userId: string | null): Promise<InsertedPerson> {
  const row = await trx
    .insertInto('people')
    .values({ ...(personColumns(input) as { given_name: string; family_name: string }), tenant_id: tenantId, created_by: userId })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const identifier of input.identifiers ?? []) {
    await trx.insertInto('person_identifiers').values({ tenant_id: tenantId, person_id: row.id, ...identifier }).execute();
  }
  const withheld: InsertedPerson['withheld'] = [];
  for (const address of input.addresses ?? []) {
    const id = await insertAddress(trx, tenantId, row.id, address, userId);
    if (address.withheld) withheld.push({ what: 'address', id });
  }
  for (const contact of input.contactDetails ?? []) {
    const id = await insertContactDetail(trx, tenantId, row.id, contact, userId);
    if (contact.withheld) withheld.push({ what: 'contact-detail', id });
  }
  return { id: row.id, withheld };
}

export async function insertAddress(trx: Trx, tenantId: string, personId: string, a: AddressInput, userId: string | null): Promise<string> {
  const row = await trx
    .insertInto('person_addresses')
    .values({
      tenant_id: tenantId,
      person_id: personId,
      line1: a.line1,
      line2: a.line2 || null,
      town: a.town || null,
      postcode: a.postcode ? a.postcode.toUpperCase() : null,
      from_date: a.from ?? null,
      to_date: a.to ?? null,
      withheld: a.withheld ?? false,
      withheld_reason: a.withheld ? (a.withheldReason ?? null) : null,
      withheld_by: a.withheld ? userId : null,
      withheld_at: a.withheld ? new Date() : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertContactDetail(trx: Trx, tenantId: string, personId: string, c: ContactDetailInput, userId: string | null): Promise<string> {
  const row = await trx
    .insertInto('person_contact_details')
    .values({
      tenant_id: tenantId,
      person_id: personId,
      kind: c.kind,
      value: c.value,
      label: c.label || null,
      withheld: c.withheld ?? false,
      withheld_reason: c.withheld ? (c.withheldReason ?? null) : null,
      withheld_by: c.withheld ? userId : null,
      withheld_at: c.withheld ? new Date() : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findPerson(trx: Trx, id: string): Promise<PersonRecord | null> {
  const p = await trx.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirst();
  if (!p) return null;
  const [identifiers, addresses, contacts, safe] = await Promise.all([
    trx.selectFrom('person_identifiers').select(['agency', 'identifier']).where('person_id', '=', id).orderBy('agency').execute(),
    trx.selectFrom('person_addresses').selectAll().where('person_id', '=', id).orderBy('from_date', 'desc').orderBy('created_at', 'desc').execute(),
    trx.selectFrom('person_contact_details').selectAll().where('person_id', '=', id).orderBy('created_at').execute(),
    trx.selectFrom('safe_contact_preferences').selectAll().where('person_id', '=', id).executeTakeFirst(),
  ]);
  return {
    id: p.id,
    tenantId: p.tenant_id,
    version: p.version,
    givenName: p.given_name,
    familyName: p.family_name,
    otherNames: p.other_names,
    dateOfBirth: p.date_of_birth,
    dateOfBirthEstimated: p.date_of_birth_estimated,
    sex: p.sex,
    gender: p.gender,
    ethnicity: p.ethnicity,
    firstLanguage: p.first_language,
    dialect: p.dialect,
    interpreterNeeded: p.interpreter_needed,
    interpreterSex: p.interpreter_sex,
    disability: p.disability,
    send: p.send,
    immigrationStatus: p.immigration_status,
    noRecourseToPublicFunds: p.no_recourse_to_public_funds,
    nhsNumber: p.nhs_number,
    restricted: p.restricted,
    restrictedReason: p.restricted_reason,
    mergedInto: p.merged_into,
    identifiers,
    addresses: addresses.map((a): AddressRecord => {
      const w = withholdingOf(a);
      return { id: a.id, line1: Confidential.of(a.line1, w), line2: secret(a.line2, w), town: secret(a.town, w), postcode: secret(a.postcode, w), from: a.from_date, to: a.to_date, withholding: w };
    }),
    contactDetails: contacts.map((c): ContactDetailRecord => {
      const w = withholdingOf(c);
      return { id: c.id, kind: c.kind, value: Confidential.of(c.value, w), label: c.label, withholding: w };
    }),
    safeContact: safe ? safeContactOf(safe, addresses.some((a) => a.withheld) || contacts.some((c) => c.withheld)) : null,
  };
}

/** The safe number is withheld whenever any address or contact detail is; the code word always is. */
function safeContactOf(
  s: { safe_number: string | null; safe_times: string | null; may_leave_message: boolean; ask_if_alone_first: boolean; code_word: string | null; neutral_letters: boolean },
  anyWithheld: boolean,
): SafeContactRecord {
  const w = anyWithheld ? { reason: 'Whereabouts withheld', by: '', at: new Date(0) } : null;
  return {
    safeNumber: secret(s.safe_number, w),
    safeTimes: s.safe_times,
    mayLeaveMessage: s.may_leave_message,
    askIfAloneFirst: s.ask_if_alone_first,
    codeWord: s.code_word === null ? null : Confidential.of(s.code_word, { reason: 'Code word', by: '', at: new Date(0) }),
    neutralLetters: s.neutral_letters,
  };
}

export interface PersonSearchRow {
  id: string;
  given_name: string;
  family_name: string;
  other_names: string[];
  date_of_birth: string | null;
  restricted: boolean;
  score: number;
}

/**
 * Fuzzy search by name (trigram similarity on the full name either way round and on other names,
 * or the same Double Metaphone sound for the family name), narrowed by date of birth and NHS number.
 * The names are first looked up by index (queries/name-retrieval.ts): a name that shares no spelling,
 * first letters or sound with the one typed is not found, and other names are matched only among those.
 */
export async function searchPeople(
  trx: Trx,
  q: { name?: string; dateOfBirth?: string; nhsNumber?: string },
  limit: number,
  offset: number,
  /** Whose grants open restricted records (null: nobody's, for an API client). */
  searcherId: string | null = null,
): Promise<{ rows: PersonSearchRow[]; total: number }> {
  const name = (q.name ?? '').trim().toLowerCase();
  const words = name.split(/\s+/).filter(Boolean);
  const family = words.at(-1) ?? '';
  // A record merged into another is found as the record it was merged into.
  let query = trx.selectFrom('people').where('merged_into', 'is', null);
  if (name) {
    // Look up by index first (see queries/name-retrieval.ts), then keep those that are like the name.
    const ids = words.length > 1 ? idsByName(words[0]!, family) : idsByOneName(family);
    query = query.where(sql<boolean>`id in (${ids})`).where(
      sql<boolean>`(lower(given_name || ' ' || family_name) % ${name}
        or lower(family_name || ' ' || given_name) % ${name}
        or exists (select 1 from unnest(other_names) o where lower(o) % ${name})
        or (dmetaphone(family_name) = dmetaphone(${family}) and ${family} <> '')
        or exists (select 1 from person_name_parts np where np.person_id = people.id and np.part = ${family})
        or lower(family_name) = any(${familyNameParts(family)}::text[]))`,
    );
  }
  if (q.dateOfBirth) query = query.where('date_of_birth', '=', q.dateOfBirth);
  if (q.nhsNumber) query = query.where('nhs_number', '=', q.nhsNumber);
  // A restricted record shows its name only: a search by date of birth or NHS number would confirm them.
  if (q.dateOfBirth || q.nhsNumber) query = query.where(openToSearcher(searcherId));
  const score = name
    ? sql<number>`greatest(similarity(lower(given_name || ' ' || family_name), ${name}), similarity(lower(family_name || ' ' || given_name), ${name}))`
    : sql<number>`1`;
  const [rows, count] = await Promise.all([
    query
      .select(['id', 'given_name', 'family_name', 'other_names', 'date_of_birth', 'restricted', score.as('score')])
      .orderBy('score', 'desc')
      .orderBy('family_name')
      .orderBy('given_name')
      .orderBy('id')
      .limit(limit)
      .offset(offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows.map((r) => ({ ...r, score: Number(r.score) })), total: Number(count.n) };
}

export async function insertIdentifier(trx: Trx, tenantId: string, personId: string, identifier: { agency: string; identifier: string }): Promise<void> {
  await trx.insertInto('person_identifiers').values({ tenant_id: tenantId, person_id: personId, agency: identifier.agency, identifier: identifier.identifier }).execute();
}

/** The fields changed by others after this version (to say what changed since the form was opened). */
export async function fieldsChangedSince(trx: Trx, personId: string, version: number): Promise<string[]> {
  const later = await trx.selectFrom('person_changes').select('fields').where('person_id', '=', personId).where('version', '>', version).execute();
  return [...new Set(later.flatMap((c) => c.fields))];
}

/** Saves changes made to `version`; null when someone saved first. */
export async function updatePerson(trx: Trx, personId: string, version: number, columns: Columns): Promise<number | null> {
  const updated = await trx
    .updateTable('people')
    .set({ ...columns, version: version + 1, updated_at: new Date() })
    .where('id', '=', personId)
    .where('version', '=', version)
    .returning('version')
    .executeTakeFirst();
  return updated?.version ?? null;
}

export async function insertChange(trx: Trx, tenantId: string, personId: string, version: number, fields: string[], changedBy: string | null): Promise<void> {
  await trx.insertInto('person_changes').values({ tenant_id: tenantId, person_id: personId, version, fields, changed_by: changedBy }).execute();
}

/** Whether a person exists and is restricted (for an API client, which never holds grants). */
export function restriction(trx: Trx, personId: string) {
  return trx.selectFrom('people').select(['id', 'restricted', 'merged_into']).where('id', '=', personId).executeTakeFirst();
}

export function relationshipRows(trx: Trx, personIds: readonly string[]) {
  return trx
    .selectFrom('relationships')
    .select(['id', 'from_person', 'to_person', 'kind'])
    .where((eb) => eb.or([eb('from_person', 'in', [...personIds]), eb('to_person', 'in', [...personIds])]))
    .execute();
}

export async function countExisting(trx: Trx, personIds: readonly string[]): Promise<number> {
  return (await trx.selectFrom('people').select('id').where('id', 'in', [...personIds]).execute()).length;
}

/** Adds a relationship; null when it was already recorded. */
export async function insertRelationship(trx: Trx, tenantId: string, from: string, to: string, kind: string, by: string | null): Promise<string | null> {
  const row = await trx
    .insertInto('relationships')
    .values({ tenant_id: tenantId, from_person: from, to_person: to, kind, created_by: by })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

export function namesAndRestriction(trx: Trx, personIds: readonly string[]) {
  return personIds.length ? trx.selectFrom('people').select(['id', 'given_name', 'family_name', 'restricted']).where('id', 'in', [...personIds]).execute() : Promise.resolve([]);
}

/** Withholds one of the person's addresses or contact details; false when it is not theirs. */
export async function withhold(trx: Trx, what: 'address' | 'contact-detail', id: string, personId: string, w: { reason: string; by: string | null; at: Date }): Promise<boolean> {
  const set = { withheld: true, withheld_reason: w.reason, withheld_by: w.by, withheld_at: w.at };
  const updated =
    what === 'address'
      ? await trx.updateTable('person_addresses').set(set).where('id', '=', id).where('person_id', '=', personId).returning('id').executeTakeFirst()
      : await trx.updateTable('person_contact_details').set(set).where('id', '=', id).where('person_id', '=', personId).returning('id').executeTakeFirst();
  return Boolean(updated);
}

export interface SafeContactColumns {
  safe_number: string | null;
  safe_times: string | null;
  may_leave_message: boolean;
  ask_if_alone_first: boolean;
  code_word: string | null;
  neutral_letters: boolean;
  updated_by: string | null;
  updated_at: Date;
}

export async function saveSafeContact(trx: Trx, tenantId: string, personId: string, values: SafeContactColumns): Promise<void> {
  await trx
    .insertInto('safe_contact_preferences')
    .values({ person_id: personId, tenant_id: tenantId, ...values })
    .onConflict((oc) => oc.column('person_id').doUpdateSet(values))
    .execute();
}
