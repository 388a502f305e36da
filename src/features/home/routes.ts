import { can } from '../../platform/access/policy.js';
import type { Router } from '../../platform/http/router.js';
import { paths } from '../../platform/http/paths.js';
import type { Database } from '../../platform/db/database.js';

export function homeRoutes(router: Router, db: Database): void {
  router.page({
    method: 'GET',
    url: paths.home,
    permission: 'home:view',
    pageName: 'home',
    handler: async (request, reply) => {
      const user = request.user!;
      const teams = await db.tenant(user.tenantId, (trx) =>
        trx
          .selectFrom('user_teams')
          .innerJoin('teams', 'teams.id', 'user_teams.team_id')
          .select('teams.name')
          .where('user_teams.user_id', '=', user.id)
          .orderBy('teams.name')
          .execute(),
      );
      const tenant = await db.tenant(user.tenantId, (trx) => trx.selectFrom('tenants').select('name').executeTakeFirst());
      const tasks = [
        can(user, 'users:manage') && { text: 'Manage users', href: paths.admin.users, hint: 'Add people, set their roles and teams, reset passwords, and deactivate accounts.' },
        can(user, 'teams:manage') && { text: 'Manage teams', href: paths.admin.teams, hint: 'Add the teams that cases are allocated to.' },
        !can(user, 'users:manage') && can(user, 'users:view') && { text: 'Users', href: paths.admin.users, hint: 'Who has an account and what they can do.' },
        can(user, 'audit:view') && { text: 'Audit log', href: paths.audit.events, hint: 'Who viewed and changed what, and when.' },
        { text: 'Change your password', href: paths.account.password, hint: '' },
      ].filter(Boolean);
      return reply.view('home.njk', { pageTitle: 'Home', teams: teams.map((t) => t.name), tenantName: tenant?.name ?? '', tasks });
    },
  });
}
