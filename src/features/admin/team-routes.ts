import { attempt } from '../../platform/http/service-error.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type FormErrors, parseForm } from '../../platform/http/forms.js';
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

/** The teams of the local authority, with how many people are in each, and adding a team. */
export function teamRoutes(router: Router, admin: AdminService): void {
  async function showTeams(request: FastifyRequest, reply: FastifyReply, options: { name?: string; errors?: FormErrors; status?: number; addedId?: string } = {}) {
    const teams = await admin.listTeams(actorOf(request));
    const added = options.addedId ? teams.find((t) => t.id === options.addedId) : undefined;
    return reply.code(options.status ?? 200).view('admin-teams.njk', {
      teams: teams.map((t) => ({ id: t.id, name: t.name, members: Number(t.members) })),
      name: options.name ?? '',
      errors: options.errors,
      errorSummary: options.errors?.summary,
      success: added ? `Team added: ${added.name}` : undefined,
    });
  }

  router.page({
    method: 'GET',
    url: paths.admin.teams,
    permission: 'teams:manage',
    pageName: 'admin-teams',
    handler: async (request, reply) => {
      const added = (request.query as Record<string, unknown>).added;
      return showTeams(request, reply, { addedId: typeof added === 'string' && UUID.test(added) ? added : undefined });
    },
  });

  router.page({
    method: 'POST',
    url: paths.admin.teams,
    permission: 'teams:manage',
    pageName: 'admin-teams',
    handler: async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const name = typeof body.name === 'string' ? body.name : '';
      const form = parseForm(newTeamForm, request.body);
      if (!form.ok) return showTeams(request, reply, { name, errors: form.errors, status: 400 });
      const result = await attempt(reply, () => admin.createTeam(actorOf(request), form.data.name, request.id));
      if ('sent' in result) return result.sent;
      if (!result.ok) return showTeams(request, reply, { name, errors: result.errors, status: result.status });
      return reply.redirect(withQuery(paths.admin.teams, { added: result.value.id }), 303);
    },
  });
}
