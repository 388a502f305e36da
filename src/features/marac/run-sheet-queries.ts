import type { ActionStatus, ActionTarget, ReviewVerdict } from '../../domain/marac/actions.js';
import type { PlainDate } from '../../domain/calendar/plain-date.js';
import type { Trx } from '../../platform/db/database.js';
import type { MeetingCaseOutcome } from '../../platform/db/marac-schema.js';

/** The meeting's record: attendance, each case's risks and outcome, the actions, reviews and minutes. */

export interface ActionRow {
  id: string;
  meetingCaseId: string;
  meetingId: string;
  heldAt: Date;
  risks: string[];
  aim: string;
  forWhom: ActionTarget;
  agencyId: string;
  agencyName: string;
  ownerName: string | null;
  dueOn: PlainDate;
  status: ActionStatus;
  statusNote: string | null;
  updatedAt: Date | null;
  copiedFrom: string | null;
  copyReason: string | null;
  victimName: string;
}

function actionsQuery(trx: Trx) {
  return trx
    .selectFrom('marac_actions as a')
    .innerJoin('partner_agencies as g', 'g.id', 'a.agency_id')
    .innerJoin('marac_meeting_cases as c', 'c.id', 'a.meeting_case_id')
    .innerJoin('marac_meetings as m', 'm.id', 'c.meeting_id')
    .innerJoin('marac_referrals as r', 'r.id', 'c.referral_id')
    .innerJoin('people as p', 'p.id', 'r.person_id')
    .select(['a.id', 'a.meeting_case_id', 'c.meeting_id', 'm.held_at', 'a.risks', 'a.aim', 'a.for_whom', 'a.agency_id', 'g.name as agency_name', 'a.owner_name', 'a.due_on', 'a.status', 'a.status_note', 'a.updated_at', 'a.copied_from', 'a.copy_reason', 'p.given_name', 'p.family_name'])
    .orderBy('a.created_at');
}

type Row = Awaited<ReturnType<ReturnType<typeof actionsQuery>['execute']>>[number];

const actionOf = (r: Row): ActionRow => ({
  id: r.id,
  meetingCaseId: r.meeting_case_id,
  meetingId: r.meeting_id,
  heldAt: r.held_at,
  risks: r.risks,
  aim: r.aim,
  forWhom: r.for_whom,
  agencyId: r.agency_id,
  agencyName: r.agency_name,
  ownerName: r.owner_name,
  dueOn: r.due_on as PlainDate,
  status: r.status,
  statusNote: r.status_note,
  updatedAt: r.updated_at,
  copiedFrom: r.copied_from,
  copyReason: r.copy_reason,
  victimName: `${r.given_name} ${r.family_name}`,
});

export async function actionsOfCases(trx: Trx, meetingCaseIds: readonly string[]): Promise<ActionRow[]> {
  if (!meetingCaseIds.length) return [];
  return (await actionsQuery(trx).where('a.meeting_case_id', 'in', meetingCaseIds).execute()).map(actionOf);
}

export async function actionById(trx: Trx, id: string): Promise<ActionRow | null> {
  const row = await actionsQuery(trx).where('a.id', '=', id).executeTakeFirst();
  return row ? actionOf(row) : null;
}

/** An agency's actions, open ones first, then by due date. */
export async function actionsOfAgency(trx: Trx, agencyId: string): Promise<ActionRow[]> {
  return (await actionsQuery(trx).where('a.agency_id', '=', agencyId).execute()).map(actionOf);
}

/** Open actions due before `today`, across every meeting: how many, and the longest overdue (at most `limit`). */
export async function overdueActions(trx: Trx, today: PlainDate, limit: number): Promise<{ total: number; shown: ActionRow[] }> {
  const [shown, total] = await Promise.all([
    actionsQuery(trx).clearOrderBy().where('a.status', 'in', ['open', 'in-progress']).where('a.due_on', '<', today).orderBy('a.due_on').orderBy('a.id').limit(limit).execute(),
    trx.selectFrom('marac_actions').select((eb) => eb.fn.countAll<string>().as('n')).where('status', 'in', ['open', 'in-progress']).where('due_on', '<', today).executeTakeFirstOrThrow(),
  ]);
  return { total: Number(total.n), shown: shown.map(actionOf) };
}

