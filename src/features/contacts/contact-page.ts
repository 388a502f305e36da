import type { FastifyReply, FastifyRequest } from 'fastify';
import { ABUSE_TYPE_LABELS, CONTACT_ROLE_LABELS, CONTACT_SOURCE_LABELS, PATHWAY_LABELS, type AbuseType, type ContactRole, type ContactSource, type Timeliness } from '../../domain/contacts/contact.js';
import type { Pathway, Rag } from '../../domain/triage/threshold.js';
import type { CurrentUser } from '../../platform/auth/current-user.js';
import type { FormErrors } from '../../platform/http/forms.js';
import { paths } from '../../platform/http/paths.js';
import { ContactError } from './actor.js';
import type { ContactReadService } from './read-service.js';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type ContactDetail = Awaited<ReturnType<ContactReadService['detail']>>;

export function userOf(request: FastifyRequest): CurrentUser {
  if (!request.user) throw new ContactError(403, 'Sign in first');
  return request.user;
}

export function body(request: FastifyRequest): Record<string, unknown> {
  return (request.body ?? {}) as Record<string, unknown>;
}

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

function tabsOf(id: string, active: ContactTab, d: ContactDetail) {
  const items: { text: string; href: string; tab: ContactTab }[] = [
    { text: 'Summary', href: paths.contacts.contact(id), tab: 'summary' },
    { text: 'People and matching', href: paths.contacts.people(id), tab: 'people' },
    { text: 'History', href: paths.contacts.history(id), tab: 'history' },
    { text: 'Threshold triage', href: paths.contacts.triage(id), tab: 'triage' },
  ];
  if (d.mayDecide || d.decision) items.push({ text: 'Decision', href: paths.contacts.decision(id), tab: 'decision' });
  return items.map((i) => ({ text: i.text, href: i.href, active: i.tab === active }));
}

/** What the banner of every contact page shows: what arrived, when it is due, and the warnings. */
function bannerOf(d: ContactDetail) {
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
  };
}

/** Loads the contact for a page, answering 404 for one the user may not know of. */
export async function loadContact(read: ContactReadService, request: FastifyRequest, reply: FastifyReply): Promise<ContactDetail | { sent: FastifyReply }> {
  const id = (request.params as { contactId?: string }).contactId ?? '';
  if (!UUID.test(id)) return { sent: reply.code(404).view('errors/404.njk') };
  try {
    return await read.detail(userOf(request), id, request.id);
  } catch (error) {
    if (error instanceof ContactError && error.status === 404) return { sent: reply.code(404).view('errors/404.njk') };
    throw error;
  }
}

export function renderContact(
  reply: FastifyReply,
  template: string,
  d: ContactDetail,
  tab: ContactTab,
  context: Record<string, unknown> & { errors?: FormErrors; status?: number } = {},
) {
  const { errors, status = 200, ...rest } = context;
  return reply.code(status).view(template, {
    d,
    c: d.contact,
    contactBanner: bannerOf(d),
    contactTabs: tabsOf(d.contact.id, tab, d),
    labels: { source: sourceLabel, role: roleLabel, pathway: pathwayLabel, abuse: abuseLabel },
    ragTags: RAG_TAGS,
    errors,
    errorSummary: errors?.summary,
    values: {},
    ...rest,
  });
}
