import { NOTE_KIND_LABELS } from '../../domain/cases/case-notes.js';
import { pagination, requestedPage, showing } from '../../platform/http/pagination.js';
import { withQuery } from '../../platform/http/paths.js';
import { UUID } from '../../platform/http/route-params.js';
import { agencyLabel, CHRONOLOGY_KIND_LABELS, requestedText, timelineItems } from './chronology-view.js';
import { CHRONOLOGY_KINDS, type ChronologyKind } from './queries/chronology.js';
import { searchTermsOf } from '../../platform/http/sealed-search.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isChildVictimInOwnRight, isDirected, personalConnection, RELATIONSHIP_LABELS } from '../../domain/people/relationships.js';
import { can } from '../../platform/access/policy.js';
import { asList } from '../../platform/http/forms.js';
import { paths } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import type { RelationshipsService } from '../people/relationships-service.js';
import type { PeopleService } from '../people/service.js';
import { PROTECTED_INFORMATION, PROTECTED_INFORMATION_LABELS } from '../safety/service.js';
import {
  ageText,
  caseFrame,
  type CaseOverview,
  doneMessage,
  informationLabel,
  loadCase,
  MEMBER_ROLE_HEADINGS,
  MEMBER_ROLE_LABELS,
  MEMBER_ROLES,
  renderCase,
  stageLabel,
  statusTag,
  text,
  userOf,
  valueOf,
} from './case-page.js';
import type { CasesService } from './service.js';
import type { AssessmentService } from '../assessment/service.js';
import type { EscalationService } from '../escalations/service.js';

/** The case's assessment for the summary page (the assessment service's `caseCard`), handed in by the composition root. */
export type AssessmentCard = AssessmentService['caseCard'];
/** The case's open escalations and red flags for the summary page (the escalations service's `caseCard`). */
export type EscalationCard = EscalationService['caseCard'];
import { TASK_LABELS } from '../../domain/cases/tasks.js';

/** Which of the summary page's forms to show open (the one with errors). */
export type SummaryForm = 'allocate' | 'mnr' | 'change' | `review-${string}` | `task-${string}`;

type Values = Record<string, string | string[]>;


const fullName = (m: { given_name: string; family_name: string }) => `${m.given_name} ${m.family_name}`;

/**
 * Each note as it reads now: its latest correction, if it has any, with the note as first written and
 * how many times it was corrected. Newest first, as the notes come.
 */
export function currentNotes(notes: CaseOverview['notes']) {
  const correctionOf = new Map(notes.filter((n) => n.amends).map((n) => [n.amends!, n]));
  return notes
    .filter((n) => !n.amends)
    .map((original) => {
      let current = original;
      let corrections = 0;
      for (let next = correctionOf.get(current.id); next; next = correctionOf.get(current.id)) {
        current = next;
        corrections++;
      }
      return { ...current, original, corrections, kindLabel: current.kind ? NOTE_KIND_LABELS[current.kind] : 'Note' };
    });
}

export function tabRoutes(router: Router, cases: CasesService, relationships: RelationshipsService, people: PeopleService, assessmentCard?: AssessmentCard, escalationCard?: EscalationCard): void {
  const caseTab = (url: string, pageName: string, handler: (request: FastifyRequest, reply: FastifyReply, c: CaseOverview) => Promise<unknown>) =>
    router.page({
      method: 'GET',
      url,
      permission: 'case:view',
      pageName,
      handler: async (request, reply) => {
        const c = await loadCase(cases, request, reply);
        return 'sent' in c ? c.sent : handler(request, reply, c);
      },
    });

  caseTab(paths.cases.overview(), 'case-summary', async (request, reply, c) =>
    reply.view('case-summary.njk', {
      ...(await summaryView(request, cases, c)),
      assessment: assessmentCard ? await assessmentCard(userOf(request), c.id) : null,
      escalations: escalationCard ? await escalationCard(userOf(request), c.id) : null,
      success: doneMessage(request),
    }),
  );
  caseTab(paths.cases.people(), 'case-people', async (request, reply, c) => reply.view('case-people.njk', { ...(await peopleView(request, relationships, people, c)), success: doneMessage(request) }));
  caseTab(paths.cases.chronology(), 'case-chronology', async (request, reply, c) => renderCase(reply, 'case-chronology.njk', c, 'chronology', await chronologyView(request, cases, c)));

  // The Plans tab is the casework feature's (src/features/casework/routes.ts), the Documents tab the documents feature's.
}

