import { sql, type RawBuilder } from 'kysely';
import { Confidential } from '../../domain/redaction/confidential.js';
import type { Trx } from '../../platform/db/database.js';
import type { DocumentDisclosuresTable } from '../../platform/db/schema.js';

/** The people on a case, with what a letter to them needs: their role, language and whether letters to them must be neutral. */
export function recipients(trx: Trx, caseId: string) {
  return trx
    .selectFrom('case_members')
    .innerJoin('people', 'people.id', 'case_members.person_id')
    .leftJoin('safe_contact_preferences', 'safe_contact_preferences.person_id', 'people.id')
    .select(['people.id', 'people.given_name', 'people.family_name', 'people.date_of_birth', 'people.first_language', 'case_members.role'])
    .select(sql<boolean>`coalesce(safe_contact_preferences.neutral_letters, false)`.as('neutral_letters'))
    .where('case_members.case_id', '=', caseId)
    .orderBy('case_members.role')
    .orderBy('people.family_name')
    .orderBy('people.given_name')
    .execute();
}

/** Whether this person has any withheld address or contact detail (their whereabouts are withheld). */
function whereaboutsWithheld(personId: RawBuilder<string> | ReturnType<typeof sql.ref>) {
  return sql<boolean>`exists (select 1 from person_addresses wa where wa.person_id = ${personId} and wa.withheld
    union all select 1 from person_contact_details wc where wc.person_id = ${personId} and wc.withheld)`;
}

/**
 * Every address, contact detail, safe number and code word held for the people on a case, the records
 * merged into theirs and the people related to them (the family around the case), and every address, postcode and place that notifications about them
 * gave, as values that cannot be printed: what free text in a document is checked against. Each says
 * whose it is and whether it is withheld (a notification's are, when its person's whereabouts are).
 */
export async function protectedValues(trx: Trx, caseId: string): Promise<Array<{ personId: string; kind: 'address' | 'contact-details'; withheld: boolean; value: Confidential }>> {
  const onCase = await trx.selectFrom('case_members').select('person_id').where('case_id', '=', caseId).execute();
  const members = onCase.map((m) => m.person_id);
  const none = ['00000000-0000-0000-0000-000000000000'];
  const [merged, related] = await Promise.all([
    trx.selectFrom('people').select(['id', 'merged_into']).where('merged_into', 'in', members.length ? members : none).execute(),
    trx.selectFrom('relationships').select(['from_person', 'to_person']).where((eb) => eb.or([eb('from_person', 'in', members.length ? members : none), eb('to_person', 'in', members.length ? members : none)])).execute(),
  ]);
  const ids = [...new Set([...members, ...merged.map((m) => m.id), ...related.flatMap((r) => [r.from_person, r.to_person])])];
  const ownerOf = (id: string) => merged.find((m) => m.id === id)?.merged_into ?? id;
  const [addresses, details, safe, given, places] = await Promise.all([
    trx.selectFrom('person_addresses').select(['person_id', 'line1', 'line2', 'town', 'postcode', 'withheld']).where('person_id', 'in', ids).execute(),
    trx.selectFrom('person_contact_details').select(['person_id', 'value', 'withheld']).where('person_id', 'in', ids).execute(),
    trx.selectFrom('safe_contact_preferences').select(['person_id', 'safe_number', 'code_word']).where('person_id', 'in', ids).execute(),
    trx
      .selectFrom('contact_people')
      .select(['person_id', 'address', 'postcode'])
      .select(whereaboutsWithheld(sql.ref('contact_people.person_id')).as('withheld'))
      .where('person_id', 'in', ids)
      .execute(),
    trx
      .selectFrom('contacts')
      .innerJoin('contact_people', 'contact_people.contact_id', 'contacts.id')
      .select(['contact_people.person_id', 'contacts.place'])
      .select(whereaboutsWithheld(sql.ref('contact_people.person_id')).as('withheld'))
      .where('contact_people.person_id', 'in', ids)
      .where('contacts.place', 'is not', null)
      .execute(),
  ]);
  const w = (withheld: boolean) => (withheld ? { reason: 'Whereabouts not to be shared', by: '', at: new Date(0) } : null);
  const value = (personId: string | null, kind: 'address' | 'contact-details', withheld: boolean, text: string) => ({ personId: ownerOf(personId ?? ''), kind, withheld, value: Confidential.of(text, w(withheld)) });
  const isText = (v: string | null): v is string => Boolean(v);
  return [
    ...addresses.flatMap((a) => [a.line1, a.line2, a.town, a.postcode].filter(isText).map((v) => value(a.person_id, 'address', a.withheld, v))),
    ...details.map((d) => value(d.person_id, 'contact-details', d.withheld, d.value)),
    // The safe number and the code word are never for anyone else's eyes.
    ...safe.flatMap((s) => [s.safe_number, s.code_word].filter(isText).map((v) => value(s.person_id, 'contact-details', true, v))),
    ...given.flatMap((g) => [g.address, g.postcode].filter(isText).map((v) => value(g.person_id, 'address', g.withheld, v))),
    ...places.filter((p) => isText(p.place)).map((p) => value(p.person_id, 'address', p.withheld, p.place as string)),
  ];
}

