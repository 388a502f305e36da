import { sql } from 'kysely';
import type { PlainDate } from '../../domain/calendar/plain-date.js';
import type { EndReason, OrderKind } from '../../domain/orders/orders.js';
import { Confidential, storedText, type Withholding } from '../../domain/redaction/confidential.js';
import type { Trx } from '../../platform/db/database.js';

/** The protective orders feature's queries (migrations/0028). */

const asDate = (v: string | Date) => (typeof v === 'string' ? v.slice(0, 10) : v.toISOString().slice(0, 10)) as PlainDate;
const NONE = ['00000000-0000-0000-0000-000000000000'];

export type Member = Awaited<ReturnType<typeof caseMembers>>[number];

/** The people on the case, children first, with what a contact needs to name them. */
export function caseMembers(trx: Trx, caseId: string) {
  return trx
    .selectFrom('case_members')
    .innerJoin('people', 'people.id', 'case_members.person_id')
    .select(['people.id', 'case_members.role', 'people.given_name', 'people.family_name', 'people.date_of_birth'])
    .where('case_members.case_id', '=', caseId)
    .orderBy(sql`case_members.role = 'child'`, 'desc')
    .orderBy('people.date_of_birth')
    .execute();
}

/** Of these people, those with a withheld address or contact detail. */
export async function withheldWhereabouts(trx: Trx, personIds: readonly string[]): Promise<Set<string>> {
  const ids = personIds.length ? [...personIds] : NONE;
  const rows = await sql<{ person_id: string }>`
    select person_id from person_addresses where withheld and person_id in (${sql.join(ids)})
    union select person_id from person_contact_details where withheld and person_id in (${sql.join(ids)})`.execute(trx);
  return new Set(rows.rows.map((r) => r.person_id));
}

/**
 * Every withheld address line, postcode, contact detail, safe number and code word of these people, as
 * values that cannot be printed: what free text on an order or a breach is checked against.
 */
export async function withheldValues(trx: Trx, personIds: readonly string[]): Promise<Confidential[]> {
  const ids = personIds.length ? [...personIds] : NONE;
  const [addresses, details, safe] = await Promise.all([
    trx.selectFrom('person_addresses').select(['line1', 'line2', 'town', 'postcode']).where('person_id', 'in', ids).where('withheld', '=', true).execute(),
    trx.selectFrom('person_contact_details').select('value').where('person_id', 'in', ids).where('withheld', '=', true).execute(),
    trx.selectFrom('safe_contact_preferences').select(['safe_number', 'code_word']).where('person_id', 'in', ids).execute(),
  ]);
  const w: Withholding = { reason: 'A place that may show where someone lives', by: '', at: new Date(0) };
  const texts = [...addresses.flatMap((a) => [a.line1, a.line2, a.town, a.postcode]), ...details.map((d) => d.value), ...safe.flatMap((s) => [s.safe_number, s.code_word])];
  return texts.filter((t): t is string => Boolean(t)).map((t) => Confidential.of(t, w));
}

export async function endingSoonDays(trx: Trx): Promise<number | null> {
  return (await trx.selectFrom('protective_order_settings').select('ending_soon_days').executeTakeFirst())?.ending_soon_days ?? null;
}

export async function saveEndingSoonDays(trx: Trx, tenantId: string, days: number, by: string): Promise<void> {
  await trx
    .insertInto('protective_order_settings')
    .values({ tenant_id: tenantId, ending_soon_days: days, updated_by: by })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ ending_soon_days: days, updated_by: by, updated_at: new Date() }))
    .execute();
}

export interface NewOrder {
  tenantId: string;
  caseId: string;
  kind: OrderKind;
  protectedIds: readonly string[];
  boundId: string;
  madeBy: string;
  startsOn: PlainDate;
  givenAt: Date | null;
  hearingDeadline: Date | null;
  expiresOn: PlainDate | null;
  conditions: readonly string[];
  exclusionZone: Confidential | null;
  zoneWithheld: boolean;
  by: string;
}

