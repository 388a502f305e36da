import { sql } from 'kysely';
import type { PlainDate } from '../../domain/calendar/plain-date.js';
import type { RedFlagCode } from '../../domain/escalation/red-flags.js';
import type { EscalationReason, EscalationSettings } from '../../domain/escalation/rules.js';
import type { Trx } from '../../platform/db/database.js';

/** Red flags, escalations and their settings, and interpreter bookings (migrations/0029). */

const asDate = (d: string) => d as PlainDate;

export async function settings(trx: Trx): Promise<EscalationSettings | null> {
  const row = await trx.selectFrom('escalation_settings').select(['missed_count', 'missed_days', 'escalating_flags']).executeTakeFirst();
  return row ? { missedCount: row.missed_count, missedDays: row.missed_days, escalatingFlags: row.escalating_flags as RedFlagCode[] } : null;
}

export async function saveSettings(trx: Trx, tenantId: string, s: EscalationSettings, by: string): Promise<void> {
  const values = { missed_count: s.missedCount, missed_days: s.missedDays, escalating_flags: [...s.escalatingFlags], updated_by: by };
  await trx
    .insertInto('escalation_settings')
    .values({ tenant_id: tenantId, ...values })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ ...values, updated_at: new Date() }))
    .execute();
}

/** The case's status and who it is allocated to now, locked so two evaluations at once raise each escalation once. */
export function lockedCase(trx: Trx, caseId: string) {
  return trx.selectFrom('cases').select(['status', 'worker_id', 'team_id']).where('id', '=', caseId).forUpdate().executeTakeFirst();
}

/** Missed appointments and visits with no access on the case, by any agency. */
export async function missed(trx: Trx, caseId: string) {
  const rows = await trx.selectFrom('visits').select(['id', 'happened_on']).where('case_id', '=', caseId).where('kind', 'in', ['missed-appointment', 'no-access']).execute();
  return rows.map((r) => ({ id: r.id, on: asDate(r.happened_on) }));
}

/** New incidents that reached the case since `since` (the contact's id and the London day). */
export async function incidents(trx: Trx, caseId: string, since: Date) {
  const rows = await trx
    .selectFrom('case_events')
    .select([sql<string>`data->>'contactId'`.as('contact_id'), sql<string>`to_char(at at time zone 'Europe/London', 'YYYY-MM-DD')`.as('on')])
    .where('case_id', '=', caseId)
    .where('type', '=', 'incident-reported')
    .where('at', '>=', since)
    .execute();
  return rows.map((r) => ({ id: r.contact_id, on: asDate(r.on) }));
}

export async function redFlags(trx: Trx, caseId: string) {
  const rows = await trx
    .selectFrom('red_flags')
    .leftJoin('users', 'users.id', 'red_flags.recorded_by')
    .select(['red_flags.id', 'red_flags.flag', 'red_flags.noticed_on', 'red_flags.note', 'red_flags.recorded_at', 'users.name as recorded_by_name'])
    .where('red_flags.case_id', '=', caseId)
    .orderBy('red_flags.noticed_on', 'desc')
    .orderBy('red_flags.recorded_at', 'desc')
    .execute();
  return rows.map((r) => ({ ...r, flag: r.flag as RedFlagCode, noticed_on: asDate(r.noticed_on) }));
}

