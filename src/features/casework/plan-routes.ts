import type { FastifyRequest } from 'fastify';
import { ACTION_STATUS_LABELS, ACTION_STATUSES } from '../../domain/casework/plans.js';
import { formPage } from '../../platform/http/form-page.js';
import { asList } from '../../platform/http/forms.js';
import { paths } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import { idParam, userOf } from '../../platform/http/route-params.js';
import { actionForm, bringForwardForm, childInNeedPlanForm, endPlanForm, outcomesForm, reviewForm } from './forms.js';
import type { CaseFrames } from '../cases/frames.js';
import { backToPlans, childItems, dateItemsOf, editableCase, type Loaded } from './page-helpers.js';
import type { PlanService } from './plan-service.js';
import type { CaseworkReadService } from './read-service.js';

const MEMBER_ROLE_WORDS: Record<string, string> = {
  'adult-victim': 'adult victim',
  'person-causing-harm': 'person causing harm',
  'other-adult': 'other adult',
  supporter: 'safety network',
};

/** The child's plan: starting a child in need plan, outcomes, actions, reviews, ending, and a review brought forward. */
export function planRoutes(router: Router, plans: PlanService, reads: CaseworkReadService, frames: CaseFrames): void {
  const editable = editableCase(frames, reads);
  /** The case and its live plan named in the address (404 for any other). */
  const withPlan = async (request: FastifyRequest, reply: Parameters<typeof editable>[1]) => {
    const loaded = await editable(request, reply);
    if (!('c' in loaded)) return loaded;
    const plan = loaded.w.livePlans.find((p) => p.id === idParam(request, 'planId'));
    return plan ? { ...loaded, plan } : null;
  };
  type WithPlan = Loaded & { plan: Loaded['w']['livePlans'][number] };

  formPage(router, {
    url: paths.cases.newChildInNeedPlan(),
    permission: 'case:edit',
    pageName: 'case-new-child-in-need-plan',
    template: 'casework-plan-new.njk',
    schema: childInNeedPlanForm,
    dateInputs: ['startedOn'],
    load: editable,
    initial: ({ c }) => ({ childIds: c.members.filter((m) => m.role === 'child').map((m) => m.id) }),
    view: ({ c }: Loaded, _request, values) => ({ ...frames.caseFrame(c, 'plans'), c, dates: dateItemsOf(values, 'startedOn'), childItems: childItems(c, asList(values.childIds)) }),
    submit: async (form, { c }, request) => {
      await plans.startChildInNeedPlan(userOf(request), c.id, form, request.id);
      return backToPlans(c.id, 'plan-started');
    },
  });

  formPage(router, {
    url: paths.cases.planOutcomes(),
    permission: 'case:edit',
    pageName: 'case-plan-outcomes',
    template: 'casework-plan-outcomes.njk',
    schema: outcomesForm,
    load: withPlan,
    initial: ({ plan }: WithPlan) => ({ outcomes: plan.outcomes.join('\n'), version: String(plan.version) }),
    view: ({ c, plan }: WithPlan) => ({ ...frames.caseFrame(c, 'plans'), c, plan }),
    submit: async (form, { c, plan }: WithPlan, request) => {
      await plans.saveOutcomes(userOf(request), c.id, plan.id, form, request.id);
      return backToPlans(c.id, 'outcomes');
    },
  });

  formPage(router, {
    url: paths.cases.newPlanAction(),
    permission: 'case:edit',
    pageName: 'case-new-plan-action',
    template: 'casework-plan-action.njk',
    schema: actionForm,
    dateInputs: ['dueOn'],
    load: withPlan,
    view: ({ c, plan, w }: WithPlan, _request, values) => ({
      ...frames.caseFrame(c, 'plans'),
      c,
      plan,
      hasPersonCausingHarm: w.hasPersonCausingHarm,
      dates: dateItemsOf(values, 'dueOn'),
      ownerItems: [
        ...c.members
          .filter((m) => m.role !== 'child')
          .map((m) => ({ value: m.id, text: `${m.given_name} ${m.family_name} (${MEMBER_ROLE_WORDS[m.role] ?? m.role})`, checked: values.owner === m.id })),
        { value: 'agency', text: 'An agency', checked: values.owner === 'agency' },
      ],
    }),
    submit: async (form, { c, plan }: WithPlan, request) => {
      await plans.addAction(userOf(request), c.id, plan.id, form, request.id);
      return backToPlans(c.id, 'action');
    },
  });

  formPage(router, {
    url: paths.cases.planReview(),
    permission: 'case:edit',
    pageName: 'case-plan-review',
    template: 'casework-plan-review.njk',
    schema: reviewForm,
    dateInputs: ['heldOn'],
    load: withPlan,
    initial: ({ plan }: WithPlan) => Object.fromEntries(plan.actions.flatMap((a) => [[`status-${a.id}`, a.status], [`note-${a.id}`, a.statusNote ?? '']])),
    view: ({ c, plan }: WithPlan, _request, values) => ({
      ...frames.caseFrame(c, 'plans'),
      c,
      plan,
      reviewLabel: plan.kind === 'child-protection' ? 'core group meeting' : 'child in need review',
      dates: dateItemsOf(values, 'heldOn'),
      actions: plan.actions.map((a) => ({
        ...a,
        statusItems: ACTION_STATUSES.map((s) => ({ value: s, text: ACTION_STATUS_LABELS[s], checked: values[`status-${a.id}`] === s })),
        note: typeof values[`note-${a.id}`] === 'string' ? values[`note-${a.id}`] : '',
      })),
    }),
    submit: async (form, { c, plan }: WithPlan, request) => {
      await plans.recordReview(userOf(request), c.id, plan.id, { ...form, kind: plan.kind === 'child-protection' ? 'core-group' : 'cin-review' }, request.id);
      return backToPlans(c.id, 'review');
    },
  });

  formPage(router, {
    url: paths.cases.endPlan(),
    permission: 'case:edit',
    pageName: 'case-end-plan',
    template: 'casework-plan-end.njk',
    schema: endPlanForm,
    dateInputs: ['endedOn'],
    load: withPlan,
    view: ({ c, plan }: WithPlan, _request, values) => ({ ...frames.caseFrame(c, 'plans'), c, plan, dates: dateItemsOf(values, 'endedOn') }),
    submit: async (form, { c, plan }: WithPlan, request) => {
      await plans.endPlan(userOf(request), c.id, plan.id, form, request.id);
      return backToPlans(c.id, 'plan-ended');
    },
  });

  formPage(router, {
    url: paths.cases.bringReviewForward(),
    permission: 'case:edit',
    pageName: 'case-bring-review-forward',
    template: 'casework-bring-forward.njk',
    schema: bringForwardForm,
    dateInputs: ['reviewOn'],
    load: withPlan,
    view: ({ c, plan }: WithPlan, _request, values) => ({ ...frames.caseFrame(c, 'plans'), c, plan, dates: dateItemsOf(values, 'reviewOn'), incidents: c.state.incidentsToReview.length }),
    submit: async (form, { c, plan }: WithPlan, request) => {
      await plans.bringReviewForward(userOf(request), c.id, plan.id, form.reviewOn, request.id);
      return backToPlans(c.id, 'review-brought-forward');
    },
  });
}
