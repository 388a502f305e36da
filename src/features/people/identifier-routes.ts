import { formPage } from '../../platform/http/form-page.js';
import { paths } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import { identifierForm } from './detail-forms.js';
import { callerOf, personToChange } from './route-helpers.js';
import type { PeopleService } from './service.js';

/** Identifiers from other agencies: the police, NHS, school or housing reference for this person. */
export function identifierRoutes(router: Router, people: PeopleService): void {
  formPage(router, {
    url: paths.people.addIdentifier(),
    permission: 'person:edit',
    pageName: 'people-add-identifier',
    template: 'people-add-identifier.njk',
    schema: identifierForm,
    load: (request, reply) => personToChange(people, request, reply),
    view: (loaded) => ({ person: loaded.person }),
    submit: async (identifier, loaded, request) => {
      await people.addIdentifier(callerOf(request), loaded.id, identifier, request.id);
      return { to: paths.people.person(loaded.id), done: 'identifier' };
    },
  });
}
