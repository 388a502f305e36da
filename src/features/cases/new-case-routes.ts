import { searchTermsOf } from '../../platform/http/sealed-search.js';
import type { FastifyRequest } from 'fastify';
import { can } from '../../platform/access/policy.js';
import type { CurrentUser } from '../../platform/auth/current-user.js';
import { Answered, formPage } from '../../platform/http/form-page.js';
import { paths, withQuery } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import { ServiceError } from '../../platform/http/service-error.js';
import type { PeopleService } from '../people/service.js';
import { ageText, isMemberRole, MEMBER_ROLE_LABELS, MEMBER_ROLES, stageItems, text, userOf, UUID, valueOf } from './case-page.js';
import { type ChosenMember, newCaseForm, parseMembers } from './forms.js';
import type { CasesService } from './service.js';

function newCaseUrl(members: readonly ChosenMember[], extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const m of members) params.append('m', `${m.personId}.${m.role}`);
  for (const [k, v] of Object.entries(extra)) if (v) params.set(k, v);
  const query = params.toString();
  return query ? `${paths.cases.new}?${query}` : paths.cases.new;
}

/** Opening a case: choose the people and their roles, the stage, and who holds it. */
export function newCaseRoutes(router: Router, cases: CasesService, people: PeopleService): void {
  async function describeMembers(user: CurrentUser, members: readonly ChosenMember[]) {
    const caller = { kind: 'user', user } as const;
    const described = [];
    for (const m of members) {
      const found = await people.get(caller, m.personId);
      const base = { ...m, roleLabel: MEMBER_ROLE_LABELS[m.role], removeHref: newCaseUrl(members.filter((x) => x.personId !== m.personId)) };
      if (!found) described.push({ ...base, name: 'Unknown person', known: false, dateOfBirth: null, age: null });
      else if (found.kind !== 'found') described.push({ ...base, name: found.name, known: true, restricted: found.kind === 'restricted', dateOfBirth: null, age: null });
      else described.push({ ...base, name: `${found.record.givenName} ${found.record.familyName}`, known: true, dateOfBirth: found.record.dateOfBirth, age: ageText(found.record.dateOfBirth) });
    }
    return described;
  }

  /** The page: who is chosen so far, a search for more, and the case's stage and allocation. */
  async function newCaseView(request: FastifyRequest, members: ChosenMember[], values: Record<string, string | string[]>) {
    const user = userOf(request);
    const stage = valueOf(values, 'stage') ?? '';
    const workerId = valueOf(values, 'workerId') ?? '';
    const teamId = valueOf(values, 'teamId') ?? '';
    const { terms, token } = searchTermsOf(request, ['name']);
    const name = text(terms.name).trim().slice(0, 200);
    const [chosen, choices, found] = await Promise.all([
      describeMembers(user, members),
      cases.allocationChoices(user),
      name ? people.search({ kind: 'user', user }, { name }, 1) : Promise.resolve(null),
    ]);
    const chosenIds = new Set(members.map((m) => m.personId));
    return {
      members: chosen,
      memberValues: members.map((m) => `${m.personId}.${m.role}`),
      name,
      // The search form posts its terms to be sealed, and comes back here with the people chosen so far.
      searchReturnTo: newCaseUrl(members),
      searchToken: token ?? '',
      results: found?.results.map((r) => {
        const age = r.restricted ? null : ageText(r.dateOfBirth);
        // A sensible first choice of role: adults are rarely the child of the case.
        const likelyRole = age !== null && age !== 'under 1' && Number(age) >= 18 ? 'other-adult' : 'child';
        return { ...r, age, likelyRole, added: chosenIds.has(r.id) };
      }) ?? null,
      moreResults: found ? found.total > found.results.length : false,
      roleItems: MEMBER_ROLES.map((role) => ({ value: role, text: MEMBER_ROLE_LABELS[role] })),
      stageItems: stageItems(stage, 'Choose the stage'),
      mayAllocate: can(user, 'case:allocate'),
      workerItems: [{ value: '', text: 'Not allocated yet', selected: !workerId }, ...choices.workers.filter((w) => w.id !== user.id).map((w) => ({ value: w.id, text: w.name, selected: w.id === workerId }))],
      teamItems: [{ value: '', text: 'No team yet', selected: !teamId }, ...choices.teams.map((t) => ({ value: t.id, text: t.name, selected: t.id === teamId }))],
    };
  }

  formPage(router, {
    url: paths.cases.new,
    permission: 'case:create',
    pageName: 'case-new',
    template: 'case-new.njk',
    schema: newCaseForm,
    // The people chosen so far travel in the address (searching, adding) and then in the form.
    load: async (request, reply) => {
      if (request.method === 'POST') return { members: parseMembers((request.body as Record<string, unknown> | undefined)?.m).members };
      const query = (request.query ?? {}) as Record<string, unknown>;
      const { members } = parseMembers(query.m);
      // "Add" on a search result: put the person in the list, then show the page at a clean address.
      const add = text(query.add);
      if (add) {
        const role = text(query.role);
        if (UUID.test(add) && isMemberRole(role) && !members.some((m) => m.personId === add.toLowerCase())) members.push({ personId: add.toLowerCase(), role });
        return new Answered(reply.redirect(newCaseUrl(members, { q: text(query.q) }), 303));
      }
      return { members };
    },
    // Nothing is chosen for the manager: allocating is a decision, and nobody allocates a case to themselves.
    view: ({ members }, request, values) => newCaseView(request, members, values),
    submit: async (form, _chosen, request) => {
      const user = userOf(request);
      const { id, reference } = await cases.open(user, { stage: form.stage, members: form.m, workerId: form.workerId, teamId: form.teamId }, request.id);
      // Someone who opens a case for another worker or team may not be able to open it afterwards.
      const visible = await cases.overview(user, id).then(
        () => true,
        (error: unknown) => {
          if (error instanceof ServiceError) return false;
          throw error;
        },
      );
      return visible ? { to: paths.cases.overview(id), done: 'opened' } : { to: withQuery(paths.cases.list, { opened: reference }) };
    },
    fieldIds: { m: 'members' },
  });
}
