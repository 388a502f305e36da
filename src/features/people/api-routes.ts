import type { FastifyRequest } from 'fastify';
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


const peopleSearchInput = z.object({
  name: z.string().optional(),
  dateOfBirth: z.string().optional(),
  nhsNumber: z.string().optional(),
  page: z.union([z.string(), z.number()]).optional(),
});

/** Checks the terms (every problem at its pointer) and searches: the same for the POST and the GET. */
async function searchPeople(people: PeopleService, request: FastifyRequest, terms: { name?: string | undefined; dateOfBirth?: string | undefined; nhsNumber?: string | undefined; page?: string | number | undefined }) {
  const name = terms.name?.trim();
  const dateOfBirth = terms.dateOfBirth?.trim();
  const nhsNumber = terms.nhsNumber ? normaliseNhsNumber(terms.nhsNumber) : undefined;
  const pageText = terms.page === undefined ? undefined : String(terms.page);
  const errors = [];
  if (!name && !dateOfBirth && !nhsNumber) errors.push({ path: '/name', message: 'Give a name, date of birth or NHS number to search by' });
  if (dateOfBirth && !isPlainDate(dateOfBirth)) errors.push({ path: '/dateOfBirth', message: 'The date of birth must be a real date, like 2019-03-27' });
  if (name && name.length > 200) errors.push({ path: '/name', message: 'The name must be 200 characters or fewer' });
  if (pageText !== undefined && !isPageNumber(pageText)) errors.push({ path: '/page', message: 'The page must be a whole number from 1 to 999999' });
  if (errors.length) throw new ApiProblem(422, errors);
  const page = pageText === undefined ? 1 : requestedPage(pageText);
  return people.search(apiCaller(request), { name, dateOfBirth, nhsNumber }, page);
}

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

  // Search terms are names and dates of birth: in the body of a POST they stay out of addresses, proxy
  // logs and browser history (issue 11, finding 10). The GET with a query string stays for the partner
  // systems built on it, marked deprecated.
  router.api({
    method: 'POST',
    url: paths.api.peopleSearch,
    scope: 'people:read',
    reads: true,
    summary: 'Search people by name (fuzzy), date of birth or NHS number, the terms in the body; restricted people show their name only',
    body: peopleSearchInput,
    handler: async (request, _reply, body) => searchPeople(people, request, body),
  });

  router.api({
    method: 'GET',
    url: paths.api.people,
    scope: 'people:read',
    summary: 'Deprecated: use POST /api/v1/people/search, which keeps the terms out of addresses and logs. Search people by name, date of birth or NHS number in the query string',
    handler: async (request, reply) => {
      const query = request.query as Record<string, string | undefined>;
      void reply.header('Deprecation', 'true').header('Link', `<${paths.api.peopleSearch}>; rel="successor-version"`);
      return searchPeople(people, request, query);
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
