import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { INFORMATION_SOURCES, METHOD_LABELS, METHODS, SOURCE_LABELS, type InformationSource, type Method } from '../../domain/assessment/information-requests.js';
import { SECTIONS } from '../../domain/assessment/sections.js';
import { londonDate } from '../../domain/calendar/plain-date.js';
import { Answered, formPage } from '../../platform/http/form-page.js';
import { asList } from '../../platform/http/forms.js';
import { dateBoxes, dateValues, requiredGovukDate, withDateInputs } from '../../platform/http/govuk-date.js';
import { paths } from '../../platform/http/paths.js';
import { idParam, userOf } from '../../platform/http/route-params.js';
import type { Router } from '../../platform/http/router.js';
import { attempt } from '../../platform/http/service-error.js';
import type { CaseOverview } from '../cases/case-page.js';
import type { CaseFrames } from '../cases/frames.js';
import type { InformationRequestsService } from './requests-service.js';
import { doneMessage, SECTION_ITEMS } from './words.js';

const ASKED = { label: 'The date you asked', rules: { past: true } };
const DUE = { label: 'The date the answer is due', rules: {} };
const RETURNED = { label: 'The date of the answer', rules: { past: true } };
const text = (max: number, empty: string, long: string) => z.string({ error: empty }).trim().min(1, empty).max(max, long);

const newRequestForm = withDateInputs(
  ['askedOn', 'dueOn'],
  z.object({
    source: z.enum(INFORMATION_SOURCES, { error: 'Choose who you are asking' }),
    method: z.enum(METHODS, { error: 'Choose how you are asking' }),
    agencyId: z.string().optional().default(''),
    recipient: text(200, 'Enter the name or team you are asking', 'The name or team must be 200 characters or fewer'),
    question: text(5000, 'Enter what you are asking', 'What you are asking must be 5000 characters or fewer'),
    informs: z.preprocess(asList, z.array(z.string()).max(10)),
    askedOn: requiredGovukDate(ASKED.label, ASKED.rules),
    dueOn: requiredGovukDate(DUE.label, DUE.rules),
  }),
);

const returnForm = withDateInputs(
  ['returnedOn'],
  z.object({
    answer: text(20000, 'Enter the answer you were given', 'The answer must be 20000 characters or fewer'),
    returnedOn: requiredGovukDate(RETURNED.label, RETURNED.rules),
  }),
);