/** Open actions from the panel's meetings held before this one. */
/** How many of the panel's earlier meetings' actions are still open, and the longest overdue of them (at most `limit`). */
export async function openActionsBefore(trx: Trx, panelId: string, heldAt: Date, limit: number): Promise<{ total: number; shown: ActionRow[] }> {
  const open = (q: ReturnType<typeof actionsQuery>) => q.where('m.panel_id', '=', panelId).where('m.held_at', '<', heldAt).where('a.status', 'in', ['open', 'in-progress']);
  const [shown, total] = await Promise.all([
    open(actionsQuery(trx)).clearOrderBy().orderBy('a.due_on').orderBy('a.id').limit(limit).execute(),
    trx
      .selectFrom('marac_actions as a')
      .innerJoin('marac_meeting_cases as c', 'c.id', 'a.meeting_case_id')
      .innerJoin('marac_meetings as m', 'm.id', 'c.meeting_id')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('m.panel_id', '=', panelId)
      .where('m.held_at', '<', heldAt)
      .where('a.status', 'in', ['open', 'in-progress'])
      .executeTakeFirstOrThrow(),
  ]);
  return { total: Number(total.n), shown: shown.map(actionOf) };
}

/** The actions set for a referral's earlier appearances at the Marac (every meeting case of that referral). */
export async function actionsOfReferral(trx: Trx, referralId: string): Promise<ActionRow[]> {
  return (await actionsQuery(trx).where('c.referral_id', '=', referralId).execute()).map(actionOf);
}

