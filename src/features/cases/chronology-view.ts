import { RECOMMENDATION_LABELS, type Recommendation } from '../../domain/assessment/sections.js';
import { SOURCE_LABELS, type InformationSource } from '../../domain/assessment/information-requests.js';
import { NOTE_KIND_LABELS, SEEN_LABELS } from '../../domain/cases/case-notes.js';
import { CASE_STAGE_LABELS, type CaseEvent } from '../../domain/cases/case-events.js';
import { ABUSE_CATEGORY_LABELS, CONFERENCE_DECISION_LABELS, ENQUIRY_OUTCOME_LABELS, STRATEGY_DECISION_LABELS, type AbuseCategory, type ConferenceDecision, type EnquiryOutcome, type StrategyDecision } from '../../domain/casework/child-protection.js';
import { PLAN_KIND_LABELS, REVIEW_KIND_LABELS, type PlanKind, type ReviewKind } from '../../domain/casework/plans.js';
import { CONTACT_SOURCE_LABELS, PATHWAY_LABELS, type ContactSource } from '../../domain/contacts/contact.js';
import { MEETING_OUTCOME_LABELS } from '../../domain/marac/actions.js';
import { DISCLOSURE_METHOD_LABELS, type DisclosureMethod } from '../../domain/documents/disclosure.js';
import { RED_FLAG_LABELS, type RedFlagCode } from '../../domain/escalation/red-flags.js';
import { END_REASON_LABELS, ORDER_KIND_LABELS, type EndReason, type OrderKind } from '../../domain/orders/orders.js';
import { escapeHtml, formatDate, formatDateTime } from '../../platform/http/format.js';
import { paths } from '../../platform/http/paths.js';
import type { CaseOverview } from './case-page.js';
import type { ChronologyKind, ChronologyRow } from './queries/chronology.js';
import type { RequestedChange } from '../../domain/cases/case-events.js';

/** The kinds of event a chronology can be filtered by, in words. */
export const CHRONOLOGY_KIND_LABELS: Record<ChronologyKind, string> = {
  case: 'Case changes (opened, allocated, stage, closed)',
  note: 'Case notes',
  notification: 'Notifications and referrals',
  decision: 'Threshold decisions',
  checklist: 'Risk checklists',
  marac: 'Marac',
  assessment: 'Assessments',
  'information-request': 'Information requests',
  'strategy-discussion': 'Strategy discussions',
  'section-47': 'Section 47 enquiries',
  conference: 'Child protection conferences',
  plan: 'Plans started and ended',
  review: 'Core groups and reviews',
  visit: 'Visits',
  missed: 'Missed appointments and no-access visits',
  'red-flag': 'Red flags',
  escalation: 'Escalations and management discussions',
  order: 'Protective orders and breaches',
  document: 'Letters and documents made and sent',
};

/** An agency's name from the code a record holds (a notification's source, an information request's), or as written. */
export function agencyLabel(agency: string): string {
  return CONTACT_SOURCE_LABELS[agency as ContactSource] ?? SOURCE_LABELS[agency as InformationSource] ?? agency;
}

/** Whom an information request went to, in words. */
const requestSource = (source: string) => SOURCE_LABELS[source as InformationSource] ?? source;

export function requestedText(change: RequestedChange): string {
  return change.type === 'closed' ? 'close the case' : `step the case down to ${CASE_STAGE_LABELS[change.stage].charAt(0).toLowerCase()}${CASE_STAGE_LABELS[change.stage].slice(1)}`;
}

