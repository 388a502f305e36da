import { NOTE_KIND_LABELS, SEEN_LABELS } from '../../domain/cases/case-notes.js';
import { escapeHtml, formatDateTime } from '../../platform/http/format.js';
import { searchTermsOf } from '../../platform/http/sealed-search.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CASE_STAGE_LABELS, type CaseEvent, type RequestedChange } from '../../domain/cases/case-events.js';
import { PATHWAY_LABELS } from '../../domain/contacts/contact.js';
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
import { TASK_LABELS } from '../../domain/cases/tasks.js';

/** Which of the summary page's forms to show open (the one with errors). */
export type SummaryForm = 'allocate' | 'mnr' | 'change' | `review-${string}` | `task-${string}`;

type Values = Record<string, string | string[]>;

const contactLink = (contactId: string, text: string) => `<p class="govuk-body"><a class="govuk-link" href="${escapeHtml(paths.contacts.contact(contactId))}">${escapeHtml(text)}</a></p>`;

/** What a worker asked the team manager to do, as a phrase: "close the case", "step the case down to early help". */
export function requestedText(change: RequestedChange): string {
  return change.type === 'closed' ? 'close the case' : `step the case down to ${CASE_STAGE_LABELS[change.stage].charAt(0).toLowerCase()}${CASE_STAGE_LABELS[change.stage].slice(1)}`;
}

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

/** The chronology as the MOJ timeline wants it: newest first, who and when, with what was said. */
function timelineOf(c: CaseOverview) {
  const byId = new Map(c.notes.map((n) => [n.id, n]));
  const childName = new Map(c.members.map((m) => [m.id, `${m.given_name} ${m.family_name}`]));
  const noteLabel = (id: string) => {
    const kind = byId.get(id)?.kind;
    return kind ? NOTE_KIND_LABELS[kind] : 'Note';
  };
  /** The note as written: when it happened, who was there, the children seen at a visit, and the text. */
  const noteHtml = (id: string) => {
    const n = byId.get(id);
    if (!n) return '';
    const facts = [
      n.occurred_at ? `Happened ${formatDateTime(n.occurred_at)}` : '',
      n.present ? `Present: ${n.present}` : '',
      ...(n.children_seen ?? []).map((s) => `${childName.get(s.personId) ?? 'A child no longer on the case'}: ${SEEN_LABELS[s.seen].toLowerCase()}`),
    ].filter(Boolean);
    return (facts.length ? `<ul class="govuk-list govuk-body-s">${facts.map((f) => `<li>${escapeHtml(f)}</li>`).join('')}</ul>` : '') + `<p class="govuk-body wa-pre-line">${escapeHtml(n.body)}</p>`;
  };
  // An event without a user was made by the service itself or, for a threshold decision, a partner system it names.
  const who = (e: CaseEvent) => (e.by ? (c.userNames[e.by] ?? 'A former user') : e.type === 'threshold-decision' && e.apiClientName ? `${e.apiClientName} (a partner system)` : 'The system');
  const describe = (e: CaseEvent): { label: string; html: string } => {
    const para = (value: string) => `<p class="govuk-body wa-pre-line">${escapeHtml(value)}</p>`;
    switch (e.type) {
      case 'opened':
        return { label: 'Case opened', html: para(`Stage: ${CASE_STAGE_LABELS[e.stage]}`) };
      case 'allocated': {
        const worker = e.workerId ? (c.userNames[e.workerId] ?? 'a former user') : 'no worker';
        const team = e.teamId ? (c.teamNames[e.teamId] ?? 'a team') : 'no team';
        return { label: 'Case allocated', html: para(`Allocated to ${worker}, ${team}`) };
      }
      case 'stage-changed':
        return { label: 'Stage changed', html: para(`Now: ${CASE_STAGE_LABELS[e.stage]}`) + (e.contactId ? contactLink(e.contactId, 'Open the contact whose threshold decision changed it') : '') };
      case 'note-added':
        return { label: noteLabel(e.noteId), html: noteHtml(e.noteId) };
      case 'note-amended':
        return { label: `${noteLabel(e.noteId)} corrected`, html: para(`Why: ${byId.get(e.noteId)?.amend_reason ?? ''}`) + noteHtml(e.noteId) };
      case 'closed':
        return { label: 'Case closed', html: para(`Reason: ${e.reason}`) };
      case 'reopened':
        return { label: 'Case reopened', html: para(`Reason: ${e.reason}`) };
      case 'incident-reported':
        return { label: 'New incident reported', html: contactLink(e.contactId, 'Open the contact') };
      case 'incident-reviewed':
        return { label: 'Plan and safety plan reviewed after an incident', html: para(e.note) };
      case 'threshold-decision':
        return { label: 'Threshold decision', html: para(`Decision: ${PATHWAY_LABELS[e.pathway]}`) + contactLink(e.contactId, 'Open the contact') };
      case 'strategy-discussion-held':
        return { label: 'Strategy discussion held', html: para(e.note) };
      case 'change-requested':
        return { label: `Asked the team manager to ${requestedText(e.change)}`, html: para(`Reason: ${e.reason}`) };
      case 'change-approved':
        return { label: 'Team manager approved the change', html: e.comment ? para(e.comment) : '' };
      case 'change-returned':
        return { label: 'Team manager returned the change', html: para(e.comment) };
    }
  };
  return [...c.events].reverse().map((e) => {
    const { label, html } = describe(e);
    return { label: { text: label }, byline: { text: who(e) }, datetime: { timestamp: e.at.toISOString(), type: 'datetime' }, html };
  });
}

export function tabRoutes(router: Router, cases: CasesService, relationships: RelationshipsService, people: PeopleService): void {
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

  caseTab(paths.cases.overview(), 'case-summary', async (request, reply, c) => reply.view('case-summary.njk', { ...(await summaryView(request, cases, c)), success: doneMessage(request) }));
  caseTab(paths.cases.people(), 'case-people', async (request, reply, c) => reply.view('case-people.njk', { ...(await peopleView(request, relationships, people, c)), success: doneMessage(request) }));
  caseTab(paths.cases.chronology(), 'case-chronology', async (_request, reply, c) => renderCase(reply, 'case-chronology.njk', c, 'chronology', { timeline: timelineOf(c) }));

  // The Plans tab is the casework feature's (src/features/casework/routes.ts).
  const later = [
    { url: paths.cases.documents(), tab: 'documents', title: 'Documents', about: 'Letters, reports and other documents for this case will appear here.' },
  ] as const;
  for (const t of later) {
    caseTab(t.url, `case-${t.tab}`, async (_request, reply, c) => renderCase(reply, 'case-empty-tab.njk', c, t.tab, { title: t.title, about: t.about }));
  }
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
