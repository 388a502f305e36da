import { ABUSE_CATEGORY_LABELS, CONFERENCE_DECISION_LABELS, ENQUIRY_OUTCOME_LABELS, processSteps, STEP_LABELS, STRATEGY_DECISION_LABELS, type AbuseCategory, type Step } from '../../domain/casework/child-protection.js';
import { dueStatus } from '../../domain/casework/due.js';
import { ACTION_STATUS_LABELS, earlierPlans, onlyTheVictimActs, PLAN_KIND_LABELS, REVIEW_KIND_LABELS, type ActionOwner } from '../../domain/casework/plans.js';
import { childVisits, DEFAULT_VISIT_WORKING_DAYS, VISIT_KIND_LABELS } from '../../domain/casework/visits.js';
import { addMonths, compareDates, type PlainDate } from '../../domain/calendar/plain-date.js';
import type { WorkingDayCalendar } from '../../domain/calendar/working-days.js';
import type { CurrentUser } from '../../platform/auth/current-user.js';
import type { Database, Trx } from '../../platform/db/database.js';
import { tenantCalendar } from '../calendar/service.js';
import { londonDate } from '../../domain/calendar/plain-date.js';
import { caseContext, CaseworkError, fullName, type CaseContext } from './case-context.js';
import { can } from '../../platform/access/policy.js';
import * as q from './queries.js';

type PlanRow = Awaited<ReturnType<typeof q.plans>>[number];

/** A child in need plan is reviewed every 3 months (local practice; a child protection plan follows the conference timescales). */
const CIN_REVIEW_MONTHS = 3;

/**
 * When the plan's next review is due, from what is already read: the next review conference of a child
 * protection plan (the process's steps), the next child in need review otherwise.
 */
function nextReviewFrom(plan: PlanRow, reviewsOfPlan: readonly { kind: string; held_on: PlainDate }[], steps: readonly Step[]): PlainDate {
  if (plan.kind === 'child-protection') {
    const review = steps.find((s) => s.key === 'review-conference');
    if (review?.due) return review.due.dueOn;
  }
  const last = reviewsOfPlan.filter((r) => r.kind === 'cin-review').map((r) => r.held_on).sort(compareDates).at(-1);
  const due = addMonths(last ?? plan.started_on, CIN_REVIEW_MONTHS);
  return plan.review_brought_forward_to && compareDates(plan.review_brought_forward_to, due) < 0 && (!last || compareDates(plan.review_brought_forward_to, last) > 0) ? plan.review_brought_forward_to : due;
}

/** When the plan's next review is due, reading what it needs (for a change to one plan, or the API). */
export async function nextReviewDue(trx: Trx, caseId: string, plan: PlanRow, calendar: WorkingDayCalendar, today: PlainDate): Promise<PlainDate> {
  const [reviews, facts] = await Promise.all([q.reviews(trx, [plan.id]), processFacts(trx, caseId)]);
  return nextReviewFrom(plan, reviews, processSteps(facts, calendar, today));
}

async function processFacts(trx: Trx, caseId: string) {
  const [discussions, enquiries, conferences, plans] = await Promise.all([q.strategyDiscussions(trx, caseId), q.enquiries(trx, caseId), q.conferences(trx, caseId), q.plans(trx, caseId)]);
  const cp = plans.filter((p) => p.kind === 'child-protection');
  const reviews = await q.reviews(trx, cp.map((p) => p.id));
  return {
    strategyDiscussions: discussions.map((d) => ({ id: d.id, heldOn: d.held_on, decision: d.decision })),
    enquiries: enquiries.map((e) => ({ id: e.id, childId: e.child_id, strategyDiscussionId: e.strategy_discussion_id, startedOn: e.started_on, outcome: e.outcome, outcomeOn: e.outcome_on })),
    conferences: conferences.map((c) => ({ id: c.id, kind: c.kind, heldOn: c.held_on, decision: c.decision, planId: c.plan_id })),
    plans: cp.map((p) => ({ id: p.id, startedOn: p.started_on, endedOn: p.ended_on, reviewBroughtForwardTo: p.review_brought_forward_to })),
    reviews: reviews.map((r) => ({ planId: r.plan_id, kind: r.kind, heldOn: r.held_on })),
  };
}