export async function insertRedFlag(trx: Trx, row: { tenantId: string; caseId: string; flag: RedFlagCode; noticedOn: PlainDate; note: string | null; by: string }): Promise<string> {
  const { id } = await trx
    .insertInto('red_flags')
    .values({ tenant_id: row.tenantId, case_id: row.caseId, flag: row.flag, noticed_on: row.noticedOn, note: row.note, recorded_by: row.by })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export function triggersRaised(trx: Trx, caseId: string) {
  return trx.selectFrom('escalations').select(['trigger', 'counted']).where('case_id', '=', caseId).execute();
}

/** Raises one escalation; nothing when its trigger was raised already on the case (answers null). */
export async function insertEscalation(
  trx: Trx,
  row: { tenantId: string; caseId: string; trigger: string; reason: EscalationReason; counted: string[]; flag: RedFlagCode | null; factOn: PlainDate; workerId: string | null; teamId: string | null },
): Promise<string | null> {
  const inserted = await trx
    .insertInto('escalations')
    .values({ tenant_id: row.tenantId, case_id: row.caseId, trigger: row.trigger, reason: row.reason, counted: row.counted, flag: row.flag, fact_on: row.factOn, worker_id: row.workerId, team_id: row.teamId })
    .onConflict((oc) => oc.columns(['case_id', 'trigger']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted?.id ?? null;
}

const escalationColumns = [
  'e.id',
  'e.case_id',
  'e.reason',
  'e.flag',
  'e.counted',
  'e.fact_on',
  'e.raised_at',
  'e.decision',
  'e.decided_by',
  'e.decided_on',
  'e.closed_at',
] as const;

export async function escalationsOfCase(trx: Trx, caseId: string) {
  const rows = await trx
    .selectFrom('escalations as e')
    .leftJoin('users as w', 'w.id', 'e.worker_id')
    .leftJoin('teams as t', 't.id', 'e.team_id')
    .leftJoin('users as d', 'd.id', 'e.discussed_by')
    .select([...escalationColumns, 'w.name as worker_name', 't.name as team_name', 'd.name as discussed_by_name'])
    .where('e.case_id', '=', caseId)
    .orderBy(sql`e.closed_at is null`, 'desc')
    .orderBy('e.raised_at', 'desc')
    .execute();
  return rows.map((r) => ({ ...r, fact_on: asDate(r.fact_on), decided_on: r.decided_on === null ? null : asDate(r.decided_on) }));
}

export function escalation(trx: Trx, caseId: string, id: string) {
  return trx.selectFrom('escalations').select(['id', 'reason', 'flag', 'raised_at', 'closed_at']).where('case_id', '=', caseId).where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Records the management discussion and closes the escalation, if it is still open (answers whether it was). */
export async function closeEscalation(trx: Trx, id: string, d: { decision: string; decidedBy: string; decidedOn: PlainDate; by: string }): Promise<boolean> {
  const result = await trx
    .updateTable('escalations')
    .set({ decision: d.decision, decided_by: d.decidedBy, decided_on: d.decidedOn, discussed_by: d.by, closed_at: new Date() })
    .where('id', '=', id)
    .where('closed_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Open escalations on the open cases allocated to this worker, or, with `teamIds`, to those teams. */
export function openEscalationsFor(trx: Trx, userId: string, teamIds: readonly string[]) {
  return trx
    .selectFrom('escalations as e')
    .innerJoin('cases as c', 'c.id', 'e.case_id')
    .select(['e.id', 'e.case_id', 'e.reason', 'e.flag', 'e.counted', 'e.raised_at', 'c.reference', 'c.worker_id'])
    .where('e.closed_at', 'is', null)
    .where('c.status', '=', 'open')
    .where((eb) => eb.or([eb('c.worker_id', '=', userId), ...(teamIds.length ? [eb('c.team_id', 'in', [...teamIds])] : [])]))
    .orderBy('e.raised_at')
    .limit(100)
    .execute();
}

export async function bookings(trx: Trx, caseId: string) {
  return trx
    .selectFrom('interpreter_bookings as b')
    .innerJoin('people as p', 'p.id', 'b.person_id')
    .select(['b.id', 'b.person_id', 'p.given_name', 'p.family_name', 'p.restricted', 'b.language', 'b.dialect', 'b.starts_at', 'b.purpose', 'b.details', 'b.interpreter_name', 'b.agency', 'b.interpreter_sex'])
    .where('b.case_id', '=', caseId)
    .orderBy('b.starts_at', 'desc')
    .execute();
}

export async function insertBooking(
  trx: Trx,
  row: { tenantId: string; caseId: string; personId: string; language: string; dialect: string | null; startsAt: Date; purpose: string; details: string | null; interpreterName: string; agency: string; interpreterSex: string | null; by: string },
): Promise<string> {
  const { id } = await trx
    .insertInto('interpreter_bookings')
    .values({
      tenant_id: row.tenantId,
      case_id: row.caseId,
      person_id: row.personId,
      language: row.language,
      dialect: row.dialect,
      starts_at: row.startsAt,
      purpose: row.purpose,
      details: row.details,
      interpreter_name: row.interpreterName,
      agency: row.agency,
      interpreter_sex: row.interpreterSex,
      booked_by: row.by,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** The people on the case with their language and interpreter needs. */
export function membersWithLanguage(trx: Trx, caseId: string) {
  return trx
    .selectFrom('case_members as m')
    .innerJoin('people as p', 'p.id', 'm.person_id')
    .select(['p.id', 'p.given_name', 'p.family_name', 'p.restricted', 'p.first_language', 'p.dialect', 'p.interpreter_needed', 'p.interpreter_sex', 'm.role'])
    .where('m.case_id', '=', caseId)
    .orderBy('m.added_at')
    .execute();
}
