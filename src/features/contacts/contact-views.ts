import type { LatestChecklist } from '../risk/service.js';
import { escapeHtml, formatDate, formatDateTime } from '../../platform/http/format.js';
import type { FastifyRequest } from 'fastify';
import { CASE_STAGE_LABELS, type CaseStage } from '../../domain/cases/case-events.js';
import { DA_SERVICE_REFERRAL_LABELS, DA_SERVICE_REFERRALS, PATHWAY_LABELS, PATHWAYS, type DaServiceReferral } from '../../domain/contacts/contact.js';
import { RELATIONSHIP_LABELS, type RelationshipKind } from '../../domain/people/relationships.js';
import { YOUNG_CHILD_AGE } from '../../domain/triage/threshold.js';
import { paths } from '../../platform/http/paths.js';
import { presentGivenAddress, presentIncidentPlace } from '../people/service.js';
import { abuseLabel, contactFrame, roleLabel, type ContactDetail, type ContactTab } from './contact-page.js';

/** What each tab of a contact shows, for its own page and for a form on it shown again with what was typed. */

type Values = Record<string, string | string[]>;

export const TAB_TEMPLATES: Record<ContactTab, string> = {
  summary: 'contact-summary.njk',
  people: 'contact-people.njk',
  history: 'contact-history.njk',
  triage: 'contact-triage.njk',
  decision: 'contact-decision.njk',
};

/** Success messages named in the address after a change, so a reload does not repeat it. */
const DONE_MESSAGES: Record<string, string> = {
  linked: 'The person has been linked to the record',
  unlinked: 'The link has been removed. Link the right record, or add a new one.',
  added: 'A new record has been added and linked',
  indicators: 'The indicators have been saved',
  recommended: 'Your recommendation has been sent to the MASH manager',
  decided: 'The threshold decision has been recorded',
  'picked-up': 'You are working on this contact. It shows as yours in the MASH queue',
  assigned: 'The contact has been assigned',
  unassigned: 'Nobody is working on this contact now: it is back in the queue',
  'sent-back': 'The recommendation has been sent back to the worker with your comment',
};

const isReferral = (v: string): v is DaServiceReferral => (DA_SERVICE_REFERRALS as readonly string[]).includes(v);

/** One value of what was typed (a radio or a box). */
const one = (values: Values, key: string): string | undefined => {
  const v = values[key];
  return typeof v === 'string' ? v : undefined;
};

const BAND_WORDS: Record<string, string> = { high: 'high risk', medium: 'medium risk', standard: 'standard risk' };

/** "latest risk checklist: high risk (score 15) on 4 December 2026, review overdue since 15 January 2027". */
export function checklistLine(c: LatestChecklist): string {
  const review = c.review.state === 'overdue' ? `, review overdue since ${formatDate(`${c.review.dueOn}T12:00:00Z`)}` : c.review.state === 'due' ? `, review due by ${formatDate(`${c.review.dueOn}T12:00:00Z`)}` : '';
  return `latest risk checklist ${BAND_WORDS[c.band] ?? c.band} (score ${c.score}) on ${formatDate(`${c.completedOn}T12:00:00Z`)}${review}`;
}

/** Short lines for "before you decide": the repeats, the open cases, the Marac referrals, the other victims. */
function historySummary(d: ContactDetail): string[] {
  const lines: string[] = [];
  if (d.contact.police_risk_grading) lines.push(`The police graded the risk on this incident as ${d.contact.police_risk_grading}`);
  for (const h of d.history) {
    if (h.hidden) {
      lines.push(`${h.name} (${roleLabel(h.role).toLowerCase()}): restricted, ask for access to see their history`);
      continue;
    }
    const parts: string[] = [];
    if (h.incidentsLast12Months.length) parts.push(`${h.incidentsLast12Months.length} incident${h.incidentsLast12Months.length === 1 ? '' : 's'} in the last 12 months`);
    const open = h.cases.filter((k) => k.status === 'open').length;
    if (open) parts.push(`${open} open case${open === 1 ? '' : 's'}`);
    if (h.maracReferrals.length) parts.push(`referred to Marac ${h.maracReferrals.length} time${h.maracReferrals.length === 1 ? '' : 's'}`);
    const checklist = h.latestChecklist;
    if (checklist && checklist !== 'not-shown') parts.push(checklistLine(checklist));
    if (h.otherVictims.length) parts.push(`known to have harmed ${new Set(h.otherVictims.map((v) => v.name)).size} other victim${h.otherVictims.length === 1 ? '' : 's'}`);
    if (parts.length) lines.push(`${h.name} (${roleLabel(h.role).toLowerCase()}): ${parts.join(', ')}`);
  }
  const unlinked = d.people.filter((p) => !p.person_id).length;
  if (unlinked) lines.push(`${unlinked} ${unlinked === 1 ? 'person is' : 'people are'} not linked to a record, so their history is not shown`);
  return lines;
}