/** Stores a new order, the people it protects and its first version; answers its id. */
export async function insertOrder(trx: Trx, o: NewOrder): Promise<string> {
  const zone = o.exclusionZone ? storedText(o.exclusionZone) : null;
  const { id } = await trx
    .insertInto('protective_orders')
    .values({
      tenant_id: o.tenantId,
      case_id: o.caseId,
      kind: o.kind,
      bound_person_id: o.boundId,
      made_by: o.madeBy,
      starts_on: o.startsOn,
      given_at: o.givenAt,
      hearing_deadline: o.hearingDeadline,
      expires_on: o.expiresOn,
      conditions: [...o.conditions],
      exclusion_zone: zone,
      zone_withheld: o.zoneWithheld,
      recorded_by: o.by,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('protective_order_people')
    .values(o.protectedIds.map((personId) => ({ tenant_id: o.tenantId, order_id: id, person_id: personId })))
    .execute();
  await trx
    .insertInto('protective_order_versions')
    .values({ tenant_id: o.tenantId, order_id: id, version: 1, expires_on: o.expiresOn, conditions: [...o.conditions], exclusion_zone: zone, zone_withheld: o.zoneWithheld, varied_on: null, reason: null, saved_by: o.by })
    .execute();
  return id;
}

/** An order as read: its place named only as a Confidential, withheld when marked or when a protected person's whereabouts are withheld now. */
export interface OrderRecord {
  id: string;
  caseId: string;
  kind: OrderKind;
  protectedIds: string[];
  boundId: string;
  madeBy: string;
  startsOn: PlainDate;
  givenAt: Date | null;
  hearingDeadline: Date | null;
  expiresOn: PlainDate | null;
  conditions: string[];
  exclusionZone: Confidential | null;
  version: number;
  endedOn: PlainDate | null;
  endReason: EndReason | null;
  endNote: string | null;
  recordedBy: string;
  recordedAt: Date;
}

/** The case's orders (or one of them), newest first. */
export async function caseOrders(trx: Trx, caseId: string, orderId?: string): Promise<OrderRecord[]> {
  let query = trx.selectFrom('protective_orders').selectAll().where('case_id', '=', caseId);
  if (orderId) query = query.where('id', '=', orderId);
  const rows = await query.orderBy('starts_on', 'desc').orderBy('recorded_at', 'desc').execute();
  const people = rows.length ? await trx.selectFrom('protective_order_people').select(['order_id', 'person_id']).where('order_id', 'in', rows.map((r) => r.id)).execute() : [];
  const withheld = await withheldWhereabouts(trx, [...new Set(people.map((p) => p.person_id))]);
  return rows.map((r) => {
    const protectedIds = people.filter((p) => p.order_id === r.id).map((p) => p.person_id);
    const withholding: Withholding | null = r.zone_withheld || protectedIds.some((id) => withheld.has(id)) ? { reason: 'It may show where a protected person lives', by: r.recorded_by, at: r.recorded_at } : null;
    return {
      id: r.id,
      caseId: r.case_id,
      kind: r.kind,
      protectedIds,
      boundId: r.bound_person_id,
      madeBy: r.made_by,
      startsOn: asDate(r.starts_on),
      givenAt: r.given_at,
      hearingDeadline: r.hearing_deadline,
      expiresOn: r.expires_on ? asDate(r.expires_on) : null,
      conditions: r.conditions,
      exclusionZone: r.exclusion_zone === null ? null : Confidential.of(r.exclusion_zone, withholding),
      version: r.version,
      endedOn: r.ended_on ? asDate(r.ended_on) : null,
      endReason: r.end_reason,
      endNote: r.end_note,
      recordedBy: r.recorded_by,
      recordedAt: r.recorded_at,
    };
  });
}

/** The order's versions, oldest first, with who saved each (the place named is never read here). */
export async function versions(trx: Trx, orderId: string) {
  const rows = await trx
    .selectFrom('protective_order_versions')
    .leftJoin('users', 'users.id', 'protective_order_versions.saved_by')
    .select(['version', 'expires_on', 'conditions', 'varied_on', 'reason', 'saved_at', 'users.name as saved_by_name'])
    .where('order_id', '=', orderId)
    .orderBy('version')
    .execute();
  return rows.map((r) => ({ ...r, expires_on: r.expires_on ? asDate(r.expires_on) : null, varied_on: r.varied_on ? asDate(r.varied_on) : null }));
}

/** Saves a variation if the order is still at the version the worker saw; false when someone changed it first. */
export async function saveVariation(
  trx: Trx,
  v: { tenantId: string; orderId: string; fromVersion: number; expiresOn: PlainDate | null; conditions: readonly string[]; variedOn: PlainDate; reason: string | null; by: string },
): Promise<boolean> {
  const updated = await trx
    .updateTable('protective_orders')
    .set({ expires_on: v.expiresOn, conditions: [...v.conditions], version: v.fromVersion + 1 })
    .where('id', '=', v.orderId)
    .where('version', '=', v.fromVersion)
    .where('ended_on', 'is', null)
    .returning(['exclusion_zone', 'zone_withheld'])
    .executeTakeFirst();
  if (!updated) return false;
  await trx
    .insertInto('protective_order_versions')
    .values({ tenant_id: v.tenantId, order_id: v.orderId, version: v.fromVersion + 1, expires_on: v.expiresOn, conditions: [...v.conditions], exclusion_zone: updated.exclusion_zone, zone_withheld: updated.zone_withheld, varied_on: v.variedOn, reason: v.reason, saved_by: v.by })
    .execute();
  return true;
}

/** Ends an order still running; false when it had already ended. */
export async function endOrder(trx: Trx, e: { orderId: string; endedOn: PlainDate; reason: EndReason; note: string | null; by: string }): Promise<boolean> {
  const result = await trx
    .updateTable('protective_orders')
    .set({ ended_on: e.endedOn, end_reason: e.reason, end_note: e.note, ended_by: e.by, ended_at: new Date() })
    .where('id', '=', e.orderId)
    .where('ended_on', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertBreach(trx: Trx, b: { tenantId: string; orderId: string; contactId: string; occurredAt: Date; by: string }): Promise<void> {
  await trx
    .insertInto('protective_order_breaches')
    .values({ tenant_id: b.tenantId, order_id: b.orderId, contact_id: b.contactId, occurred_at: b.occurredAt, recorded_by: b.by })
    .onConflict((oc) => oc.columns(['order_id', 'contact_id']).doNothing())
    .execute();
}

/** An order's breaches, newest first, each with its contact's source and reference (never its summary). */
export function breaches(trx: Trx, orderIds: readonly string[]) {
  return trx
    .selectFrom('protective_order_breaches as b')
    .innerJoin('contacts', 'contacts.id', 'b.contact_id')
    .leftJoin('users', 'users.id', 'b.recorded_by')
    .select(['b.id', 'b.order_id', 'b.contact_id', 'b.occurred_at', 'contacts.source', 'contacts.reference', 'contacts.status', 'users.name as recorded_by_name'])
    .where('b.order_id', 'in', orderIds.length ? [...orderIds] : NONE)
    .orderBy('b.occurred_at', 'desc')
    .execute();
}

export async function userNames(trx: Trx, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await trx.selectFrom('users').select(['id', 'name']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * Orders still running on the open cases of this worker (or their teams) that expire by `lastDay`, and
 * notices whose hearing deadline is by `hearingBy`: the home page's "Orders ending soon".
 */
export async function endingSoonFor(trx: Trx, userId: string, teamIds: readonly string[], today: PlainDate, lastDay: PlainDate, hearingBy: Date) {
  const rows = await trx
    .selectFrom('protective_orders as o')
    .innerJoin('cases', 'cases.id', 'o.case_id')
    .select(['o.id', 'o.case_id', 'o.kind', 'o.starts_on', 'o.expires_on', 'o.hearing_deadline', 'cases.reference'])
    .where('o.ended_on', 'is', null)
    .where('cases.status', '=', 'open')
    .where((eb) => eb.or([eb('cases.worker_id', '=', userId), ...(teamIds.length ? [eb('cases.team_id', 'in', [...teamIds])] : [])]))
    .where((eb) =>
      eb.or([
        eb.and([eb('o.expires_on', '>=', today), eb('o.expires_on', '<=', lastDay)]),
        eb.and([eb('o.kind', '=', 'dapn'), eb('o.hearing_deadline', '<=', hearingBy)]),
      ]),
    )
    .orderBy(sql`coalesce(o.hearing_deadline, o.expires_on::timestamptz)`)
    .limit(50)
    .execute();
  return rows.map((r) => ({ ...r, starts_on: asDate(r.starts_on), expires_on: r.expires_on ? asDate(r.expires_on) : null }));
}
