import { sql, type RawBuilder } from 'kysely';
import { londonDate, type PlainDate } from '../../domain/calendar/plain-date.js';
import { Confidential, storedText, type Withholding } from '../../domain/redaction/confidential.js';
import { DEFAULT_INDICATORS, type ThresholdIndicator } from '../../domain/triage/threshold.js';
import type { Trx } from '../../platform/db/database.js';
import type { ContactStatus } from '../../domain/contacts/contact.js';
import { spellings } from '../people/service.js';

export type ContactRow = NonNullable<Awaited<ReturnType<typeof findContact>>>;
export type ContactPersonRow = Awaited<ReturnType<typeof contactPeople>>[number];

/**
 * What a contact gives about a person with withheld whereabouts (any withheld address or contact
 * detail) is withheld with them: the address, the postcode, and the place of the incident.
 */
const GIVEN_FOR_WITHHELD_PERSON: Withholding = { reason: 'Given on a contact for a person whose whereabouts are withheld', by: '', at: new Date(0) };

/**
 * The person in this column has a withheld address or contact detail. One `exists` over a `union all`,
 * so that each row looks its person up by index: an `or` of two `exists` lets the planner hash every
 * withheld row of the whole table instead (query-plans.test.ts).
 */
function whereaboutsWithheld(personIdColumn: string): RawBuilder<boolean> {
  const person = sql.ref(personIdColumn);
  return sql<boolean>`exists (select 1 from person_addresses wa where wa.person_id = ${person} and wa.withheld
    union all select 1 from person_contact_details wc where wc.person_id = ${person} and wc.withheld)`;
}

function given(value: string | null, withheld: boolean): Confidential | null {
  return value === null ? null : Confidential.of(value, withheld ? GIVEN_FOR_WITHHELD_PERSON : null);
}

/** The contact; the place of the incident is a Confidential, withheld when anyone linked on it has withheld whereabouts. */
export async function findContact(trx: Trx, id: string) {
  const row = await trx
    .selectFrom('contacts')
    .selectAll()
    .select(
      sql<boolean>`exists (select 1 from contact_people cp join person_addresses wa on wa.person_id = cp.person_id where cp.contact_id = contacts.id and wa.withheld
        union all select 1 from contact_people cp join person_contact_details wc on wc.person_id = cp.person_id where cp.contact_id = contacts.id and wc.withheld)`.as('whereabouts_withheld'),
    )
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const { whereabouts_withheld: withheld, place, ...contact } = row;
  return { ...contact, place: given(place, withheld) };
}

export function findBySourceReference(trx: Trx, source: string, reference: string) {
  return trx.selectFrom('contacts').select(['id', 'decision_due_by']).where('source', '=', source).where('reference', '=', reference).executeTakeFirst();
}

/**
 * The people on a contact. What the contact gives of their whereabouts (address, postcode) is read
 * only as a Confidential, withheld when the linked person has withheld whereabouts.
 */
export async function contactPeople(trx: Trx, contactId: string) {
  const rows = await trx
    .selectFrom('contact_people')
    .leftJoin('people', 'people.id', 'contact_people.person_id')
    .select([
      'contact_people.id',
      'contact_people.ref',
      'contact_people.role',
      'contact_people.given_name',
      'contact_people.family_name',
      'contact_people.date_of_birth',
      'contact_people.sex',
      'contact_people.nhs_number',
      'contact_people.send',
      'contact_people.address',
      'contact_people.postcode',
      'contact_people.school',
      'contact_people.person_id',
      'people.restricted as person_restricted',
      'people.date_of_birth as person_date_of_birth',
      'people.send as person_send',
      sql<boolean>`contact_people.person_id is not null and ${whereaboutsWithheld('contact_people.person_id')}`.as('whereabouts_withheld'),
    ])
    .where('contact_people.contact_id', '=', contactId)
    .orderBy('contact_people.ref')
    .execute();
  return rows.map(({ address, postcode, whereabouts_withheld: withheld, ...p }) => ({
    ...p,
    whereaboutsWithheld: Boolean(withheld),
    address: given(address, Boolean(withheld)),
    postcode: given(postcode, Boolean(withheld)),
  }));
}

/** A person as a contact names them, ready to store; what places them is Confidential from the start. */
export interface NewContactPerson {
  ref: string;
  role: 'victim' | 'person-causing-harm' | 'child' | 'other-adult';
  givenName: string;
  familyName: string;
  dateOfBirth: string | null;
  sex: string | null;
  nhsNumber: string | null;
  send: boolean;
  address: Confidential | null;
  postcode: Confidential | null;
  school: string | null;
  personId: string | null;
  linkedBy: string | null;
  linkedAt: Date | null;
}

