import type { FastifyRequest } from 'fastify';
import { londonDate } from '../../domain/calendar/plain-date.js';
import { formPage } from '../../platform/http/form-page.js';
import { asList } from '../../platform/http/forms.js';
import { formatDate } from '../../platform/http/format.js';
import { dateValues } from '../../platform/http/govuk-date.js';
import { paths } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import { requestedPage } from '../../platform/http/pagination.js';
import { CRITERION_LABELS, describeEvidence } from '../risk/service.js';
import { dateBoxes } from '../../platform/http/govuk-date.js';
import { idParam as param, UUID, userOf } from '../../platform/http/route-params.js';
import { HARM_NOT_KNOWN, REFERRAL_DATES, REFERRAL_FORM_IDS, referralForm } from './referral-form.js';
import { renderReferral, REFERRAL_DONE } from './meeting-routes.js';
import type { MaracMeetingsService } from './meetings-service.js';
import { CRITERIA_CODES, type CriterionCode, type MaracService } from './service.js';

type ReferralFormData = Awaited<ReturnType<MaracService['referralForm']>>;

/** The checklist named in the address (the referral is made from its result page). */
function checklistOf(request: FastifyRequest): string | undefined {
  const id = (request.query as Record<string, string | undefined>).checklistId;
  return id && UUID.test(id) ? id : undefined;
}

/** What the referral form shows: the criteria met with their evidence, the people around the victim, the dates. */
function referralView(personId: string, form: ReferralFormData, values: Record<string, string | string[]>) {
  const metCodes = form.met.criteria.map((c) => c.code);
  const chosen = asList(values.criteria);
  const children = asList(values.childIds);
  return {
    person: { id: personId, name: form.name },
    met: form.met,
    // With none chosen, the criteria the record shows are ticked.
    criteriaItems: CRITERIA_CODES.map((code) => {
      const found = form.met.criteria.find((c) => c.code === code);
      return { value: code, text: CRITERION_LABELS[code], hint: { text: found ? describeEvidence(found) : 'Not shown by the records held here.' }, checked: chosen.length ? chosen.includes(code) : metCodes.includes(code) };
    }),
    harmItems: [
      ...form.family.adults.map((a) => ({ value: a.id, text: a.name })),
      { value: HARM_NOT_KNOWN, text: 'Not known', hint: { text: 'Or not on the records held here: say who they are in the risks, if you know.' } },
    ],
    childItems: form.family.children.map((c) => ({ value: c.id, text: c.name + (c.dateOfBirth ? `, born ${formatDate(c.dateOfBirth)}` : ''), checked: children.includes(c.id) })),
    referredOnItems: dateBoxes(values, 'referredOn', REFERRAL_DATES.referredOn),
    incidentItems: dateBoxes(values, 'latestIncidentOn', REFERRAL_DATES.latestIncidentOn),
  };
}

export function maracRoutes(router: Router, marac: MaracService, meetings: MaracMeetingsService): void {
  formPage(router, {
    url: paths.marac.refer(),
    permission: 'marac:refer',
    pageName: 'marac-refer',
    template: 'marac-refer.njk',
    schema: referralForm,
    dateInputs: Object.keys(REFERRAL_DATES),
    // Showing the form reads the evidence about the victim; sending it records a referral, which needs
    // only that the record opens (see the access policy), so the form's evidence is read on a POST only
    // to show the form again.
    load: async (request) => {
      const personId = param(request, 'personId');
      if (!personId) return null;
      return { personId, form: request.method === 'GET' ? await marac.referralForm(userOf(request), personId) : null };
    },
    initial: ({ form }, request) => ({ ...dateValues('referredOn', londonDate(new Date())), checklistId: checklistOf(request) ?? form?.latestChecklistId ?? '' }),
    view: async ({ personId, form }, request, values) => referralView(personId, form ?? (await marac.referralForm(userOf(request), personId)), values),
    fieldIds: REFERRAL_FORM_IDS,
    submit: async ({ referredOn, latestIncidentOn, checklistId, ...details }, { personId }, request) => {
      const referred = await marac.refer(
        { kind: 'user', user: userOf(request) },
        { ...details, victimPersonId: personId, referredAt: referredOn, latestIncidentOn: latestIncidentOn ?? undefined, riskAssessmentId: checklistId },
        request.id,
      );
      return { to: paths.marac.referral(referred.id), done: 'referred' };
    },
  });

  router.page({
    method: 'GET',
    url: paths.marac.queue,
    permission: 'marac:coordinate',
    pageName: 'marac-queue',
    handler: async (request, reply) => {
      const page = requestedPage((request.query as Record<string, string | undefined>).page);
      const q = await marac.queue(userOf(request), page);
      return reply.view('marac-queue.njk', { q, criterionLabel: (code: CriterionCode) => CRITERION_LABELS[code] });
    },
  });

  router.page({
    method: 'GET',
    url: paths.marac.referral(),
    permission: 'marac:refer',
    pageName: 'marac-referral',
    handler: async (request, reply) => {
      const done = (request.query as Record<string, unknown>).done;
      return renderReferral(request, reply, marac, meetings, {}, { success: typeof done === 'string' ? REFERRAL_DONE[done] : undefined });
    },
  });
}
