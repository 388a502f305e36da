import { checkReturn, researchReminder, researchState, returnRefusal, type ResearchReturn, type ResearchState } from '../../domain/marac/research.js';
import { AccessRefused, requireMaracCase } from '../../platform/access/decide.js';
import { can } from '../../platform/access/policy.js';
import { recordAudit } from '../../platform/audit/audit-log.js';
import type { CurrentUser } from '../../platform/auth/current-user.js';
import type { Database, Trx } from '../../platform/db/database.js';
import { formatDate } from '../../platform/http/format.js';
import { ServiceError } from '../../platform/http/service-error.js';
import { queueEmail } from '../../platform/mail/outbox.js';
import { agendaRows, meetingIdOfCase, meetingRow, type MeetingRow } from './meeting-queries.js';
import { meetingInWords, signInAddress } from './meeting-words.js';
import { agencies, panels } from './panel-queries.js';
import { sharedSummaryOf } from './partner-service.js';
import * as q from './research-queries.js';
import { actingFor, type AgencyCaller } from './marac-caller.js';

export class ResearchError extends ServiceError {}

/**
 * Research before the meeting: each member agency's return per case (through the one access decision
 * for Marac cases), the coordinator's grid of cases by agency, and reminders to the agencies that have
 * not returned, by email with no personal data.
 */
