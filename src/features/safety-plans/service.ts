import { compareDates, londonDate, type PlainDate } from '../../domain/calendar/plain-date.js';
import { Confidential } from '../../domain/redaction/confidential.js';
import { changedSections, checkSections, sectionLabel, type PlanKind } from '../../domain/safety-plans/sections.js';
import { checkReview, type HeldReason } from '../../domain/safety-plans/reviews.js';
import { checkNetworkMember, checkRules, MADE_WITH, rulesFromText, type MadeWith, type NetworkMemberInput as DomainNetworkMemberInput } from '../../domain/safety-plans/safety-rules.js';
import { checkUnderstanding } from '../../domain/safety-plans/understanding.js';
import { caseViewerOf, requireAccess } from '../../platform/access/decide.js';
import { can } from '../../platform/access/policy.js';
import { recordAudit } from '../../platform/audit/audit-log.js';
import type { CurrentUser } from '../../platform/auth/current-user.js';
import type { Database, Trx } from '../../platform/db/database.js';
import { ServiceError } from '../../platform/http/service-error.js';
import * as q from './queries.js';
import { dueOnCaseload, reviewsOf, type SafetyPlanReviewListing } from './reviews-due.js';
import { caseView, planView } from './views-model.js';

export class SafetyPlanError extends ServiceError {}

export type { SafetyPlanReviewListing } from './reviews-due.js';

export interface VictimPlanInput {
  personId: string;
  madeWith: string;
  madeWithName: string;
  madeOn: PlainDate;
  sections: Record<string, string>;
}

export interface ChildPlanInput {
  personId: string;
  understanding: boolean;
  understandingReason: string;
  madeOn: PlainDate;
  sections: Record<string, string>;
}

/** A member of the family's safety network as the form gives it (the domain's input, without today). */
export type NetworkMemberInput = Omit<DomainNetworkMemberInput, 'today'>;

type Problem = { field: string; message: string } | null;
const refuse = (p: Problem) => {
  if (p) throw new SafetyPlanError(400, p.message, p.field);
};

function checkMadeOn(madeOn: PlainDate, today: PlainDate): void {
  if (compareDates(madeOn, today) > 0) throw new SafetyPlanError(400, 'The date the plan was made cannot be in the future', 'madeOn');
}

function sectionsOrRefuse(kind: PlanKind, given: Record<string, string>): Record<string, string> {
  const checked = checkSections(kind, given);
  if ('problems' in checked) {
    const first = checked.problems[0]!;
    throw new SafetyPlanError(400, first.message, first.field, checked.problems.map((p) => ({ path: `/${p.field}`, message: p.message })));
  }
  return checked.sections;
}

/**
 * Safety plans on a case (issue 16, points 2 to 4): the victim's plan and a child's own plan, saved with
 * versions and reviewed; the safety rules agreed with each parent; the safety network. Every read asks
 * the one access decision for `case:view` and every change for `case:edit` first; every change is audited.
 */