function triageRows(d: ContactDetail) {
  const children = d.people.filter((p) => p.role === 'child');
  return d.triage.children.map((t, i) => {
    const child = children[i]!;
    return {
      ref: child.ref,
      name: `${child.given_name} ${child.family_name}`,
      scale: t.scale,
      rag: t.rag,
      pathway: t.pathway,
      modifierApplied: t.modifierApplied,
      modifierReason: child.send || child.person_send ? 'special educational needs or disabilities' : `under ${YOUNG_CHILD_AGE} on the day the contact arrived`,
    };
  });
}

/** The details the contact gives of a person; the address given is added by the template from `addressGiven`. */
export function personRows(p: ContactDetail['people'][number]) {
  return [
    { key: { text: 'Date of birth' }, value: { text: p.date_of_birth ? formatDate(`${p.date_of_birth}T12:00:00Z`) : 'Not given' } },
    ...(p.nhs_number ? [{ key: { text: 'NHS number' }, value: { text: p.nhs_number } }] : []),
    ...(p.role === 'child' ? [{ key: { text: 'Special educational needs or disabilities' }, value: { text: p.send ? 'Yes' : 'Not known' } }] : []),
    ...(p.school ? [{ key: { text: 'School' }, value: { text: p.school } }] : []),
  ];
}

/** A contact recorded more than this after it was received says when it was recorded. */
const RECORDED_LATER_MS = 15 * 60_000;


const eventLabels: Record<string, string> = {
  received: 'Contact received',
  'person-linked': 'Person linked to a record',
  'person-unlinked': 'Mistaken link removed',
  'person-added': 'New person record added',
  'indicators-set': 'Threshold indicators saved',
  recommended: 'Recommendation made',
  decided: 'Threshold decision recorded',
  'sent-to-allocated-worker': 'Sent to the allocated worker of an open case',
  assigned: 'Assigned to a MASH worker',
  'recommendation-returned': 'Recommendation sent back to the worker',
};

/** The indicator checkboxes by scale; the first box has the id `indicators`, which an error about them links to. */
function indicatorGroups(d: ContactDetail, values: Values) {
  const typed = values.indicators;
  const ticked = new Set(typed === undefined ? d.contact.indicators : typeof typed === 'string' ? [typed] : typed);
  const groups = [1, 2, 3, 4]
    .map((level) => ({
      level,
      legend: { 1: 'Scale 1 (early help)', 2: 'Scale 2 (early help)', 3: 'Scale 3 (child in need)', 4: 'Scale 4 (child protection)' }[level]!,
      items: d.indicators.filter((i) => i.level === level).map((i): { value: string; text: string; checked: boolean; id?: string } => ({ value: i.code, text: i.meaning, checked: ticked.has(i.code) })),
    }))
    .filter((g) => g.items.length);
  if (groups[0]) groups[0].items[0] = { ...groups[0].items[0]!, id: 'indicators' };
  return groups;
}

/** What the decision did, as a list of sentences with links, for the decision page and its success banner. */
function outcomeLines(d: ContactDetail): { text: string; href?: string; linkText?: string }[] {
  const o = d.outcome;
  if (!o) return [];
  const stage = (s: string | null) => (s ? (CASE_STAGE_LABELS[s as CaseStage] ?? s).replace(/^./, (c) => c.toLowerCase()) : '');
  const named = o.caseReference ?? '';
  const link = o.caseId ? { href: paths.cases.overview(o.caseId), linkText: `Open case ${named}` } : {};
  const lines: { text: string; href?: string; linkText?: string }[] = [];
  switch (o.caseChange) {
    case 'none':
      lines.push({ text: 'The contact is closed. No case was opened.' });
      break;
    case 'opened':
      lines.push({ text: `Case ${named} was opened at ${stage(o.stageTo)}.`, ...link });
      break;
    case 'stepped-up':
    case 'stepped-down':
      lines.push({ text: `Case ${named} was stepped ${o.caseChange === 'stepped-up' ? 'up' : 'down'} from ${stage(o.stageFrom)} to ${stage(o.stageTo)}.`, ...link });
      break;
    case 'unchanged':
      lines.push({ text: `Case ${named} stays at ${stage(o.stageTo)}; the decision is in its chronology.`, ...link });
      break;
  }
  if (o.tasks.includes('allocate-case')) lines.push({ text: `The managers of ${o.teamName ?? 'the chosen team'} have been asked to allocate the case to a worker.` });
  if (o.tasks.includes('strategy-discussion')) lines.push({ text: `The managers of ${o.teamName ?? 'the chosen team'} have been asked to hold a strategy discussion.` });
  if (d.contact.source === 'police') lines.push({ text: 'The police can read the outcome of their notification through the API.' });
  return lines;
}

