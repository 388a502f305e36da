import type { FastifyRequest } from 'fastify';
import { can } from '../../platform/access/policy.js';
import { formPage } from '../../platform/http/form-page.js';
import { formatDateTime } from '../../platform/http/format.js';
import { paths } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import { attempt } from '../../platform/http/service-error.js';
import { idParam, notFound, userOf } from '../../platform/http/route-params.js';
import { releaseForm } from './meeting-forms.js';
import { meetingLabel } from './meeting-routes.js';
import type { MaracPartnerService } from './partner-service.js';
import type { MaracResearchService } from './research-service.js';
import { criterionInWords } from './referral-words.js';

const caseIdOf = (request: FastifyRequest) => idParam(request, 'meetingCaseId');

/**
 * What a partner agency's representative sees (their meetings, and each case's shared summary), and the
 * coordinator's sharing of a case (releasing the victim's whereabouts to one agency, and the history).
 */
export function maracPartnerRoutes(router: Router, partners: MaracPartnerService, research: MaracResearchService): void {
  router.page({
    method: 'GET',
    url: paths.marac.myMeetings,
    permission: 'marac:attend',
    pageName: 'marac-my-meetings',
    handler: async (request, reply) => {
      const result = await attempt(reply, () => partners.myMeetings({ kind: 'user', user: userOf(request) }));
      if ('sent' in result) return result.sent;
      if (!result.ok) throw new Error('the meetings list reports no form errors');
      return reply.view('marac-my-meetings.njk', { ...result.value, meetings: result.value.meetings.map((m) => ({ ...m, label: meetingLabel(m) })) });
    },
  });

  router.page({
    method: 'GET',
    url: paths.marac.sharedCase(),
    permission: 'signed-in',
    pageName: 'marac-shared-case',
    handler: async (request, reply) => {
      const id = caseIdOf(request);
      if (!id) return notFound(reply);
      const result = await attempt(reply, () => partners.sharedSummary(userOf(request), id, request.id));
      if ('sent' in result) return result.sent;
      if (!result.ok) return notFound(reply);
      const s = result.value;
      const coordinator = can(userOf(request), 'marac:coordinate');
      // The coordinator reads every agency's return with the case; a representative returns their own.
      const returns = coordinator ? await research.returnsOnCase(userOf(request), id) : [];
      const personName = (personId: string) => [s.victim, s.personCausingHarm, ...s.children].find((p) => p?.id === personId)?.name ?? 'Someone no longer on the case';
      return reply.view('marac-shared-case.njk', { s, criteria: s.criteria.map(criterionInWords), coordinator, returns, personName });
    },
  });

  const loadSharing = async (request: FastifyRequest) => {
    const id = caseIdOf(request);
    return id ? { id, sharing: await partners.sharing(userOf(request), id) } : null;
  };

  formPage(router, {
    url: paths.marac.sharing(),
    permission: 'marac:coordinate',
    pageName: 'marac-case-sharing',
    template: 'marac-case-sharing.njk',
    schema: releaseForm,
    load: loadSharing,
    view: ({ id, sharing }, request, values) => ({
      meetingCaseId: id,
      m: { ...sharing.meeting, label: meetingLabel(sharing.meeting) },
      releases: sharing.releases.map((r) => ({ ...r, at: formatDateTime(r.released_at) })),
      agencyItems: [{ value: '', text: 'Choose the agency' }, ...sharing.members.map((a) => ({ value: a.id, text: a.name, selected: values.agencyId === a.id }))],
      success: (request.query as Record<string, unknown>).done === 'released' ? 'Address released to the agency. The release is in the sharing history below.' : undefined,
    }),
    submit: async (form, { id }, request) => {
      await partners.release(userOf(request), id, form, request.id);
      return { to: paths.marac.sharing(id), done: 'released' };
    },
  });
}
