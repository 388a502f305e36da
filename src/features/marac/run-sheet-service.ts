import { londonDate } from '../../domain/calendar/plain-date.js';
import { checkAction, isMaracRisk, needsHarmPrompt, REVIEW_VERDICTS, unreviewed, type ActionInput, type ReviewVerdict } from '../../domain/marac/actions.js';
import { requireMaracCase } from '../../platform/access/decide.js';
import { can } from '../../platform/access/policy.js';
import { recordAudit } from '../../platform/audit/audit-log.js';
import type { CurrentUser } from '../../platform/auth/current-user.js';
import type { Database, Trx } from '../../platform/db/database.js';
import type { MeetingCaseOutcome } from '../../platform/db/marac-schema.js';
import { ServiceError } from '../../platform/http/service-error.js';
import { agendaRows, meetingRecordState, meetingRow, type MeetingRow } from './meeting-queries.js';
import { agencies, panels } from './panel-queries.js';
import { visibleName } from './queries.js';
import * as q from './run-sheet-queries.js';

export class RunSheetError extends ServiceError {}

/** The open actions from earlier meetings a run sheet lists; the rest are on the overdue actions page. */
export const CARRIED_SHOWN = 50;

const OUTCOMES: readonly MeetingCaseOutcome[] = ['heard', 'adjourned', 'come-back'];

async function meetingOrFail(trx: Trx, id: string): Promise<MeetingRow & { minutesApprovedAt: Date | null; confidentialityReadAt: Date | null }> {
  const m = await meetingRow(trx, id);
  if (!m) throw new RunSheetError(404, 'There is no such meeting');
  const more = await meetingRecordState(trx, id);
  return { ...m, minutesApprovedAt: more.minutes_approved_at, confidentialityReadAt: more.confidentiality_read_at };
}

/** A repeat's earlier plan: the previous referral's actions, each with how this meeting reviewed it. */
async function earlierPlan(trx: Trx, meetingCaseId: string, previousReferralId: string | null) {
  if (!previousReferralId) return [];
  const [actions, reviews] = await Promise.all([q.actionsOfReferral(trx, previousReferralId), q.reviewsOf(trx, meetingCaseId)]);
  return actions.map((a) => {
    const r = reviews.find((x) => x.action_id === a.id);
    return { action: a, verdict: (r?.verdict ?? null) as ReviewVerdict | null, note: r?.note ?? null };
  });
}

/** The run sheet of a meeting as recorded so far (the caller has checked who may see it). */
export async function loadRunSheet(trx: Trx, user: CurrentUser, meetingId: string) {
  const meeting = await meetingOrFail(trx, meetingId);
  const panel = (await panels(trx)).find((p) => p.id === meeting.panelId)!;
  const members = (await agencies(trx)).filter((a) => panel.agencyIds.includes(a.id));
  const attendance = await q.attendanceOf(trx, meetingId);
  const agenda = await agendaRows(trx, meetingId);
  const records = await q.caseRecords(trx, meetingId);
  const actions = await q.actionsOfCases(trx, agenda.map((a) => a.meetingCaseId));
  const cases = [];
  for (const a of agenda) {
    const rec = records.find((r) => r.id === a.meetingCaseId)!;
    const who = await visibleName(trx, user, { id: a.victimId, given_name: a.victimName.split(' ')[0] ?? '', family_name: a.victimName.split(' ').slice(1).join(' '), restricted: a.victimRestricted });
    // A victim referred before: the previous referral's plan is reviewed, repeat criterion met or not.
    const earlier = await earlierPlan(trx, a.meetingCaseId, rec.previous_referral_id);
    const own = actions.filter((x) => x.meetingCaseId === a.meetingCaseId);
    cases.push({
      meetingCaseId: a.meetingCaseId,
      position: a.position,
      late: a.late,
      victimName: who.name,
      repeat: rec.repeat,
      referredBefore: rec.previous_referral_id !== null,
      informationShared: rec.information_shared,
      riskCodes: rec.risk_codes.filter(isMaracRisk),
      riskOther: rec.risk_other,
      outcome: rec.outcome,
      outcomeReason: rec.outcome_reason,
      actions: own,
      harmPrompt: needsHarmPrompt(own),
      earlier,
      unreviewed: unreviewed(earlier.map((e) => ({ id: e.action.id, verdict: e.verdict }))),
    });
  }
  return {
    meeting,
    panel,
    members: members.map((m) => ({ id: m.id, name: m.name, attendance: attendance.find((x) => x.agency_id === m.id) ?? null })),
    // Actions from the panel's earlier meetings still open, with what the owner said of them: the
    // longest overdue first, at most CARRIED_SHOWN (the overdue actions page lists every one).
    ...(await q.openActionsBefore(trx, meeting.panelId, meeting.heldAt, CARRIED_SHOWN).then((o) => ({ carried: o.shown, carriedTotal: o.total }))),
    cases,
    corrections: await q.correctionsOf(trx, meetingId),
  };
}

