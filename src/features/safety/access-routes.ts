import type { FastifyRequest } from 'fastify';
import { formPage } from '../../platform/http/form-page.js';
import { paths } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import { attempt } from '../../platform/http/service-error.js';
import { giveAccessForm, liftRestrictionForm, UUID, whereaboutsGrantForm, withdrawAccessForm } from './forms.js';
import { recordOf, recordPath, userOf, type RecordRef } from './record-page.js';
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

/** The person whose whereabouts the grant is for, from the address. */
function personOf(request: FastifyRequest): RecordRef | null {
  const id = (request.params as { recordId?: string }).recordId ?? '';
  return UUID.test(id) ? { subject: 'person', id } : null;
}

type Values = Record<string, string | string[]>;
const one = (values: Values, name: string) => (typeof values[name] === 'string' ? values[name] : undefined);

/**
 * Who holds access to a record: giving and withdrawing access to a restricted record, lifting the
 * restriction, and giving a named practitioner sight of a person's withheld whereabouts for a time.
 * The page is shown by its own route; each of its four forms is a `formPage` that shows it again with
 * that form's errors.
 */
export function accessRoutes(router: Router, safety: SafetyService): void {
  /** The record and who holds access; null (a 404) for a record the user may not manage or open. */
  const accessOf = (refOf: (request: FastifyRequest) => RecordRef | null) => async (request: FastifyRequest) => {
    const ref = refOf(request);
    if (!ref) return null;
    const user = userOf(request);
    const state = await safety.recordState(user, ref.subject, ref.id, 'manage');
    if (!state) return null;
    return { ...ref, ...state, ...(await safety.access(user, ref.subject, ref.id)) };
  };
  const record = accessOf(recordOf);
  type Access = NonNullable<Awaited<ReturnType<typeof record>>>;

  /** The page, with the forms holding `values` (what was typed, after an error). */
  async function accessView(access: Access, request: FastifyRequest, values: Values = {}) {
    const users = access.mayManage || access.mayGrantWhereabouts ? await safety.grantableUsers(userOf(request)) : [];
    const userItems = (chosen: string | undefined) => [{ value: '', text: 'Choose a person' }, ...users.map((u) => ({ value: u.id, text: u.name, selected: u.id === chosen }))];
    return {
      ...access,
      recordId: access.id,
      backHref: recordPath(access.subject, access.id),
      success: doneOf(request),
      grants: access.grants.filter((g) => g.kind === 'grant'),
      whereaboutsGrants: access.grants.filter((g) => g.kind === 'whereabouts'),
      userItems: userItems(one(values, 'userId')),
      whereaboutsUserItems: userItems(one(values, 'whereaboutsUserId')),
      maxDays: WHEREABOUTS_GRANT_MAX_DAYS,
    };
  }

  router.page({
    method: 'GET',
    url: paths.restricted.grant(),
    permission: 'person:view',
    pageName: 'record-access',
    handler: async (request, reply) => {
      const found = await attempt(reply, () => record(request));
      if ('sent' in found) return found.sent;
      if (!found.ok || !found.value) return reply.code(404).view('errors/404.njk');
      return reply.view('safety-grant.njk', { ...(await accessView(found.value, request)), values: {} });
    },
  });

  const form = { postOnly: true, template: 'safety-grant.njk', load: record, view: accessView } as const;

  formPage(router, {
    ...form,
    url: paths.restricted.grant(),
    permission: 'restricted:grant',
    pageName: 'record-access',
    schema: giveAccessForm,
    submit: async (answer, r, request) => {
      await safety.grant(userOf(request), r.subject, r.id, answer.userId, answer.reason, request.id);
      return { to: paths.restricted.grant(r.subject, r.id), done: 'granted' };
    },
    fieldIds: { form: 'reason' },
  });

  formPage(router, {
    ...form,
    url: paths.restricted.withdraw(),
    permission: 'person:view',
    pageName: 'record-access-withdraw',
    schema: withdrawAccessForm,
    submit: async (answer, r, request) => {
      await safety.withdraw(userOf(request), r.subject, r.id, answer.grantId, answer.withdrawReason, request.id);
      return { to: paths.restricted.grant(r.subject, r.id), done: 'withdrawn' };
    },
    fieldIds: { reason: 'withdrawReason', form: 'grantId' },
  });

  formPage(router, {
    ...form,
    url: paths.restricted.lift(),
    permission: 'restricted:grant',
    pageName: 'record-lift-restriction',
    schema: liftRestrictionForm,
    submit: async (answer, r, request) => {
      await safety.lift(userOf(request), r.subject, r.id, answer.liftReason, request.id);
      return { to: recordPath(r.subject, r.id), done: 'restriction-lifted' };
    },
    fieldIds: { reason: 'liftReason', form: 'liftReason' },
  });

  formPage(router, {
    ...form,
    url: paths.restricted.whereabouts(),
    permission: 'whereabouts:grant',
    pageName: 'whereabouts-access',
    schema: whereaboutsGrantForm,
    load: accessOf(personOf),
    submit: async (answer, r, request) => {
      await safety.grantWhereabouts(userOf(request), r.id, answer.whereaboutsUserId, answer.whereaboutsReason, answer.days, request.id);
      return { to: paths.restricted.grant('person', r.id), done: 'whereabouts-granted' };
    },
    fieldIds: { userId: 'whereaboutsUserId', reason: 'whereaboutsReason', form: 'whereaboutsReason' },
  });
}
