import { checkAttendees, checkHappened, checkParts, type AbuseCategory, type Attendee, type ConferencePart, type EnquiryOutcome, type StrategyDecision } from '../../domain/casework/child-protection.js';
import type { PlainDate } from '../../domain/calendar/plain-date.js';
import { recordAudit } from '../../platform/audit/audit-log.js';
import { formatDate } from '../../platform/http/format.js';
import type { CurrentUser } from '../../platform/auth/current-user.js';
import type { Database } from '../../platform/db/database.js';
import { completeStrategyDiscussionTask } from '../cases/service.js';
import { caseContext, CaseworkError, refuse, textOf } from './case-context.js';
import * as q from './queries.js';

export interface StrategyDiscussionInput {
  heldOn: PlainDate;
  attendees: Attendee[];
  decision: StrategyDecision;
  reasons: string;
  immediateActions: string;
  /** The children a section 47 enquiry is about (when that was decided). */
  childIds: string[];
}

export interface ConferenceInput {
  kind: 'initial' | 'review';
  heldOn: PlainDate;
  decision: 'plan' | 'no-plan' | 'continue' | 'end';
  category: AbuseCategory | null;
  split: boolean;
  parts: ConferencePart[];
  chair: string;
  reasons: string;
}

/**
 * The child protection process of a case: strategy discussions, section 47 enquiries and conferences.
 * Each is refused when its dates are out of order, naming the field; each change is audited.
 */
