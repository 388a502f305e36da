import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { FACTOR_GROUPS, factorLabel } from '../../domain/assessment/factors.js';
import { FAMILY_PART, RECOMMENDATION_LABELS, SECTION_KEYS, SECTIONS, statusOf, type Recommendation } from '../../domain/assessment/sections.js';
import { SOURCE_LABELS, type InformationSource } from '../../domain/assessment/information-requests.js';
import { Answered, formPage } from '../../platform/http/form-page.js';
import { asList } from '../../platform/http/forms.js';
import { paths } from '../../platform/http/paths.js';
import { userOf } from '../../platform/http/route-params.js';
import type { Router } from '../../platform/http/router.js';
import { attempt } from '../../platform/http/service-error.js';
import type { CaseOverview } from '../cases/case-page.js';
import type { CaseFrames } from '../cases/frames.js';
import type { AssessmentService } from './service.js';
import { doneMessage, nextStep, sectionTitle, statusTag } from './words.js';

const STATUS_TAGS = {
  'not-started': { text: 'Not started', classes: 'govuk-tag--blue' },
  'in-progress': { text: 'In progress', classes: 'govuk-tag--light-blue' },
  completed: null,
} as const;

const submitForm = z.object({ factors: z.preprocess(asList, z.array(z.string().max(4)).max(60, 'Choose fewer factors')) });

const decisionForm = z.object({
  decision: z.enum(['authorise', 'return'], { error: 'Choose whether to authorise the assessment or return it to the worker' }),
  comment: z.string().optional().default('').pipe(z.string().max(5000, 'Comments must be 5000 characters or fewer')),
});