/** Everything the Plans tab shows about the child protection process, the plans and visits. */
async function overviewIn(trx: Trx, c: CaseContext) {
  const caseId = c.caseId;
  const [discussions, enquiries, conferences, plans, visits, settings] = await Promise.all([
    q.strategyDiscussions(trx, caseId),
    q.enquiries(trx, caseId),
    q.conferences(trx, caseId),
    q.plans(trx, caseId),
    q.visits(trx, caseId),
    q.visitSettings(trx),
  ]);
  const planIds = plans.map((p) => p.id);
  const [children, actions, reviews, parts, facts] = await Promise.all([q.planChildren(trx, planIds), q.actions(trx, planIds), q.reviews(trx, planIds), q.conferenceParts(trx, conferences.map((x) => x.id)), processFacts(trx, caseId)]);
  const history = await q.plansOfChildren(trx, [...new Set(children.map((ch) => ch.child_id))]);
  const names = await q.userNames(trx, [...discussions, ...conferences, ...reviews, ...visits].flatMap((r) => (r.recorded_by ? [r.recorded_by] : [])));
  const memberName = new Map(c.members.map((m) => [m.id, fullName(m)]));
  const memberRole = new Map(c.members.map((m) => [m.id, m.role]));
  const hasPersonCausingHarm = c.members.some((m) => m.role === 'person-causing-harm');
  const steps = processSteps(facts, c.calendar, c.today);
  const every = { 'child-protection': settings?.cp ?? DEFAULT_VISIT_WORKING_DAYS['child-protection'], 'child-in-need': settings?.cin ?? DEFAULT_VISIT_WORKING_DAYS['child-in-need'] };
  const visitRecords = visits.map((v) => ({ childId: v.child_id, kind: v.kind, happenedOn: v.happened_on, seen: v.seen }));

  const planViews = [...plans].reverse().map((p) => {
    const planActions = actions.filter((a) => a.plan_id === p.id);
    const owners: ActionOwner[] = planActions.map((a) => (a.owner_person_id ? { kind: 'person', role: memberRole.get(a.owner_person_id) ?? 'other-adult' } : { kind: 'agency' }));
    return {
      id: p.id,
      kind: p.kind,
      kindLabel: PLAN_KIND_LABELS[p.kind],
      startedOn: p.started_on,
      endedOn: p.ended_on,
      endReason: p.end_reason,
      live: !p.ended_on,
      outcomes: p.outcomes,
      version: p.version,
      nextReview: p.ended_on ? null : dueStatus(c.calendar, c.today, nextReviewFrom(p, reviews.filter((r) => r.plan_id === p.id), steps)),
      children: children
        .filter((ch) => ch.plan_id === p.id)
        .map((ch) => {
          const earlier = earlierPlans(
            { planId: p.id, startedOn: p.started_on },
            history.filter((h) => h.child_id === ch.child_id && h.kind === p.kind).map((h) => ({ planId: h.id, startedOn: h.started_on, endedOn: h.ended_on, category: h.initial_category })),
          );
          return {
            id: ch.child_id,
            name: fullName(ch),
            initialCategory: ch.initial_category ? ABUSE_CATEGORY_LABELS[ch.initial_category] : null,
            latestCategory: ch.latest_category ? ABUSE_CATEGORY_LABELS[ch.latest_category] : null,
            earlier: earlier.map((e) => ({ ...e, category: e.category ? ABUSE_CATEGORY_LABELS[e.category as AbuseCategory] : null })),
            visits: p.ended_on ? null : childVisits(ch.child_id, p.started_on, every[p.kind], visitRecords, c.calendar, c.today),
          };
        }),
      actions: planActions.map((a) => ({
        id: a.id,
        need: a.need,
        action: a.action,
        owner: a.owner_person_id ? (memberName.get(a.owner_person_id) ?? 'Someone no longer on the case') : a.owner_agency!,
        ownerIsPersonCausingHarm: Boolean(a.owner_person_id && memberRole.get(a.owner_person_id) === 'person-causing-harm'),
        dueOn: a.due_on,
        due: a.status === 'done' || a.status === 'not-done' ? null : dueStatus(c.calendar, c.today, a.due_on),
        status: a.status,
        statusLabel: ACTION_STATUS_LABELS[a.status],
        statusNote: a.status_note,
      })),
      onlyTheVictimActs: !p.ended_on && onlyTheVictimActs(owners, hasPersonCausingHarm),
      reviews: reviews
        .filter((r) => r.plan_id === p.id)
        .reverse()
        .map((r) => ({ kindLabel: REVIEW_KIND_LABELS[r.kind], heldOn: r.held_on, progress: r.progress, by: r.recorded_by ? (names[r.recorded_by] ?? 'A former user') : 'The system' })),
    };
  });

  return {
    steps: steps.map((s) => ({ ...s, label: STEP_LABELS[s.key] })),
    discussions: [...discussions].reverse().map((d) => ({
      id: d.id,
      heldOn: d.held_on,
      attendees: d.attendees,
      decisionLabel: STRATEGY_DECISION_LABELS[d.decision],
      reasons: d.reasons,
      immediateActions: d.immediate_actions,
      enquiries: enquiries
        .filter((e) => e.strategy_discussion_id === d.id)
        .map((e) => ({ id: e.id, child: memberName.get(e.child_id) ?? 'A child no longer on the case', startedOn: e.started_on, outcomeLabel: e.outcome ? ENQUIRY_OUTCOME_LABELS[e.outcome] : null, outcomeOn: e.outcome_on })),
    })),
    openEnquiries: enquiries.filter((e) => !e.outcome).length,
    conferences: [...conferences].reverse().map((x) => ({
      id: x.id,
      kind: x.kind,
      kindLabel: x.kind === 'initial' ? 'Initial child protection conference' : 'Review child protection conference',
      heldOn: x.held_on,
      decisionLabel: CONFERENCE_DECISION_LABELS[x.decision],
      categoryLabel: x.category ? ABUSE_CATEGORY_LABELS[x.category] : null,
      split: x.split,
      chair: x.chair,
      reasons: x.reasons,
      parts: parts.filter((pt) => pt.conference_id === x.id).map((pt) => ({ part: pt.part, attendees: pt.attendees, withVictim: pt.with_victim, withPersonCausingHarm: pt.with_person_causing_harm })),
    })),
    plans: planViews,
    livePlans: planViews.filter((p) => p.live),
    visits: visits.slice(0, 20).map((v) => ({
      kindLabel: VISIT_KIND_LABELS[v.kind],
      kind: v.kind,
      happenedOn: v.happened_on,
      child: v.child_id ? (memberName.get(v.child_id) ?? 'A child no longer on the case') : null,
      agency: v.agency,
      seen: v.seen,
      seenAlone: v.seen_alone,
      othersPresent: v.others_present,
      interpreter: v.interpreter,
      note: v.note,
    })),
    visitsTotal: visits.length,
    visitEvery: every,
    hasPersonCausingHarm,
  };
}