export function maracResearchService(db: Database, options: { publicUrl?: string | null } = {}) {
  async function meetingOf(trx: Trx, meetingCaseId: string): Promise<MeetingRow> {
    return (await meetingRow(trx, await meetingIdOfCase(trx, meetingCaseId)))!;
  }

  return {
    /** What a representative's research form needs: the case's people, their agency's list, and any return already made. */
    async form(user: CurrentUser, meetingCaseId: string) {
      if (!can(user, 'marac:attend') || !user.agencyId) throw new AccessRefused('not-found', { kind: 'case', id: meetingCaseId }, false);
      const agencyId = user.agencyId;
      return db.tenant(user.tenantId, async (trx) => {
        await requireMaracCase(trx, user, 'marac:attend', meetingCaseId);
        const summary = await sharedSummaryOf(trx, meetingCaseId, null, null);
        const agency = (await agencies(trx)).find((a) => a.id === agencyId)!;
        const [existing] = await q.returnsFor(trx, [meetingCaseId], agencyId);
        const meeting = await meetingOf(trx, meetingCaseId);
        return { summary, agency: { id: agency.id, name: agency.name, offers: agency.offers }, existing: existing ?? null, meeting, refusal: returnRefusal(meeting.heldAt, meeting.status, new Date()) };
      });
    },

    /** An agency's return, by its representative or its API client: refused after the meeting, and checked against the case's people and the agency's list. */
    async submit(caller: AgencyCaller, meetingCaseId: string, given: ResearchReturn, requestId: string): Promise<void> {
      const who = actingFor(caller);
      if (!can(who.actor, 'marac:attend') || !who.agencyId) throw new AccessRefused('not-found', { kind: 'case', id: meetingCaseId }, false);
      const agencyId = who.agencyId;
      await db.tenant(who.tenantId, async (trx) => {
        await requireMaracCase(trx, who.actor, 'marac:attend', meetingCaseId);
        const meeting = await meetingOf(trx, meetingCaseId);
        const refused = returnRefusal(meeting.heldAt, meeting.status, new Date());
        if (refused) throw new ResearchError(409, refused);
        const summary = await sharedSummaryOf(trx, meetingCaseId, null, null);
        const people = [summary.victim, ...(summary.personCausingHarm ? [summary.personCausingHarm] : []), ...summary.children].map((p) => ({ id: p.id, name: p.name }));
        const agency = (await agencies(trx)).find((a) => a.id === agencyId)!;
        const checked = checkReturn(given, people, agency.offers);
        if (!checked.ok) throw new ResearchError(400, checked.problems[0]!.message, checked.problems[0]!.field, checked.problems.map((p) => ({ path: `/${p.field}`, message: p.message })));
        await q.saveReturn(trx, { tenantId: who.tenantId, meetingCaseId, agencyId, ...checked.research, userId: who.userId, apiClientId: who.apiClientId });
        await recordAudit(trx, who.tenantId, {
          ...who.audit,
          action: 'marac-research.return',
          subjectType: 'marac-case',
          subjectId: meetingCaseId,
          requestId,
          details: { agencyId, state: researchState({ findings: checked.research.findings, offers: checked.research.offers, otherOffer: checked.research.otherOffer }) },
        });
      });
    },

    /** The coordinator's grid: each case on the agenda by each member agency, returned, nothing known or not returned. */
    async grid(user: CurrentUser, meetingId: string) {
      if (!can(user, 'marac:coordinate')) throw new ResearchError(403, 'You do not have permission to do this');
      return db.tenant(user.tenantId, async (trx) => {
        const meeting = await meetingRow(trx, meetingId);
        if (!meeting) throw new ResearchError(404, 'There is no such meeting');
        const panel = (await panels(trx)).find((p) => p.id === meeting.panelId)!;
        const members = (await agencies(trx)).filter((a) => panel.agencyIds.includes(a.id));
        const agenda = await agendaRows(trx, meetingId);
        const returns = await q.returnsFor(trx, agenda.map((a) => a.meetingCaseId));
        const reminders = await q.remindersOf(trx, meetingId);
        const stateOf = (meetingCaseId: string, agencyId: string): ResearchState => researchState(returns.find((r) => r.meetingCaseId === meetingCaseId && r.agencyId === agencyId) ?? null);
        return {
          meeting,
          agencies: members.map((a) => ({ id: a.id, name: a.name, lastReminder: reminders.find((r) => r.agency_id === a.id)?.sent_at ?? null, missing: agenda.filter((c) => stateOf(c.meetingCaseId, a.id) === 'not-returned').length })),
          cases: agenda.map((c) => ({ meetingCaseId: c.meetingCaseId, position: c.position, victimName: c.victimName, states: Object.fromEntries(members.map((a) => [a.id, stateOf(c.meetingCaseId, a.id)])) as Record<string, ResearchState> })),
        };
      });
    },

    /** Emails each member agency still owing research a reminder (to each of its representatives); answers how many agencies. */
    async remind(user: CurrentUser, meetingId: string, requestId: string): Promise<number> {
      if (!can(user, 'marac:coordinate')) throw new ResearchError(403, 'You do not have permission to do this');
      return db.tenant(user.tenantId, async (trx) => {
        const meeting = await meetingRow(trx, meetingId);
        if (!meeting) throw new ResearchError(404, 'There is no such meeting');
        if (!meeting.circulatedAt) throw new ResearchError(409, 'The agenda has not gone out yet: circulate it first');
        const refused = returnRefusal(meeting.heldAt, meeting.status, new Date());
        if (refused) throw new ResearchError(409, refused);
        const panel = (await panels(trx)).find((p) => p.id === meeting.panelId)!;
        const members = (await agencies(trx)).filter((a) => panel.agencyIds.includes(a.id));
        const agenda = await agendaRows(trx, meetingId);
        const returns = await q.returnsFor(trx, agenda.map((a) => a.meetingCaseId));
        const reps = await q.representativesOf(trx, members.map((a) => a.id));
        let reminded = 0;
        for (const agency of members) {
          const missing = agenda.filter((c) => !returns.some((r) => r.meetingCaseId === c.meetingCaseId && r.agencyId === agency.id)).length;
          if (!missing) continue;
          const email = researchReminder({ meeting: meetingInWords(meeting), agency: agency.name, researchDue: formatDate(meeting.researchDueOn), cases: agenda.length, missing, signIn: signInAddress(options.publicUrl) });
          for (const rep of reps.filter((r) => r.agency_id === agency.id)) await queueEmail(trx, { tenantId: user.tenantId, kind: 'marac-reminder', meetingId, to: rep.email, ...email });
          await q.recordReminder(trx, { tenantId: user.tenantId, meetingId, agencyId: agency.id, by: user.id });
          reminded++;
        }
        await recordAudit(trx, user.tenantId, { actorType: 'user', actorId: user.id, action: 'marac-research.remind', subjectType: 'marac-meeting', subjectId: meetingId, requestId, details: { agencies: reminded } });
        return reminded;
      });
    },

    /** Every agency's return on one case, for the coordinator and the meeting. */
    async returnsOnCase(user: CurrentUser, meetingCaseId: string) {
      if (!can(user, 'marac:coordinate')) throw new ResearchError(403, 'You do not have permission to do this');
      return db.tenant(user.tenantId, async (trx) => {
        await requireMaracCase(trx, user, 'marac:coordinate', meetingCaseId);
        const names = new Map((await agencies(trx)).map((a) => [a.id, a.name]));
        return (await q.returnsFor(trx, [meetingCaseId])).map((r) => ({ ...r, agencyName: names.get(r.agencyId) ?? '', state: researchState(r) }));
      });
    },
  };
}

export type MaracResearchService = ReturnType<typeof maracResearchService>;
