import { londonDate, type PlainDate } from '../../domain/calendar/plain-date.js';
import { planReviewDue, type PlanReviewDue } from '../../domain/safety-plans/reviews.js';
import type { Trx } from '../../platform/db/database.js';
import * as q from './queries.js';

/**
 * The next review of each live plan, from what the database holds: the victim's latest risk band (a
 * child's plan follows the adult victims on the case: high when any of them is), the incidents reported
 * on the case since the plan was made or last reviewed, and the case's closure.
 */
export async function reviewsOf(trx: Trx, live: readonly { id: string; case_id: string; kind: string; person_id: string; last_reviewed_on: PlainDate; last_reviewed_at: Date }[], today: PlainDate): Promise<Map<string, PlanReviewDue | null>> {
  const caseIds = [...new Set(live.map((p) => p.case_id))];
  const [incidents, cases, victims] = await Promise.all([q.incidentsOn(trx, caseIds), q.caseStates(trx, caseIds), q.victimsOn(trx, caseIds)]);
  const bands = await q.latestBands(trx, [...new Set([...live.filter((p) => p.kind === 'victim').map((p) => p.person_id), ...victims.map((v) => v.person_id)])]);
  const out = new Map<string, PlanReviewDue | null>();
  for (const plan of live) {
    const kase = cases.find((c) => c.id === plan.case_id);
    const victimIds = plan.kind === 'victim' ? [plan.person_id] : victims.filter((v) => v.case_id === plan.case_id).map((v) => v.person_id);
    out.set(
      plan.id,
      planReviewDue({
        lastReviewedOn: plan.last_reviewed_on,
        highRisk: victimIds.some((id) => bands.get(id) === 'high'),
        incidentsSince: incidents.filter((i) => i.case_id === plan.case_id && new Date(i.at) > plan.last_reviewed_at).map((i) => londonDate(new Date(i.at))),
        caseClosedOn: kase?.status === 'closed' && kase.closed_at ? londonDate(new Date(kase.closed_at)) : null,
        today,
      }),
    );
  }
  return out;
}

export interface SafetyPlanReviewListing {
  planId: string;
  kind: 'victim' | 'child';
  personId: string;
  name: string;
  restricted: boolean;
  caseId: string;
  caseReference: string;
  lastReviewedOn: string;
  review: PlanReviewDue;
}

/** Plans due or overdue for review on the user's and their teams' cases (open, or closed in the last four weeks), soonest first. */
export async function dueOnCaseload(trx: Trx, userId: string, teamIds: readonly string[], today: PlainDate): Promise<SafetyPlanReviewListing[]> {
  const live = await q.livePlansOnCaseload(trx, userId, teamIds, new Date(Date.now() - 28 * 86_400_000));
  const due = await reviewsOf(trx, live, today);
  const out: SafetyPlanReviewListing[] = [];
  for (const p of live) {
    const review = due.get(p.id);
    if (!review || review.state === 'not-due') continue;
    out.push({
      planId: p.id,
      kind: p.kind,
      personId: p.person_id,
      name: p.restricted ? 'Restricted person' : `${p.given_name} ${p.family_name}`,
      restricted: p.restricted,
      caseId: p.case_id,
      caseReference: p.reference,
      lastReviewedOn: p.last_reviewed_on,
      review,
    });
  }
  return out.sort((a, b) => a.review.dueOn.localeCompare(b.review.dueOn));
}
