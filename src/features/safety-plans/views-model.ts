import type { PlainDate } from '../../domain/calendar/plain-date.js';
import type { Viewer } from '../../domain/redaction/confidential.js';
import { presentContactDetail } from '../people/service.js';
import { REVIEW_REASON_WORDS, HELD_REASON_LABELS, type HeldReason, type PlanReviewDue } from '../../domain/safety-plans/reviews.js';
import { MADE_WITH_LABELS, type MadeWith } from '../../domain/safety-plans/safety-rules.js';
import { CHILD_PLAN_ALWAYS, sectionLabel, sectionsOf } from '../../domain/safety-plans/sections.js';
import { suggestUnderstanding } from '../../domain/safety-plans/understanding.js';
import { formatDate } from '../../platform/http/format.js';
import type * as q from './queries.js';

/** What the pages show, built from the records: every contact detail of the network through present(). */

type Member = Awaited<ReturnType<typeof q.caseMembers>>[number];
const nameOf = (m: { given_name: string; family_name: string }) => `${m.given_name} ${m.family_name}`;

export const PARENT_ROLE_WORDS: Record<string, string> = {
  'adult-victim': 'adult victim',
  'person-causing-harm': 'person causing harm',
  'other-adult': 'other adult',
  supporter: 'supporter',
};


/** A review's due date as a tag: overdue in red, due in yellow, otherwise when it is due. */
export function reviewTag(due: PlanReviewDue | null): { text: string; classes: string; why: string; dueOn: string } | null {
  if (!due) return null;
  const when = formatDate(due.dueOn);
  const why = REVIEW_REASON_WORDS[due.reason];
  if (due.state === 'overdue') return { text: 'Overdue', classes: 'govuk-tag--red', why, dueOn: when };
  if (due.state === 'due') return { text: due.reason === 'scheduled' ? 'Due soon' : 'Due now', classes: 'govuk-tag--yellow', why, dueOn: when };
  return { text: 'Not due yet', classes: 'govuk-tag--grey', why, dueOn: when };
}

function sectionRows(kind: 'victim' | 'child', sections: Record<string, string>) {
  return sectionsOf(kind).map((s) => ({ key: s.key, label: s.label, text: sections[s.key] ?? '' }));
}

export function caseView(d: {
  members: Member[];
  plans: q.PlanRow[];
  due: Map<string, PlanReviewDue | null>;
  rules: Awaited<ReturnType<typeof q.rules>>;
  network: q.NetworkMemberRecord[];
  viewer: Viewer;
  today: PlainDate;
  mayWithhold: boolean;
}) {
  const person = (id: string) => d.members.find((m) => m.id === id);
  const planSummary = (p: q.PlanRow) => ({ id: p.id, kind: p.kind, personId: p.person_id, name: person(p.person_id) ? nameOf(person(p.person_id)!) : 'Someone no longer on the case', version: p.version, madeOn: p.made_on, lastReviewedOn: p.last_reviewed_on, review: reviewTag(d.due.get(p.id) ?? null) });
  const victims = d.members.filter((m) => m.role === 'adult-victim');
  const children = d.members.filter((m) => m.role === 'child');
  return {
    victims: victims.map((m) => ({ id: m.id, name: nameOf(m), plan: d.plans.find((p) => p.kind === 'victim' && p.person_id === m.id) ?? null })).map((v) => ({ ...v, plan: v.plan ? planSummary(v.plan) : null })),
    children: children.map((m) => {
      const plan = d.plans.find((p) => p.kind === 'child' && p.person_id === m.id);
      const { suggestion, age } = suggestUnderstanding(m.date_of_birth as PlainDate | null, d.today);
      return { id: m.id, name: nameOf(m), age, suggestion, plan: plan ? planSummary(plan) : null };
    }),
    parents: d.members
      .filter((m) => m.role !== 'child')
      .map((m) => {
        const r = d.rules.find((x) => x.person_id === m.id);
        return { id: m.id, name: nameOf(m), role: m.role, roleWords: PARENT_ROLE_WORDS[m.role] ?? m.role, rules: r ? { id: r.id, rules: r.rules, agreed: r.agreed, agreedOn: r.agreed_on, version: r.version } : null };
      }),
    network: d.network.map((n) => {
      const phone = n.phone ? presentContactDetail(n.phone, d.viewer, 'screen') : null;
      const email = n.email ? presentContactDetail(n.email, d.viewer, 'screen') : null;
      return {
        id: n.id,
        name: n.name,
        relationship: n.relationship,
        phone: phone?.value ?? '',
        email: email?.value ?? '',
        withheld: n.withholding !== null,
        withheldLabel: phone?.withheldLabel ?? email?.withheldLabel ?? null,
        knowsWorries: n.knowsWorries,
        knowsRedFlags: n.knowsRedFlags,
        whatToDo: n.whatToDo,
        agreed: n.agreed,
        agreedOn: n.agreedOn,
      };
    }),
    hasVictim: victims.length > 0,
    hasChild: children.length > 0,
    mayWithhold: d.mayWithhold,
  };
}

export function planView(d: {
  plan: q.PlanRow;
  members: Member[];
  versions: Awaited<ReturnType<typeof q.versions>>;
  reviews: Awaited<ReturnType<typeof q.reviews>>;
  due: PlanReviewDue | null;
  createdBy: string;
}) {
  const p = d.plan;
  const person = d.members.find((m) => m.id === p.person_id);
  return {
    id: p.id,
    kind: p.kind,
    personId: p.person_id,
    name: person ? nameOf(person) : 'Someone no longer on the case',
    role: person?.role ?? null,
    madeOn: p.made_on,
    madeWith: p.made_with ? MADE_WITH_LABELS[p.made_with as MadeWith] : null,
    madeWithName: p.made_with_name,
    understandingReason: p.understanding_reason,
    version: p.version,
    ended: p.ended_on !== null,
    sections: p.sections,
    rows: sectionRows(p.kind, p.sections),
    always: p.kind === 'child' ? [...CHILD_PLAN_ALWAYS] : [],
    createdBy: d.createdBy,
    review: reviewTag(d.due),
    dueOn: d.due?.dueOn ?? null,
    versions: d.versions.map((v) => ({ version: v.version, savedAt: v.saved_at, by: v.saved_by_name, changed: v.changed.map((k) => sectionLabel(p.kind, k)) })),
    reviews: d.reviews.map((r) => ({ heldOn: r.held_on, reason: HELD_REASON_LABELS[r.reason as HeldReason] ?? r.reason, whatChanged: r.what_changed, version: r.plan_version, by: r.recorded_by_name })),
  };
}

export type PlanView = ReturnType<typeof planView>;
export type SafetyPlansCaseView = ReturnType<typeof caseView>;