export type CaseworkOverview = Awaited<ReturnType<typeof overviewIn>>;

/** What the case's Plans tab and the casework forms read. */
export function caseworkReadService(db: Database) {
  return {
    overview: (user: CurrentUser, caseId: string) => db.tenant(user.tenantId, async (trx) => overviewIn(trx, await caseContext(trx, user, caseId, 'case:view'))),

    /**
     * What a partner system may read of a case's plans and assessment (`cases:read`): an open or closed
     * case that is not restricted; never names, addresses or anything written about the family.
     */
    async forPartner(tenantId: string, caseId: string) {
      return db.tenant(tenantId, async (trx) => {
        const found = await q.caseForPartner(trx, caseId);
        if (!found || found.restricted) return null;
        const [plans, assessment, calendar] = await Promise.all([q.plans(trx, caseId), q.latestAssessment(trx, caseId), tenantCalendar(trx)]);
        const today = londonDate(new Date());
        const [children, actions] = await Promise.all([q.planChildren(trx, plans.map((p) => p.id)), q.actions(trx, plans.map((p) => p.id))]);
        const members = new Map((await q.caseMembers(trx, caseId)).map((m) => [m.id, m.role]));
        return {
          assessment: assessment
            ? { status: assessment.status, referralDate: assessment.referral_date, startedOn: assessment.started_on, dueOn: assessment.due_on, authorisedOn: assessment.authorised_on, recommendation: assessment.recommendation, due: assessment.status === 'authorised' ? null : dueStatus(calendar, today, assessment.due_on as PlainDate).text }
            : null,
          plans: await Promise.all(
            [...plans].reverse().map(async (p) => ({
              id: p.id,
              kind: p.kind,
              startedOn: p.started_on,
              endedOn: p.ended_on,
              outcomes: p.outcomes,
              nextReviewDue: p.ended_on ? null : await nextReviewDue(trx, caseId, p, calendar, today),
              children: children.filter((c) => c.plan_id === p.id).map((c) => ({ personId: c.child_id, initialCategory: c.initial_category, latestCategory: c.latest_category })),
              actions: actions
                .filter((a) => a.plan_id === p.id)
                .map((a) => ({ id: a.id, need: a.need, action: a.action, dueOn: a.due_on, status: a.status, owner: a.owner_person_id ? { kind: 'person' as const, personId: a.owner_person_id, role: members.get(a.owner_person_id) ?? null } : { kind: 'agency' as const, agency: a.owner_agency ?? '' } })),
            })),
          ),
        };
      });
    },

    /** How often children on a plan are visited here, in working days (the defaults until an administrator sets them). */
    async visitFrequency(user: CurrentUser) {
      if (!can(user, 'settings:manage')) throw new CaseworkError(403, 'You do not have permission to do this');
      const saved = await db.tenant(user.tenantId, q.visitSettings);
      return { 'child-protection': saved?.cp ?? DEFAULT_VISIT_WORKING_DAYS['child-protection'], 'child-in-need': saved?.cin ?? DEFAULT_VISIT_WORKING_DAYS['child-in-need'] };
    },

  };
}

export type CaseworkReadService = ReturnType<typeof caseworkReadService>;