export async function insertAction(
  trx: Trx,
  a: { tenantId: string; meetingCaseId: string; risks: string[]; aim: string; forWhom: ActionTarget; agencyId: string; ownerName: string | null; dueOn: PlainDate; copiedFrom: string | null; copyReason: string | null; by: string },
): Promise<string> {
  const row = await trx
    .insertInto('marac_actions')
    .values({ tenant_id: a.tenantId, meeting_case_id: a.meetingCaseId, risks: a.risks, aim: a.aim, for_whom: a.forWhom, agency_id: a.agencyId, owner_name: a.ownerName, due_on: a.dueOn, copied_from: a.copiedFrom, copy_reason: a.copyReason, created_by: a.by })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateActionStatus(trx: Trx, id: string, change: { status: ActionStatus; note: string | null; by: string | null }): Promise<void> {
  await trx.updateTable('marac_actions').set({ status: change.status, status_note: change.note, updated_at: new Date(), updated_by: change.by }).where('id', '=', id).execute();
}

export function reviewsOf(trx: Trx, meetingCaseId: string) {
  return trx.selectFrom('marac_action_reviews').select(['action_id', 'verdict', 'note']).where('meeting_case_id', '=', meetingCaseId).execute();
}

export async function saveReview(trx: Trx, r: { tenantId: string; meetingCaseId: string; actionId: string; verdict: ReviewVerdict; note: string | null; by: string }): Promise<void> {
  await trx
    .insertInto('marac_action_reviews')
    .values({ tenant_id: r.tenantId, meeting_case_id: r.meetingCaseId, action_id: r.actionId, verdict: r.verdict, note: r.note, reviewed_by: r.by })
    .onConflict((oc) => oc.columns(['meeting_case_id', 'action_id']).doUpdateSet({ verdict: r.verdict, note: r.note, reviewed_by: r.by, reviewed_at: new Date() }))
    .execute();
}

export function attendanceOf(trx: Trx, meetingId: string) {
  return trx.selectFrom('marac_attendance').select(['agency_id', 'status', 'representative']).where('meeting_id', '=', meetingId).execute();
}

export async function saveAttendance(trx: Trx, tenantId: string, meetingId: string, rows: readonly { agencyId: string; status: 'present' | 'apologies' | 'absent'; representative: string | null }[]): Promise<void> {
  for (const r of rows) {
    await trx
      .insertInto('marac_attendance')
      .values({ tenant_id: tenantId, meeting_id: meetingId, agency_id: r.agencyId, status: r.status, representative: r.representative })
      .onConflict((oc) => oc.columns(['meeting_id', 'agency_id']).doUpdateSet({ status: r.status, representative: r.representative }))
      .execute();
  }
}

export async function markConfidentialityRead(trx: Trx, meetingId: string, by: string): Promise<void> {
  await trx.updateTable('marac_meetings').set({ confidentiality_read_at: new Date(), confidentiality_read_by: by }).where('id', '=', meetingId).where('confidentiality_read_at', 'is', null).execute();
}

export async function saveCaseRecord(trx: Trx, meetingCaseId: string, r: { informationShared: string | null; riskCodes: string[]; riskOther: string | null }): Promise<void> {
  await trx.updateTable('marac_meeting_cases').set({ information_shared: r.informationShared, risk_codes: r.riskCodes, risk_other: r.riskOther }).where('id', '=', meetingCaseId).execute();
}

export async function saveOutcome(trx: Trx, meetingCaseId: string, outcome: MeetingCaseOutcome, reason: string | null): Promise<void> {
  await trx.updateTable('marac_meeting_cases').set({ outcome, outcome_reason: reason }).where('id', '=', meetingCaseId).execute();
}

export function caseRecords(trx: Trx, meetingId: string) {
  return trx
    .selectFrom('marac_meeting_cases as c')
    .innerJoin('marac_referrals as r', 'r.id', 'c.referral_id')
    .select(['c.id', 'c.referral_id', 'c.information_shared', 'c.risk_codes', 'c.risk_other', 'c.outcome', 'c.outcome_reason', 'r.repeat', 'r.previous_referral_id', 'r.person_id', 'r.person_causing_harm_id'])
    .where('c.meeting_id', '=', meetingId)
    .where('c.removed_at', 'is', null)
    .orderBy('c.position')
    .execute();
}

export async function approveMinutes(trx: Trx, meetingId: string, by: string): Promise<boolean> {
  const rows = await trx.updateTable('marac_meetings').set({ minutes_approved_at: new Date(), minutes_approved_by: by }).where('id', '=', meetingId).where('minutes_approved_at', 'is', null).returning('id').execute();
  return rows.length > 0;
}

export async function addCorrection(trx: Trx, c: { tenantId: string; meetingId: string; correction: string; reason: string; by: string }): Promise<void> {
  await trx.insertInto('marac_minutes_corrections').values({ tenant_id: c.tenantId, meeting_id: c.meetingId, correction: c.correction, reason: c.reason, made_by: c.by }).execute();
}

export function correctionsOf(trx: Trx, meetingId: string) {
  return trx
    .selectFrom('marac_minutes_corrections as k')
    .innerJoin('users as u', 'u.id', 'k.made_by')
    .select(['k.id', 'k.correction', 'k.reason', 'k.made_at', 'u.name as made_by_name'])
    .where('k.meeting_id', '=', meetingId)
    .orderBy('k.made_at')
    .execute();
}

/** The referral of a case on an agenda, for the meeting's later steps. */
export function meetingCaseRow(trx: Trx, meetingCaseId: string) {
  return trx
    .selectFrom('marac_meeting_cases as c')
    .innerJoin('marac_referrals as r', 'r.id', 'c.referral_id')
    .select(['c.id', 'c.meeting_id', 'c.referral_id', 'c.risk_codes', 'c.removed_at', 'r.repeat', 'r.previous_referral_id'])
    .where('c.id', '=', meetingCaseId)
    .executeTakeFirst();
}