export function safetyPlansService(db: Database) {
  const audit = (trx: Trx, user: CurrentUser, action: string, caseId: string, requestId: string, details: Record<string, unknown>) =>
    recordAudit(trx, user.tenantId, { actorType: 'user', actorId: user.id, action, subjectType: 'case', subjectId: caseId, requestId, details });

  async function livePlan(trx: Trx, caseId: string, planId: string) {
    const plan = (await q.plans(trx, caseId)).find((p) => p.id === planId);
    if (!plan) throw new SafetyPlanError(404, 'There is no such safety plan on this case');
    if (plan.ended_on) throw new SafetyPlanError(409, 'This safety plan has ended');
    return plan;
  }

  async function edit(trx: Trx, user: CurrentUser, caseId: string) {
    await requireAccess(trx, user, 'case:edit', { kind: 'case', id: caseId });
    return { members: await q.caseMembers(trx, caseId), today: londonDate(new Date()) };
  }

  return {
    /** Everything on the case's safety plans page. */
    overview: (user: CurrentUser, caseId: string) =>
      db.tenant(user.tenantId, async (trx) => {
        const resource = await requireAccess(trx, user, 'case:view', { kind: 'case', id: caseId });
        const today = londonDate(new Date());
        const [members, plans, rules, network] = await Promise.all([q.caseMembers(trx, caseId), q.plans(trx, caseId), q.rules(trx, caseId), q.networkMembers(trx, caseId)]);
        const live = plans.filter((p) => !p.ended_on);
        const due = await reviewsOf(trx, live, today);
        return caseView({ members, plans: live, due, rules, network, viewer: caseViewerOf(user, resource), today, mayWithhold: can(user, 'whereabouts:withhold') });
      }),

    /** One plan: its sections, its versions and its reviews, and when the next review is due. */
    plan: (user: CurrentUser, caseId: string, planId: string) =>
      db.tenant(user.tenantId, async (trx) => {
        await requireAccess(trx, user, 'case:view', { kind: 'case', id: caseId });
        const plan = (await q.plans(trx, caseId)).find((p) => p.id === planId);
        if (!plan) throw new SafetyPlanError(404, 'There is no such safety plan on this case');
        const today = londonDate(new Date());
        const [members, versions, reviews, due, names] = await Promise.all([q.caseMembers(trx, caseId), q.versions(trx, planId), q.reviews(trx, [planId]), reviewsOf(trx, plan.ended_on ? [] : [plan], today), q.userNames(trx, [plan.created_by])]);
        return planView({ plan, members, versions, reviews, due: due.get(plan.id) ?? null, createdBy: names.get(plan.created_by) ?? '' });
      }),

    /** Starts the victim's safety plan, made with her by her IDVA or the social worker. */
    startVictimPlan: (user: CurrentUser, caseId: string, input: VictimPlanInput, requestId: string) =>
      db.tenant(user.tenantId, async (trx) => {
        const c = await edit(trx, user, caseId);
        if (!c.members.some((m) => m.id === input.personId && m.role === 'adult-victim')) throw new SafetyPlanError(400, 'Choose the adult victim on this case the plan is for', 'personId');
        if (!(MADE_WITH as readonly string[]).includes(input.madeWith)) throw new SafetyPlanError(400, 'Choose who made the plan with her', 'madeWith');
        const madeWithName = input.madeWithName.trim();
        if (!madeWithName) throw new SafetyPlanError(400, 'Enter the name of the IDVA or social worker who made the plan with her', 'madeWithName');
        if (madeWithName.length > 200) throw new SafetyPlanError(400, 'Write the name in 200 characters or fewer', 'madeWithName');
        checkMadeOn(input.madeOn, c.today);
        const sections = sectionsOrRefuse('victim', input.sections);
        if ((await q.plans(trx, caseId)).some((p) => p.kind === 'victim' && p.person_id === input.personId && !p.ended_on)) throw new SafetyPlanError(409, 'She already has a safety plan on this case: change that one', 'personId');
        const planId = await q.insertPlan(trx, { tenantId: user.tenantId, caseId, kind: 'victim', personId: input.personId, madeWith: input.madeWith as MadeWith, madeWithName, madeOn: input.madeOn, understandingReason: null, sections, by: user.id });
        await audit(trx, user, 'safety-plan.start', caseId, requestId, { planId, kind: 'victim', sections: Object.keys(sections) });
        return { planId };
      }),

    /** Starts a child's own safety plan, once the worker confirms the child understands enough. */
    startChildPlan: (user: CurrentUser, caseId: string, input: ChildPlanInput, requestId: string) =>
      db.tenant(user.tenantId, async (trx) => {
        const c = await edit(trx, user, caseId);
        const child = c.members.find((m) => m.id === input.personId && m.role === 'child');
        if (!child) throw new SafetyPlanError(400, 'Choose a child on this case', 'personId');
        const understanding = checkUnderstanding({ confirmed: input.understanding, reason: input.understandingReason }, child.date_of_birth as PlainDate | null, c.today);
        if ('field' in understanding) refuse(understanding);
        checkMadeOn(input.madeOn, c.today);
        const sections = sectionsOrRefuse('child', input.sections);
        if ((await q.plans(trx, caseId)).some((p) => p.kind === 'child' && p.person_id === input.personId && !p.ended_on)) throw new SafetyPlanError(409, `${child.given_name} already has a safety plan on this case: change that one`, 'personId');
        const reason = 'reason' in understanding ? understanding.reason : null;
        const planId = await q.insertPlan(trx, { tenantId: user.tenantId, caseId, kind: 'child', personId: input.personId, madeWith: null, madeWithName: null, madeOn: input.madeOn, understandingReason: reason, sections, by: user.id });
        await audit(trx, user, 'safety-plan.start', caseId, requestId, { planId, kind: 'child', sections: Object.keys(sections) });
        return { planId };
      }),

    /** Saves the plan's sections as a new version; refused (409) when someone saved it since the form was opened, naming what they changed. */
    saveSections: (user: CurrentUser, caseId: string, planId: string, input: { version: number; sections: Record<string, string> }, requestId: string) =>
      db.tenant(user.tenantId, async (trx) => {
        await edit(trx, user, caseId);
        const plan = await livePlan(trx, caseId, planId);
        const sections = sectionsOrRefuse(plan.kind, input.sections);
        if (plan.version !== input.version) {
          const since = (await q.versions(trx, planId)).filter((v) => v.version > input.version);
          const words = since.map((v) => `${v.saved_by_name} changed ${v.changed.map((k) => sectionLabel(plan.kind, k).toLowerCase()).join(', ') || 'nothing'}`).join('; ');
          throw new SafetyPlanError(409, `The plan was saved by someone else after you opened it (${words}). Your changes are below: check them against the plan as it is now.`, 'form');
        }
        const changed = changedSections(plan.kind, plan.sections, sections);
        if (changed.length === 0) throw new SafetyPlanError(400, 'Nothing has changed: change a part of the plan, or go back', 'form');
        if (!(await q.saveSections(trx, { tenantId: user.tenantId, planId, version: input.version, sections, changed, by: user.id }))) throw new SafetyPlanError(409, 'The plan was saved by someone else at the same moment: open it again', 'form');
        await audit(trx, user, 'safety-plan.save', caseId, requestId, { planId, version: input.version + 1, changed });
      }),

    /** Records a review of the plan and what changed at it. */
    recordReview: (user: CurrentUser, caseId: string, planId: string, input: { heldOn: PlainDate; reason: HeldReason; whatChanged: string }, requestId: string) =>
      db.tenant(user.tenantId, async (trx) => {
        const c = await edit(trx, user, caseId);
        const plan = await livePlan(trx, caseId, planId);
        refuse(checkReview({ heldOn: input.heldOn, madeOn: plan.made_on, today: c.today, whatChanged: input.whatChanged }));
        await q.insertReview(trx, { tenantId: user.tenantId, planId, heldOn: input.heldOn, reason: input.reason, whatChanged: input.whatChanged.trim(), planVersion: plan.version, by: user.id });
        await audit(trx, user, 'safety-plan.review', caseId, requestId, { planId, heldOn: input.heldOn, reason: input.reason });
      }),

    /** Saves the safety rules agreed with one parent (the adult victim, the person causing harm or another adult on the case). */
    saveRules: (user: CurrentUser, caseId: string, input: { personId: string; rules: string; agreed: boolean; agreedOn: PlainDate | null; version: number | null }, requestId: string) =>
      db.tenant(user.tenantId, async (trx) => {
        const c = await edit(trx, user, caseId);
        if (!c.members.some((m) => m.id === input.personId && m.role !== 'child')) throw new SafetyPlanError(400, 'Choose a parent or adult on this case', 'personId');
        const checked = checkRules({ rules: rulesFromText(input.rules), agreed: input.agreed, agreedOn: input.agreedOn, today: c.today });
        if ('field' in checked) refuse(checked);
        const rules = 'rules' in checked ? checked.rules : [];
        if (!(await q.saveRules(trx, { tenantId: user.tenantId, caseId, personId: input.personId, rules, agreed: input.agreed, agreedOn: input.agreed ? input.agreedOn : null, version: input.version, by: user.id }))) {
          throw new SafetyPlanError(409, 'These rules were saved by someone else after you opened them: open them again to see them as they are now', 'rules');
        }
        await audit(trx, user, 'safety-rules.save', caseId, requestId, { personId: input.personId, rules: rules.length, agreed: input.agreed });
      }),

    /** Adds someone to the safety network; withholding their details needs the permission to withhold whereabouts. */
    addNetworkMember: (user: CurrentUser, caseId: string, input: NetworkMemberInput, requestId: string) =>
      db.tenant(user.tenantId, async (trx) => {
        const c = await edit(trx, user, caseId);
        refuse(checkNetworkMember({ ...input, today: c.today }));
        if (input.withhold && !can(user, 'whereabouts:withhold')) throw new SafetyPlanError(403, 'You do not have permission to withhold someone’s details');
        const withholding = input.withhold ? { reason: input.withholdReason.trim(), by: user.id, at: new Date() } : null;
        const secret = (v: string) => (v.trim() ? Confidential.of(v.trim(), withholding) : null);
        const id = await q.insertNetworkMember(trx, {
          tenantId: user.tenantId,
          caseId,
          name: input.name.trim(),
          relationship: input.relationship.trim(),
          phone: secret(input.phone),
          email: secret(input.email),
          knowsWorries: input.knowsWorries,
          knowsRedFlags: input.knowsRedFlags,
          whatToDo: input.whatToDo.trim(),
          agreed: input.agreed,
          agreedOn: input.agreed ? input.agreedOn : null,
          withholding,
          by: user.id,
        });
        await audit(trx, user, 'safety-network.add', caseId, requestId, { memberId: id, withheld: input.withhold });
      }),

    /** Due and overdue safety plan reviews on the user's and their teams' cases, for the reviews list and the home page. */
    reviewsDue: (user: CurrentUser): Promise<SafetyPlanReviewListing[]> =>
      db.tenant(user.tenantId, async (trx) => (can(user, 'case:view') ? dueOnCaseload(trx, user.id, user.teamIds ?? [], londonDate(new Date())) : [])),
  };
}

export type SafetyPlansService = ReturnType<typeof safetyPlansService>;
