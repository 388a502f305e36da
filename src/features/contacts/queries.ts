import { sql } from 'kysely';
import { londonDate, type PlainDate } from '../../domain/calendar/plain-date.js';
import { DEFAULT_INDICATORS, type ThresholdIndicator } from '../../domain/triage/threshold.js';
import type { Trx } from '../../platform/db/database.js';
import type { ContactStatus } from '../../domain/contacts/contact.js';

export type ContactRow = NonNullable<Awaited<ReturnType<typeof findContact>>>;
export type ContactPersonRow = Awaited<ReturnType<typeof contactPeople>>[number];

export function findContact(trx: Trx, id: string) {
  return trx.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findBySourceReference(trx: Trx, source: string, reference: string) {
  return trx.selectFrom('contacts').select(['id', 'decision_due_by']).where('source', '=', source).where('reference', '=', reference).executeTakeFirst();
}

export function contactPeople(trx: Trx, contactId: string) {
  return trx
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
    ])
    .where('contact_people.contact_id', '=', contactId)
    .orderBy('contact_people.ref')
    .execute();
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
}

export function contactEvents(trx: Trx, contactId: string): Promise<ContactEventRow[]> {
  return trx
    .selectFrom('contact_events')
    .leftJoin('users', 'users.id', 'contact_events.by_user')
    .select(['contact_events.type', 'contact_events.at', 'contact_events.by_user', 'contact_events.by_api_client', 'contact_events.data', 'users.name as user_name'])
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
    .select(['cases.id as case_id', 'case_members.person_id', 'cases.worker_id', 'cases.team_id', 'cases.last_activity_at', 'cases.reference'])
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
}

export async function queue(trx: Trx, filter: QueueFilter, limit: number, offset: number) {
  let query = trx.selectFrom('contacts');
  if (filter.status !== 'all') query = query.where('status', '=', filter.status as ContactStatus);
  if (filter.source) query = query.where('source', '=', filter.source);
  if (filter.overdueOnly) query = query.where('status', '=', 'awaiting-decision').where('decision_due_by', '<', filter.today);
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
