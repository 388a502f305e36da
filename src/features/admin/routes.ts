import type { FastifyRequest } from 'fastify';
import { can } from '../../platform/access/policy.js';
import { formPage } from '../../platform/http/form-page.js';
import { paths, withQuery } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import { pagination, requestedPage, showing } from '../../platform/http/pagination.js';
import type { AdminService } from './service.js';
import { roleRequestRoutes } from './role-request-routes.js';
import { teamRoutes } from './team-routes.js';
import { actorOf, isAdminRefusal, newUserForm, roleItems, roleNames, statusTag, teamItems } from './user-form.js';
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

  /** The new-user form: empty from its own page, or again with what was typed when the POST finds a problem. */
  async function newUserView(request: FastifyRequest, values: Record<string, unknown>) {
    const teams = await admin.listTeams(actorOf(request));
    return { roleItems: roleItems(values.roles), teamItems: teamItems(teams, values.teams) };
  }

  router.page({
    method: 'GET',
    url: paths.admin.newUser,
    permission: 'users:manage',
    pageName: 'admin-new-user',
    handler: async (request, reply) => reply.view('admin-new-user.njk', { ...(await newUserView(request, {})), values: {}, errors: { fields: {}, summary: [] } }),
  });

  // The form is at /admin/users/new and posts to the list of users. Success shows the confirmation at
  // once: it names the new account and what happens next, and has no address of its own to reload.
  formPage(router, {
    url: paths.admin.users,
    postOnly: true,
    permission: 'users:manage',
    pageName: 'admin-new-user',
    template: 'admin-new-user.njk',
    schema: newUserForm,
    load: async (request) => actorOf(request),
    view: (_actor, request, values) => newUserView(request, values),
    refusedOnForm: isAdminRefusal,
    submit: async (user, actor, request) => {
      const { user: created, requestedRoles } = await admin.createUser(actor, user, request.id);
      return { page: 'admin-user-created.njk', data: { created, requestedRoles: requestedRoles.length ? roleNames(requestedRoles) : null } };
    },
  });

  userRoutes(router, admin);
  roleRequestRoutes(router, admin);
  teamRoutes(router, admin);
}
