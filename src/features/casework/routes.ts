import { INTERPRETER_KIND_LABELS, INTERPRETER_KINDS, VISIT_KIND_LABELS, VISIT_KINDS } from '../../domain/casework/visits.js';
import { formPage } from '../../platform/http/form-page.js';
import { paths } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import { attempt } from '../../platform/http/service-error.js';
import { idParam, notFound, userOf } from '../../platform/http/route-params.js';
import { visitForm, visitFrequencyForm } from './forms.js';
import type { CaseFrames } from '../cases/frames.js';
import { backToPlans, dateItemsOf, editableCase, PLANS_DONE, type Loaded } from './page-helpers.js';
import type { ConferencePaperService } from './paper-service.js';
import { planRoutes } from './plan-routes.js';
import type { PlanService } from './plan-service.js';
import { processRoutes } from './process-routes.js';
import type { ProcessService } from './process-service.js';
import type { CaseworkReadService } from './read-service.js';
import type { VisitService } from './visit-service.js';

export interface CaseworkServices {
  reads: CaseworkReadService;
  process: ProcessService;
  plans: PlanService;
  visits: VisitService;
  papers: ConferencePaperService;
}

/**
 * The case's Plans tab (the child protection process with its due dates, the child's plans and visits),
 * its forms, a conference part's paper, and the area's visit frequency.
 */
export function caseworkRoutes(router: Router, s: CaseworkServices, frames: CaseFrames): void {
  router.page({
    method: 'GET',
    url: paths.cases.plans(),
    permission: 'case:view',
    pageName: 'case-plans',
    handler: async (request, reply) => {
      const c = await frames.loadCase(request, reply);
      if ('sent' in c) return c.sent;
      const w = await s.reads.overview(userOf(request), c.id);
      const done = (request.query as Record<string, unknown> | undefined)?.done;
      return frames.renderCase(reply, 'casework-plans.njk', c, 'plans', { c, w, success: typeof done === 'string' ? PLANS_DONE[done] : undefined });
    },
  });

  processRoutes(router, s.process, s.reads, frames);
  planRoutes(router, s.plans, s.reads, frames);

  formPage(router, {
    url: paths.cases.newVisit(),
    permission: 'case:edit',
    pageName: 'case-new-visit',
    template: 'casework-visit.njk',
    schema: visitForm,
    dateInputs: ['happenedOn'],
    load: editableCase(frames, s.reads),
    initial: () => ({ agency: 'Children’s services', interpreter: 'none' }),
    view: ({ c }: Loaded, _request, values) => ({
      ...frames.caseFrame(c, 'plans'),
      c,
      dates: dateItemsOf(values, 'happenedOn'),
      kindItems: VISIT_KINDS.map((k) => ({ value: k, text: VISIT_KIND_LABELS[k], checked: values.kind === k })),
      interpreterItems: INTERPRETER_KINDS.map((k) => ({ value: k, text: INTERPRETER_KIND_LABELS[k], checked: values.interpreter === k })),
      childItems: [{ value: '', text: 'Choose a child' }, ...c.members.filter((m) => m.role === 'child').map((m) => ({ value: m.id, text: `${m.given_name} ${m.family_name}`, selected: values.childId === m.id }))],
      seenItems: [
        { value: 'yes', text: 'Yes', checked: values.seen === 'yes' },
        { value: 'no', text: 'No', checked: values.seen === 'no' },
      ],
      aloneItems: [
        { value: 'yes', text: 'Yes, with nobody else there', checked: values.seenAlone === 'yes' },
        { value: 'no', text: 'No', checked: values.seenAlone === 'no' },
      ],
    }),
    submit: async (form, { c }, request) => {
      await s.visits.record({ kind: 'user', user: userOf(request) }, c.id, form, request.id);
      return backToPlans(c.id, 'visit');
    },
  });

  router.page({
    method: 'GET',
    url: paths.cases.conferencePaper(),
    permission: 'case:view',
    pageName: 'case-conference-paper',
    handler: async (request, reply) => {
      const caseId = idParam(request, 'caseId');
      const conferenceId = idParam(request, 'conferenceId');
      const part = Number((request.params as { part?: string }).part);
      if (!caseId || !conferenceId || !Number.isInteger(part) || part < 1 || part > 4) return notFound(reply);
      const result = await attempt(reply, () => s.papers.paper(userOf(request), caseId, conferenceId, part));
      if ('sent' in result) return result.sent;
      if (!result.ok) return notFound(reply);
      return reply.view('casework-paper.njk', { paper: result.value, backHref: paths.cases.plans(caseId) });
    },
  });

  formPage(router, {
    url: paths.admin.visitFrequency,
    permission: 'settings:manage',
    pageName: 'admin-visit-frequency',
    template: 'casework-visit-frequency.njk',
    schema: visitFrequencyForm,
    load: async (request) => s.reads.visitFrequency(userOf(request)),
    initial: (every) => ({ cp: String(every['child-protection']), cin: String(every['child-in-need']) }),
    submit: async (form, _every, request) => {
      await s.visits.saveFrequencies(userOf(request), form, request.id);
      return { to: paths.admin.visitFrequency, done: 'saved' };
    },
    view: (_every, request) => ({ success: (request.query as Record<string, unknown> | undefined)?.done === 'saved' ? 'The visit frequencies have been saved' : undefined }),
  });
}