export function tenantName(trx: Trx, tenantId: string) {
  return trx.selectFrom('tenants').select('name').where('id', '=', tenantId).executeTakeFirstOrThrow();
}

const DOCUMENT_COLUMNS = ['document_copies.id', 'document_copies.kind', 'document_copies.title', 'document_copies.template', 'document_copies.language', 'document_copies.audience', 'document_copies.neutral', 'document_copies.recipient_name', 'document_copies.recipient_person_id', 'document_copies.made_at', 'document_copies.sha256', 'document_copies.corrects_id'] as const;

/** A case's documents, newest first, each with who made it, how often it was sent and what corrects it. */
export function caseDocuments(trx: Trx, caseId: string) {
  return trx
    .selectFrom('document_copies')
    .leftJoin('users', 'users.id', 'document_copies.made_by')
    .select(DOCUMENT_COLUMNS)
    .select('users.name as made_by_name')
    .select((eb) => [
      eb.selectFrom('document_disclosures').select(eb.fn.countAll<string>().as('n')).whereRef('document_disclosures.document_id', '=', 'document_copies.id').as('disclosures'),
      eb.selectFrom('document_copies as later').select('later.id').whereRef('later.corrects_id', '=', 'document_copies.id').limit(1).as('corrected_by'),
    ])
    .where('document_copies.case_id', '=', caseId)
    .orderBy('document_copies.made_at', 'desc')
    .orderBy('document_copies.id')
    .execute();
}

/** One of a case's documents, with the filled paper it was made from (not the PDF). */
export function caseDocument(trx: Trx, caseId: string, documentId: string) {
  return trx
    .selectFrom('document_copies')
    .leftJoin('users', 'users.id', 'document_copies.made_by')
    .select(DOCUMENT_COLUMNS)
    .select(['document_copies.paper', 'users.name as made_by_name'])
    .select((eb) => eb.selectFrom('document_copies as later').select('later.id').whereRef('later.corrects_id', '=', 'document_copies.id').limit(1).as('corrected_by'))
    .where('document_copies.case_id', '=', caseId)
    .where('document_copies.id', '=', documentId)
    .executeTakeFirst();
}

/** The kept PDF's size and hash (not its bytes). */
export function documentPdf(trx: Trx, caseId: string, documentId: string) {
  return trx
    .selectFrom('document_copies')
    .select(['title', 'sha256'])
    .select(sql<number>`octet_length(content)`.as('size'))
    .where('case_id', '=', caseId)
    .where('id', '=', documentId)
    .executeTakeFirst();
}

/** A piece of the kept PDF: `length` bytes from byte `from` (0-based). */
export async function documentPdfPiece(trx: Trx, caseId: string, documentId: string, from: number, length: number): Promise<Buffer> {
  const row = await trx
    .selectFrom('document_copies')
    .select(sql<Buffer>`substring(content from ${from + 1} for ${length})`.as('piece'))
    .where('case_id', '=', caseId)
    .where('id', '=', documentId)
    .executeTakeFirstOrThrow();
  return row.piece;
}

export function disclosuresOf(trx: Trx, documentId: string) {
  return trx
    .selectFrom('document_disclosures')
    .innerJoin('users', 'users.id', 'document_disclosures.recorded_by')
    .select(['document_disclosures.id', 'recipient', 'disclosed_on', 'method', 'lawful_basis', 'note', 'users.name as recorded_by_name', 'recorded_at'])
    .where('document_id', '=', documentId)
    .orderBy('disclosed_on')
    .orderBy('recorded_at')
    .execute();
}

export async function insertDisclosure(trx: Trx, row: { tenantId: string; documentId: string; recipient: string; disclosedOn: string; method: DocumentDisclosuresTable['method']; lawfulBasis: DocumentDisclosuresTable['lawful_basis']; note: string | null; by: string }): Promise<void> {
  await trx
    .insertInto('document_disclosures')
    .values({ tenant_id: row.tenantId, document_id: row.documentId, recipient: row.recipient, disclosed_on: row.disclosedOn, method: row.method, lawful_basis: row.lawfulBasis, note: row.note, recorded_by: row.by })
    .execute();
}