function tabDetails(d: ContactDetail, tab: ContactTab, values: Values): Record<string, unknown> {
  switch (tab) {
    case 'summary':
      return {
        abuseTypes: d.contact.abuse_types.map(abuseLabel),
        place: presentIncidentPlace(d.contact.place, d.viewer, 'screen'),
        childrenText: d.contact.children_present ? ['Yes', d.contact.children_saw ? 'saw it' : '', d.contact.children_heard ? 'heard it' : ''].filter(Boolean).join(', ') : 'No',
        // One time for one event: the contact was received when the sender says (the banner's time); when it
        // reached Wraparound much later (an import, a late call), the timeline says so beside it.
        timeline: [...d.events].reverse().map((e) => {
          const at = e.type === 'received' ? d.contact.received_at : e.at;
          const recordedLater = e.type === 'received' && e.at.getTime() - at.getTime() > RECORDED_LATER_MS;
          return {
            label: { text: eventLabels[e.type] ?? e.type },
            byline: { text: e.user_name ?? (e.api_client_name ? `${e.api_client_name} (a partner system)` : e.by_api_client ? 'A partner system' : 'The system') },
            datetime: { timestamp: at.toISOString(), type: 'datetime' },
            html: recordedLater ? `<p class="govuk-body-s">Recorded in Wraparound ${escapeHtml(formatDateTime(e.at))}</p>` : '',
          };
        }),
      };
    case 'people':
      return {
        people: d.people.map((p) => ({
          ...p,
          rows: personRows(p),
          addressGiven: presentGivenAddress(p, p.viewer, 'screen'),
          candidates: p.candidates.map((c) => ({ ...c, percent: Math.round(c.score * 100) })),
        })),
      };
    case 'history':
      return {};
    case 'triage': {
      // Never chosen for them: a consequential choice is made on purpose (the scale's suggestion and the
      // recommendation are shown beside it), or the form is refused.
      const chosen = one(values, 'pathway');
      return {
        indicatorGroups: indicatorGroups(d, values),
        ticked: d.indicators.filter((i) => d.contact.indicators.includes(i.code)).map((i) => i.meaning),
        pathwayItems: PATHWAYS.map((p) => ({ value: p, text: PATHWAY_LABELS[p], checked: chosen === p })),
      };
    }
    case 'decision': {
      // Never chosen for them: a consequential choice is made on purpose (the scale's suggestion and the
      // recommendation are shown beside it), or the form is refused.
      const chosen = one(values, 'pathway');
      const team = one(values, 'teamId');
      const plans = new Map((d.choices?.plans ?? []).map((p) => [p.pathway, p.text]));
      return {
        pathwayItems: PATHWAYS.map((p) => ({ value: p, text: PATHWAY_LABELS[p], checked: chosen === p, ...(plans.has(p) ? { hint: { text: plans.get(p) } } : {}) })),
        teamItems: [{ value: '', text: 'Choose a team' }, ...(d.choices?.teams ?? []).map((t) => ({ value: t.id, text: t.name, selected: team === t.id }))],
        outcomeLines: outcomeLines(d),
        daServiceItems: DA_SERVICE_REFERRALS.map((r) => ({ value: r, text: DA_SERVICE_REFERRAL_LABELS[r], checked: one(values, 'daServiceReferral') === r })),
      };
    }
  }
}

/** Everything a contact tab's template needs besides `values` and `errors`. */
export function contactTabView(request: FastifyRequest, d: ContactDetail, tab: ContactTab, values: Values = {}, again?: string): Record<string, unknown> {
  const done = again ?? (request.query as Record<string, unknown> | undefined)?.done;
  return {
    ...contactFrame(request, d, tab),
    unlinked: d.people.filter((p) => !p.person_id).length,
    checklistLine,
    stageLabel: (s: string) => CASE_STAGE_LABELS[s as CaseStage] ?? s,
    relationshipLabel: (k: string) => RELATIONSHIP_LABELS[k as RelationshipKind] ?? k,
    daServiceLabel: (r: string | null) => (r && isReferral(r) ? DA_SERVICE_REFERRAL_LABELS[r] : 'Not recorded'),
    historySummary: historySummary(d),
    triageRows: triageRows(d),
    success: typeof done === 'string' ? DONE_MESSAGES[done] : undefined,
    // The person whose "wrong record" form came back with an error: shown open.
    unlinkRef: tab === 'people' && 'reason' in values ? (request.params as { ref?: string }).ref : undefined,
    ...tabDetails(d, tab, values),
  };
}
