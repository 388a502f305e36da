import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { formPage } from '../../platform/http/form-page.js';
import { paths, withQuery } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import type { AdminService } from './service.js';
import { actorOf, UUID } from './user-form.js';

const newTeamForm = z.object({
  name: z
    .string({ error: 'Enter the team name' })
    .trim()
    .min(1, 'Enter the team name')
    .max(120, 'Enter a team name of 120 characters or fewer'),
});

/** The team just added, named in the address after the redirect. */
function addedId(request: FastifyRequest): string | undefined {
  const added = (request.query as Record<string, unknown>).added;
  return typeof added === 'string' && UUID.test(added) ? added : undefined;
}

/** The teams of the local authority, with how many people are in each, and adding a team. */
export function teamRoutes(router: Router, admin: AdminService): void {
  formPage(router, {
    url: paths.admin.teams,
    permission: 'teams:manage',
    pageName: 'admin-teams',
    template: 'admin-teams.njk',
    schema: newTeamForm,
    load: (request) => admin.listTeams(actorOf(request)),
    view: (teams, request) => {
      const added = teams.find((t) => t.id === addedId(request));
      return {
        teams: teams.map((t) => ({ id: t.id, name: t.name, members: Number(t.members) })),
        success: added ? `Team added: ${added.name}` : undefined,
      };
    },
    submit: async (form, _teams, request) => {
      const { id } = await admin.createTeam(actorOf(request), form.name, request.id);
      return { to: withQuery(paths.admin.teams, { added: id }) };
    },
  });
}
