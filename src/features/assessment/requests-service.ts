import { reminderEmail, requestDateProblems, returnDateProblem, type InformationSource, type Method } from '../../domain/assessment/information-requests.js';
import { SECTION_KEYS } from '../../domain/assessment/sections.js';
import { londonDate, plainDate } from '../../domain/calendar/plain-date.js';
import { AccessRefused, requireAccess, requireInformationRequest } from '../../platform/access/decide.js';
import { can } from '../../platform/access/policy.js';
import { recordAudit } from '../../platform/audit/audit-log.js';
import type { CurrentUser } from '../../platform/auth/current-user.js';
import type { Database, Trx } from '../../platform/db/database.js';
import { formatDate } from '../../platform/http/format.js';
import { paths } from '../../platform/http/paths.js';
import { queueEmail } from '../../platform/mail/outbox.js';
import { ServiceError } from '../../platform/http/service-error.js';
import { latestAssessment } from './queries.js';
import * as q from './request-queries.js';

export class InformationRequestError extends ServiceError {}

export interface NewRequest {
  source: InformationSource;
  method: Method;
  agencyId: string | null;
  recipient: string;
  question: string;
  informs: string[];
  askedOn: string;
  dueOn: string;
}

/**
 * Requests for information to the network (seed 004, section 8): asked of a partner agency, whose
 * representatives answer in the product, or by email, phone or letter, whose answer the worker records.
 * A representative reaches a request only through the one access decision (`requireInformationRequest`):
 * their agency's, while it is open; anything else is not found, and the attempt is audited.
 */
