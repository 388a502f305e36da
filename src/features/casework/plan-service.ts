import { checkHappened } from '../../domain/casework/child-protection.js';
import { ACTION_STATUSES, checkAction, checkBringForward, checkPlanEnd, type PlanActionStatus } from '../../domain/casework/plans.js';
import { compareDates, type PlainDate } from '../../domain/calendar/plain-date.js';
import { recordAudit } from '../../platform/audit/audit-log.js';
import type { CurrentUser } from '../../platform/auth/current-user.js';
import type { Database, Trx } from '../../platform/db/database.js';
import { caseContext, CaseworkError, refuse, textOf } from './case-context.js';
import * as q from './queries.js';
import { nextReviewDue } from './read-service.js';

export interface ActionInput {
  need: string;
  action: string;
  /** A person on the case (the person causing harm too), or `agency` with the agency named. */
  owner: string;
  ownerAgency: string;
  dueOn: PlainDate | null;
}

export interface ReviewInput {
  kind: 'core-group' | 'cin-review';
  heldOn: PlainDate;
  progress: string;
  actions: { actionId: string; status: string; note: string }[];
}

/**
 * The child's plan: a child in need plan started by the worker (a child protection plan starts at its
 * initial conference), its outcomes and actions, core groups and reviews with progress on each action,
 * and its end. Every change is audited.
 */
