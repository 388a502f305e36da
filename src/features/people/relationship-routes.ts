import { attempt } from '../../platform/http/service-error.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PERSONALLY_CONNECTED_KINDS, RELATIONSHIP_LABELS } from '../../domain/people/relationships.js';
import { formErrors, type FormErrors } from '../../platform/http/forms.js';
import { formatDate } from '../../platform/http/format.js';
import { paths } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import { parseRelationship, RELATIONSHIP_CHOICES, RELATIONSHIP_KEYS } from './detail-forms.js';
import { readValues, type FormValues } from './forms.js';
import { presentPersonForScreen } from './present.js';
import type { RelationshipsService } from './relationships-service.js';
import { callerOf, formContext, loadPerson, personPageAfter, type FoundPerson } from './route-helpers.js';
import type { PeopleService } from './service.js';

/** The kinds as the form offers them, worded from this person's side, in two groups. */
function kindGroups(name: string, chosen: string) {
  const wording: Record<string, string> = {
    'parent-of': `${name} is their parent`,
    'child-of': `${name} is their child`,
    'parental-responsibility-for': `${name} has parental responsibility for them`,
    'under-parental-responsibility-of': `They have parental responsibility for ${name}`,
  };
  const item = (value: string) => {
    const choice = RELATIONSHIP_CHOICES.find((c) => c.value === value);
    return { value, text: wording[value] ?? (choice ? RELATIONSHIP_LABELS[choice.kind] : value), selected: value === chosen };
  };
  return [
    { label: 'Personally connected (Domestic Abuse Act 2021)', items: PERSONALLY_CONNECTED_KINDS.map(item) },
    { label: 'Family and household', items: ['parent-of', 'child-of', 'parental-responsibility-for', 'under-parental-responsibility-of', 'household-member'].map(item) },
  ];
}

/** Adding a relationship: find the other person by name, choose them from the results, and say how they are related. */
export function relationshipRoutes(router: Router, people: PeopleService, relationships: RelationshipsService): void {
  async function showForm(request: FastifyRequest, reply: FastifyReply, loaded: FoundPerson, options: { search: string; values: FormValues; errors?: FormErrors; status?: number }) {
    const person = presentPersonForScreen(loaded.record, loaded.viewer);
    const search = options.search.trim();
    const found = search && !options.errors?.fields.name ? await people.search(callerOf(request), { name: search }, 1) : null;
    const candidates = (found?.results ?? [])
      .filter((r) => r.id !== loaded.id)
      .map((r) => ({
        value: r.id,
        text: r.name,
        hint: { text: r.restricted ? 'Restricted record' : r.dateOfBirth ? `Born ${formatDate(`${r.dateOfBirth}T12:00:00Z`)}` : 'Date of birth not known' },
        checked: options.values.to === r.id,
      }));
    return reply.code(options.status ?? 200).view('people-add-relationship.njk', {
      person,
      search,
      searched: Boolean(found),
      candidates,
      more: found ? found.total > found.results.length : false,
      kindGroups: kindGroups(person.fullName, options.values.kind ?? ''),
      values: options.values,
      ...formContext(options.errors),
    });
  }

  router.page({
    method: 'GET',
    url: paths.people.relationships(),
    permission: 'person:edit',
    pageName: 'people-add-relationship',
    handler: async (request, reply) => {
      const loaded = await loadPerson(people, request, reply);
      if ('sent' in loaded) return loaded.sent;
      const query = request.query as Record<string, unknown>;
      const search = readValues(query, ['name']).name ?? '';
      let errors: FormErrors | undefined;
      if ('name' in query && !search.trim()) errors = formErrors({ name: 'Enter a name to search for' });
      else if (search.length > 200) errors = formErrors({ name: 'The name must be 200 characters or fewer' });
      return showForm(request, reply, loaded, { search, values: { to: '', kind: '' }, errors, status: errors ? 400 : 200 });
    },
  });

  router.page({
    method: 'POST',
    url: paths.people.relationships(),
    permission: 'person:edit',
    pageName: 'people-add-relationship',
    handler: async (request, reply) => {
      const loaded = await loadPerson(people, request, reply);
      if ('sent' in loaded) return loaded.sent;
      const values = readValues(request.body, RELATIONSHIP_KEYS);
      const search = (readValues(request.body, ['search']).search ?? '').slice(0, 200);
      const form = parseRelationship(values, loaded.id);
      if (!form.ok) return showForm(request, reply, loaded, { search, values, errors: form.errors, status: 400 });
      const { from, to, kind } = form.data;
      const result = await attempt(reply, () => relationships.add(callerOf(request), from, to, kind, request.id));
      if ('sent' in result) return result.sent;
      if (!result.ok) {
        // The service names "to" as the field for the person; the form's field for the person is "to" too.
        return showForm(request, reply, loaded, { search, values, errors: result.errors, status: result.status });
      }
      return reply.redirect(personPageAfter(loaded.id, 'relationship'), 303);
    },
  });
}
