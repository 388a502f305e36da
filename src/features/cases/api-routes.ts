import { UUID } from '../../platform/http/route-params.js';
import { z } from 'zod';
import { ApiProblem } from '../../platform/http/api-errors.js';
import { paths } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import { apiCaller, personResponse, presentPersonForApi, type PeopleService } from '../people/service.js';
import type { caseApiView, caseChronologyApi } from './service.js';
import { requestedPage } from '../../platform/http/pagination.js';


export const caseResponse = z.object({
  id: z.string(),
  reference: z.string(),
  status: z.enum(['open', 'closed']),
  stage: z.string(),
  openedAt: z.string(),
  closedAt: z.string().nullable(),
  members: z.array(z.object({ role: z.string(), person: z.union([personResponse, z.object({ id: z.string(), restricted: z.literal(true) })]) })),
});

export const chronologyResponse = z.object({
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
  events: z.array(z.object({ at: z.string(), kind: z.string(), what: z.string(), personId: z.string().nullable(), agency: z.string(), significant: z.boolean() })),
});

export function casesApiRoutes(router: Router, view: ReturnType<typeof caseApiView>, people: PeopleService, chronology: ReturnType<typeof caseChronologyApi>): void {
  router.api({
    method: 'GET',
    url: paths.api.caseChronology(),
    scope: 'cases:read',
    summary: 'A case’s chronology, newest first, 100 events a page (?page=): what happened, when, to whom and by which agency, never the text anyone wrote',
    response: chronologyResponse,
    handler: async (request) => {
      const id = (request.params as { caseId?: string }).caseId ?? '';
      const page = requestedPage((request.query as Record<string, unknown> | undefined)?.page);
      const found = UUID.test(id) && request.apiClient ? await chronology(request.apiClient.tenantId, id, page) : null;
      if (!found) throw new ApiProblem(404, [{ path: '', message: 'There is no such case' }]);
      return found;
    },
  });

  router.api({
    method: 'GET',
    url: paths.api.case(),
    scope: 'cases:read',
    summary: 'A case with its members and their roles; withheld addresses and contact details are { "withheld": true }',
    response: caseResponse,
    handler: async (request) => {
      const caller = apiCaller(request);
      const id = (request.params as { caseId?: string }).caseId ?? '';
      const found = UUID.test(id) ? await view(caller.kind === 'api' ? caller.client.tenantId : '', id) : null;
      if (!found) throw new ApiProblem(404, [{ path: '', message: 'There is no such case' }]);
      if (found.restricted) throw new ApiProblem(403, [{ path: '', message: 'This case is restricted' }]);
      const members = [];
      for (const m of found.members) {
        const person = await people.get(caller, m.personId);
        if (!person) continue;
        members.push({ role: m.role, person: person.kind === 'found' ? presentPersonForApi(person.record, person.viewer) : { id: person.id, restricted: true as const } });
      }
      return { id: found.id, reference: found.reference, status: found.status, stage: found.stage, openedAt: found.openedAt, closedAt: found.closedAt, members };
    },
  });
}
