import type { FastifyRequest } from 'fastify';
import { Answered, formPage } from '../../platform/http/form-page.js';
import { parseForm, type FormErrors } from '../../platform/http/forms.js';
import { paths } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import { searchTermsOf } from '../../platform/http/sealed-search.js';
import { userOf } from '../../platform/http/route-params.js';
import { mergeForm, relationshipSearch, undoMergeForm } from './detail-forms.js';
import { firstText, UUID } from './forms.js';
import { GRANTS_ENDED_REASON, type MergeService } from './merge-service.js';
import { callerOf, formContext, personToChange, type PersonToChange } from './route-helpers.js';
import type { PeopleService } from './service.js';

type Comparison = Awaited<ReturnType<MergeService['compare']>>;

/** The other record named in the address, when it is an id at all. */
function otherIdOf(request: FastifyRequest): string | null {
  const id = (request.params as { otherId?: string }).otherId;
  return id && UUID.test(id) ? id : null;
}

/**
 * Merging duplicate records (a manager's task): find the duplicate from the record's page, compare
 * the two side by side and choose which to keep, then merge; the kept record's page lists the merge
 * and offers to undo it.
 */
export function mergeRoutes(router: Router, people: PeopleService, merges: MergeService): void {
  /** Records that may be this person: their own name searched, or the name the manager typed. */
  async function findPage(request: FastifyRequest, loaded: PersonToChange, search: string) {
    const name = search || loaded.person.fullName;
    const found = await people.search(callerOf(request), { name }, 1);
    return {
      person: loaded.person,
      search,
      searchedFor: name,
      results: found.results.filter((r) => r.id !== loaded.id),
      more: found.total > found.results.length,
    };
  }

  router.page({
    method: 'GET',
    url: paths.people.merge(),
    permission: 'person:merge',
    pageName: 'people-merge-find',
    handler: async (request, reply) => {
      const loaded = await personToChange(people, request, reply);
      if (loaded instanceof Answered) return loaded.reply;
      const { terms } = searchTermsOf(request, ['name']);
      let errors: FormErrors | undefined;
      if ('name' in terms) {
        const form = parseForm(relationshipSearch, terms);
        if (!form.ok) errors = form.errors;
      }
      const page = await findPage(request, loaded, errors ? '' : firstText(terms.name).trim());
      return reply.code(errors ? 400 : 200).view('people-merge-find.njk', { ...page, values: { name: firstText(terms.name) }, ...formContext(errors) });
    },
  });

  formPage(router, {
    url: paths.people.mergeWith(),
    permission: 'person:merge',
    pageName: 'people-merge-compare',
    template: 'people-merge-compare.njk',
    schema: (loaded: Comparison) => mergeForm(loaded.first.person.id, loaded.second.person.id),
    load: async (request): Promise<Comparison | null> => {
      const firstId = (request.params as { personId?: string }).personId;
      const secondId = otherIdOf(request);
      if (!firstId || !UUID.test(firstId) || !secondId) return null;
      return merges.compare(userOf(request), firstId, secondId);
    },
    fieldIds: { keep: 'keep' },
    view: (loaded) => ({ ...loaded, grantsEndedReason: GRANTS_ENDED_REASON }),
    submit: async (form, loaded, request) => {
      const keptId = form.keep;
      const mergedId = keptId === loaded.first.person.id ? loaded.second.person.id : loaded.first.person.id;
      await merges.merge(userOf(request), { keptId, mergedId, reason: form.reason }, request.id);
      return { to: paths.people.person(keptId), done: 'merged' };
    },
  });

  formPage(router, {
    url: paths.people.undoMerge(),
    permission: 'person:merge',
    pageName: 'people-merge-undo',
    template: 'people-merge-undo.njk',
    schema: undoMergeForm,
    load: async (request, reply) => {
      const loaded = await personToChange(people, request, reply);
      if (loaded instanceof Answered) return loaded;
      const user = userOf(request);
      const mergeId = (request.params as { mergeId?: string }).mergeId;
      const merge = (await merges.history(user, loaded.id)).find((m) => m.id === mergeId && !m.into);
      if (!merge) return null;
      // Only a manager who may merge this record may undo a merge into it.
      await merges.requireMayMerge(user, loaded.id);
      return { ...loaded, merge };
    },
    view: (loaded) => ({ person: loaded.person, merge: loaded.merge }),
    submit: async (form, loaded, request) => {
      await merges.undo(userOf(request), loaded.merge.id, form.reason, request.id);
      return { to: paths.people.person(loaded.id), done: 'merge-undone' };
    },
  });
}
