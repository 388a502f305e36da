import { sql, type Insertable } from 'kysely';
import type { Trx } from '../../platform/db/database.js';
import type { MaracMeetingsTable } from '../../platform/db/marac-schema.js';
import type { StoredCriterion } from './service.js';

/** Marac meetings and their agendas. */

export interface MeetingRow {
  id: string;
  panelId: string;
  panelName: string;
  heldAt: Date;
  venue: string | null;
  onlineLink: string | null;
  chair: string;
  circulateOn: string;
  researchDueOn: string;
  circulatedAt: Date | null;
  status: 'scheduled' | 'cancelled';
  cancelReason: string | null;
  movedReason: string | null;
  /** Cases on the agenda now (not taken off). */
  cases: number;
  meetingCap: number;
  windowDays: number;
  minutesApproved: boolean;
}

function meetingsQuery(trx: Trx) {
  return trx
    .selectFrom('marac_meetings as m')
    .innerJoin('marac_panels as p', 'p.id', 'm.panel_id')
    .select(['m.id', 'm.panel_id', 'p.name as panel_name', 'm.held_at', 'm.venue', 'm.online_link', 'm.chair', 'm.circulate_on', 'm.research_due_on', 'm.circulated_at', 'm.status', 'm.cancel_reason', 'm.moved_reason', 'm.minutes_approved_at', 'p.meeting_cap', 'p.window_days'])
    .select((eb) =>
      eb.selectFrom('marac_meeting_cases as c').whereRef('c.meeting_id', '=', 'm.id').where('c.removed_at', 'is', null).select((e) => e.fn.countAll<string>().as('n')).as('cases'),
    );
}

type Row = Awaited<ReturnType<ReturnType<typeof meetingsQuery>['execute']>>[number];

function meetingOf(r: Row): MeetingRow {
  return {
    id: r.id,
    panelId: r.panel_id,
    panelName: r.panel_name,
    heldAt: r.held_at,
    venue: r.venue,
    onlineLink: r.online_link,
    chair: r.chair,
    circulateOn: r.circulate_on,
    researchDueOn: r.research_due_on,
    circulatedAt: r.circulated_at,
    status: r.status,
    cancelReason: r.cancel_reason,
    movedReason: r.moved_reason,
    cases: Number(r.cases ?? 0),
    meetingCap: r.meeting_cap,
    windowDays: r.window_days,
    minutesApproved: r.minutes_approved_at !== null,
  };
}

/** Meetings held from `from` on (upcoming, soonest first) or before it (past, latest first). */
export async function meetingsList(trx: Trx, when: 'upcoming' | 'past', from: Date, limit = 100): Promise<MeetingRow[]> {
  const rows = await meetingsQuery(trx)
    .where('m.held_at', when === 'upcoming' ? '>=' : '<', from)
    .orderBy('m.held_at', when === 'upcoming' ? 'asc' : 'desc')
    .limit(limit)
    .execute();
  return rows.map(meetingOf);
}

export async function meetingRow(trx: Trx, id: string): Promise<MeetingRow | null> {
  const row = await meetingsQuery(trx).where('m.id', '=', id).executeTakeFirst();
  return row ? meetingOf(row) : null;
}

/** Meetings of these panels (the agencies' own), held after `since`. */
export async function meetingsOfPanels(trx: Trx, panelIds: readonly string[], since: Date): Promise<MeetingRow[]> {
  if (!panelIds.length) return [];
  const rows = await meetingsQuery(trx).where('m.panel_id', 'in', panelIds).where('m.held_at', '>=', since).orderBy('m.held_at', 'asc').execute();
  return rows.map(meetingOf);
}

export async function insertMeetings(trx: Trx, rows: Insertable<MaracMeetingsTable>[]): Promise<string[]> {
  if (!rows.length) return [];
  return (await trx.insertInto('marac_meetings').values(rows).returning('id').execute()).map((r) => r.id);
}

export async function moveMeeting(trx: Trx, id: string, change: { held_at: Date; circulate_on: string; research_due_on: string; moved_reason: string }): Promise<void> {
  await trx.updateTable('marac_meetings').set(change).where('id', '=', id).execute();
}

export async function cancelMeeting(trx: Trx, id: string, reason: string): Promise<void> {
  await trx.updateTable('marac_meetings').set({ status: 'cancelled', cancel_reason: reason }).where('id', '=', id).execute();
}

export async function markCirculated(trx: Trx, id: string, by: string, at: Date): Promise<boolean> {
  const rows = await trx.updateTable('marac_meetings').set({ circulated_at: at, circulated_by: by }).where('id', '=', id).where('circulated_at', 'is', null).returning('id').execute();
  return rows.length > 0;
}

export interface AgendaRow {
  meetingCaseId: string;
  referralId: string;
  position: number;
  late: boolean;
  addedAt: Date;
  outcome: 'heard' | 'adjourned' | 'come-back' | null;
  referredOn: string;
  agency: string | null;
  repeat: boolean;
  criteria: StoredCriterion[];
  score: number | null;
  victimId: string;
  victimName: string;
  victimRestricted: boolean;
}

