import type { FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../../platform/access/policy.js';
import { type FormErrors, parseForm } from '../../platform/http/forms.js';
import { paths, withQuery } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import { pagination, requestedPage, showing } from '../../platform/http/pagination.js';
import type { AdminService } from './service.js';
import { roleRequestRoutes } from './role-request-routes.js';
import { teamRoutes } from './team-routes.js';
import { actorOf, attemptForm, newUserForm, roleItems, roleNames, statusTag, submittedValues, teamItems, type UserFormValues } from './user-form.js';
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
      const canManage = can(request.user, 'users:manage');
      const waiting = canManage ? (await admin.listRoleRequests(actor)).pending.length : 0;
      const now = new Date();
      return reply.view('admin-users.njk', {
        users: list.users.map((u) => ({ ...u, status: statusTag(u, now) })),
        page: list.page,
        pageCount: list.pageCount,
        showing: showing(list.page, admin.PAGE_SIZE, list.total),
        pagination: pagination(list.page, list.pageCount, (n) => withQuery(paths.admin.users, { page: n })),
        canManage,
        waiting,
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
    handler: async (request, reply) => showNewUserForm(request, reply, { name: '', email: '', roles: [], teams: [], reason: '' }),
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
      const { name, email, roles, teams, reason } = form.data;
      const result = await attemptForm(reply, () => admin.createUser(actorOf(request), { name, email, roles, teamIds: teams, reason }, request.id));
      if ('sent' in result) return result.sent;
      if (!result.ok) return showNewUserForm(request, reply, values, result.errors, result.status);
      const { user, requestedRoles } = result.value;
      return reply.view('admin-user-created.njk', { created: user, requestedRoles: requestedRoles.length ? roleNames(requestedRoles) : null });
    },
  });

  userRoutes(router, admin);
  roleRequestRoutes(router, admin);
  teamRoutes(router, admin);
}
