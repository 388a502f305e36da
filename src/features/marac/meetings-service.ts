import { londonInstant } from '../../domain/calendar/london-time.js';
import { londonDate, type PlainDate } from '../../domain/calendar/plain-date.js';
import { acceptRefusal, agendaOrder, meetingDeadlines, nextMeetingWithRoom, overCap, seriesDays, type Cadence } from '../../domain/marac/meetings.js';
import { can } from '../../platform/access/policy.js';
import { recordAudit } from '../../platform/audit/audit-log.js';
import type { CurrentUser } from '../../platform/auth/current-user.js';
import type { Database, Trx } from '../../platform/db/database.js';
import { ServiceError } from '../../platform/http/service-error.js';
import { tenantCalendar } from '../calendar/service.js';
import * as m from './meeting-queries.js';
import { agencies, panels } from './panel-queries.js';
import { meetingInWords, signInAddress } from './meeting-words.js';
import { representativesOf } from './research-queries.js';
import { actionsOfReferral } from './run-sheet-queries.js';
import { circulationNotice } from '../../domain/marac/research.js';
import { formatDate } from '../../platform/http/format.js';
import { queueEmail } from '../../platform/mail/outbox.js';
import { visibleName } from './queries.js';

export type { AgendaRow, MeetingRow } from './meeting-queries.js';

export class MeetingError extends ServiceError {}

export interface ScheduleInput {
  panelId: string;
  firstDay: PlainDate;
  time: { hours: number; minutes: number };
  cadence: Cadence;
  count: number;
  venue: string | null;
  onlineLink: string | null;
  chair: string;
}

const REASON_MAX = 1000;

function reasonOf(value: string, missing: string, field = 'reason'): string {
  const text = value.trim();
  if (!text) throw new MeetingError(400, missing, field);
  if (text.length > REASON_MAX) throw new MeetingError(400, `Give a reason of ${REASON_MAX.toLocaleString('en-GB')} characters or fewer`, field);
  return text;
}

function checkPlace(input: Pick<ScheduleInput, 'venue' | 'onlineLink' | 'chair'>): void {
  if (!input.venue && !input.onlineLink) throw new MeetingError(400, 'Enter the venue or the online link', 'venue');
  if (input.venue && input.venue.length > 300) throw new MeetingError(400, 'Enter a venue of 300 characters or fewer', 'venue');
  if (input.onlineLink) {
    let url: URL | null = null;
    try {
      url = new URL(input.onlineLink);
    } catch {
      url = null;
    }
    if (!url || url.protocol !== 'https:' || input.onlineLink.length > 500) throw new MeetingError(400, 'Enter the online link as a web address starting https://', 'onlineLink');
  }
  if (!input.chair.trim()) throw new MeetingError(400, 'Enter who chairs the meeting', 'chair');
  if (input.chair.length > 120) throw new MeetingError(400, 'Enter a chair’s name of 120 characters or fewer', 'chair');
}

/**
 * Keeps an agenda in its order: repeats first, then the highest risk, then the longest waiting; late
 * additions (after circulation) after the rest, in the order they came, so the circulated order stands.
 */
async function keepInOrder(trx: Trx, meetingId: string): Promise<void> {
  const rows = await m.agendaRows(trx, meetingId);
  const onTime = agendaOrder(rows.filter((r) => !r.late).map((r) => ({ ...r, id: r.meetingCaseId, referredOn: r.referredOn as PlainDate, visibleHighRisk: r.criteria.some((c) => c.code === 'visible-high-risk') })));
  const late = rows.filter((r) => r.late).sort((a, b) => a.addedAt.getTime() - b.addedAt.getTime());
  await m.setAgendaOrder(trx, [...onTime, ...late].map((r) => r.meetingCaseId));
}

/**
 * The coordinator's meetings: scheduling them (one date or a series), moving or cancelling one with a
 * reason, accepting a referral onto a meeting or declining it, the agenda in order, and circulating it.
 */
