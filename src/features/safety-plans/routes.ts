import type { FastifyReply, FastifyRequest } from 'fastify';
import { HELD_REASON_LABELS, HELD_REASONS } from '../../domain/safety-plans/reviews.js';
import { MADE_WITH, MADE_WITH_LABELS, SUGGESTED_RULES } from '../../domain/safety-plans/safety-rules.js';
import { CHILD_SECTIONS, VICTIM_SECTIONS } from '../../domain/safety-plans/sections.js';
import { SUGGESTED_AGE } from '../../domain/safety-plans/understanding.js';
import { Answered, formPage } from '../../platform/http/form-page.js';
import { dateBoxes } from '../../platform/http/govuk-date.js';
import { paths } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import { idParam, userOf } from '../../platform/http/route-params.js';
import type { CaseOverview } from '../cases/case-page.js';
import type { CaseFrames } from '../cases/frames.js';
import { childPlanForm, DATES, networkMemberForm, printForm, reviewForm, rulesForm, sectionsForm, victimPlanForm } from './forms.js';
import type { SafetyPlanPrintService } from './print-service.js';
import { SafetyPlanError, type SafetyPlansService } from './service.js';
import type { PlanView, SafetyPlansCaseView } from './views-model.js';

const DONE: Record<string, string> = {
  'victim-plan': 'The safety plan has been saved. Print her copy when she is ready for it',
  'child-plan': 'The child’s safety plan has been saved. Print their copy to go through with them',
  saved: 'The safety plan has been saved as a new version',
  review: 'The review has been recorded',
  rules: 'The safety rules have been saved',
  network: 'The person has been added to the safety network',
};

const doneOf = (request: FastifyRequest) => {
  const done = (request.query as Record<string, unknown> | undefined)?.done;
  return typeof done === 'string' ? DONE[done] : undefined;
};
const dates = (values: Record<string, string | string[]>, ...names: (keyof typeof DATES)[]) => Object.fromEntries(names.map((n) => [n, dateBoxes(values, n, DATES[n])]));
const radios = (options: readonly string[], labels: Record<string, string>, chosen: unknown) => options.map((o) => ({ value: o, text: labels[o] ?? o, checked: chosen === o }));

interface Loaded {
  c: CaseOverview;
  s: SafetyPlansCaseView;
}
interface WithPlan extends Loaded {
  plan: PlanView;
}