/**
 * The case summary (cards for the case, its allocation, the latest notes, the must-not-receive list and
 * restriction), for its own page and for each of its forms that comes back with errors: `values` is what
 * that form holds and `open` the form to show open.
 */
export async function summaryView(request: FastifyRequest, cases: CasesService, c: CaseOverview, values: Values = {}, open?: SummaryForm) {
  const user = userOf(request);
  const choices = c.mayAllocate ? await cases.allocationChoices(user) : { workers: [], teams: [] };
  const workerId = valueOf(values, 'workerId') ?? c.state.workerId ?? '';
  const teamId = valueOf(values, 'teamId') ?? c.state.teamId ?? '';
  const chosenInformation = asList(values.information);
  return {
    ...caseFrame(c, 'summary'),
    c,
    status: statusTag(c.state.status),
    stage: stageLabel(c.state.stage),
    latestNotes: currentNotes(c.notes).slice(0, 3),
    mustNotReceive: c.mustNotReceive.map((e) => ({ ...e, name: fullName(e), information: e.information.map(informationLabel) })),
    workerItems: [{ value: '', text: 'No worker', selected: !workerId }, ...choices.workers.map((w) => ({ value: w.id, text: w.name, selected: w.id === workerId }))],
    teamItems: [{ value: '', text: 'No team', selected: !teamId }, ...choices.teams.map((t) => ({ value: t.id, text: t.name, selected: t.id === teamId }))],
    memberItems: [
      { value: '', text: 'Choose a person' },
      ...c.members.map((m) => ({ value: m.id, text: `${fullName(m)} (${MEMBER_ROLE_LABELS[m.role]})`, selected: m.id === values.personId })),
    ],
    informationItems: PROTECTED_INFORMATION.map((i) => ({ value: i, text: PROTECTED_INFORMATION_LABELS[i], checked: chosenInformation.includes(i) })),
    open,
    taskLabels: TASK_LABELS,
    pending: c.state.pendingChange ? { text: requestedText(c.state.pendingChange.change), reason: c.state.pendingChange.reason, by: c.userNames[c.state.pendingChange.by] ?? 'A former user', at: c.state.pendingChange.at } : null,
    decisionItems: [
      { value: 'approve', text: 'Approve it', checked: values.decision === 'approve' },
      { value: 'return', text: 'Return it to the worker', checked: values.decision === 'return' },
    ],
    mayGrant: can(user, 'restricted:grant'),
  };
}

/**
 * The people on the case by role, how they are related, and whether each child is a victim in their
 * own right; for its own page and for the form adding a person when it comes back with errors.
 */
export async function peopleView(request: FastifyRequest, relationships: RelationshipsService, people: PeopleService, c: CaseOverview) {
  const user = userOf(request);
  const caller = { kind: 'user', user } as const;
  const ids = c.members.map((m) => m.id);
  const { relationships: rels, nameOf } = await relationships.among(caller, ids);
  const onCase = new Set(ids);
  const among = rels.filter((r) => onCase.has(r.from) && onCase.has(r.to));
  const victims = c.members.filter((m) => m.role === 'adult-victim').map((m) => m.id);
  const harmers = c.members.filter((m) => m.role === 'person-causing-harm').map((m) => m.id);
  const victimInOwnRight = (child: string) =>
    (victims.length ? victims : harmers).some((v) => (harmers.length ? harmers : victims).some((h) => isChildVictimInOwnRight(child, v, h, among)));

  const groups = MEMBER_ROLES.map((role) => ({
    role,
    heading: MEMBER_ROLE_HEADINGS[role],
    members: c.members
      .filter((m) => m.role === role)
      .map((m) => ({
        id: m.id,
        name: fullName(m),
        href: paths.people.person(m.id),
        restricted: m.restricted,
        dateOfBirth: m.restricted ? null : m.date_of_birth,
        age: m.restricted ? null : ageText(m.date_of_birth),
        send: !m.restricted && m.send,
        language: m.restricted ? null : languageOf(m),
        victimInOwnRight: role === 'child' && victimInOwnRight(m.id),
      })),
  })).filter((g) => g.members.length > 0);

  const connections = victims.flatMap((v) =>
    harmers.map((h) => ({
      victim: nameOf(v),
      harmer: nameOf(h),
      reasons: [...new Set(personalConnection(v, h, among).map((r) => ('child' in r ? `${RELATIONSHIP_LABELS[r.kind]} (${nameOf(r.child)})` : RELATIONSHIP_LABELS[r.kind])))],
    })),
  );

  const name = c.mayEdit ? text(searchTermsOf(request, ['name']).terms.name).trim().slice(0, 200) : '';
  const found = name ? await people.search(caller, { name }, 1) : null;

  return {
    ...caseFrame(c, 'people'),
    c,
    groups,
    relationships: among.map((r) => ({ from: nameOf(r.from), kind: RELATIONSHIP_LABELS[r.kind], to: nameOf(r.to), directed: isDirected(r.kind) })),
    connections,
    name,
    results: found?.results.map((r) => ({ ...r, age: r.restricted ? null : ageText(r.dateOfBirth), onCase: onCase.has(r.id) })) ?? null,
    moreResults: found ? found.total > found.results.length : false,
    roleItems: MEMBER_ROLES.map((role) => ({ value: role, text: MEMBER_ROLE_LABELS[role] })),
  };
}