/** The case's requests for information to the network: asking, recording an answer, reminding an agency. */
export function requestRoutes(router: Router, requests: InformationRequestsService, frames: CaseFrames): void {
  const caseOf = async (request: FastifyRequest, reply: FastifyReply): Promise<CaseOverview | Answered> => {
    const c = await frames.loadCase(request, reply);
    return 'sent' in c ? new Answered(c.sent) : c;
  };
  const describe = (r: Awaited<ReturnType<InformationRequestsService['ofCase']>>['requests'][number]) => ({
    ...r,
    sourceLabel: SOURCE_LABELS[r.source as InformationSource],
    methodLabel: r.method === 'in-product' ? `In Wraparound, by ${r.agency_name ?? 'a partner agency'}` : METHOD_LABELS[r.method as Method],
    informsText: r.informs.map((k) => SECTIONS[k as keyof typeof SECTIONS]?.title ?? k).join(', '),
    overdue: !r.returned_at && r.due_on < londonDate(new Date()),
  });

  router.page({
    method: 'GET',
    url: paths.cases.informationRequests(),
    permission: 'case:view',
    pageName: 'case-information-requests',
    handler: async (request, reply) => {
      const c = await frames.loadCase(request, reply);
      if ('sent' in c) return c.sent;
      const result = await attempt(reply, () => requests.ofCase(userOf(request), c.id));
      if ('sent' in result) return result.sent;
      if (!result.ok) throw new Error('the list reports no form errors');
      return reply.view('information-requests.njk', { ...frames.caseFrame(c, 'plans'), c, mayEdit: result.value.mayEdit, requests: result.value.requests.map(describe), success: doneMessage(request) });
    },
  });

  formPage(router, {
    url: paths.cases.newInformationRequest(),
    permission: 'case:edit',
    pageName: 'case-information-request-new',
    template: 'information-request-new.njk',
    schema: newRequestForm,
    dateInputs: ['askedOn', 'dueOn'],
    load: caseOf,
    initial: () => ({ ...dateValues('askedOn', londonDate(new Date())) }),
    view: async (c, request, values) => {
      const { agencies } = await requests.ofCase(userOf(request), c.id);
      const informs = asList(values.informs);
      return {
        ...frames.caseFrame(c, 'plans'),
        c,
        sourceItems: [{ value: '', text: 'Choose who you are asking' }, ...INFORMATION_SOURCES.map((s) => ({ value: s, text: SOURCE_LABELS[s], selected: values.source === s }))],
        methodItems: METHODS.map((m) => ({ value: m, text: METHOD_LABELS[m], checked: values.method === m })),
        agencyItems: [{ value: '', text: 'Choose the agency' }, ...agencies.map((a) => ({ value: a.id, text: a.name, selected: values.agencyId === a.id }))],
        informItems: SECTION_ITEMS.map((s) => ({ ...s, checked: informs.includes(s.value) })),
        askedItems: dateBoxes(values, 'askedOn', ASKED),
        dueItems: dateBoxes(values, 'dueOn', DUE),
      };
    },
    submit: async (form, c, request) => {
      await requests.ask(userOf(request), c.id, { ...form, agencyId: form.agencyId || null }, request.id);
      return { to: paths.cases.informationRequests(c.id), done: 'asked' };
    },
  });

  formPage(router, {
    url: paths.cases.informationReturn(),
    permission: 'case:edit',
    pageName: 'case-information-return',
    template: 'information-request-answer.njk',
    schema: returnForm,
    dateInputs: ['returnedOn'],
    load: async (request, reply) => {
      const id = idParam(request, 'requestId');
      if (!id) return null;
      const c = await caseOf(request, reply);
      if (c instanceof Answered) return c;
      const r = await requests.one(userOf(request), c.id, id);
      return r ? { c, r } : null;
    },
    initial: () => dateValues('returnedOn', londonDate(new Date())),
    view: ({ c, r }, _request, values) => ({ ...frames.caseFrame(c, 'plans'), c, r: describe(r), returnedItems: dateBoxes(values, 'returnedOn', RETURNED) }),
    submit: async (form, { c, r }, request) => {
      await requests.recordReturn(userOf(request), c.id, r.id, form, request.id);
      return { to: paths.cases.informationRequests(c.id), done: 'answered' };
    },
  });

  router.page({
    method: 'POST',
    url: paths.cases.remindInformationRequest(),
    permission: 'case:edit',
    pageName: 'case-information-request-remind',
    handler: async (request, reply) => {
      const id = idParam(request, 'requestId');
      const c = await frames.loadCase(request, reply);
      if ('sent' in c) return c.sent;
      if (!id) return reply.code(404).view('errors/404.njk');
      const result = await attempt(reply, () => requests.remind(userOf(request), c.id, id, request.id));
      if ('sent' in result) return result.sent;
      if (!result.ok) {
        const list = await requests.ofCase(userOf(request), c.id);
        const message = Object.values(result.errors.fields)[0] ?? '';
        return reply.code(result.status).view('information-requests.njk', { ...frames.caseFrame(c, 'plans'), c, mayEdit: list.mayEdit, requests: list.requests.map(describe), errors: result.errors, errorSummary: [{ text: message, href: `#request-${id}` }] });
      }
      return reply.redirect(`${paths.cases.informationRequests(c.id)}?done=reminded`, 303);
    },
  });
}
