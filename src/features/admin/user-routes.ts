import { attempt } from '../../platform/http/service-error.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../../platform/access/policy.js';
import { type FormErrors, parseForm } from '../../platform/http/forms.js';
import { paths, withQuery } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import type { AdminService } from './service.js';
import { actorOf, editUserForm, roleItems, statusTag, submittedValues, teamItems, UUID, type UserFormValues } from './user-form.js';

/** Banners shown after a change, named in the address so a reload does not repeat the change. */
const DONE_MESSAGES: Record<string, string> = {
  updated: 'The changes have been saved',
  deactivated: 'The account has been deactivated. They have been signed out and cannot sign in.',
  reactivated: 'The account has been reactivated. They can sign in again.',
};

function userIdOf(request: FastifyRequest): string | null {
  const id = (request.params as { userId?: string }).userId;
  return id && UUID.test(id) ? id : null;
}

/** One user's page: their details, and for administrators the changes they can make. */
export function userRoutes(router: Router, admin: AdminService): void {
  async function showUser(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    options: { values?: UserFormValues; errors?: FormErrors; status?: number; success?: string } = {},
  ) {
    const result = await attempt(reply, async () => {
      const actor = actorOf(request);
      const person = await admin.getUser(actor, id);
      const canManage = can(request.user, 'users:manage');
      return { person, canManage, teams: canManage ? await admin.listTeams(actor) : [] };
    });
    if ('sent' in result) return result.sent;
    if (!result.ok) throw new Error('getUser does not report form errors');
    const { person, canManage, teams } = result.value;
    const values = options.values ?? { name: person.name, roles: person.roles, teams: person.teams.map((t) => t.id) };
    return reply.code(options.status ?? 200).view('admin-user.njk', {
      person,
      status: statusTag(person),
      isSelf: request.user?.id === person.id,
      canManage,
      values,
      roleItems: roleItems(values.roles),
      teamItems: teamItems(teams, values.teams),
      errors: options.errors,
      errorSummary: options.errors?.summary,
      success: options.success,
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
      const form = parseForm(editUserForm, request.body);
      if (!form.ok) return showUser(request, reply, id, { values, errors: form.errors, status: 400 });
      const { name, roles, teams } = form.data;
      const result = await attempt(reply, () => admin.updateUser(actorOf(request), id, { name, roles, teamIds: teams }, request.id));
      if ('sent' in result) return result.sent;
      if (!result.ok) return showUser(request, reply, id, { values, errors: result.errors, status: result.status });
      return reply.redirect(withQuery(paths.admin.user(id), { done: 'updated' }), 303);
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
        const result = await attempt(reply, () => admin.setActive(actorOf(request), id, active, request.id));
        if ('sent' in result) return result.sent;
        if (!result.ok) {
          // The only refusal here is about the account as a whole, so it points at the account buttons.
          const message = result.errors.summary[0]?.text ?? 'The account could not be changed';
          const errors = { fields: {}, summary: [{ text: message, href: '#account-actions' }] };
          return showUser(request, reply, id, { errors, status: result.status });
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
      const result = await attempt(reply, async () => {
        const actor = actorOf(request);
        const password = await admin.resetPassword(actor, id, request.id);
        return { person: await admin.getUser(actor, id), password };
      });
      if ('sent' in result) return result.sent;
      if (!result.ok) return showUser(request, reply, id, { errors: result.errors, status: result.status });
      return reply.view('admin-password-reset.njk', { person: result.value.person, temporaryPassword: result.value.password });
    },
  });
}
