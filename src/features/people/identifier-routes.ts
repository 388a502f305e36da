import { z } from 'zod';
import { parseForm, type FormErrors } from '../../platform/http/forms.js';
import { paths } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import { attempt } from '../../platform/http/service-error.js';
import { presentPersonForScreen, type PersonScreenView } from './present.js';
import { callerOf, formContext, loadPerson, personPageAfter } from './route-helpers.js';
import type { PeopleService } from './service.js';
import type { FastifyReply } from 'fastify';

const identifierForm = z.object({
  agency: z.string({ error: 'Enter the agency' }).trim().min(1, 'Enter the agency').max(100, 'Enter an agency name of 100 characters or fewer'),
  identifier: z.string({ error: 'Enter the identifier' }).trim().min(1, 'Enter the identifier').max(100, 'Enter an identifier of 100 characters or fewer'),
});

function show(reply: FastifyReply, person: PersonScreenView, values: Record<string, unknown>, errors?: FormErrors) {
  return reply.code(errors ? 400 : 200).view('people-add-identifier.njk', { person, values, ...formContext(errors) });
}

/** Identifiers from other agencies: the police, NHS, school or housing reference for this person. */
export function identifierRoutes(router: Router, people: PeopleService): void {
  router.page({
    method: 'GET',
    url: paths.people.addIdentifier(),
    permission: 'person:edit',
    pageName: 'people-add-identifier',
    handler: async (request, reply) => {
      const loaded = await loadPerson(people, request, reply);
      if ('sent' in loaded) return loaded.sent;
      return show(reply, presentPersonForScreen(loaded.record, loaded.viewer), {});
    },
  });

  router.page({
    method: 'POST',
    url: paths.people.addIdentifier(),
    permission: 'person:edit',
    pageName: 'people-add-identifier',
    handler: async (request, reply) => {
      const loaded = await loadPerson(people, request, reply);
      if ('sent' in loaded) return loaded.sent;
      const person = presentPersonForScreen(loaded.record, loaded.viewer);
      const values = (request.body ?? {}) as Record<string, unknown>;
      const form = parseForm(identifierForm, values);
      if (!form.ok) return show(reply, person, values, form.errors);
      const result = await attempt(reply, () => people.addIdentifier(callerOf(request), loaded.id, form.data, request.id));
      if ('sent' in result) return result.sent;
      if (!result.ok) return show(reply, person, values, result.errors);
      return reply.redirect(personPageAfter(loaded.id, 'identifier'), 303);
    },
  });
}