export async function insertContactPeople(trx: Trx, tenantId: string, contactId: string, people: readonly NewContactPerson[]): Promise<void> {
  await trx
    .insertInto('contact_people')
    .values(
      people.map((p) => ({
        tenant_id: tenantId,
        contact_id: contactId,
        ref: p.ref,
        role: p.role,
        given_name: p.givenName,
        family_name: p.familyName,
        date_of_birth: p.dateOfBirth,
        sex: p.sex,
        nhs_number: p.nhsNumber,
        send: p.send,
        address: p.address && storedText(p.address),
        postcode: p.postcode && storedText(p.postcode).toUpperCase(),
        school: p.school,
        person_id: p.personId,
        linked_by: p.linkedBy,
        linked_at: p.linkedAt,
      })),
    )
    .execute();
}

/**
 * Which of these people have lived at the postcode a contact gives, compared in the database so that
 * no stored postcode is read. Withheld addresses never take part, nor does anyone with withheld
 * whereabouts: a match would tell the worker where the person is, or was when they fled. A withheld
 * postcode on the contact matches nothing.
 */
export async function peopleAtPostcode(trx: Trx, personIds: readonly string[], postcode: Confidential): Promise<Set<string>> {
  const wanted = storedText(postcode).replace(/\s/g, '').toUpperCase();
  if (!wanted || postcode.withheld || !personIds.length) return new Set();
  const rows = await trx
    .selectFrom('person_addresses')
    .select('person_id')
    .where('person_id', 'in', [...personIds])
    .where('withheld', '=', false)
    .where('postcode', 'is not', null)
    .where(sql<string>`upper(regexp_replace(postcode, '[[:space:]]', '', 'g'))`, '=', wanted)
    .where(sql<boolean>`not ${whereaboutsWithheld('person_addresses.person_id')}`)
    .execute();
  return new Set(rows.map((r) => r.person_id));
}

/** A linked person record's name (the contact page shows it only to someone who may open the record). */
export function linkedPersonName(trx: Trx, personId: string) {
  return trx.selectFrom('people').select(['given_name', 'family_name']).where('id', '=', personId).executeTakeFirst();
}

/** The case a contact was sent to, and whether it is restricted. */
export function caseSentTo(trx: Trx, caseId: string) {
  return trx.selectFrom('cases').select(['id', 'reference', 'restricted']).where('id', '=', caseId).executeTakeFirst();
}

export function contactRelationships(trx: Trx, contactId: string) {
  return trx.selectFrom('contact_relationships').select(['from_ref', 'to_ref', 'kind']).where('contact_id', '=', contactId).execute();
}

export interface ContactEventRow {
  type: string;
  at: Date;
  by_user: string | null;
  by_api_client: string | null;
  data: Record<string, unknown>;
  user_name: string | null;
  api_client_name: string | null;
}

export function contactEvents(trx: Trx, contactId: string): Promise<ContactEventRow[]> {
  return trx
    .selectFrom('contact_events')
    .leftJoin('users', 'users.id', 'contact_events.by_user')
    .leftJoin('api_clients', 'api_clients.id', 'contact_events.by_api_client')
    .select(['contact_events.type', 'contact_events.at', 'contact_events.by_user', 'contact_events.by_api_client', 'contact_events.data', 'users.name as user_name', 'api_clients.name as api_client_name'])
    .where('contact_id', '=', contactId)
    .orderBy('contact_events.id')
    .execute();
}

export interface EventActor {
  userId: string | null;
  apiClientId: string | null;
}

export function insertEvent(trx: Trx, tenantId: string, contactId: string, actor: EventActor, type: string, data: Record<string, unknown> = {}) {
  return trx
    .insertInto('contact_events')
    .values({ tenant_id: tenantId, contact_id: contactId, type, by_user: actor.userId, by_api_client: actor.apiClientId, data: JSON.stringify(data) })
    .execute();
}

/** The tenant's own threshold indicators, or the product's defaults when it has set none. */
export async function thresholdIndicators(trx: Trx): Promise<readonly ThresholdIndicator[]> {
  const rows = await trx.selectFrom('threshold_indicators').select(['code', 'level', 'meaning']).orderBy('position').orderBy('code').execute();
  if (!rows.length) return DEFAULT_INDICATORS;
  return rows.map((r) => ({ code: r.code, level: r.level as ThresholdIndicator['level'], meaning: r.meaning }));
}

/** Open cases with children linked on this contact, with their allocation. */
export function openCasesOfChildren(trx: Trx, childPersonIds: string[]) {
  if (!childPersonIds.length) return Promise.resolve([]);
  return trx
    .selectFrom('case_members')
    .innerJoin('cases', 'cases.id', 'case_members.case_id')
    .select(['cases.id as case_id', 'case_members.person_id', 'cases.worker_id', 'cases.team_id', 'cases.last_activity_at', 'cases.reference', 'cases.stage'])
    .where('case_members.person_id', 'in', childPersonIds)
    .where('case_members.role', '=', 'child')
    .where('cases.status', '=', 'open')
    .execute();
}

