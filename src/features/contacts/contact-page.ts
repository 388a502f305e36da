import { UUID } from '../../platform/http/route-params.js';
export { UUID } from '../../platform/http/route-params.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ABUSE_TYPE_LABELS, CONTACT_ROLE_LABELS, CONTACT_SOURCE_LABELS, PATHWAY_LABELS, type AbuseType, type ContactRole, type ContactSource, type Timeliness } from '../../domain/contacts/contact.js';
import type { Pathway, Rag } from '../../domain/triage/threshold.js';
import { can } from '../../platform/access/policy.js';
import { paths } from '../../platform/http/paths.js';
import type { CurrentUser } from '../../platform/auth/current-user.js';
import { ContactError } from './actor.js';
import type { ContactReadService } from './read-service.js';


export type ContactDetail = Awaited<ReturnType<ContactReadService['detail']>>;

import { userOf } from '../../platform/http/route-params.js';
export { userOf };

/** The contact's reference from the address. */
export const refOf = (request: FastifyRequest) => (request.params as { ref?: string }).ref ?? '';

export function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export const sourceLabel = (s: string) => CONTACT_SOURCE_LABELS[s as ContactSource] ?? s;
export const roleLabel = (r: string) => CONTACT_ROLE_LABELS[r as ContactRole] ?? r;
export const pathwayLabel = (p: string | null) => (p ? (PATHWAY_LABELS[p as Pathway] ?? p) : '');
export const abuseLabel = (a: string) => ABUSE_TYPE_LABELS[a as AbuseType] ?? a;

export const RAG_TAGS: Record<Rag, { text: string; classes: string }> = {
  none: { text: 'No indicator', classes: 'govuk-tag--grey' },
  green: { text: 'Green', classes: 'govuk-tag--green' },
  amber: { text: 'Amber', classes: 'govuk-tag--orange' },
  red: { text: 'Red', classes: 'govuk-tag--red' },
};

export const STATUS_TAGS: Record<string, { text: string; classes: string }> = {
  'awaiting-decision': { text: 'Awaiting decision', classes: 'govuk-tag--blue' },
  decided: { text: 'Decided', classes: 'govuk-tag--green' },
  'sent-to-allocated-worker': { text: 'Sent to allocated worker', classes: 'govuk-tag--purple' },
};

export function timelinessTag(state: Timeliness | null, daysLeft: string | null): { text: string; classes: string } | null {
  if (state === 'overdue') return { text: daysLeft ?? 'Overdue', classes: 'govuk-tag--red' };
  if (state === 'due') return { text: daysLeft ?? 'Due', classes: daysLeft === 'Due today' ? 'govuk-tag--orange' : 'govuk-tag--blue' };
  if (state === 'on-time') return { text: 'Decided on time', classes: 'govuk-tag--green' };
  if (state === 'late') return { text: 'Decided late', classes: 'govuk-tag--yellow' };
  return null;
}

export type ContactTab = 'summary' | 'people' | 'history' | 'triage' | 'decision';

/** The contact's tabs; a worker who reads a contact sent to their case (no screening role) has the summary and the people. */
function tabsOf(id: string, active: ContactTab, d: ContactDetail, screens: boolean) {
  const items: { text: string; href: string; tab: ContactTab }[] = [
    { text: 'Summary', href: paths.contacts.contact(id), tab: 'summary' },
    { text: 'People and matching', href: paths.contacts.people(id), tab: 'people' },
  ];
  if (screens) {
    items.push({ text: 'History', href: paths.contacts.history(id), tab: 'history' }, { text: 'Threshold triage', href: paths.contacts.triage(id), tab: 'triage' });
    if (d.mayDecide || d.decision) items.push({ text: 'Decision', href: paths.contacts.decision(id), tab: 'decision' });
  }
  return items.map((i) => ({ text: i.text, href: i.href, active: i.tab === active }));
}

/** What the banner of every contact page shows: what arrived, when it is due, and the warnings. */
function bannerOf(d: ContactDetail, user: CurrentUser) {
  const c = d.contact;
  return {
    title: `${sourceLabel(c.source)} contact${c.reference ? ` ${c.reference}` : ''}`,
    receivedAt: c.received_at,
    dueBy: c.decision_due_by,
    status: STATUS_TAGS[c.status],
    timeliness: c.status === 'sent-to-allocated-worker' ? null : timelinessTag(d.timeliness, d.daysLeft),
    children: d.people.filter((p) => p.role === 'child').map((p) => `${p.given_name} ${p.family_name}`),
    whereaboutsWithheld: d.people.some((p) => p.whereaboutsWithheld),
    restricted: d.people.some((p) => p.person_restricted),
    repeat: d.history.some((h) => h.incidentsLast12Months.length > 0),
    sentToCase: d.sentToCase,
    mayPickUp: d.mayRecord && !d.assignedTo,
    mayAssign: d.contact.status === 'awaiting-decision' && can(user, 'contact:assign'),
  };
}

/** The contact named in the address, for a form's `load`: null (404) for a malformed id; the service answers 404 for one the user may not know of. */
export function contactOf(read: ContactReadService) {
  return async (request: FastifyRequest): Promise<ContactDetail | null> => {
    const id = (request.params as { contactId?: string }).contactId ?? '';
    return UUID.test(id) ? read.detail(userOf(request), id, request.id) : null;
  };
}

/** Loads the contact for a page, answering 404 for one the user may not know of. */
export async function loadContact(read: ContactReadService, request: FastifyRequest, reply: FastifyReply): Promise<ContactDetail | { sent: FastifyReply }> {
  try {
    const d = await contactOf(read)(request);
    return d ?? { sent: reply.code(404).view('errors/404.njk') };
  } catch (error) {
    if (error instanceof ContactError && error.status === 404) return { sent: reply.code(404).view('errors/404.njk') };
    throw error;
  }
}

/** What every contact page's template needs: the contact, its banner and tabs, and the labels. */
export function contactFrame(request: FastifyRequest, d: ContactDetail, tab: ContactTab): Record<string, unknown> {
  return {
    d,
    c: d.contact,
    contactBanner: bannerOf(d, userOf(request)),
    contactTabs: tabsOf(d.contact.id, tab, d, can(userOf(request), 'contact:view')),
    labels: { source: sourceLabel, role: roleLabel, pathway: pathwayLabel, abuse: abuseLabel },
    ragTags: RAG_TAGS,
  };
}
