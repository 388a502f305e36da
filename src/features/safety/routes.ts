import { attempt as attemptService } from '../../platform/http/service-error.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { BREAK_GLASS_MINUTES } from '../../platform/access/facts.js';
import type { CurrentUser } from '../../platform/auth/current-user.js';
import { formErrors, type FormErrors } from '../../platform/http/forms.js';
import { pagination, requestedPage, showing } from '../../platform/http/pagination.js';
import { paths, withQuery } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import { accessRoutes } from './access-routes.js';
import { SafetyError, type RecordPurpose, type RestrictedSubject, type SafetyService } from './service.js';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const REASON_MAX = 1000;
const LOG_PAGE_SIZE = 50;

export interface RecordRef {
  subject: RestrictedSubject;
  id: string;
}

export function recordOf(request: FastifyRequest): RecordRef | null {
  const { subject, recordId } = request.params as { subject?: string; recordId?: string };
  if ((subject !== 'person' && subject !== 'case') || !recordId || !UUID.test(recordId)) return null;
  return { subject, id: recordId };
}

/** Where the record itself is shown. */
export function recordPath(subject: RestrictedSubject, id: string): string {
  return subject === 'case' ? paths.cases.overview(id) : paths.people.person(id);
}

export function userOf(request: FastifyRequest): CurrentUser {
  const user = request.user;
  if (!user) throw new SafetyError(403, 'Sign in first');
  return user;
}

export function field(request: FastifyRequest, name: string): string {
  const body = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, unknown>;
  const value = body[name];
  return typeof value === 'string' ? value : '';
}

export function reasonProblem(reason: string, missing: string): string | null {
  if (!reason.trim()) return missing;
  if (reason.trim().length > REASON_MAX) return `Give a reason of ${REASON_MAX} characters or fewer`;
  return null;
}


/**
 * Restricted records: restricting a person or case and breaking glass (60 minutes, with a reason the
 * DPO sees), and the DPO's list of every break-glass use. Giving, withdrawing and lifting access are in
 * access-routes.ts.
 */
export function safetyRoutes(router: Router, safety: SafetyService): void {
  accessRoutes(router, safety);
  /** A page about one record: 404 for a bad address or a record that does not exist. */
  const recordPage = (
    method: 'GET' | 'POST',
    url: string,
    permission: 'restricted:grant' | 'restricted:break-glass',
    pageName: string,
    handler: (request: FastifyRequest, reply: FastifyReply, record: RecordRef & { restricted: boolean; label: string }) => Promise<unknown>,
  ) =>
    router.page({
      method,
      url,
      permission,
      pageName,
      handler: async (request, reply) => {
        const ref = recordOf(request);
        const purpose: RecordPurpose = permission === 'restricted:break-glass' ? 'break-glass' : 'manage';
        const state = ref ? await safety.recordState(userOf(request), ref.subject, ref.id, purpose) : null;
        if (!ref || !state) return reply.code(404).view('errors/404.njk');
        // Someone who can already open the record has nothing to do here but go to it.
        if (!state.allowed) return reply.redirect(recordPath(ref.subject, ref.id), 303);
        return handler(request, reply, { ...ref, ...state });
      },
    });

  // Break glass.
  const showBreakGlass = (reply: FastifyReply, record: RecordRef & { label: string; restricted: boolean }, reason = '', errors?: FormErrors, status = 200) =>
    reply.code(status).view('safety-break-glass.njk', {
      subject: record.subject,
      recordId: record.id,
      label: record.label,
      restricted: record.restricted,
      minutes: BREAK_GLASS_MINUTES,
      values: { reason },
      errors,
      errorSummary: errors?.summary,
    });

  recordPage('GET', paths.restricted.breakGlass(), 'restricted:break-glass', 'break-glass', async (_request, reply, record) => showBreakGlass(reply, record));

  recordPage('POST', paths.restricted.breakGlass(), 'restricted:break-glass', 'break-glass', async (request, reply, record) => {
    const reason = field(request, 'reason');
    const problem = reasonProblem(reason, 'Give the reason you need to open this record now');
    if (problem) return showBreakGlass(reply, record, reason, formErrors({ reason: problem }), 400);
    const result = await attemptService(reply, () => safety.breakGlass(userOf(request), record.subject, record.id, reason, request.id), { form: 'reason' });
    if ('sent' in result) return result.sent;
    if (!result.ok) return showBreakGlass(reply, record, reason, result.errors, 400);
    return reply.redirect(withQuery(recordPath(record.subject, record.id), { done: 'break-glass' }), 303);
  });

  // Restrict.
  const showRestrict = (reply: FastifyReply, record: RecordRef & { label: string }, reason = '', errors?: FormErrors, status = 200) =>
    reply.code(status).view('safety-restrict.njk', {
      subject: record.subject,
      recordId: record.id,
      label: record.label,
      backHref: recordPath(record.subject, record.id),
      values: { reason },
      errors,
      errorSummary: errors?.summary,
    });

  recordPage('GET', paths.restricted.restrict(), 'restricted:grant', 'restrict', async (_request, reply, record) =>
    record.restricted ? reply.redirect(paths.restricted.grant(record.subject, record.id), 303) : showRestrict(reply, record),
  );

  recordPage('POST', paths.restricted.restrict(), 'restricted:grant', 'restrict', async (request, reply, record) => {
    if (record.restricted) return reply.redirect(paths.restricted.grant(record.subject, record.id), 303);
    const reason = field(request, 'reason');
    const problem = reasonProblem(reason, 'Give the reason for restricting this record');
    if (problem) return showRestrict(reply, record, reason, formErrors({ reason: problem }), 400);
    const result = await attemptService(reply, () => safety.restrict(userOf(request), record.subject, record.id, reason, request.id), { form: 'reason' });
    if ('sent' in result) return result.sent;
    if (!result.ok) return showRestrict(reply, record, reason, result.errors, 400);
    // The access page names who kept access, so the manager sees nobody working with the family was locked out.
    return reply.redirect(withQuery(paths.restricted.grant(record.subject, record.id), { done: 'restricted' }), 303);
  });

  // The DPO's list of every break-glass use.
  router.page({
    method: 'GET',
    url: paths.audit.breakGlass,
    permission: 'break-glass:review',
    pageName: 'break-glass-log',
    handler: async (request, reply) => {
      const user = userOf(request);
      const asked = requestedPage((request.query as Record<string, unknown> | undefined)?.page);
      let log = await safety.breakGlassLog(user, asked);
      if (asked > log.pageCount) log = await safety.breakGlassLog(user, log.pageCount);
      const now = Date.now();
      return reply.view('safety-break-glass-log.njk', {
        rows: log.rows.map((r) => ({
          ...r,
          record: r.subject_type === 'case' ? `Case ${r.case_reference ?? r.subject_id}` : `Person ${r.subject_id}`,
          live: r.expires_at !== null && new Date(r.expires_at).getTime() > now,
          auditHref: withQuery(paths.audit.events, { subject: r.subject_id }),
        })),
        page: log.page,
        pageCount: log.pageCount,
        showing: showing(log.page, LOG_PAGE_SIZE, log.total),
        pagination: pagination(log.page, log.pageCount, (n) => withQuery(paths.audit.breakGlass, { page: n > 1 ? n : undefined })),
      });
    },
  });
}