const para = (value: string) => `<p class="govuk-body wa-pre-line">${escapeHtml(value)}</p>`;
const link = (href: string, text: string) => `<p class="govuk-body"><a class="govuk-link" href="${escapeHtml(href)}">${escapeHtml(text)}</a></p>`;
const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** A case event as the timeline says it: a title, and what was said. */
function describeCaseEvent(c: CaseOverview, e: CaseEvent): { label: string; html: string } {
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
    return (facts.length ? `<ul class="govuk-list govuk-body-s">${facts.map((f) => `<li>${escapeHtml(f)}</li>`).join('')}</ul>` : '') + para(n.body);
  };
  const contactLink = (id: string, text: string) => link(paths.contacts.contact(id), text);
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
      return { label: 'Strategy discussion task done', html: para(e.note) };
    case 'change-requested':
      return { label: `Asked the team manager to ${requestedText(e.change)}`, html: para(`Reason: ${e.reason}`) };
    case 'change-approved':
      return { label: 'Team manager approved the change', html: e.comment ? para(e.comment) : '' };
    case 'change-returned':
      return { label: 'Team manager returned the change', html: para(e.comment) };
  }
}

/** Any other feature's event: what happened, about whom, and where to read more. */
function describeRow(c: CaseOverview, r: ChronologyRow, person: string | null): { label: string; html: string } {
  const d = r.data;
  const about = person ? para(`About: ${person}`) : '';
  switch (r.kind) {
    case 'notification':
      return { label: `Notification from ${agencyLabel(str(d.source))}`, html: about + (d.reference ? para(`Reference: ${str(d.reference)}`) : '') + (r.linkId ? link(paths.contacts.contact(r.linkId), 'Open the notification') : '') };
    case 'checklist':
      return { label: `Risk checklist: ${d.band ? `${str(d.band)} risk` : 'no band'}, score ${String(d.score)}`, html: about + (r.linkId ? link(paths.risk.checklist(r.linkId), 'Open the checklist') : '') };
    case 'marac':
      return r.what === 'referred'
        ? { label: 'Referred to the Marac', html: about + (r.linkId ? link(paths.marac.referral(r.linkId), 'Open the referral') : '') }
        : { label: `Discussed at the Marac: ${(MEETING_OUTCOME_LABELS as Record<string, string>)[str(d.outcome)] ?? 'heard'}`, html: about };
    case 'assessment':
      return r.what === 'started'
        ? { label: 'Child and family assessment started', html: para(`Due by ${formatDate(str(d.dueOn))}`) }
        : { label: 'Child and family assessment authorised', html: d.recommendation ? para(`Recommendation: ${RECOMMENDATION_LABELS[d.recommendation as Recommendation] ?? str(d.recommendation)}`) : '' };
    case 'information-request':
      return r.what === 'asked'
        ? { label: `Information requested from ${requestSource(str(d.source))}`, html: para(`Due by ${formatDate(str(d.dueOn))}`) }
        : { label: `Information returned by ${requestSource(str(d.source))}`, html: '' };
    case 'strategy-discussion':
      return { label: 'Strategy discussion', html: para(STRATEGY_DECISION_LABELS[d.decision as StrategyDecision] ?? '') + link(paths.cases.plans(c.id), 'Open the plans') };
    case 'section-47':
      return r.what === 'started' ? { label: 'Section 47 enquiry started', html: about } : { label: 'Section 47 enquiry outcome', html: about + para(ENQUIRY_OUTCOME_LABELS[d.outcome as EnquiryOutcome] ?? '') };
    case 'conference': {
      const category = d.category ? `, ${ABUSE_CATEGORY_LABELS[d.category as AbuseCategory].toLowerCase()}` : '';
      return { label: r.what === 'initial' ? 'Initial child protection conference' : 'Review child protection conference', html: para(`${CONFERENCE_DECISION_LABELS[d.decision as ConferenceDecision] ?? ''}${category}${d.split ? '. Held in parts.' : ''}`) };
    }
    case 'plan':
      return { label: `${PLAN_KIND_LABELS[d.planKind as PlanKind]} ${r.what === 'started' ? 'started' : 'ended'}`, html: d.reason ? para(str(d.reason)) : '' };
    case 'review':
      return { label: REVIEW_KIND_LABELS[r.what as ReviewKind] ?? 'Review', html: para(str(d.progress)) };
    case 'visit':
      return { label: d.seenAlone ? 'Visit: child seen alone' : d.seen ? 'Visit: child seen, not alone' : 'Visit: child not seen', html: about };
    case 'missed':
      return { label: r.what === 'no-access' ? 'Visit with no access' : 'Missed appointment', html: about };
    case 'red-flag':
      return { label: `Red flag: ${RED_FLAG_LABELS[r.what as RedFlagCode] ?? 'recorded'}`, html: link(paths.escalations.list(c.id), 'Open escalations and red flags') };
    case 'escalation': {
      const what = d.reason === 'non-engagement' ? `${String(d.count)} missed appointments or visits with no access` : d.reason === 'red-flag' ? `red flag: ${(RED_FLAG_LABELS[str(d.flag) as RedFlagCode] ?? 'recorded').toLowerCase()}` : 'a new incident';
      return r.what === 'raised'
        ? { label: `Escalated to the worker and team manager: ${what}`, html: link(paths.escalations.list(c.id), 'Open escalations and red flags') }
        : { label: 'Management discussion recorded; escalation closed', html: para(`Decided by ${str(d.decidedBy)} on ${formatDate(str(d.decidedOn))}: ${str(d.decision)}`) };
    }
    case 'order': {
      const kind = ORDER_KIND_LABELS[d.orderKind as OrderKind] ?? 'Protective order';
      const open = r.linkId ? link(paths.orders.order(c.id, r.linkId), 'Open the order') : '';
      if (r.what === 'breached') return { label: `${kind} breached`, html: about + (d.contactId ? link(paths.contacts.contact(str(d.contactId)), 'Open the incident') : '') + open };
      if (r.what === 'varied') return { label: `${kind} varied`, html: para(d.expiresOn ? `Now ends ${formatDate(str(d.expiresOn))}` : 'Now has no expiry date') + open };
      if (r.what === 'ended') return { label: `${kind} ended`, html: para(END_REASON_LABELS[d.reason as EndReason] ?? '') + open };
      const ends = d.hearingDeadline ? `The court must hear the application by ${formatDateTime(str(d.hearingDeadline))}` : d.expiresOn ? `Ends ${formatDate(str(d.expiresOn))}` : 'No expiry date';
      return { label: `${kind} ${d.orderKind === 'dapn' ? 'given' : 'made'}`, html: (person ? para(`Must keep to it: ${person}`) : '') + para(ends) + open };
    }
    case 'document': {
      const open = r.linkId ? link(paths.documents.show(c.id, r.linkId), 'Open the document') : '';
      if (r.what === 'sent') return { label: `Sent: ${str(d.title)}`, html: para(`To ${str(d.recipient)}, ${(DISCLOSURE_METHOD_LABELS[d.method as DisclosureMethod] ?? '').toLowerCase()}`) + open };
      return { label: `${d.correction ? 'Correction made' : 'Document made'}: ${str(d.title)}`, html: open };
    }
    default:
      return { label: 'Event', html: '' };
  }
}

/** The chronology's rows as the MOJ timeline wants them, with significant events marked. */
export function timelineItems(c: CaseOverview, rows: readonly ChronologyRow[]) {
  const personName = new Map(c.members.map((m) => [m.id, `${m.given_name} ${m.family_name}`]));
  return rows.map((r) => {
    const event = r.kind === 'case' || r.kind === 'note' || r.kind === 'decision' ? ({ ...r.data, type: r.what, at: r.at, by: str(r.data.byUser) } as unknown as CaseEvent) : null;
    const { label, html } = event ? describeCaseEvent(c, event) : describeRow(c, r, r.personId ? (personName.get(r.personId) ?? null) : null);
    const by = event ? (event.by ? (c.userNames[event.by] ?? 'A former user') : event.type === 'threshold-decision' && event.apiClientName ? `${event.apiClientName} (a partner system)` : 'The system') : agencyLabel(r.agency);
    const mark = r.significant ? '<strong class="govuk-tag govuk-tag--red wa-significant">Significant</strong> ' : '';
    return { label: { text: label }, byline: { text: by }, datetime: { timestamp: r.at.toISOString(), type: r.dateOnly ? 'date' : 'datetime' }, html: mark + html };
  });
}