export function maracMeetingsService(db: Database, options: { publicUrl?: string | null } = {}) {
  const mayCoordinate = (user: CurrentUser) => {
    if (!can(user, 'marac:coordinate')) throw new MeetingError(403, 'You do not have permission to do this');
  };
  const audit = (trx: Trx, user: CurrentUser, action: string, subjectType: string, subjectId: string, requestId: string, details: Record<string, unknown> = {}) =>
    recordAudit(trx, user.tenantId, { actorType: 'user', actorId: user.id, action, subjectType, subjectId, requestId, details });

  async function meetingOrFail(trx: Trx, id: string): Promise<m.MeetingRow> {
    const found = await m.meetingRow(trx, id);
    if (!found) throw new MeetingError(404, 'There is no such meeting');
    return found;
  }

  /** The agenda as the coordinator sees it: restricted victims named only to those with access. */
  async function agendaFor(trx: Trx, user: CurrentUser, meetingId: string) {
    const rows = await m.agendaRows(trx, meetingId);
    return Promise.all(
      rows.map(async (r) => {
        const who = await visibleName(trx, user, { id: r.victimId, given_name: r.victimName.split(' ')[0] ?? '', family_name: r.victimName.split(' ').slice(1).join(' '), restricted: r.victimRestricted });
        return { ...r, victimName: who.name, victimVisible: who.visible };
      }),
    );
  }

  return {
    async list(user: CurrentUser, when: 'upcoming' | 'past') {
      mayCoordinate(user);
      return db.tenant(user.tenantId, async (trx) => ({ meetings: await m.meetingsList(trx, when, new Date()), panels: await panels(trx) }));
    },

    /** The meetings held or to be held in a month, soonest first. */
    async inMonth(user: CurrentUser, from: Date, to: Date) {
      mayCoordinate(user);
      return db.tenant(user.tenantId, (trx) => m.meetingsBetween(trx, from, to));
    },

    async panels(user: CurrentUser) {
      mayCoordinate(user);
      return db.tenant(user.tenantId, panels);
    },

    /** Schedules one meeting or a series; answers the new meetings' ids, soonest first. */
    async schedule(user: CurrentUser, input: ScheduleInput, requestId: string): Promise<string[]> {
      mayCoordinate(user);
      checkPlace(input);
      return db.tenant(user.tenantId, async (trx) => {
        const panel = (await panels(trx)).find((p) => p.id === input.panelId);
        if (!panel) throw new MeetingError(400, 'Choose the panel from the list', 'panelId');
        const calendar = await tenantCalendar(trx);
        let days: PlainDate[];
        try {
          days = seriesDays(input.firstDay, input.cadence, input.count, calendar);
        } catch (error) {
          if (error instanceof RangeError) throw new MeetingError(400, error.message, 'count');
          throw error;
        }
        const now = new Date();
        const rows = days.map((day) => ({
          tenant_id: user.tenantId,
          panel_id: panel.id,
          held_at: londonInstant(day, input.time),
          venue: input.venue,
          online_link: input.onlineLink,
          chair: input.chair.trim(),
          ...(({ circulateOn, researchDueOn }) => ({ circulate_on: circulateOn, research_due_on: researchDueOn }))(meetingDeadlines(day, panel, calendar)),
          created_by: user.id,
        }));
        if (rows[0]!.held_at.getTime() <= now.getTime()) throw new MeetingError(400, 'The first meeting must be in the future', 'firstDay');
        const ids = await m.insertMeetings(trx, rows);
        await audit(trx, user, 'marac-meeting.schedule', 'marac-panel', panel.id, requestId, { meetings: ids, cadence: input.cadence });
        return ids;
      });
    },

    /** A meeting with its agenda in order, and what the coordinator should know about it. */
    async meeting(user: CurrentUser, id: string) {
      mayCoordinate(user);
      return db.tenant(user.tenantId, async (trx) => {
        const meeting = await meetingOrFail(trx, id);
        const panel = (await panels(trx)).find((p) => p.id === meeting.panelId)!;
        return { meeting, panel, agenda: await agendaFor(trx, user, id) };
      });
    },

    async move(user: CurrentUser, id: string, change: { day: PlainDate; time: { hours: number; minutes: number }; reason: string }, requestId: string): Promise<void> {
      mayCoordinate(user);
      const reason = reasonOf(change.reason, 'Say why the meeting is moving');
      await db.tenant(user.tenantId, async (trx) => {
        const meeting = await meetingOrFail(trx, id);
        const now = new Date();
        if (meeting.status === 'cancelled') throw new MeetingError(409, 'This meeting has been cancelled: schedule a new one instead');
        if (meeting.heldAt.getTime() <= now.getTime()) throw new MeetingError(409, 'This meeting has already taken place and cannot be moved');
        const heldAt = londonInstant(change.day, change.time);
        if (heldAt.getTime() <= now.getTime()) throw new MeetingError(400, 'The new date must be in the future', 'day');
        const panel = (await panels(trx)).find((p) => p.id === meeting.panelId)!;
        const deadlines = meetingDeadlines(change.day, panel, await tenantCalendar(trx));
        await m.moveMeeting(trx, id, { held_at: heldAt, circulate_on: deadlines.circulateOn, research_due_on: deadlines.researchDueOn, moved_reason: reason });
        await audit(trx, user, 'marac-meeting.move', 'marac-meeting', id, requestId, { from: meeting.heldAt.toISOString(), to: heldAt.toISOString() });
      });
    },

    /** Cancels a meeting; its cases go back to the referrals waiting for a meeting. Answers how many. */
    async cancel(user: CurrentUser, id: string, reasonText: string, requestId: string): Promise<number> {
      mayCoordinate(user);
      const reason = reasonOf(reasonText, 'Say why the meeting is cancelled');
      return db.tenant(user.tenantId, async (trx) => {
        const meeting = await meetingOrFail(trx, id);
        if (meeting.status === 'cancelled') throw new MeetingError(409, 'This meeting has already been cancelled');
        if (meeting.heldAt.getTime() <= Date.now()) throw new MeetingError(409, 'This meeting has already taken place and cannot be cancelled');
        await m.cancelMeeting(trx, id, reason);
        const returned = await m.releaseAgenda(trx, id, 'The meeting was cancelled');
        await audit(trx, user, 'marac-meeting.cancel', 'marac-meeting', id, requestId, { casesReturned: returned });
        return returned;
      });
    },

    /** Sends out the agenda: from now the member agencies' representatives see its cases. */
    async circulate(user: CurrentUser, id: string, requestId: string): Promise<void> {
      mayCoordinate(user);
      await db.tenant(user.tenantId, async (trx) => {
        const meeting = await meetingOrFail(trx, id);
        if (meeting.status === 'cancelled') throw new MeetingError(409, 'This meeting has been cancelled');
        if (meeting.heldAt.getTime() <= Date.now()) throw new MeetingError(409, 'This meeting has already taken place');
        if (meeting.cases === 0) throw new MeetingError(409, 'There are no cases on the agenda yet');
        if (!(await m.markCirculated(trx, id, user.id, new Date()))) throw new MeetingError(409, 'The agenda has already been circulated');
        // Each member agency's representatives are told, with nothing about the people on the agenda.
        const panel = (await panels(trx)).find((p) => p.id === meeting.panelId)!;
        const names = new Map((await agencies(trx)).map((a) => [a.id, a.name]));
        let notices = 0;
        for (const rep of await representativesOf(trx, panel.agencyIds)) {
          const notice = circulationNotice({ meeting: meetingInWords(meeting), agency: names.get(rep.agency_id!) ?? '', researchDue: formatDate(meeting.researchDueOn), cases: meeting.cases, signIn: signInAddress(options.publicUrl) });
          await queueEmail(trx, { tenantId: user.tenantId, kind: 'marac-circulation', meetingId: id, to: rep.email, ...notice });
          notices++;
        }
        await audit(trx, user, 'marac-meeting.circulate', 'marac-meeting', id, requestId, { cases: meeting.cases, notices });
      });
    },

    /**
     * What the coordinator needs to decide a referral: the victim's other referrals and where they are
     * on meetings, the meetings to come (the next with room first), and the cap.
     */
    async decisionFacts(user: CurrentUser, referralId: string, victimId: string, previousReferralId: string | null) {
      mayCoordinate(user);
      return db.tenant(user.tenantId, async (trx) => {
        const now = new Date();
        const others = (await m.referralsOfVictim(trx, victimId)).filter((r) => r.id !== referralId);
        const placements = await m.placementsOf(trx, [referralId, ...others.map((o) => o.id)]);
        const upcoming = (await m.meetingsList(trx, 'upcoming', now)).filter((x) => x.status === 'scheduled');
        const suggested = nextMeetingWithRoom(upcoming.map((u) => ({ ...u, cap: u.meetingCap })), now);
        return {
          placed: placements.filter((p) => p.referral_id === referralId),
          // An open referral: another referral waiting, or on a meeting still to come.
          otherReferrals: others.map((o) => ({ ...o, placements: placements.filter((p) => p.referral_id === o.id) })),
          upcoming,
          suggestedMeetingId: suggested?.id ?? null,
          // The previous referral's action plan, with where each action got to.
          previousPlan: previousReferralId ? await actionsOfReferral(trx, previousReferralId) : [],
        };
      });
    },

    /** Puts a referral on a meeting's agenda; answers whether it went in late and whether the meeting is now over its cap. */
    async accept(user: CurrentUser, referralId: string, meetingId: string, requestId: string): Promise<{ meetingCaseId: string; late: boolean; overCap: boolean }> {
      mayCoordinate(user);
      return db.tenant(user.tenantId, async (trx) => {
        const meeting = await m.meetingRow(trx, meetingId);
        if (!meeting) throw new MeetingError(400, 'Choose a meeting from the list', 'meetingId');
        const refused = acceptRefusal(meeting, new Date());
        if (refused) throw new MeetingError(400, refused, 'meetingId');
        if (!(await m.decideReferral(trx, referralId, { decision: 'accepted', by: user.id }))) throw new MeetingError(409, 'This referral has already been decided');
        const late = meeting.circulatedAt !== null;
        const meetingCaseId = await m.addToAgenda(trx, { tenantId: user.tenantId, meetingId, referralId, late, addedBy: user.id });
        await keepInOrder(trx, meetingId);
        await audit(trx, user, 'marac-referral.accept', 'marac-referral', referralId, requestId, { meetingId, late });
        return { meetingCaseId, late, overCap: overCap(meeting.cases, meeting.meetingCap) };
      });
    },

    async decline(user: CurrentUser, referralId: string, input: { reason: string; routedTo: string }, requestId: string): Promise<void> {
      mayCoordinate(user);
      const reason = reasonOf(input.reason, 'Say why the referral is declined');
      const routedTo = input.routedTo.trim();
      if (!routedTo) throw new MeetingError(400, 'Say where the victim was referred instead, for example the IDVA service', 'routedTo');
      if (routedTo.length > 300) throw new MeetingError(400, 'Enter where the victim was referred in 300 characters or fewer', 'routedTo');
      await db.tenant(user.tenantId, async (trx) => {
        if (!(await m.decideReferral(trx, referralId, { decision: 'declined', by: user.id, declineReason: reason, routedTo }))) throw new MeetingError(409, 'This referral has already been decided');
        await audit(trx, user, 'marac-referral.decline', 'marac-referral', referralId, requestId, {});
      });
    },
  };
}

export type MaracMeetingsService = ReturnType<typeof maracMeetingsService>;

/** Today in London, for forms that start on it. */
export const today = (): PlainDate => londonDate(new Date());