export function informationRequestsService(db: Database, options: { publicUrl?: string | null } = {}) {
  const audit = (trx: Trx, user: CurrentUser, action: string, id: string, requestId: string, details: Record<string, unknown>) =>
    recordAudit(trx, user.tenantId, { actorType: 'user', actorId: user.id, action, subjectType: 'information-request', subjectId: id, requestId, details });

  return {
    /** The case's requests, newest first, and the agencies that answer in the product. */
    async ofCase(user: CurrentUser, caseId: string) {
      return db.tenant(user.tenantId, async (trx) => {
        const resource = await requireAccess(trx, user, 'case:view', { kind: 'case', id: caseId });
        return { requests: await q.requestsOfCase(trx, caseId), agencies: await q.agencies(trx), mayEdit: can(user, 'case:edit', resource) };
      });
    },

    async ask(user: CurrentUser, caseId: string, input: NewRequest, requestId: string): Promise<string> {
      return db.tenant(user.tenantId, async (trx) => {
        await requireAccess(trx, user, 'case:edit', { kind: 'case', id: caseId });
        const dates = requestDateProblems(plainDate(input.askedOn), plainDate(input.dueOn), londonDate(new Date()));
        if (dates.length) throw new InformationRequestError(400, dates[0]!.message, dates[0]!.field, dates.map((p) => ({ path: `/${p.field}`, message: p.message })));
        if (input.informs.some((s) => !(SECTION_KEYS as readonly string[]).includes(s))) throw new InformationRequestError(400, 'Choose only sections of the assessment from the list', 'informs');
        let agencyId: string | null = null;
        if (input.method === 'in-product') {
          const agency = input.agencyId ? (await q.agencies(trx)).find((a) => a.id === input.agencyId) : undefined;
          if (!agency) throw new InformationRequestError(400, 'Choose the partner agency whose representatives will answer', 'agencyId');
          agencyId = agency.id;
        }
        const assessment = await latestAssessment(trx, caseId);
        const id = await q.insertRequest(trx, {
          tenantId: user.tenantId,
          caseId,
          assessmentId: assessment && assessment.status !== 'authorised' ? assessment.id : null,
          source: input.source,
          agencyId,
          recipient: input.recipient,
          method: input.method,
          question: input.question,
          informs: input.informs,
          askedOn: input.askedOn,
          dueOn: input.dueOn,
          by: user.id,
        });
        await audit(trx, user, 'information-request.ask', id, requestId, { caseId, source: input.source, method: input.method, agencyId, informs: input.informs });
        return id;
      });
    },

    /** One of the case's requests, for recording its answer; null when the case has no such request. */
    async one(user: CurrentUser, caseId: string, id: string) {
      return db.tenant(user.tenantId, async (trx) => {
        await requireAccess(trx, user, 'case:edit', { kind: 'case', id: caseId });
        const found = await q.request(trx, id);
        return found && found.case_id === caseId ? found : null;
      });
    },

    /** The worker records an answer that came by email, phone or letter. */
    async recordReturn(user: CurrentUser, caseId: string, id: string, input: { answer: string; returnedOn: string }, requestId: string): Promise<void> {
      await db.tenant(user.tenantId, async (trx) => {
        await requireAccess(trx, user, 'case:edit', { kind: 'case', id: caseId });
        const found = await q.request(trx, id);
        if (!found || found.case_id !== caseId) throw new InformationRequestError(404, 'There is no such request');
        if (found.method === 'in-product') throw new InformationRequestError(409, 'The agency’s representative answers this request in Wraparound', 'answer');
        const problem = returnDateProblem(plainDate(found.asked_on), plainDate(input.returnedOn), londonDate(new Date()));
        if (problem) throw new InformationRequestError(400, problem, 'returnedOn');
        if (!(await q.recordReturn(trx, id, input.answer, input.returnedOn, user.id))) throw new InformationRequestError(409, 'This request has already been answered', 'answer');
        await audit(trx, user, 'information-request.return', id, requestId, { caseId, recordedBy: 'worker' });
      });
    },

    /** Emails the agency's representatives that the request waits for them: nothing about the people. */
    async remind(user: CurrentUser, caseId: string, id: string, requestId: string): Promise<number> {
      return db.tenant(user.tenantId, async (trx) => {
        await requireAccess(trx, user, 'case:edit', { kind: 'case', id: caseId });
        const found = await q.request(trx, id);
        if (!found || found.case_id !== caseId) throw new InformationRequestError(404, 'There is no such request');
        if (found.returned_at || !found.agency_id) throw new InformationRequestError(409, 'Only a request waiting for a partner agency’s answer in Wraparound can be reminded by email');
        const reps = await q.representatives(trx, found.agency_id);
        if (reps.length === 0) throw new InformationRequestError(409, 'The agency has no representatives to remind: ask the Marac coordinator to name one');
        const council = (await q.tenantName(trx))?.name ?? 'The council';
        const link = `${(options.publicUrl ?? '').replace(/\/$/, '')}${paths.agencyRequests.answer(id)}`;
        const email = reminderEmail({ council, dueOn: formatDate(`${found.due_on}T12:00:00Z`), link });
        for (const rep of reps) await queueEmailFor(trx, user.tenantId, rep.email, email);
        const reminders = await q.countReminder(trx, id);
        await audit(trx, user, 'information-request.remind', id, requestId, { caseId, agencyId: found.agency_id, recipients: reps.length, reminders });
        return reps.length;
      });
    },

    /** A representative's agency's requests waiting for an answer: the question and each child's name and date of birth, nothing more. */
    async agencyQueue(user: CurrentUser) {
      if (!can(user, 'information-request:answer')) throw new InformationRequestError(403, 'You do not have permission to do this');
      if (!user.agencyId) return { agency: null, requests: [] };
      const agencyId = user.agencyId;
      return db.tenant(user.tenantId, async (trx) => {
        const rows = await q.openRequestsOfAgency(trx, agencyId);
        const children = await q.childrenOf(trx, rows.map((r) => r.case_id));
        return {
          agency: (await q.agencyName(trx, agencyId))?.name ?? null,
          requests: rows.map((r) => ({ id: r.id, source: r.source, question: r.question, dueOn: r.due_on, askedOn: r.asked_on, children: children.filter((c) => c.case_id === r.case_id) })),
        };
      });
    },

    /** One request, for its agency's representative while it is open; not found (and audited) for anyone else. */
    async forAgency(user: CurrentUser, id: string, requestId: string) {
      return guardedForAgency(user, id, requestId, async (trx) => {
        const found = (await q.request(trx, id))!;
        return { id, source: found.source, question: found.question, dueOn: found.due_on, askedOn: found.asked_on, children: await q.childrenOf(trx, [found.case_id]) };
      });
    },

    /** The representative answers for their agency. */
    async answer(user: CurrentUser, id: string, answer: string, requestId: string): Promise<void> {
      await guardedForAgency(user, id, requestId, async (trx) => {
        if (!(await q.recordReturn(trx, id, answer, londonDate(new Date()), user.id))) throw new InformationRequestError(404, 'There is no such request');
        await audit(trx, user, 'information-request.return', id, requestId, { recordedBy: 'agency', agencyId: user.agencyId });
      });
    },
  };

  /** Runs work on a request a representative may reach; anyone else is told it is not found, and the attempt is audited in its own transaction. */
  async function guardedForAgency<T>(user: CurrentUser, id: string, requestId: string, work: (trx: Trx) => Promise<T>): Promise<T> {
    try {
      return await db.tenant(user.tenantId, async (trx) => {
        await requireInformationRequest(trx, user, id);
        return work(trx);
      });
    } catch (error) {
      if (!(error instanceof AccessRefused)) throw error;
      await db.tenant(user.tenantId, (trx) => audit(trx, user, 'information-request.refused', id, requestId, { agencyId: user.agencyId }));
      throw new InformationRequestError(404, 'There is no such request');
    }
  }
}

async function queueEmailFor(trx: Trx, tenantId: string, to: string, email: { subject: string; body: string }): Promise<void> {
  await queueEmail(trx, { tenantId, kind: 'information-request-reminder', to, subject: email.subject, body: email.body });
}

export type InformationRequestsService = ReturnType<typeof informationRequestsService>;