export interface QueueFilter {
  status: 'awaiting-decision' | 'decided' | 'sent-to-allocated-worker' | 'all';
  source?: string;
  overdueOnly: boolean;
  sort: 'due' | 'received-newest';
  today: PlainDate;
  /** A name of someone on the contact (as typed, in its usual spellings), or the start of a reference. */
  search?: string;
  /** Contacts this user is working on, or contacts nobody has picked up. */
  assigned?: { to: string } | 'nobody';
}

/**
 * Contacts naming this person, or whose reference starts with the words typed. The ids are looked up
 * first, each branch by an index on a bare column (exact spellings of the names; the reference from its
 * start, as typed and in capitals), so the queue never scans every contact to find them.
 */
function matchesSearch(search: string) {
  const words = search.trim().split(/\s+/).filter(Boolean);
  const reference = search.trim();
  const byName =
    words.length > 1
      ? sql`select contact_id from contact_people where given_name = any(${spellings([words[0]!])}::text[]) and family_name = any(${spellings([words.at(-1)!])}::text[])`
      : sql`select contact_id from contact_people where family_name = any(${spellings(words)}::text[]) union select contact_id from contact_people where given_name = any(${spellings(words)}::text[])`;
  const byReference = [...new Set([reference, reference.toUpperCase()])].map((r) => sql`select id from contacts where reference ~>=~ ${r} and reference ~<~ ${`${r}\uffff`}`);
  return sql<boolean>`contacts.id in (${byName} union ${sql.join(byReference, sql` union `)})`;
}

export async function queue(trx: Trx, filter: QueueFilter, limit: number, offset: number) {
  let query = trx.selectFrom('contacts');
  if (filter.status !== 'all') query = query.where('status', '=', filter.status as ContactStatus);
  if (filter.source) query = query.where('source', '=', filter.source);
  if (filter.overdueOnly) query = query.where('status', '=', 'awaiting-decision').where('decision_due_by', '<', filter.today);
  if (filter.search?.trim()) query = query.where(matchesSearch(filter.search));
  if (filter.assigned === 'nobody') query = query.where('assigned_to', 'is', null);
  else if (filter.assigned) query = query.where('assigned_to', '=', filter.assigned.to);
  const ordered =
    filter.sort === 'due'
      ? query.orderBy('decision_due_by').orderBy('received_at').orderBy('id')
      : query.orderBy('received_at', 'desc').orderBy('id');
  const [rows, count] = await Promise.all([
    ordered
      .select([
        'id',
        'source',
        'reference',
        'received_at',
        'decision_due_by',
        'status',
        'decided_at',
        'decided_pathway',
        'recommended_pathway',
        'children_present',
        sql<string | null>`(select u.name from users u where u.id = contacts.assigned_to)`.as('assigned_name'),
        sql<string>`(select string_agg(cp.given_name || ' ' || cp.family_name, ', ' order by cp.ref) from contact_people cp where cp.contact_id = contacts.id and cp.role = 'child')`.as('children'),
      ])
      .limit(limit)
      .offset(offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** Contacts received in the period, with their deadline and when they were decided, for the timeliness counts. */
export function receivedBetween(trx: Trx, from: PlainDate, to: PlainDate) {
  return trx
    .selectFrom('contacts')
    .select(['id', 'decision_due_by', 'decided_at', 'status'])
    .where('received_on', '>=', from)
    .where('received_on', '<=', to)
    .where('status', '!=', 'sent-to-allocated-worker')
    .execute();
}

export function decidedOn(decidedAt: Date | null): PlainDate | null {
  return decidedAt ? londonDate(decidedAt) : null;
}

/** Any address or contact detail of the person is withheld. */
export async function hasWithheldWhereabouts(trx: Trx, personId: string): Promise<boolean> {
  const found = await trx
    .selectFrom('person_addresses')
    .select('id')
    .where('person_id', '=', personId)
    .where('withheld', '=', true)
    .unionAll(trx.selectFrom('person_contact_details').select('id').where('person_id', '=', personId).where('withheld', '=', true))
    .limit(1)
    .execute();
  return found.length > 0;
}

/** The council's teams, for choosing the one that acts on a decision. */
export function teams(trx: Trx) {
  return trx.selectFrom('teams').select(['id', 'name']).orderBy('name').execute();
}

export function teamById(trx: Trx, teamId: string) {
  return trx.selectFrom('teams').select(['id', 'name']).where('id', '=', teamId).executeTakeFirst();
}

/** A user's name, for who is working on a contact. */
export async function userName(trx: Trx, userId: string): Promise<string | undefined> {
  return (await trx.selectFrom('users').select('name').where('id', '=', userId).executeTakeFirst())?.name;
}
