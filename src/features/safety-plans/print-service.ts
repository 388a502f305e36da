import { londonDate } from '../../domain/calendar/plain-date.js';
import { sectionsOf } from '../../domain/safety-plans/sections.js';
import { MADE_WITH_LABELS, type MadeWith } from '../../domain/safety-plans/safety-rules.js';
import { requireAccess } from '../../platform/access/decide.js';
import type { CurrentUser } from '../../platform/auth/current-user.js';
import type { Database } from '../../platform/db/database.js';
import { formatDate } from '../../platform/http/format.js';
import type { DocumentsService } from '../documents/service.js';
import * as q from './queries.js';
import { reviewsOf } from './reviews-due.js';
import { SafetyPlanError } from './service.js';

/**
 * Printing a plan or a parent's rules, through the one document module (never a PDF of our own): the
 * victim's plan for her (in neutral form unless the worker chooses otherwise, and always when her
 * safe-contact preference says so) or for a professional; a child's plan for the child in large type;
 * each parent's rules for that parent. The module refuses a recipient on the case's must-not-receive
 * list for what the plan says, and the templates cannot be for the person causing harm at all.
 */
export type PlanCopy = 'theirs' | 'theirs-titled' | 'professional';

export interface PrintInput {
  copy: PlanCopy;
  recipientName: string;
  recipientAgency: string;
}

const fullName = (m: { given_name: string; family_name: string }) => `${m.given_name} ${m.family_name}`;

export function safetyPlanPrintService(db: Database, documents: DocumentsService) {
  return {
    plan: (user: CurrentUser, caseId: string, planId: string, input: PrintInput, requestId: string): Promise<{ documentId: string }> =>
      db.tenant(user.tenantId, async (trx) => {
        await requireAccess(trx, user, 'case:edit', { kind: 'case', id: caseId });
        const plan = (await q.plans(trx, caseId)).find((p) => p.id === planId && !p.ended_on);
        if (!plan) throw new SafetyPlanError(404, 'There is no such safety plan on this case');
        const person = (await q.caseMembers(trx, caseId)).find((m) => m.id === plan.person_id);
        if (!person) throw new SafetyPlanError(409, 'The person this plan is for is no longer on the case');
        const sections = Object.fromEntries(sectionsOf(plan.kind).map((s) => [s.key, plan.sections[s.key] ?? '']));
        const professional = input.copy === 'professional';
        if (professional && !input.recipientName.trim()) throw new SafetyPlanError(400, 'Enter the name of the professional the copy is for', 'recipientName');
        const recipient = professional ? { name: input.recipientName.trim(), agency: input.recipientAgency.trim() || null } : { personId: person.id, name: fullName(person) };
        const madeOn = formatDate(plan.made_on);
        let values: Record<string, string>;
        if (plan.kind === 'victim') {
          const next = (await reviewsOf(trx, [plan], londonDate(new Date()))).get(plan.id);
          values = { name: fullName(person), madeOn, madeWith: `${plan.made_with_name ?? ''}, ${(MADE_WITH_LABELS[plan.made_with as MadeWith] ?? '').replace(/^(Her|The) /, '')}`, nextReview: next ? formatDate(next.dueOn) : madeOn, ...sections };
        } else {
          values = { childName: person.given_name, madeOn, ...sections };
        }
        const made = await documents.makeIn(
          trx,
          user,
          {
            caseId,
            template: plan.kind === 'victim' ? 'victim-safety-plan' : 'child-safety-plan',
            language: 'en',
            audience: professional ? 'professional-network' : plan.kind === 'victim' ? 'victim' : 'child',
            recipient,
            values,
            neutral: input.copy === 'theirs' && plan.kind === 'victim',
          },
          requestId,
        );
        return { documentId: made.id };
      }),

    /** The rules agreed with one parent, for that parent: the person causing harm's copy holds his own rules and nothing else. */
    rules: (user: CurrentUser, caseId: string, personId: string, requestId: string): Promise<{ documentId: string }> =>
      db.tenant(user.tenantId, async (trx) => {
        await requireAccess(trx, user, 'case:edit', { kind: 'case', id: caseId });
        const rules = (await q.rules(trx, caseId)).find((r) => r.person_id === personId);
        const parent = (await q.caseMembers(trx, caseId)).find((m) => m.id === personId && m.role !== 'child');
        if (!rules || !parent) throw new SafetyPlanError(404, 'There are no safety rules for this person on this case');
        const audience = parent.role === 'person-causing-harm' ? 'person-causing-harm' : parent.role === 'adult-victim' ? 'victim' : 'parent';
        const agreement = rules.agreed && rules.agreed_on ? `Agreed on ${formatDate(rules.agreed_on)}` : 'Not yet agreed';
        const made = await documents.makeIn(trx, user, { caseId, template: 'safety-rules', language: 'en', audience, recipient: { personId, name: fullName(parent) }, values: { parentName: fullName(parent), rules: rules.rules, agreement } }, requestId);
        return { documentId: made.id };
      }),
  };
}

export type SafetyPlanPrintService = ReturnType<typeof safetyPlanPrintService>;
