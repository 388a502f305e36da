import { attempt } from '../../platform/http/service-error.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../../platform/access/policy.js';
import { type FormErrors, parseForm } from '../../platform/http/forms.js';
import { paths, withQuery } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import { pagination, requestedPage, showing } from '../../platform/http/pagination.js';
import type { AdminService } from './service.js';
import { teamRoutes } from './team-routes.js';
import { actorOf, newUserForm, roleItems, statusTag, submittedValues, teamItems, type UserFormValues } from './user-form.js';
import { userRoutes } from './user-routes.js';

/** The administrator's pages: the list of users, adding a user, one user's page, and teams. */
export function adminRoutes(router: Router, admin: AdminService): void {
  router.page({
    method: 'GET',
    url: paths.admin.users,
    permission: 'users:view',
    pageName: 'admin-users',
    handler: async (request, reply) => {
      const actor = actorOf(request);
      const asked = requestedPage((request.query as Record<string, unknown>).page);
      let list = await admin.listUsers(actor, asked);
      if (asked > list.pageCount) list = await admin.listUsers(actor, list.pageCount);
      const now = new Date();
      return reply.view('admin-users.njk', {
        users: list.users.map((u) => ({ ...u, status: statusTag(u, now) })),
        page: list.page,
        pageCount: list.pageCount,
        showing: showing(list.page, admin.PAGE_SIZE, list.total),
        pagination: pagination(list.page, list.pageCount, (n) => withQuery(paths.admin.users, { page: n })),
        canManage: can(request.user, 'users:manage'),
      });
    },
  });

  async function showNewUserForm(request: FastifyRequest, reply: FastifyReply, values: UserFormValues, errors?: FormErrors, status = 200) {
    const teams = await admin.listTeams(actorOf(request));
    return reply.code(status).view('admin-new-user.njk', {
      values,
      roleItems: roleItems(values.roles),
      teamItems: teamItems(teams, values.teams),
      errors,
      errorSummary: errors?.summary,
    });
  }

  router.page({
    method: 'GET',
    url: paths.admin.newUser,
    permission: 'users:manage',
    pageName: 'admin-new-user',
    handler: async (request, reply) => showNewUserForm(request, reply, { name: '', email: '', roles: [], teams: [] }),
  });

  router.page({
    method: 'POST',
    url: paths.admin.users,
    permission: 'users:manage',
    pageName: 'admin-new-user',
    handler: async (request, reply) => {
      const values = submittedValues(request.body);
      const form = parseForm(newUserForm, request.body);
      if (!form.ok) return showNewUserForm(request, reply, values, form.errors, 400);
      const { name, email, roles, teams } = form.data;
      const result = await attempt(reply, () => admin.createUser(actorOf(request), { name, email, roles, teamIds: teams }, request.id));
      if ('sent' in result) return result.sent;
      if (!result.ok) return showNewUserForm(request, reply, values, result.errors, result.status);
      return reply.view('admin-user-created.njk', { created: result.value.user, temporaryPassword: result.value.temporaryPassword });
    },
  });

  userRoutes(router, admin);
  teamRoutes(router, admin);
}
