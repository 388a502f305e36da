import { UUID } from '../../platform/http/route-params.js';
import { z } from 'zod';
import { isPageNumber, requestedPage } from '../../platform/http/pagination.js';
import { ApiProblem } from '../../platform/http/api-errors.js';
import { paths } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import { isPlainDate } from '../../domain/calendar/plain-date.js';
import { normaliseNhsNumber } from '../../domain/people/nhs-number.js';
import { apiCaller } from './caller.js';
import { presentPersonForApi } from './present.js';
import { newPersonInput, personPatch, personResponse } from './schemas.js';
import type { PeopleService } from './service.js';


function personId(params: unknown): string {
  const id = (params as { personId?: string }).personId ?? '';
  if (!UUID.test(id)) throw new ApiProblem(404, [{ path: '', message: 'There is no such person' }]);
  return id;
}

export function peopleApiRoutes(router: Router, people: PeopleService): void {
  router.api({
    method: 'POST',
    url: paths.api.people,
    scope: 'people:write',
    summary: 'Record a person, with addresses (which may be withheld) and contact details',
    body: newPersonInput,
    response: z.object({ id: z.string(), version: z.number() }),
    handler: async (request, reply, body) => {
      const created = await people.create(apiCaller(request), body, request.id);
      return reply.code(201).send(created);
    },
  });

  router.api({
    method: 'GET',
    url: paths.api.person(),
    scope: 'people:read',
    summary: 'A person; each withheld address or contact detail is { "withheld": true }',
    response: personResponse,
    handler: async (request) => {
      const found = await people.get(apiCaller(request), personId(request.params));
      if (!found) throw new ApiProblem(404, [{ path: '', message: 'There is no such person' }]);
      if (found.kind !== 'found') throw new ApiProblem(403, [{ path: '', message: 'This record is restricted' }]);
      return presentPersonForApi(found.record, found.viewer);
    },
  });

  router.api({
    method: 'GET',
    url: paths.api.people,
    scope: 'people:read',
    summary: 'Search people by name (fuzzy), date of birth or NHS number; restricted people show their name only',
    handler: async (request) => {
      const query = request.query as Record<string, string | undefined>;
      const name = query.name?.trim();
      const dateOfBirth = query.dateOfBirth?.trim();
      const nhsNumber = query.nhsNumber ? normaliseNhsNumber(query.nhsNumber) : undefined;
      const errors = [];
      if (!name && !dateOfBirth && !nhsNumber) errors.push({ path: '/name', message: 'Give a name, date of birth or NHS number to search by' });
      if (dateOfBirth && !isPlainDate(dateOfBirth)) errors.push({ path: '/dateOfBirth', message: 'The date of birth must be a real date, like 2019-03-27' });
      if (name && name.length > 200) errors.push({ path: '/name', message: 'The name must be 200 characters or fewer' });
      if (query.page !== undefined && !isPageNumber(query.page)) errors.push({ path: '/page', message: 'The page must be a whole number from 1 to 999999' });
      if (errors.length) throw new ApiProblem(422, errors);
      const page = query.page === undefined ? 1 : requestedPage(query.page);
      return people.search(apiCaller(request), { name, dateOfBirth, nhsNumber }, page);
    },
  });

  router.api({
    method: 'PATCH',
    url: paths.api.person(),
    scope: 'people:write',
    summary: 'Change a person; send the version you read — a stale version is refused with 409 naming what changed',
    body: personPatch,
    response: z.object({ id: z.string(), version: z.number() }),
    handler: async (request, _reply, body) => {
      const id = personId(request.params);
      const { version, ...changes } = body;
      const saved = await people.update(apiCaller(request), id, version, changes, request.id);
      return { id, version: saved.version };
    },
  });
}