/** The case's safety plans page and its forms, inside the case's Plans tab. */
export function safetyPlanRoutes(router: Router, service: SafetyPlansService, print: SafetyPlanPrintService, frames: CaseFrames): void {
  const load = async (request: FastifyRequest, reply: FastifyReply, mustEdit: boolean): Promise<Loaded | Answered> => {
    const c = await frames.loadCase(request, reply);
    if ('sent' in c) return new Answered(c.sent);
    if (mustEdit && !c.mayEdit) throw new SafetyPlanError(403, 'You cannot change this case’s safety plans');
    return { c, s: await service.overview(userOf(request), c.id) };
  };
  const editable = (request: FastifyRequest, reply: FastifyReply) => load(request, reply, true);
  const withPlan = async (request: FastifyRequest, reply: FastifyReply, mustEdit: boolean): Promise<WithPlan | Answered | null> => {
    const loaded = await load(request, reply, mustEdit);
    if (loaded instanceof Answered) return loaded;
    const planId = idParam(request, 'planId');
    if (!planId) return null;
    return { ...loaded, plan: await service.plan(userOf(request), loaded.c.id, planId) };
  };
  const planPage = (w: WithPlan, request: FastifyRequest, values: Record<string, string | string[]> = {}) => ({
    ...frames.caseFrame(w.c, 'plans'),
    c: w.c,
    plan: w.plan,
    copyItems: radios(
      ['theirs', 'theirs-titled', 'professional'],
      w.plan.kind === 'victim'
        ? { theirs: 'Her copy, in neutral form: it does not look like a safety plan (best for a copy she keeps)', 'theirs-titled': 'Her copy, titled as a safety plan', professional: 'A copy for a professional working with the family' }
        : { theirs: `${w.plan.name}’s own copy, in large type`, 'theirs-titled': `${w.plan.name}’s own copy, in large type`, professional: 'A copy for a professional working with the family' },
      values.copy ?? 'theirs',
    ).filter((i) => w.plan.kind === 'victim' || i.value !== 'theirs-titled'),
    success: doneOf(request),
  });

  router.page({
    method: 'GET',
    url: paths.safetyPlans.list(),
    permission: 'case:view',
    pageName: 'case-safety-plans',
    handler: async (request, reply) => {
      const loaded = await load(request, reply, false);
      if (loaded instanceof Answered) return loaded.reply;
      return frames.renderCase(reply, 'safety-plans.njk', loaded.c, 'plans', { c: loaded.c, s: loaded.s, success: doneOf(request) });
    },
  });

  formPage(router, {
    url: paths.safetyPlans.newVictimPlan(),
    permission: 'case:edit',
    pageName: 'case-new-victim-safety-plan',
    template: 'safety-plan-victim-new.njk',
    schema: victimPlanForm,
    dateInputs: ['madeOn'],
    load: editable,
    initial: ({ s }: Loaded, request) => ({ personId: String((request.query as Record<string, unknown>).personId ?? (s.victims.length === 1 ? s.victims[0]!.id : '')) }),
    view: ({ c, s }: Loaded, _request, values) => ({
      ...frames.caseFrame(c, 'plans'),
      c,
      sections: VICTIM_SECTIONS,
      dates: dates(values, 'madeOn'),
      personItems: s.victims.filter((v) => !v.plan).map((v) => ({ value: v.id, text: v.name, checked: values.personId === v.id })),
      madeWithItems: radios(MADE_WITH, MADE_WITH_LABELS, values.madeWith),
    }),
    submit: async (form, { c }: Loaded, request) => {
      const { planId } = await service.startVictimPlan(userOf(request), c.id, form, request.id);
      return { to: paths.safetyPlans.plan(c.id, planId), done: 'victim-plan' };
    },
  });

  formPage(router, {
    url: paths.safetyPlans.newChildPlan(),
    permission: 'case:edit',
    pageName: 'case-new-child-safety-plan',
    template: 'safety-plan-child-new.njk',
    schema: childPlanForm,
    dateInputs: ['madeOn'],
    load: editable,
    initial: (_l: Loaded, request) => ({ personId: String((request.query as Record<string, unknown>).personId ?? '') }),
    view: ({ c, s }: Loaded, _request, values) => ({
      ...frames.caseFrame(c, 'plans'),
      c,
      sections: CHILD_SECTIONS,
      suggestedAge: SUGGESTED_AGE,
      dates: dates(values, 'madeOn'),
      personItems: s.children
        .filter((ch) => !ch.plan)
        .map((ch) => ({ value: ch.id, text: ch.name, checked: values.personId === ch.id, hint: { text: ch.age === null ? 'Age not known: say why they understand enough' : ch.suggestion === 'likely' ? `Aged ${ch.age}: usually old enough, if they understand it` : `Aged ${ch.age}: usually too young; say why if they understand enough` } })),
    }),
    submit: async (form, { c }: Loaded, request) => {
      const { planId } = await service.startChildPlan(userOf(request), c.id, form, request.id);
      return { to: paths.safetyPlans.plan(c.id, planId), done: 'child-plan' };
    },
  });

  router.page({
    method: 'GET',
    url: paths.safetyPlans.plan(),
    permission: 'case:view',
    pageName: 'case-safety-plan',
    handler: async (request, reply) => {
      const found = await withPlan(request, reply, false);
      if (found instanceof Answered) return found.reply;
      if (!found) return reply.code(404).view('errors/404.njk');
      return reply.view('safety-plan.njk', { ...planPage(found, request), values: {}, errors: { fields: {}, summary: [] } });
    },
  });

  formPage(router, {
    url: paths.safetyPlans.print(),
    permission: 'case:edit',
    pageName: 'case-print-safety-plan',
    template: 'safety-plan.njk',
    postOnly: true,
    schema: printForm,
    load: (request, reply) => withPlan(request, reply, true),
    view: (w: WithPlan, request, values) => planPage(w, request, values),
    submit: async (form, { c, plan }: WithPlan, request) => {
      const { documentId } = await print.plan(userOf(request), c.id, plan.id, form, request.id);
      return { to: paths.documents.show(c.id, documentId), done: 'made' };
    },
    fieldIds: { recipient: 'copy', neutral: 'copy', template: 'copy' },
  });

  formPage(router, {
    url: paths.safetyPlans.edit(),
    permission: 'case:edit',
    pageName: 'case-edit-safety-plan',
    template: 'safety-plan-edit.njk',
    schema: (w: WithPlan) => sectionsForm(w.plan.kind),
    load: (request, reply) => withPlan(request, reply, true),
    initial: ({ plan }: WithPlan) => ({ ...plan.sections, version: String(plan.version) }),
    view: ({ c, plan }: WithPlan) => ({ ...frames.caseFrame(c, 'plans'), c, plan, sections: plan.kind === 'victim' ? VICTIM_SECTIONS : CHILD_SECTIONS }),
    submit: async (form, { c, plan }: WithPlan, request) => {
      await service.saveSections(userOf(request), c.id, plan.id, form, request.id);
      return { to: paths.safetyPlans.plan(c.id, plan.id), done: 'saved' };
    },
  });

  formPage(router, {
    url: paths.safetyPlans.review(),
    permission: 'case:edit',
    pageName: 'case-review-safety-plan',
    template: 'safety-plan-review.njk',
    schema: reviewForm,
    dateInputs: ['heldOn'],
    load: (request, reply) => withPlan(request, reply, true),
    view: ({ c, plan }: WithPlan, _request, values) => ({ ...frames.caseFrame(c, 'plans'), c, plan, dates: dates(values, 'heldOn'), reasonItems: radios(HELD_REASONS, HELD_REASON_LABELS, values.reason) }),
    submit: async (form, { c, plan }: WithPlan, request) => {
      await service.recordReview(userOf(request), c.id, plan.id, form, request.id);
      return { to: paths.safetyPlans.plan(c.id, plan.id), done: 'review' };
    },
  });

  const withParent = async (request: FastifyRequest, reply: FastifyReply) => {
    const loaded = await editable(request, reply);
    if (loaded instanceof Answered) return loaded;
    const parent = loaded.s.parents.find((p) => p.id === idParam(request, 'personId'));
    return parent ? { ...loaded, parent } : null;
  };
  type WithParent = Loaded & { parent: SafetyPlansCaseView['parents'][number] };

  formPage(router, {
    url: paths.safetyPlans.rules(),
    permission: 'case:edit',
    pageName: 'case-safety-rules',
    template: 'safety-rules.njk',
    schema: rulesForm,
    dateInputs: ['agreedOn'],
    load: withParent,
    initial: ({ parent }: WithParent): Record<string, string> => {
      const r = parent.rules;
      if (!r) return { rules: [...(SUGGESTED_RULES[parent.role as keyof typeof SUGGESTED_RULES] ?? SUGGESTED_RULES.other)].join('\n') };
      const [y = '', m = '', d = ''] = r.agreedOn ? r.agreedOn.split('-') : [];
      return { rules: r.rules.join('\n'), agreed: r.agreed ? 'yes' : 'no', version: String(r.version), 'agreedOn-day': d.replace(/^0/, ''), 'agreedOn-month': m.replace(/^0/, ''), 'agreedOn-year': y };
    },
    view: ({ c, parent }: WithParent, _request, values) => ({ ...frames.caseFrame(c, 'plans'), c, parent, dates: dates(values, 'agreedOn'), agreedItems: radios(['yes', 'no'], { yes: 'Yes', no: 'Not yet' }, values.agreed) }),
    submit: async (form, { c, parent }: WithParent, request) => {
      await service.saveRules(userOf(request), c.id, { ...form, personId: parent.id }, request.id);
      return { to: paths.safetyPlans.list(c.id), done: 'rules' };
    },
  });

  formPage(router, {
    url: paths.safetyPlans.printRules(),
    permission: 'case:edit',
    pageName: 'case-print-safety-rules',
    template: 'safety-plans.njk',
    postOnly: true,
    schema: printForm.partial(),
    load: withParent,
    view: ({ c, s }: WithParent) => ({ ...frames.caseFrame(c, 'plans'), c, s }),
    submit: async (_form, { c, parent }: WithParent, request) => {
      const { documentId } = await print.rules(userOf(request), c.id, parent.id, request.id);
      return { to: paths.documents.show(c.id, documentId), done: 'made' };
    },
    fieldIds: { recipient: 'rules', neutral: 'rules', template: 'rules' },
  });

  formPage(router, {
    url: paths.safetyPlans.newNetworkMember(),
    permission: 'case:edit',
    pageName: 'case-new-safety-network-member',
    template: 'safety-network-new.njk',
    schema: networkMemberForm,
    dateInputs: ['agreedOn'],
    load: editable,
    view: ({ c, s }: Loaded, _request, values) => ({ ...frames.caseFrame(c, 'plans'), c, mayWithhold: s.mayWithhold, dates: dates(values, 'agreedOn'), agreedItems: radios(['yes', 'no'], { yes: 'Yes', no: 'Not yet' }, values.agreed) }),
    submit: async (form, { c }: Loaded, request) => {
      await service.addNetworkMember(userOf(request), c.id, form, request.id);
      return { to: paths.safetyPlans.list(c.id), done: 'network' };
    },
  });
}
