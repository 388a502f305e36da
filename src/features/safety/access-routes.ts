import type { FastifyReply, FastifyRequest } from 'fastify';
import { attempt } from '../../platform/http/service-error.js';
import { formErrors, type FormErrors } from '../../platform/http/forms.js';
import { paths, withQuery } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import { field, reasonProblem, recordOf, recordPath, userOf, UUID, type RecordRef } from './routes.js';
import { WHEREABOUTS_GRANT_MAX_DAYS, type SafetyService } from './service.js';

const DONE: Record<string, string> = {
  restricted: 'The record is now restricted. The people listed below keep access.',
  granted: 'Access has been given',
  withdrawn: 'Access has been withdrawn',
  'whereabouts-granted': 'They can now see the withheld whereabouts until the date shown',
};

function doneOf(request: FastifyRequest): string | undefined {
  const done = (request.query as Record<string, unknown> | undefined)?.done;
  return typeof done === 'string' ? DONE[done] : undefined;
}

type Values = Record<string, string>;

/**
 * Who holds access to a record: giving and withdrawing access to a restricted record, lifting the
 * restriction, and giving a named practitioner sight of a person's withheld whereabouts for a time.
 */
export function accessRoutes(router: Router, safety: SafetyService): void {
  /** The record and who holds access, or the reply already sent (404 for a record the user may not manage). */
  async function load(request: FastifyRequest, reply: FastifyReply, ref: RecordRef | null) {
    if (!ref) return { sent: reply.code(404).view('errors/404.njk') };
    const user = userOf(request);
    const state = await safety.recordState(user, ref.subject, ref.id, 'manage');
    const access = state ? await attempt(reply, () => safety.access(user, ref.subject, ref.id)) : null;
    if (!state || !access) return { sent: reply.code(404).view('errors/404.njk') };
    if ('sent' in access) return { sent: access.sent };
    if (!access.ok) return { sent: reply.code(404).view('errors/404.njk') };
    return { ...ref, ...state, ...access.value };
  }

  async function showAccess(request: FastifyRequest, reply: FastifyReply, ref: RecordRef | null, form: { values?: Values; errors?: FormErrors; open?: string } = {}, status = 200) {
    const record = await load(request, reply, ref);
    if ('sent' in record) return record.sent;
    const users = record.mayManage || record.mayGrantWhereabouts ? await safety.grantableUsers(userOf(request)) : [];
    const values = form.values ?? {};
    return reply.code(status).view('safety-grant.njk', {
      ...record,
      recordId: record.id,
      backHref: recordPath(record.subject, record.id),
      success: doneOf(request),
      grants: record.grants.filter((g) => g.kind === 'grant'),
      whereaboutsGrants: record.grants.filter((g) => g.kind === 'whereabouts'),
      userItems: [{ value: '', text: 'Choose a person' }, ...users.map((u) => ({ value: u.id, text: u.name, selected: u.id === values.userId }))],
      maxDays: WHEREABOUTS_GRANT_MAX_DAYS,
      values,
      open: form.open,
      errors: form.errors,
      errorSummary: form.errors?.summary,
    });
  }

  router.page({
    method: 'GET',
    url: paths.restricted.grant(),
    permission: 'person:view',
    pageName: 'record-access',
    handler: (request, reply) => showAccess(request, reply, recordOf(request)),
  });

  router.page({
    method: 'POST',
    url: paths.restricted.grant(),
    permission: 'restricted:grant',
    pageName: 'record-access',
    handler: async (request, reply) => {
      const ref = recordOf(request);
      if (!ref) return reply.code(404).view('errors/404.njk');
      const values = { userId: field(request, 'userId'), reason: field(request, 'reason') };
      const problems: Record<string, string> = {};
      if (!UUID.test(values.userId)) problems.userId = 'Choose who to give access to';
      const problem = reasonProblem(values.reason, 'Give the reason they need access');
      if (problem) problems.reason = problem;
      if (Object.keys(problems).length) return showAccess(request, reply, ref, { values, errors: formErrors(problems), open: 'grant' }, 400);
      const result = await attempt(reply, () => safety.grant(userOf(request), ref.subject, ref.id, values.userId, values.reason, request.id), { form: 'reason' });
      if ('sent' in result) return result.sent;
      if (!result.ok) return showAccess(request, reply, ref, { values, errors: result.errors, open: 'grant' }, result.status);
      return reply.redirect(withQuery(paths.restricted.grant(ref.subject, ref.id), { done: 'granted' }), 303);
    },
  });

  router.page({
    method: 'POST',
    url: paths.restricted.withdraw(),
    permission: 'person:view',
    pageName: 'record-access-withdraw',
    handler: async (request, reply) => {
      const ref = recordOf(request);
      if (!ref) return reply.code(404).view('errors/404.njk');
      const values = { grantId: field(request, 'grantId'), withdrawReason: field(request, 'withdrawReason') };
      const grantId = values.grantId;
      const problems: Record<string, string> = {};
      if (!UUID.test(grantId)) problems.grantId = 'Choose whose access to withdraw';
      const problem = reasonProblem(values.withdrawReason, 'Give the reason for withdrawing access');
      if (problem) problems.withdrawReason = problem;
      if (Object.keys(problems).length) return showAccess(request, reply, ref, { values, errors: formErrors(problems), open: 'withdraw' }, 400);
      const result = await attempt(reply, () => safety.withdraw(userOf(request), ref.subject, ref.id, grantId, values.withdrawReason, request.id), { reason: 'withdrawReason', form: 'grantId' });
      if ('sent' in result) return result.sent;
      if (!result.ok) return showAccess(request, reply, ref, { values, errors: result.errors, open: 'withdraw' }, result.status);
      return reply.redirect(withQuery(paths.restricted.grant(ref.subject, ref.id), { done: 'withdrawn' }), 303);
    },
  });

  router.page({
    method: 'POST',
    url: paths.restricted.lift(),
    permission: 'restricted:grant',
    pageName: 'record-lift-restriction',
    handler: async (request, reply) => {
      const ref = recordOf(request);
      if (!ref) return reply.code(404).view('errors/404.njk');
      const values = { liftReason: field(request, 'liftReason') };
      const problem = reasonProblem(values.liftReason, 'Give the reason for lifting the restriction');
      if (problem) return showAccess(request, reply, ref, { values, errors: formErrors({ liftReason: problem }), open: 'lift' }, 400);
      const result = await attempt(reply, () => safety.lift(userOf(request), ref.subject, ref.id, values.liftReason, request.id), { reason: 'liftReason', form: 'liftReason' });
      if ('sent' in result) return result.sent;
      if (!result.ok) return showAccess(request, reply, ref, { values, errors: result.errors, open: 'lift' }, result.status);
      return reply.redirect(withQuery(recordPath(ref.subject, ref.id), { done: 'restriction-lifted' }), 303);
    },
  });

  router.page({
    method: 'POST',
    url: paths.restricted.whereabouts(),
    permission: 'whereabouts:grant',
    pageName: 'whereabouts-access',
    handler: async (request, reply) => {
      const id = (request.params as { recordId?: string }).recordId ?? '';
      if (!UUID.test(id)) return reply.code(404).view('errors/404.njk');
      const ref: RecordRef = { subject: 'person', id };
      const values = { whereaboutsUserId: field(request, 'whereaboutsUserId'), days: field(request, 'days'), whereaboutsReason: field(request, 'whereaboutsReason') };
      const problems: Record<string, string> = {};
      if (!UUID.test(values.whereaboutsUserId)) problems.whereaboutsUserId = 'Choose who needs to see the withheld whereabouts';
      const days = Number(values.days);
      if (!/^\d{1,2}$/.test(values.days.trim()) || days < 1 || days > WHEREABOUTS_GRANT_MAX_DAYS) problems.days = `Enter a number of days from 1 to ${WHEREABOUTS_GRANT_MAX_DAYS}`;
      const problem = reasonProblem(values.whereaboutsReason, 'Give the reason they need to see the withheld whereabouts');
      if (problem) problems.whereaboutsReason = problem;
      if (Object.keys(problems).length) return showAccess(request, reply, ref, { values, errors: formErrors(problems), open: 'whereabouts' }, 400);
      const result = await attempt(reply, () => safety.grantWhereabouts(userOf(request), id, values.whereaboutsUserId, values.whereaboutsReason, days, request.id), {
        userId: 'whereaboutsUserId',
        reason: 'whereaboutsReason',
        form: 'whereaboutsReason',
      });
      if ('sent' in result) return result.sent;
      if (!result.ok) return showAccess(request, reply, ref, { values, errors: result.errors, open: 'whereabouts' }, result.status);
      return reply.redirect(withQuery(paths.restricted.grant('person', id), { done: 'whereabouts-granted' }), 303);
    },
  });
}