/**
 * The meeting, as the chair runs it (through the coordinator's account): the confidentiality statement
 * and attendance; per case the information shared, the risks, a repeat's earlier actions reviewed, the
 * new actions and the outcome; the minutes approved, and afterwards only corrections.
 */
export function maracRunSheetService(db: Database) {
  const mayCoordinate = (user: CurrentUser) => {
    if (!can(user, 'marac:coordinate')) throw new RunSheetError(403, 'You do not have permission to do this');
  };
  const audit = (trx: Trx, user: CurrentUser, action: string, subjectType: string, subjectId: string, requestId: string, details: Record<string, unknown> = {}) =>
    recordAudit(trx, user.tenantId, { actorType: 'user', actorId: user.id, action, subjectType, subjectId, requestId, details });

  /** The meeting may still be recorded: not cancelled, and its minutes not yet approved. */
  async function editable(trx: Trx, meetingId: string) {
    const m = await meetingOrFail(trx, meetingId);
    if (m.status === 'cancelled') throw new RunSheetError(409, 'This meeting was cancelled');
    if (m.minutesApprovedAt) throw new RunSheetError(409, 'The minutes are approved: record a correction to them instead');
    return m;
  }

  async function caseOrFail(trx: Trx, user: CurrentUser, meetingCaseId: string) {
    await requireMaracCase(trx, user, 'marac:coordinate', meetingCaseId);
    const c = await q.meetingCaseRow(trx, meetingCaseId);
    if (!c || c.removed_at) throw new RunSheetError(404, 'There is no such case');
    return c;
  }

  return {
    /** The meeting a case on an agenda is on, for the coordinator who may reach the case (through the one decision). */
    async meetingOfCase(user: CurrentUser, meetingCaseId: string): Promise<string | null> {
      mayCoordinate(user);
      return db.tenant(user.tenantId, async (trx) => (await caseOrFail(trx, user, meetingCaseId)).meeting_id);
    },

    async runSheet(user: CurrentUser, meetingId: string) {
      mayCoordinate(user);
      return db.tenant(user.tenantId, (trx) => loadRunSheet(trx, user, meetingId));
    },

    async confidentiality(user: CurrentUser, meetingId: string, requestId: string): Promise<void> {
      mayCoordinate(user);
      await db.tenant(user.tenantId, async (trx) => {
        await editable(trx, meetingId);
        await q.markConfidentialityRead(trx, meetingId, user.id);
        await audit(trx, user, 'marac-meeting.confidentiality', 'marac-meeting', meetingId, requestId);
      });
    },

    async attendance(user: CurrentUser, meetingId: string, rows: readonly { agencyId: string; status: string; representative: string }[], requestId: string): Promise<void> {
      mayCoordinate(user);
      await db.tenant(user.tenantId, async (trx) => {
        const m = await editable(trx, meetingId);
        const panel = (await panels(trx)).find((p) => p.id === m.panelId)!;
        const names = new Map((await agencies(trx)).map((a) => [a.id, a.name]));
        const checked = [];
        for (const agencyId of panel.agencyIds) {
          const r = rows.find((x) => x.agencyId === agencyId);
          const name = names.get(agencyId) ?? '';
          if (!r || !['present', 'apologies', 'absent'].includes(r.status)) throw new RunSheetError(400, `Say whether ${name} was present, sent apologies or was absent`, `status-${agencyId}`);
          const representative = r.representative.trim();
          if (r.status === 'present' && !representative) throw new RunSheetError(400, `Enter who was there for ${name}`, `representative-${agencyId}`);
          if (representative.length > 200) throw new RunSheetError(400, `Enter a name of 200 characters or fewer for ${name}`, `representative-${agencyId}`);
          checked.push({ agencyId, status: r.status as 'present' | 'apologies' | 'absent', representative: representative || null });
        }
        await q.saveAttendance(trx, user.tenantId, meetingId, checked);
        await audit(trx, user, 'marac-meeting.attendance', 'marac-meeting', meetingId, requestId, { present: checked.filter((c) => c.status === 'present').length });
      });
    },

    /** The information shared on a case and the risks identified. */
    async caseRecord(user: CurrentUser, meetingCaseId: string, input: { informationShared: string; riskCodes: readonly string[]; riskOther: string }, requestId: string): Promise<void> {
      mayCoordinate(user);
      const informationShared = input.informationShared.trim();
      const riskOther = input.riskOther.trim();
      const riskCodes = [...new Set(input.riskCodes)];
      if (riskCodes.some((r) => !isMaracRisk(r))) throw new RunSheetError(400, 'Choose risks from the list', 'riskCodes');
      if (riskCodes.length === 0) throw new RunSheetError(400, 'Choose the risks the meeting identified', 'riskCodes');
      if (riskCodes.includes('other') && !riskOther) throw new RunSheetError(400, 'Describe the other risk', 'riskOther');
      if (informationShared.length > 8000) throw new RunSheetError(400, 'Write 8,000 characters or fewer', 'informationShared');
      if (riskOther.length > 2000) throw new RunSheetError(400, 'Describe the other risk in 2,000 characters or fewer', 'riskOther');
      await db.tenant(user.tenantId, async (trx) => {
        const c = await caseOrFail(trx, user, meetingCaseId);
        await editable(trx, c.meeting_id);
        await q.saveCaseRecord(trx, meetingCaseId, { informationShared: informationShared || null, riskCodes, riskOther: riskCodes.includes('other') ? riskOther : null });
        await audit(trx, user, 'marac-case.record', 'marac-case', meetingCaseId, requestId, { risks: riskCodes });
      });
    },

    /** Whether an earlier action of a repeat worked: every one is reviewed before new actions are set. */
    async review(user: CurrentUser, meetingCaseId: string, actionId: string, input: { verdict: string; note: string }, requestId: string): Promise<void> {
      mayCoordinate(user);
      if (!(REVIEW_VERDICTS as readonly string[]).includes(input.verdict)) throw new RunSheetError(400, 'Say whether the action worked', `verdict-${actionId}`);
      const note = input.note.trim();
      if (note.length > 2000) throw new RunSheetError(400, 'Write 2,000 characters or fewer', `note-${actionId}`);
      await db.tenant(user.tenantId, async (trx) => {
        const c = await caseOrFail(trx, user, meetingCaseId);
        await editable(trx, c.meeting_id);
        const earlier = await earlierPlan(trx, meetingCaseId, c.previous_referral_id);
        if (!earlier.some((e) => e.action.id === actionId)) throw new RunSheetError(404, 'There is no such action on the earlier plan');
        await q.saveReview(trx, { tenantId: user.tenantId, meetingCaseId, actionId, verdict: input.verdict as ReviewVerdict, note: note || null, by: user.id });
        await audit(trx, user, 'marac-action.review', 'marac-action', actionId, requestId, { verdict: input.verdict, meetingCaseId });
      });
    },

    async addAction(user: CurrentUser, meetingCaseId: string, input: ActionInput, requestId: string): Promise<string> {
      mayCoordinate(user);
      return db.tenant(user.tenantId, async (trx) => {
        const c = await caseOrFail(trx, user, meetingCaseId);
        const m = await editable(trx, c.meeting_id);
        const earlier = await earlierPlan(trx, meetingCaseId, c.previous_referral_id);
        const waiting = unreviewed(earlier.map((e) => ({ id: e.action.id, verdict: e.verdict })));
        if (waiting.length) throw new RunSheetError(409, `Review the earlier plan first: say whether each of its ${earlier.length} action${earlier.length === 1 ? '' : 's'} worked before setting new ones`, 'risks');
        const panel = (await panels(trx)).find((p) => p.id === m.panelId)!;
        const checked = checkAction(input, { caseRisks: c.risk_codes.filter(isMaracRisk), agencyIds: panel.agencyIds, meetingDay: londonDate(m.heldAt), earlier: earlier.map((e) => ({ id: e.action.id, verdict: e.verdict })) });
        if (!checked.ok) throw new RunSheetError(400, checked.problems[0]!.message, checked.problems[0]!.field, checked.problems.map((p) => ({ path: `/${p.field}`, message: p.message })));
        const a = checked.action;
        const id = await q.insertAction(trx, { tenantId: user.tenantId, meetingCaseId, ...a, by: user.id });
        await audit(trx, user, 'marac-action.add', 'marac-action', id, requestId, { meetingCaseId, risks: a.risks, forWhom: a.forWhom, agencyId: a.agencyId, copiedFrom: a.copiedFrom });
        return id;
      });
    },

    async outcome(user: CurrentUser, meetingCaseId: string, input: { outcome: string; reason: string }, requestId: string): Promise<void> {
      mayCoordinate(user);
      if (!(OUTCOMES as readonly string[]).includes(input.outcome)) throw new RunSheetError(400, 'Say whether the case was heard, adjourned or is to come back', 'outcome');
      const reason = input.reason.trim();
      if (input.outcome !== 'heard' && !reason) throw new RunSheetError(400, input.outcome === 'adjourned' ? 'Say why the case was adjourned' : 'Say why the case is to come back, and when', 'outcomeReason');
      if (reason.length > 1000) throw new RunSheetError(400, 'Write 1,000 characters or fewer', 'outcomeReason');
      await db.tenant(user.tenantId, async (trx) => {
        const c = await caseOrFail(trx, user, meetingCaseId);
        await editable(trx, c.meeting_id);
        await q.saveOutcome(trx, meetingCaseId, input.outcome as MeetingCaseOutcome, reason || null);
        await audit(trx, user, 'marac-case.outcome', 'marac-case', meetingCaseId, requestId, { outcome: input.outcome });
      });
    },

    /** Approves the minutes once the meeting is held and fully recorded; they then change only by correction. */
    async approveMinutes(user: CurrentUser, meetingId: string, requestId: string): Promise<void> {
      mayCoordinate(user);
      await db.tenant(user.tenantId, async (trx) => {
        const m = await editable(trx, meetingId);
        if (m.heldAt.getTime() > Date.now()) throw new RunSheetError(409, 'The meeting has not taken place yet');
        if (!m.confidentialityReadAt) throw new RunSheetError(409, 'Record that the confidentiality statement was read first');
        const panel = (await panels(trx)).find((p) => p.id === m.panelId)!;
        const attendance = await q.attendanceOf(trx, meetingId);
        if (panel.agencyIds.some((id) => !attendance.some((a) => a.agency_id === id))) throw new RunSheetError(409, 'Record the attendance of every member agency first');
        const records = await q.caseRecords(trx, meetingId);
        const open = records.filter((r) => !r.outcome).length;
        if (open) throw new RunSheetError(409, `Record what became of every case first: ${open} case${open === 1 ? ' has' : 's have'} no outcome`);
        if (!(await q.approveMinutes(trx, meetingId, user.id))) throw new RunSheetError(409, 'The minutes are already approved');
        await audit(trx, user, 'marac-meeting.approve-minutes', 'marac-meeting', meetingId, requestId, { cases: records.length });
      });
    },

    /** A correction to approved minutes, with the reason: the minutes as approved stay, the correction beside them. */
    async correct(user: CurrentUser, meetingId: string, input: { correction: string; reason: string }, requestId: string): Promise<void> {
      mayCoordinate(user);
      const correction = input.correction.trim();
      const reason = input.reason.trim();
      if (!correction) throw new RunSheetError(400, 'Enter the correction', 'correction');
      if (correction.length > 4000) throw new RunSheetError(400, 'Write the correction in 4,000 characters or fewer', 'correction');
      if (!reason) throw new RunSheetError(400, 'Say why the minutes are corrected', 'reason');
      if (reason.length > 1000) throw new RunSheetError(400, 'Give a reason of 1,000 characters or fewer', 'reason');
      await db.tenant(user.tenantId, async (trx) => {
        const m = await meetingOrFail(trx, meetingId);
        if (!m.minutesApprovedAt) throw new RunSheetError(409, 'The minutes are not approved yet: change the run sheet instead');
        await q.addCorrection(trx, { tenantId: user.tenantId, meetingId, correction, reason, by: user.id });
        await audit(trx, user, 'marac-meeting.correct-minutes', 'marac-meeting', meetingId, requestId);
      });
    },
  };
}

export type MaracRunSheetService = ReturnType<typeof maracRunSheetService>;