/** The cases on a meeting's agenda (not those taken off), with what orders them. */
export async function agendaRows(trx: Trx, meetingId: string): Promise<AgendaRow[]> {
  const rows = await trx
    .selectFrom('marac_meeting_cases as c')
    .innerJoin('marac_referrals as r', 'r.id', 'c.referral_id')
    .innerJoin('people as p', 'p.id', 'r.person_id')
    .leftJoin('risk_assessments as a', 'a.id', 'r.risk_assessment_id')
    .select(['c.id', 'c.referral_id', 'c.position', 'c.late', 'c.added_at', 'c.outcome', 'r.referred_on', 'r.referring_agency', 'r.repeat', 'r.criteria', 'a.score', 'p.id as person_id', 'p.given_name', 'p.family_name', 'p.restricted'])
    .where('c.meeting_id', '=', meetingId)
    .where('c.removed_at', 'is', null)
    .orderBy('c.position')
    .execute();
  return rows.map((r) => ({
    meetingCaseId: r.id,
    referralId: r.referral_id,
    position: r.position,
    late: r.late,
    addedAt: r.added_at,
    outcome: r.outcome,
    referredOn: r.referred_on,
    agency: r.referring_agency,
    repeat: r.repeat,
    criteria: r.criteria as StoredCriterion[],
    score: r.score ?? null,
    victimId: r.person_id,
    victimName: `${r.given_name} ${r.family_name}`,
    victimRestricted: r.restricted,
  }));
}

export async function addToAgenda(trx: Trx, row: { tenantId: string; meetingId: string; referralId: string; late: boolean; addedBy: string }): Promise<string> {
  const next = await trx.selectFrom('marac_meeting_cases').select(sql<number>`coalesce(max(position), 0) + 1`.as('n')).where('meeting_id', '=', row.meetingId).executeTakeFirstOrThrow();
  const inserted = await trx
    .insertInto('marac_meeting_cases')
    .values({ tenant_id: row.tenantId, meeting_id: row.meetingId, referral_id: row.referralId, position: Number(next.n), late: row.late, added_by: row.addedBy })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

/** Puts the agenda in this order (every case on it, by meeting-case id). */
export async function setAgendaOrder(trx: Trx, orderedIds: readonly string[]): Promise<void> {
  for (const [i, id] of orderedIds.entries()) await trx.updateTable('marac_meeting_cases').set({ position: i + 1 }).where('id', '=', id).execute();
}

/** Takes every case off a cancelled meeting's agenda, and sends their referrals back to wait for a meeting. */
export async function releaseAgenda(trx: Trx, meetingId: string, reason: string): Promise<number> {
  const taken = await trx.updateTable('marac_meeting_cases').set({ removed_at: new Date(), removed_reason: reason }).where('meeting_id', '=', meetingId).where('removed_at', 'is', null).returning('referral_id').execute();
  if (taken.length) {
    await trx.updateTable('marac_referrals').set({ decision: null, decided_at: null, decided_by: null }).where('id', 'in', taken.map((t) => t.referral_id)).execute();
  }
  return taken.length;
}

export async function decideReferral(trx: Trx, id: string, decision: { decision: 'accepted' | 'declined'; by: string; declineReason?: string; routedTo?: string | null }): Promise<boolean> {
  const rows = await trx
    .updateTable('marac_referrals')
    .set({ decision: decision.decision, decided_at: new Date(), decided_by: decision.by, decline_reason: decision.declineReason ?? null, routed_to: decision.routedTo ?? null })
    .where('id', '=', id)
    .where('decision', 'is', null)
    .returning('id')
    .execute();
  return rows.length > 0;
}

/** Where a referral is on an agenda (not taken off), with the meeting. */
export function placementsOf(trx: Trx, referralIds: readonly string[]) {
  if (!referralIds.length) return Promise.resolve([]);
  return trx
    .selectFrom('marac_meeting_cases as c')
    .innerJoin('marac_meetings as m', 'm.id', 'c.meeting_id')
    .select(['c.id', 'c.referral_id', 'c.meeting_id', 'c.outcome', 'm.held_at', 'm.status'])
    .where('c.referral_id', 'in', referralIds)
    .where('c.removed_at', 'is', null)
    .orderBy('m.held_at')
    .execute();
}

/** The victim's other referrals (any decision), newest first. */
export function referralsOfVictim(trx: Trx, personId: string) {
  return trx.selectFrom('marac_referrals').select(['id', 'referred_on', 'decision', 'decline_reason']).where('person_id', '=', personId).orderBy('referred_on', 'desc').orderBy('created_at', 'desc').execute();
}

/** The meeting a case on an agenda is on. */
export async function meetingIdOfCase(trx: Trx, meetingCaseId: string): Promise<string> {
  return (await trx.selectFrom('marac_meeting_cases').select('meeting_id').where('id', '=', meetingCaseId).executeTakeFirstOrThrow()).meeting_id;
}

/** When the meeting's confidentiality statement was read and its minutes approved. */
export function meetingRecordState(trx: Trx, meetingId: string) {
  return trx.selectFrom('marac_meetings').select(['minutes_approved_at', 'confidentiality_read_at']).where('id', '=', meetingId).executeTakeFirstOrThrow();
}

/** Meetings held from `from` up to `to`, soonest first. */
export async function meetingsBetween(trx: Trx, from: Date, to: Date): Promise<MeetingRow[]> {
  return (await meetingsQuery(trx).where('m.held_at', '>=', from).where('m.held_at', '<', to).orderBy('m.held_at').execute()).map(meetingOf);
}
