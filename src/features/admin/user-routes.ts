import type { FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../../platform/access/policy.js';
import { type FormErrors, type FormResult, parseForm } from '../../platform/http/forms.js';
import { paths, withQuery } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import { attempt } from '../../platform/http/service-error.js';
import { LINK_HOURS } from './password-links.js';
import type { AdminService, UserChange } from './service.js';
import {
  actorOf,
  attemptForm,
  editUserForm,
  ownAccountForm,
  pageErrors,
  roleItems,
  roleNames,
  statusTag,
  submittedValues,
  teamItems,
  UUID,
  type UserFormValues,
} from './user-form.js';

/** Banners shown after a change, named in the address so a reload does not repeat the change. */
const DONE_MESSAGES: Record<string, string> = {
  updated: 'The changes have been saved',
  deactivated: 'The account has been deactivated. They have been signed out and cannot sign in.',
  reactivated: 'The account has been reactivated. They can sign in again.',
  'reset-sent': `A link to set a new password has been sent to the user. It works once, within ${LINK_HOURS.reset} hours. Their old password no longer works, and they have been signed out everywhere.`,
};

function userIdOf(request: FastifyRequest): string | null {
  const id = (request.params as { userId?: string }).userId;
  return id && UUID.test(id) ? id : null;
}

/** The change to another user: name, roles, teams, and why any role that needs approval is needed. */
function otherChange(body: unknown): FormResult<UserChange> {
  const form = parseForm(editUserForm, body);
  if (!form.ok) return form;
  const { name, roles, teams, reason } = form.data;
  return { ok: true, data: { name, roles, teamIds: teams, reason } };
}

/** An administrator's own account: the name. Roles or teams sent anyway go on to the service, which refuses a change to them. */
function ownChange(body: unknown): FormResult<UserChange> {
  const form = parseForm(ownAccountForm, body);
  if (!form.ok) return form;
  const { name, roles, teams } = form.data;
  return { ok: true, data: { name, roles, teamIds: teams } };
}

/** One user's page: their details, and for administrators the changes they can make. */
export function userRoutes(router: Router, admin: AdminService): void {
  async function showUser(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    options: { values?: UserFormValues; errors?: FormErrors; status?: number; success?: string; requestSent?: boolean } = {},
  ) {
    const result = await attempt(reply, async () => {
      const actor = actorOf(request);
      const person = await admin.getUser(actor, id);
      const canManage = can(request.user, 'users:manage');
      return { person, canManage, teams: canManage ? await admin.listTeams(actor) : [], waiting: await admin.pendingRoleRequestsFor(actor, id) };
    });
    if ('sent' in result) return result.sent;
    if (!result.ok) throw new Error('getUser does not report form errors');
    const { person, canManage, teams, waiting } = result.value;
    const values = options.values ?? { name: person.name, roles: person.roles, teams: person.teams.map((t) => t.id), reason: '' };
    return reply.code(options.status ?? 200).view('admin-user.njk', {
      person,
      status: statusTag(person),
      isSelf: request.user?.id === person.id,
      canManage,
      values,
      roleItems: roleItems(values.roles),
      teamItems: teamItems(teams, values.teams),
      waiting: waiting.map((w) => ({ roles: roleNames(w.roles), requestedByName: w.requestedByName, requestedAt: w.requestedAt })),
      errors: options.errors,
      errorSummary: options.errors?.summary,
      success: options.success,
      requestSent: options.requestSent,
    });
  }

  router.page({
    method: 'GET',
    url: paths.admin.user(),
    permission: 'users:view',
    pageName: 'admin-user',
    handler: async (request, reply) => {
      const id = userIdOf(request);
      if (!id) return reply.code(404).view('errors/404.njk');
      const done = (request.query as Record<string, unknown>).done;
      if (done === 'requested') return showUser(request, reply, id, { requestSent: true });
      return showUser(request, reply, id, { success: typeof done === 'string' ? DONE_MESSAGES[done] : undefined });
    },
  });

  router.page({
    method: 'POST',
    url: paths.admin.user(),
    permission: 'users:manage',
    pageName: 'admin-user-update',
    handler: async (request, reply) => {
      const id = userIdOf(request);
      if (!id) return reply.code(404).view('errors/404.njk');
      const values = submittedValues(request.body);
      const own = request.user?.id === id;
      // On their own account an administrator changes only their name; roles or teams sent anyway are refused by the service.
      const change = own ? ownChange(request.body) : otherChange(request.body);
      if (!change.ok) return showUser(request, reply, id, { values, errors: change.errors, status: 400 });
      const result = await attemptForm(reply, () => admin.updateUser(actorOf(request), id, change.data, request.id));
      if ('sent' in result) return result.sent;
      if (!result.ok) return showUser(request, reply, id, { values, errors: result.errors, status: result.status });
      const asked = result.value.requestedRoles.length > 0 || result.value.alreadyRequested.length > 0;
      return reply.redirect(withQuery(paths.admin.user(id), { done: asked ? 'requested' : 'updated' }), 303);
    },
  });

  for (const active of [false, true]) {
    router.page({
      method: 'POST',
      url: active ? paths.admin.userReactivate() : paths.admin.userDeactivate(),
      permission: 'users:manage',
      pageName: active ? 'admin-user-reactivate' : 'admin-user-deactivate',
      handler: async (request, reply) => {
        const id = userIdOf(request);
        if (!id) return reply.code(404).view('errors/404.njk');
        const result = await attemptForm(reply, () => admin.setActive(actorOf(request), id, active, request.id));
        if ('sent' in result) return result.sent;
        if (!result.ok) {
          // The only refusal here is about the account as a whole, so it points at the account buttons.
          return showUser(request, reply, id, { errors: pageErrors(result.errors, 'account-actions', 'The account could not be changed'), status: result.status });
        }
        return reply.redirect(withQuery(paths.admin.user(id), { done: active ? 'reactivated' : 'deactivated' }), 303);
      },
    });
  }

  router.page({
    method: 'POST',
    url: paths.admin.userResetPassword(),
    permission: 'users:manage',
    pageName: 'admin-user-reset-password',
    handler: async (request, reply) => {
      const id = userIdOf(request);
      if (!id) return reply.code(404).view('errors/404.njk');
      // The link goes to the user's outbox, never into this response.
      const result = await attemptForm(reply, () => admin.resetPassword(actorOf(request), id, request.id));
      if ('sent' in result) return result.sent;
      if (!result.ok) return showUser(request, reply, id, { errors: pageErrors(result.errors, 'account-actions', 'The password could not be reset'), status: result.status });
      return reply.redirect(withQuery(paths.admin.user(id), { done: 'reset-sent' }), 303);
    },
  });
}
