import { AccessRefused, requireMaracCase, requireMaracMeeting } from '../../platform/access/decide.js';
import { can } from '../../platform/access/policy.js';
import { recordAudit } from '../../platform/audit/audit-log.js';
import type { CurrentUser } from '../../platform/auth/current-user.js';
import type { Database, Trx } from '../../platform/db/database.js';
import { copiesOf, makeCopy } from '../../platform/documents/copies.js';
import type { Paper } from '../../platform/documents/paper.js';
import { formatDate } from '../../platform/http/format.js';
import { ServiceError } from '../../platform/http/service-error.js';
import { agendaRows, meetingRow } from './meeting-queries.js';
import { meetingInWords } from './meeting-words.js';
import { agencies } from './panel-queries.js';
import { agendaPaper, minutesPaper, researchPackPaper } from './papers.js';
import { sharedSummaryOf } from './partner-service.js';
import { returnsFor } from './research-queries.js';
import { loadRunSheet } from './run-sheet-service.js';

export class PaperError extends ServiceError {}

export type MaracPaper = 'agenda' | 'minutes';

/**
 * The Marac's papers for one person: the agenda and minutes of a meeting and a case's research pack,
 * each made for its recipient (their name in every page's footer) and recorded as a copy. They go only
 * to the coordinator and to the representatives of the meeting's member agencies inside its window;
 * anyone else is told there is no such meeting.
 */
export function maracPapersService(db: Database) {
  const recipientOf = async (trx: Trx, user: CurrentUser) => {
    const agency = user.agencyId ? (await agencies(trx)).find((a) => a.id === user.agencyId) : undefined;
    return { name: user.name, agency: agency?.name ?? null };
  };
  const actionFor = (user: CurrentUser) => (can(user, 'marac:coordinate') ? 'marac:coordinate' : 'marac:attend');

  async function copy(trx: Trx, user: CurrentUser, paper: Paper, subject: { type: 'marac-meeting' | 'marac-case'; id: string }, requestId: string) {
    const made = await makeCopy(trx, paper, { tenantId: user.tenantId, subject, recipientUserId: user.id, recipientAgencyId: user.agencyId });
    await recordAudit(trx, user.tenantId, { actorType: 'user', actorId: user.id, action: 'document.copy', subjectType: subject.type, subjectId: subject.id, requestId, details: { kind: paper.kind, copyId: made.id, sha256: made.sha256 } });
    return { pdf: made.pdf, fileName: `${paper.kind}.pdf` };
  }

  const notFound = (id: string) => new AccessRefused('not-found', { kind: 'case', id }, false);

  async function buildMeetingPaper(trx: Trx, user: CurrentUser, meetingId: string, which: MaracPaper): Promise<Paper> {
    await requireMaracMeeting(trx, user, actionFor(user), meetingId);
    const meeting = (await meetingRow(trx, meetingId))!;
    const label = meetingInWords(meeting);
    const recipient = await recipientOf(trx, user);
    if (which === 'agenda') {
      if (!meeting.circulatedAt && !can(user, 'marac:coordinate')) throw notFound(meetingId);
      const cases = [];
      for (const a of await agendaRows(trx, meetingId)) cases.push(await sharedSummaryOf(trx, a.meetingCaseId, null, null));
      return agendaPaper(label, formatDate(meeting.researchDueOn), cases, recipient);
    }
    if (!meeting.minutesApproved) throw new PaperError(409, 'The minutes are not approved yet');
    return minutesPaper(label, await loadRunSheet(trx, user, meetingId), recipient);
  }

  return {
    /** The meeting's paper as a PDF copy for this user, made and recorded. */
    async meetingPaper(user: CurrentUser, meetingId: string, which: MaracPaper, requestId: string): Promise<{ pdf: Buffer; fileName: string }> {
      return db.tenant(user.tenantId, async (trx) => {
        const paper = await buildMeetingPaper(trx, user, meetingId, which);
        return copy(trx, user, paper, { type: 'marac-meeting', id: meetingId }, requestId);
      });
    },

    /** The same paper as blocks, for its HTML print page. */
    async meetingPaperHtml(user: CurrentUser, meetingId: string, which: MaracPaper): Promise<Paper> {
      return db.tenant(user.tenantId, (trx) => buildMeetingPaper(trx, user, meetingId, which));
    },

    /** A case's research pack: the shared summary and every agency's return. */
    async researchPack(user: CurrentUser, meetingCaseId: string, requestId: string): Promise<{ pdf: Buffer; fileName: string }> {
      return db.tenant(user.tenantId, async (trx) => {
        await requireMaracCase(trx, user, actionFor(user), meetingCaseId);
        const summary = await sharedSummaryOf(trx, meetingCaseId, null, null);
        const meeting = (await meetingRow(trx, summary.meeting.id))!;
        const names = new Map((await agencies(trx)).map((a) => [a.id, a.name]));
        const returns = (await returnsFor(trx, [meetingCaseId])).map((r) => ({ ...r, agencyName: names.get(r.agencyId) ?? '' }));
        const paper = researchPackPaper(meetingInWords(meeting), summary, returns, await recipientOf(trx, user));
        return copy(trx, user, paper, { type: 'marac-case', id: meetingCaseId }, requestId);
      });
    },

    /** The record of distribution: every copy made of the meeting's papers and its cases' packs. */
    async distribution(user: CurrentUser, meetingId: string) {
      if (!can(user, 'marac:coordinate')) throw new PaperError(403, 'You do not have permission to do this');
      return db.tenant(user.tenantId, async (trx) => {
        const cases = (await agendaRows(trx, meetingId)).map((a) => a.meetingCaseId);
        const names = new Map((await agencies(trx)).map((a) => [a.id, a.name]));
        return (await copiesOf(trx, [meetingId, ...cases])).map((c) => ({ ...c, agencyName: c.recipient_agency_id ? (names.get(c.recipient_agency_id) ?? null) : null }));
      });
    },
  };
}

export type MaracPapersService = ReturnType<typeof maracPapersService>;