/** The task list of the case's assessment, starting it, submitting it with the census factors, and the team manager's decision. */
export function taskListRoutes(router: Router, assessments: AssessmentService, frames: CaseFrames): void {
  const caseOf = async (request: FastifyRequest, reply: FastifyReply): Promise<CaseOverview | Answered> => {
    const c = await frames.loadCase(request, reply);
    return 'sent' in c ? new Answered(c.sent) : c;
  };

  async function taskListView(request: FastifyRequest, c: CaseOverview) {
    const o = await assessments.overview(userOf(request), c.id);
    const savedOf = (section: string, part: string) => o.sections.find((s) => s.section === section && s.part === part);
    const returnsFor = (key: string) => o.requests.filter((r) => r.informs.includes(key) && r.answer);
    const item = (key: (typeof SECTION_KEYS)[number], part: string, childName: string | null) => {
      const state = statusOf(savedOf(key, part));
      const returns = returnsFor(key).length;
      return {
        title: { text: sectionTitle(key, childName) },
        href: o.assessment ? paths.cases.assessmentSection(c.id, key, part || 'family') : undefined,
        hint: returns ? { text: `${returns} ${returns === 1 ? 'answer' : 'answers'} from the network to read beside it` } : undefined,
        status: STATUS_TAGS[state] ? { tag: STATUS_TAGS[state] } : { text: 'Completed' },
      };
    };
    const items = SECTION_KEYS.flatMap((key) => (SECTIONS[key].perChild ? o.children.map((child) => item(key, child.id, child.name)) : [item(key, FAMILY_PART, null)]));
    const a = o.assessment;
    return {
      ...frames.caseFrame(c, 'plans'),
      o,
      a,
      items,
      tag: a ? statusTag(a.status) : null,
      recommendation: a?.recommendation ? RECOMMENDATION_LABELS[a.recommendation as Recommendation] : null,
      factors: (a?.factors ?? []).map((code) => `${code}: ${factorLabel(code)}`),
      next: a?.status === 'authorised' ? nextStep(c.id, a.recommendation) : null,
      returns: o.requests.filter((r) => r.answer).map((r) => ({ ...r, sourceLabel: SOURCE_LABELS[r.source as InformationSource], informsText: r.informs.map((k) => SECTIONS[k as keyof typeof SECTIONS]?.title ?? k).join(', ') })),
      success: doneMessage(request),
    };
  }

  router.page({
    method: 'GET',
    url: paths.cases.assessment(),
    permission: 'case:view',
    pageName: 'case-assessment',
    handler: async (request, reply) => {
      const c = await frames.loadCase(request, reply);
      if ('sent' in c) return c.sent;
      const result = await attempt(reply, () => taskListView(request, c));
      if ('sent' in result) return result.sent;
      if (!result.ok) throw new Error('the task list reports no form errors');
      return reply.view('assessment-task-list.njk', result.value);
    },
  });

  router.page({
    method: 'POST',
    url: paths.cases.startAssessment(),
    permission: 'case:edit',
    pageName: 'case-assessment-start',
    handler: async (request, reply) => {
      const c = await frames.loadCase(request, reply);
      if ('sent' in c) return c.sent;
      const result = await attempt(reply, () => assessments.start(userOf(request), c.id, request.id));
      if ('sent' in result) return result.sent;
      if (!result.ok) {
        const view = await taskListView(request, c);
        return reply.code(result.status).view('assessment-task-list.njk', { ...view, errors: result.errors, errorSummary: [{ text: Object.values(result.errors.fields)[0] ?? '', href: '#start' }] });
      }
      return reply.redirect(`${paths.cases.assessment(c.id)}?done=started`, 303);
    },
  });

  formPage(router, {
    url: paths.cases.submitAssessment(),
    permission: 'case:edit',
    pageName: 'case-assessment-submit',
    template: 'assessment-submit.njk',
    schema: submitForm,
    load: caseOf,
    initial: () => ({}),
    view: async (c, request, values) => {
      const s = await assessments.submission(userOf(request), c.id);
      if (!s) return { ...frames.caseFrame(c, 'plans'), s: null, c };
      const proposed = new Map<string, (typeof s.proposals)[number]>(s.proposals.map((p) => [p.code, p]));
      // The worker's ticks once they have posted; before that, what was saved, else what the case's facts suggest.
      const chosen = request.method === 'POST' ? asList(values.factors) : s.assessment.factors.length ? s.assessment.factors : s.proposals.map((p) => p.code);
      const why = { 'child-is-victim': 'is a child on this case and is recorded as a victim', 'parent-or-carer-is-victim': 'is recorded as a victim and is a parent or carer of a child on this case', 'household-member-is-victim': 'is recorded as a victim and lives in the household' } as const;
      return {
        ...frames.caseFrame(c, 'plans'),
        c,
        s,
        incomplete: s.incomplete.map((slot) => ({ text: sectionTitle(slot.section, s.children.find((ch) => ch.id === slot.part)?.name ?? null), href: paths.cases.assessmentSection(c.id, slot.section, slot.part || 'family') })),
        groups: FACTOR_GROUPS.map((g, i) => ({
          heading: g.heading,
          idPrefix: i === 0 ? 'factors' : `factors-${i}`,
          items: g.factors.map((f) => {
            const p = proposed.get(f.code);
            return { value: f.code, text: `${f.code}: ${f.label}`, checked: chosen.includes(f.code), hint: p ? { text: `Suggested because ${p.victimName} ${why[p.why]}. Untick it if it does not apply.` } : undefined };
          }),
        })),
      };
    },
    submit: async ({ factors }, c, request) => {
      await assessments.submit(userOf(request), c.id, factors, request.id);
      return { to: paths.cases.assessment(c.id), done: 'submitted' };
    },
  });

  formPage(router, {
    url: paths.cases.assessmentDecision(),
    permission: 'assessment:authorise',
    pageName: 'case-assessment-decision',
    template: 'assessment-decision.njk',
    schema: decisionForm,
    load: caseOf,
    view: async (c, request, values) => ({
      ...(await taskListView(request, c)),
      success: undefined,
      decisionItems: [
        { value: 'authorise', text: 'Authorise it', checked: values.decision === 'authorise' },
        { value: 'return', text: 'Return it to the worker', checked: values.decision === 'return' },
      ],
    }),
    submit: async (form, c, request) => {
      await assessments.decide(userOf(request), c.id, form, request.id);
      return { to: paths.cases.assessment(c.id), done: form.decision === 'authorise' ? 'authorised' : 'returned' };
    },
  });
}