/** A person's language and interpreter needs beside their name ("Bengali (Sylheti), needs a female interpreter"). */
function languageOf(m: { first_language: string | null; dialect: string | null; interpreter_needed: boolean; interpreter_sex: string | null }): string | null {
  const language = m.first_language ? `${m.first_language}${m.dialect ? ` (${m.dialect})` : ''}` : null;
  if (!m.interpreter_needed) return language;
  const who = m.interpreter_sex === 'female' ? 'a female interpreter' : m.interpreter_sex === 'male' ? 'a male interpreter' : 'an interpreter';
  return `${language ?? 'Language not recorded'}, needs ${who}`;
}

const CHRONOLOGY_PAGE = 50;
/** A printed chronology holds this many events at most; the page says when there are more. */
const CHRONOLOGY_PRINT = 2000;

/** The case's one chronology: filtered by kind, person and agency, a page at a time, or all of it to print. */
async function chronologyView(request: FastifyRequest, cases: CasesService, c: CaseOverview) {
  const query = (request.query ?? {}) as Record<string, unknown>;
  const kind = typeof query.kind === 'string' && (CHRONOLOGY_KINDS as readonly string[]).includes(query.kind) ? (query.kind as ChronologyKind) : undefined;
  const personId = typeof query.person === 'string' && UUID.test(query.person) && c.members.some((m) => m.id === query.person) ? query.person : undefined;
  const agency = typeof query.agency === 'string' && query.agency.length <= 200 ? query.agency : undefined;
  const print = query.print === '1';
  const size = print ? CHRONOLOGY_PRINT : CHRONOLOGY_PAGE;
  let page = print ? 1 : requestedPage(query.page);
  let found = await cases.chronology(userOf(request), c.id, { kind, personId, agency }, size, (page - 1) * size);
  const pageCount = Math.max(1, Math.ceil(found.total / size));
  if (page > pageCount) {
    page = pageCount;
    found = await cases.chronology(userOf(request), c.id, { kind, personId, agency }, size, (page - 1) * size);
  }
  const link = (changes: Record<string, string | number | undefined>) => withQuery(paths.cases.chronology(c.id), { kind, person: personId, agency: agency && found.agencies.includes(agency) ? agency : undefined, ...changes });
  return {
    timeline: timelineItems(c, found.rows),
    print,
    filtered: Boolean(kind || personId || agency),
    clearHref: paths.cases.chronology(c.id),
    printHref: link({ print: 1 }),
    backHref: link({}),
    morePrinted: print && found.total > found.rows.length,
    showing: showing(page, size, found.total),
    pagination: print ? null : pagination(page, pageCount, (n) => link({ page: n > 1 ? n : undefined })),
    kindItems: [{ value: '', text: 'Every kind' }, ...CHRONOLOGY_KINDS.map((k) => ({ value: k, text: CHRONOLOGY_KIND_LABELS[k], selected: k === kind }))],
    personItems: [{ value: '', text: 'Everyone' }, ...c.members.map((m) => ({ value: m.id, text: `${m.given_name} ${m.family_name}`, selected: m.id === personId }))],
    agencyItems: [{ value: '', text: 'Every agency' }, ...found.agencies.map((a) => ({ value: a, text: agencyLabel(a), selected: a === agency }))],
  };
}