export function planService(db: Database) {
  async function livePlan(trx: Trx, caseId: string, planId: string) {
    const plan = (await q.plans(trx, caseId)).find((p) => p.id === planId);
    if (!plan) throw new CaseworkError(404, 'There is no such plan');
    if (plan.ended_on) throw new CaseworkError(409, 'This plan has ended');
    return plan;
  }
  const audit = (trx: Trx, user: CurrentUser, action: string, caseId: string, requestId: string, details: Record<string, unknown>) =>
    recordAudit(trx, user.tenantId, { actorType: 'user', actorId: user.id, action, subjectType: 'case', subjectId: caseId, requestId, details });

  return {
    /** Starts a child in need plan for the children chosen. */
    async startChildInNeedPlan(user: CurrentUser, caseId: string, input: { startedOn: PlainDate; childIds: string[] }, requestId: string): Promise<void> {
      await db.tenant(user.tenantId, async (trx) => {
        const c = await caseContext(trx, user, caseId, 'case:edit');
        refuse(checkHappened('startedOn', input.startedOn, c.today));
        const childIds = [...new Set(input.childIds)];
        if (childIds.length === 0 || childIds.some((id) => !c.children.some((m) => m.id === id))) throw new CaseworkError(400, 'Choose the children on this case the plan is for', 'childIds');
        if ((await q.plans(trx, caseId)).some((p) => p.kind === 'child-in-need' && !p.ended_on)) throw new CaseworkError(409, 'A child in need plan is already running on this case', 'startedOn');
        const planId = await q.insertPlan(trx, { tenantId: user.tenantId, caseId, kind: 'child-in-need', startedOn: input.startedOn, by: user.id }, childIds.map((childId) => ({ childId, category: null })));
        await audit(trx, user, 'case.plan-started', caseId, requestId, { planId, kind: 'child-in-need' });
      });
    },

    /** The plan's outcomes for the children, one a line; refused when someone saved them since the form was opened. */
    async saveOutcomes(user: CurrentUser, caseId: string, planId: string, input: { outcomes: string[]; version: number }, requestId: string): Promise<void> {
      const outcomes = input.outcomes.map((o) => o.trim()).filter(Boolean);
      if (outcomes.length === 0) throw new CaseworkError(400, 'Write at least one outcome for the children', 'outcomes');
      if (outcomes.length > 30 || outcomes.some((o) => o.length > 500)) throw new CaseworkError(400, 'Write at most 30 outcomes of 500 characters or fewer each', 'outcomes');
      await db.tenant(user.tenantId, async (trx) => {
        await caseContext(trx, user, caseId, 'case:edit');
        await livePlan(trx, caseId, planId);
        if (!(await q.saveOutcomes(trx, planId, outcomes, input.version))) {
          throw new CaseworkError(409, 'Someone changed the outcomes since you opened them. Your changes have not been saved: check the outcomes as they are now, then make your changes again', 'outcomes');
        }
        await audit(trx, user, 'case.plan-outcomes', caseId, requestId, { planId, outcomes: outcomes.length });
      });
    },

    /** An action on the plan: the need it answers, who does it (a person on the case, the person causing harm too, or an agency), when by. */
    async addAction(user: CurrentUser, caseId: string, planId: string, input: ActionInput, requestId: string): Promise<void> {
      await db.tenant(user.tenantId, async (trx) => {
        const c = await caseContext(trx, user, caseId, 'case:edit');
        const plan = await livePlan(trx, caseId, planId);
        const person = input.owner === 'agency' ? null : c.members.find((m) => m.id === input.owner && m.role !== 'child');
        if (input.owner !== 'agency' && !person) throw new CaseworkError(400, 'Choose who will do it from the list', 'owner');
        const agency = input.owner === 'agency' ? textOf(input.ownerAgency, 'ownerAgency', 200, 'Name the agency that will do it') : null;
        refuse(checkAction({ need: input.need, action: input.action, dueOn: input.dueOn, planStartedOn: plan.started_on, ownerGiven: Boolean(person || agency) }));
        const actionId = await q.insertAction(trx, { tenantId: user.tenantId, planId, need: input.need.trim(), action: input.action.trim(), ownerPersonId: person?.id ?? null, ownerAgency: agency, dueOn: input.dueOn!, by: user.id });
        await audit(trx, user, 'case.plan-action', caseId, requestId, { planId, actionId, ownerRole: person?.role ?? 'agency' });
      });
    },

    /**
     * A core group or a child in need review: the progress made, and where each action has got to (an
     * action not done says why). The first core group is due 10 working days after the conference.
     */
    async recordReview(user: CurrentUser, caseId: string, planId: string, input: ReviewInput, requestId: string): Promise<void> {
      await db.tenant(user.tenantId, async (trx) => {
        const c = await caseContext(trx, user, caseId, 'case:edit');
        const plan = await livePlan(trx, caseId, planId);
        if (input.kind === 'core-group' && plan.kind !== 'child-protection') throw new CaseworkError(400, 'A core group meets for a child protection plan: record a child in need review', 'kind');
        if (input.kind === 'cin-review' && plan.kind !== 'child-in-need') throw new CaseworkError(400, 'A child protection plan is reviewed at core groups and review conferences', 'kind');
        refuse(checkHappened('heldOn', input.heldOn, c.today, { on: plan.started_on, what: 'the plan started' }));
        const progress = textOf(input.progress, 'progress', 5000, 'Say what progress has been made for the children')!;
        const known = new Map((await q.actions(trx, [planId])).map((a) => [a.id, a]));
        const updates: { actionId: string; status: PlanActionStatus; note: string }[] = [];
        for (const a of input.actions) {
          if (!known.has(a.actionId)) throw new CaseworkError(400, 'An action given is not on this plan', 'actions');
          if (!(ACTION_STATUSES as readonly string[]).includes(a.status)) throw new CaseworkError(400, 'Choose where each action has got to', `status-${a.actionId}`);
          const note = a.note.trim();
          if (note.length > 2000) throw new CaseworkError(400, 'Write 2,000 characters or fewer', `note-${a.actionId}`);
          if (a.status === 'not-done' && !note) throw new CaseworkError(400, 'Say why the action was not done', `note-${a.actionId}`);
          updates.push({ actionId: a.actionId, status: a.status as PlanActionStatus, note });
        }
        await q.insertReview(trx, { tenantId: user.tenantId, planId, kind: input.kind, heldOn: input.heldOn, conferenceId: null, progress, actionProgress: updates, by: user.id });
        for (const u of updates) await q.updateActionStatus(trx, planId, u.actionId, u.status, u.note || null);
        await audit(trx, user, 'case.plan-review', caseId, requestId, { planId, kind: input.kind, actions: updates.length });
      });
    },

    /** Ends a child in need plan (a child protection plan ends at a review conference). */
    async endPlan(user: CurrentUser, caseId: string, planId: string, input: { endedOn: PlainDate; reason: string }, requestId: string): Promise<void> {
      await db.tenant(user.tenantId, async (trx) => {
        const c = await caseContext(trx, user, caseId, 'case:edit');
        const plan = await livePlan(trx, caseId, planId);
        if (plan.kind === 'child-protection') throw new CaseworkError(409, 'A child protection plan ends at a review conference: record the conference', 'endedOn');
        refuse(checkPlanEnd(input.endedOn, plan.started_on, c.today, input.reason));
        await q.endPlan(trx, planId, input.endedOn, input.reason.trim());
        await audit(trx, user, 'case.plan-ended', caseId, requestId, { planId });
      });
    },

    /** After a new incident: brings the plan's next review forward to a day before it was due. */
    async bringReviewForward(user: CurrentUser, caseId: string, planId: string, reviewOn: PlainDate, requestId: string): Promise<void> {
      await db.tenant(user.tenantId, async (trx) => {
        const c = await caseContext(trx, user, caseId, 'case:edit');
        const plan = await livePlan(trx, caseId, planId);
        const due = await nextReviewDue(trx, caseId, plan, c.calendar, c.today);
        refuse(checkBringForward(reviewOn, c.today, due));
        if (compareDates(reviewOn, plan.started_on) < 0) throw new CaseworkError(400, 'The review cannot be before the plan started', 'reviewOn');
        await q.bringReviewForward(trx, planId, reviewOn);
        await audit(trx, user, 'case.review-brought-forward', caseId, requestId, { planId, reviewOn });
      });
    },
  };
}

export type PlanService = ReturnType<typeof planService>;