export function processService(db: Database) {
  const audit = (user: CurrentUser, action: string, caseId: string, requestId: string, details: Record<string, unknown>) =>
    (trx: Parameters<typeof recordAudit>[0]) => recordAudit(trx, user.tenantId, { actorType: 'user', actorId: user.id, action, subjectType: 'case', subjectId: caseId, requestId, details });

  return {
    /**
     * Records a strategy discussion. A decision to hold a section 47 enquiry starts one for each child
     * chosen, on the day of the discussion; the threshold decision's task, if one waits, is done.
     */
    async recordStrategyDiscussion(user: CurrentUser, caseId: string, input: StrategyDiscussionInput, requestId: string): Promise<void> {
      await db.tenant(user.tenantId, async (trx) => {
        const c = await caseContext(trx, user, caseId, 'case:edit');
        const earlier = (await q.strategyDiscussions(trx, caseId)).at(-1);
        refuse(checkHappened('heldOn', input.heldOn, c.today));
        const { attendees, problem } = checkAttendees(input.attendees);
        refuse(problem);
        const reasons = textOf(input.reasons, 'reasons', 5000, 'Say what was decided and why')!;
        const immediateActions = textOf(input.immediateActions, 'immediateActions', 5000, null);
        const childIds = [...new Set(input.childIds)];
        if (input.decision === 'section-47') {
          if (childIds.length === 0) throw new CaseworkError(400, 'Choose the children the section 47 enquiry is about', 'childIds');
          if (childIds.some((id) => !c.children.some((m) => m.id === id))) throw new CaseworkError(400, 'Choose children on this case', 'childIds');
          const open = (await q.enquiries(trx, caseId)).filter((e) => !e.outcome && childIds.includes(e.child_id));
          if (open.length > 0) throw new CaseworkError(409, 'A section 47 enquiry is already open for a child chosen: record its outcome first', 'childIds');
        }
        const taskId = await q.openStrategyTask(trx, caseId);
        const id = await q.insertStrategyDiscussion(trx, { tenantId: user.tenantId, caseId, taskId, heldOn: input.heldOn, attendees, decision: input.decision, reasons, immediateActions, by: user.id });
        if (input.decision === 'section-47') await q.insertEnquiries(trx, user.tenantId, caseId, id, childIds, input.heldOn, user.id);
        if (taskId) await completeStrategyDiscussionTask(trx, user.tenantId, caseId, taskId, user.id, `Strategy discussion held on ${formatDate(input.heldOn)}: see the Plans tab`);
        await audit(user, 'case.strategy-discussion', caseId, requestId, { strategyDiscussionId: id, decision: input.decision, children: childIds.length, followsEarlier: Boolean(earlier) })(trx);
      });
    },

    /** Records the outcome of the section 47 enquiries still open on the case, on one day. */
    async recordEnquiryOutcome(user: CurrentUser, caseId: string, input: { outcome: EnquiryOutcome; outcomeOn: PlainDate }, requestId: string): Promise<void> {
      await db.tenant(user.tenantId, async (trx) => {
        const c = await caseContext(trx, user, caseId, 'case:edit');
        const open = (await q.enquiries(trx, caseId)).filter((e) => !e.outcome);
        if (open.length === 0) throw new CaseworkError(409, 'There is no open section 47 enquiry on this case', 'outcome');
        const started = open.map((e) => e.started_on).sort().at(-1)!;
        refuse(checkHappened('outcomeOn', input.outcomeOn, c.today, { on: started, what: 'the enquiry started' }));
        await q.closeEnquiries(trx, caseId, open.map((e) => e.id), input.outcome, input.outcomeOn);
        await audit(user, 'case.section-47-outcome', caseId, requestId, { outcome: input.outcome, enquiries: open.length })(trx);
      });
    },

    /**
     * Records a conference. An initial conference follows the last strategy discussion (never before it)
     * and, deciding on a plan, starts the child protection plan for the children of the enquiry, with the
     * category of abuse. A review conference reviews the live plan: it continues (perhaps under another
     * category) or ends.
     */
    async recordConference(user: CurrentUser, caseId: string, input: ConferenceInput, requestId: string): Promise<void> {
      await db.tenant(user.tenantId, async (trx) => {
        const c = await caseContext(trx, user, caseId, 'case:edit');
        refuse(checkParts(input.split, input.parts));
        const parts = input.parts.filter((p) => p.attendees.trim() || p.withVictim || p.withPersonCausingHarm).map((p) => ({ ...p, attendees: p.attendees.trim() }));
        const chair = textOf(input.chair, 'chair', 200, null);
        const reasons = textOf(input.reasons, 'reasons', 5000, 'Say what the conference decided and why')!;
        const livePlan = (await q.plans(trx, caseId)).find((p) => p.kind === 'child-protection' && !p.ended_on);
        const base = { tenantId: user.tenantId, caseId, heldOn: input.heldOn, split: input.split, chair, reasons, by: user.id };
        if (input.kind === 'initial') {
          const discussion = (await q.strategyDiscussions(trx, caseId)).at(-1);
          if (!discussion) throw new CaseworkError(409, 'Record the strategy discussion before the conference', 'heldOn');
          refuse(checkHappened('heldOn', input.heldOn, c.today, { on: discussion.held_on, what: 'the strategy discussion' }));
          if (livePlan) throw new CaseworkError(409, 'The children already have a child protection plan: record a review conference instead', 'kind');
          if (input.decision !== 'plan' && input.decision !== 'no-plan') throw new CaseworkError(400, 'Choose whether the conference decided on a plan', 'decision');
          if (input.decision === 'plan' && !input.category) throw new CaseworkError(400, 'Choose the category of abuse', 'category');
          const enquiryChildren = (await q.enquiries(trx, caseId)).filter((e) => e.strategy_discussion_id === discussion.id).map((e) => e.child_id);
          const childIds = enquiryChildren.length ? [...new Set(enquiryChildren)] : c.children.map((m) => m.id);
          if (input.decision === 'plan' && childIds.length === 0) throw new CaseworkError(409, 'Add the children to the case before their plan', 'decision');
          const conferenceId = await q.insertConference(trx, { ...base, kind: 'initial', planId: null, decision: input.decision, category: input.decision === 'plan' ? input.category : null }, parts);
          // The enquiries of that discussion end in this conference, when nobody recorded their outcome.
          const open = (await q.enquiries(trx, caseId)).filter((e) => !e.outcome && e.strategy_discussion_id === discussion.id);
          await q.closeEnquiries(trx, caseId, open.map((e) => e.id), 'conference', input.heldOn);
          if (input.decision === 'plan') {
            const planId = await q.insertPlan(trx, { tenantId: user.tenantId, caseId, kind: 'child-protection', startedOn: input.heldOn, by: user.id }, childIds.map((childId) => ({ childId, category: input.category })));
            await q.setConferencePlan(trx, conferenceId, planId);
          }
          await audit(user, 'case.conference', caseId, requestId, { conferenceId, kind: 'initial', decision: input.decision, split: input.split })(trx);
          return;
        }
        if (!livePlan) throw new CaseworkError(409, 'There is no child protection plan to review', 'kind');
        refuse(checkHappened('heldOn', input.heldOn, c.today, { on: livePlan.started_on, what: 'the plan started' }));
        if (input.decision !== 'continue' && input.decision !== 'end') throw new CaseworkError(400, 'Choose whether the plan continues or ends', 'decision');
        const conferenceId = await q.insertConference(trx, { ...base, kind: 'review', planId: livePlan.id, decision: input.decision, category: input.category }, parts);
        await q.insertReview(trx, { tenantId: user.tenantId, planId: livePlan.id, kind: 'review-conference', heldOn: input.heldOn, conferenceId, progress: reasons, actionProgress: [], by: user.id });
        if (input.category) await q.setLatestCategory(trx, livePlan.id, input.category);
        if (input.decision === 'end') await q.endPlan(trx, livePlan.id, input.heldOn, 'Ended by a review child protection conference');
        await audit(user, 'case.conference', caseId, requestId, { conferenceId, kind: 'review', decision: input.decision, split: input.split })(trx);
      });
    },
  };
}

export type ProcessService = ReturnType<typeof processService>;
