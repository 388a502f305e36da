import { searchTermsOf } from '../../platform/http/sealed-search.js';
import type { FastifyRequest } from 'fastify';
import { PERSONALLY_CONNECTED_KINDS, RELATIONSHIP_LABELS } from '../../domain/people/relationships.js';
import { Answered, formPage } from '../../platform/http/form-page.js';
import { parseForm, type FormErrors } from '../../platform/http/forms.js';
import { formatDate } from '../../platform/http/format.js';
import { paths } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import { RELATIONSHIP_CHOICES, relationshipForm, relationshipSearch } from './detail-forms.js';
import { firstText } from './forms.js';
import type { RelationshipsService } from './relationships-service.js';
import { callerOf, formContext, personToChange, type PersonToChange } from './route-helpers.js';
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

/**
 * Adding a relationship: find the other person by name (a GET form on the page), choose them from the
 * results, and say how they are related (the POST form, which carries the search to show the results again).
 */
export function relationshipRoutes(router: Router, people: PeopleService, relationships: RelationshipsService): void {
  /** The page as the template needs it: the results of the search (unless it was refused), with what was chosen marked. */
  async function relationshipPage(request: FastifyRequest, loaded: PersonToChange, search: string, chosen: { to: string; kind: string }, searchRefused = false) {
    const found = search && !searchRefused ? await people.search(callerOf(request), { name: search }, 1) : null;
    const candidates = (found?.results ?? [])
      .filter((r) => r.id !== loaded.id)
      .map((r) => ({
        value: r.id,
        text: r.name,
        hint: { text: r.restricted ? 'Restricted record' : r.dateOfBirth ? `Born ${formatDate(`${r.dateOfBirth}T12:00:00Z`)}` : 'Date of birth not known' },
        checked: chosen.to === r.id,
      }));
    return {
      person: loaded.person,
      search,
      searched: Boolean(found),
      candidates,
      more: found ? found.total > found.results.length : false,
      kindGroups: kindGroups(loaded.person.fullName, chosen.kind),
    };
  }

  router.page({
    method: 'GET',
    url: paths.people.relationships(),
    permission: 'person:edit',
    pageName: 'people-add-relationship',
    handler: async (request, reply) => {
      const loaded = await personToChange(people, request, reply);
      if (loaded instanceof Answered) return loaded.reply;
      const { terms } = searchTermsOf(request, ['name']);
      const search = firstText(terms.name).trim();
      let errors: FormErrors | undefined;
      if ('name' in terms) {
        const form = parseForm(relationshipSearch, terms);
        if (!form.ok) errors = form.errors;
      }
      const page = await relationshipPage(request, loaded, search, { to: '', kind: '' }, Boolean(errors));
      return reply.code(errors ? 400 : 200).view('people-add-relationship.njk', { ...page, values: { to: '', kind: '' }, ...formContext(errors) });
    },
  });

  formPage(router, {
    url: paths.people.relationships(),
    postOnly: true,
    permission: 'person:edit',
    pageName: 'people-add-relationship',
    template: 'people-add-relationship.njk',
    schema: relationshipForm,
    load: (request, reply) => personToChange(people, request, reply),
    view: (loaded, request, values) => relationshipPage(request, loaded, firstText(values.search).trim().slice(0, 200), { to: firstText(values.to), kind: firstText(values.kind) }),
    submit: async ({ to, kind }, loaded, request) => {
      // A kind chosen the other way round ("child of") is stored from the other person ("parent of").
      const [from, other] = kind.reversed ? [to, loaded.id] : [loaded.id, to];
      await relationships.add(callerOf(request), from, other, kind.kind, request.id);
      return { to: paths.people.person(loaded.id), done: 'relationship' };
    },
  });
}
