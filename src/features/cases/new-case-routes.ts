import { attempt, ServiceError } from '../../platform/http/service-error.js';
import { can } from '../../platform/access/policy.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CurrentUser } from '../../platform/auth/current-user.js';
import { asList, formErrors, type FormErrors } from '../../platform/http/forms.js';
import { paths, withQuery } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import type { PeopleService } from '../people/service.js';
import { ageText, body, isMemberRole, isStage, MEMBER_ROLE_LABELS, MEMBER_ROLES, stageItems, text, userOf, UUID } from './case-page.js';
import type { MemberRole } from './queries.js';
import type { CasesService } from './service.js';

interface ChosenMember {
  personId: string;
  role: MemberRole;
}

/** Members travel in the address and the form as `m=<person id>.<role>`, so the page needs no JavaScript or session. */
function parseMembers(values: unknown): { members: ChosenMember[]; bad: boolean } {
  const members: ChosenMember[] = [];
  let bad = false;
  for (const value of asList(values)) {
    const [personId = '', role = ''] = value.split('.');
    if (!UUID.test(personId) || !isMemberRole(role)) {
      bad = true;
      continue;
    }
    if (!members.some((m) => m.personId === personId)) members.push({ personId: personId.toLowerCase(), role });
  }
  return { members, bad };
}

function newCaseUrl(members: readonly ChosenMember[], extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const m of members) params.append('m', `${m.personId}.${m.role}`);
  for (const [k, v] of Object.entries(extra)) if (v) params.set(k, v);
  const query = params.toString();
  return query ? `${paths.cases.new}?${query}` : paths.cases.new;
}

interface NewCaseValues {
  stage: string;
  workerId: string;
  teamId: string;
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

  async function showForm(request: FastifyRequest, reply: FastifyReply, members: ChosenMember[], values: NewCaseValues, errors?: FormErrors, status = 200) {
    const user = userOf(request);
    const query = (request.query ?? {}) as Record<string, unknown>;
    const name = text(query.name).trim().slice(0, 200);
    const [chosen, choices, found] = await Promise.all([
      describeMembers(user, members),
      cases.allocationChoices(user),
      name ? people.search({ kind: 'user', user }, { name }, 1) : Promise.resolve(null),
    ]);
    const chosenIds = new Set(members.map((m) => m.personId));
    return reply.code(status).view('case-new.njk', {
      members: chosen,
      memberValues: members.map((m) => `${m.personId}.${m.role}`),
      name,
      results: found?.results.map((r) => {
        const age = r.restricted ? null : ageText(r.dateOfBirth);
        // A sensible first choice of role: adults are rarely the child of the case.
        const likelyRole = age !== null && age !== 'under 1' && Number(age) >= 18 ? 'other-adult' : 'child';
        return { ...r, age, likelyRole, added: chosenIds.has(r.id) };
      }) ?? null,
      moreResults: found ? found.total > found.results.length : false,
      roleItems: MEMBER_ROLES.map((role) => ({ value: role, text: MEMBER_ROLE_LABELS[role] })),
      values,
      stageItems: stageItems(values.stage, 'Choose the stage'),
      mayAllocate: can(user, 'case:allocate'),
      workerItems: [{ value: '', text: 'Not allocated yet', selected: !values.workerId }, ...choices.workers.filter((w) => w.id !== user.id).map((w) => ({ value: w.id, text: w.name, selected: w.id === values.workerId }))],
      teamItems: [{ value: '', text: 'No team yet', selected: !values.teamId }, ...choices.teams.map((t) => ({ value: t.id, text: t.name, selected: t.id === values.teamId }))],
      errors,
      errorSummary: errors?.summary,
    });
  }

  router.page({
    method: 'GET',
    url: paths.cases.new,
    permission: 'case:create',
    pageName: 'case-new',
    handler: async (request, reply) => {
      const query = (request.query ?? {}) as Record<string, unknown>;
      const { members } = parseMembers(query.m);
      // "Add" on a search result: put the person in the list, then show the page at a clean address.
      const add = text(query.add);
      if (add) {
        const role = text(query.role);
        if (UUID.test(add) && isMemberRole(role) && !members.some((m) => m.personId === add.toLowerCase())) members.push({ personId: add.toLowerCase(), role });
        return reply.redirect(newCaseUrl(members, { name: text(query.name).trim().slice(0, 200) }), 303);
      }
      // Nothing is chosen for the manager: allocating is a decision, and nobody allocates a case to themselves.
      return showForm(request, reply, members, { stage: '', workerId: '', teamId: '' });
    },
  });

  router.page({
    method: 'POST',
    url: paths.cases.new,
    permission: 'case:create',
    pageName: 'case-new',
    handler: async (request, reply) => {
      const user = userOf(request);
      const fields = body(request);
      const { members, bad } = parseMembers(fields.m);
      const values = { stage: text(fields.stage), workerId: text(fields.workerId), teamId: text(fields.teamId) };
      const problems: Record<string, string> = {};
      if (bad) problems.members = 'Choose people who are on the system';
      else if (!members.some((m) => m.role === 'child')) problems.members = 'Add at least one child to the case';
      if (!isStage(values.stage)) problems.stage = 'Choose the stage of the case';
      if (values.workerId && !UUID.test(values.workerId)) problems.workerId = 'Choose a worker from the list';
      if (values.teamId && !UUID.test(values.teamId)) problems.teamId = 'Choose a team from the list';
      if (Object.keys(problems).length > 0 || !isStage(values.stage)) return showForm(request, reply, members, values, formErrors(problems), 400);
      const stage = values.stage;
      const result = await attempt(reply, () => cases.open(user, { stage, members, workerId: values.workerId || null, teamId: values.teamId || null }, request.id));
      if ('sent' in result) return result.sent;
      if (!result.ok) return showForm(request, reply, members, values, result.errors, result.status);
      const { id, reference } = result.value;
      // Someone who opens a case for another worker or team may not be able to open it afterwards.
      const visible = await cases.overview(user, id).then(
        () => true,
        (error: unknown) => {
          if (error instanceof ServiceError) return false;
          throw error;
        },
      );
      return reply.redirect(visible ? withQuery(paths.cases.overview(id), { done: 'opened' }) : withQuery(paths.cases.list, { opened: reference }), 303);
    },
  });
}
