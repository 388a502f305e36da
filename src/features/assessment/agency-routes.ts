import { z } from 'zod';
import { SOURCE_LABELS, type InformationSource } from '../../domain/assessment/information-requests.js';
import { formPage } from '../../platform/http/form-page.js';
import { paths } from '../../platform/http/paths.js';
import { idParam, userOf } from '../../platform/http/route-params.js';
import type { Router } from '../../platform/http/router.js';
import { attempt } from '../../platform/http/service-error.js';
import type { InformationRequestsService } from './requests-service.js';

const answerForm = z.object({
  answer: z.string({ error: 'Enter your agency’s answer' }).trim().min(1, 'Enter your agency’s answer').max(20000, 'Your answer must be 20000 characters or fewer'),
});

/**
 * What a partner agency's representative sees: the requests waiting for their agency, and answering one.
 * Each shows the question and each child's name and date of birth, never an address or the case.
 */
export function agencyRoutes(router: Router, requests: InformationRequestsService): void {
  router.page({
    method: 'GET',
    url: paths.agencyRequests.list,
    permission: 'information-request:answer',
    pageName: 'agency-information-requests',
    handler: async (request, reply) => {
      const result = await attempt(reply, () => requests.agencyQueue(userOf(request)));
      if ('sent' in result) return result.sent;
      if (!result.ok) throw new Error('the list reports no form errors');
      const done = (request.query as Record<string, unknown>).done === 'answered';
      return reply.view('agency-requests.njk', {
        agency: result.value.agency,
        requests: result.value.requests.map((r) => ({ ...r, sourceLabel: SOURCE_LABELS[r.source as InformationSource] })),
        success: done ? 'Your answer has been sent to the social worker. Thank you.' : undefined,
      });
    },
  });

  formPage(router, {
    url: paths.agencyRequests.answer(),
    permission: 'information-request:answer',
    pageName: 'agency-information-request',
    template: 'agency-request.njk',
    schema: answerForm,
    load: async (request) => {
      const id = idParam(request, 'requestId');
      return id ? requests.forAgency(userOf(request), id, request.id) : null;
    },
    view: (r) => ({ r: { ...r, sourceLabel: SOURCE_LABELS[r.source as InformationSource] } }),
    submit: async ({ answer }, r, request) => {
      await requests.answer(userOf(request), r.id, answer, request.id);
      return { to: paths.agencyRequests.list, done: 'answered' };
    },
  });
}
