import type { FastifyReply, FastifyRequest } from 'fastify';
import { londonDate } from '../../domain/calendar/plain-date.js';
import { asList, formErrors, type FormErrors } from '../../platform/http/forms.js';
import { formatDate } from '../../platform/http/format.js';
import { paths, withQuery } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import { attempt } from '../../platform/http/service-error.js';
import { dateItems, dateValues, readDate, type FormValues } from '../people/forms.js';
import { CRITERION_LABELS, describeEvidence } from '../risk/marac-result.js';
import { notFound, param, UUID, userOf } from '../risk/risk-page.js';
import { CRITERIA_CODES, type CriterionCode, type MaracService, type StoredCriterion } from './service.js';

const KEYS = ['referredOn-day', 'referredOn-month', 'referredOn-year', 'latestIncidentOn-day', 'latestIncidentOn-month', 'latestIncidentOn-year', 'referringAgency', 'referringPerson', 'personCausingHarmId', 'judgementReason', 'consent', 'lawfulBasis', 'risks', 'contactSafety', 'checklistId'];

function readForm(body: unknown): { values: FormValues; criteria: string[]; children: string[] } {
  const b = (body ?? {}) as Record<string, unknown>;
  const values: FormValues = {};
  for (const k of KEYS) values[k] = typeof b[k] === 'string' ? (b[k] as string) : '';
  return { values, criteria: asList(b.criteria), children: asList(b.childIds) };
}

export function criterionInWords(c: StoredCriterion): { label: string; evidence: string } {
  return { label: CRITERION_LABELS[c.code], evidence: c.evidence === null ? 'Stated by the referrer: not found in the records held here.' : describeEvidence(c) };
}

async function showForm(reply: FastifyReply, marac: MaracService, request: FastifyRequest, personId: string, values: FormValues, criteria: string[], children: string[], errors?: FormErrors, dateParts: Record<string, string[]> = {}, status = 200) {
  const form = await marac.referralForm(userOf(request), personId);
  const metCodes = form.met.criteria.map((c) => c.code);
  const criteriaItems = CRITERIA_CODES.map((code) => {
    const found = form.met.criteria.find((c) => c.code === code);
    return { value: code, text: CRITERION_LABELS[code], hint: { text: found ? describeEvidence(found) : 'Not shown by the records held here.' }, checked: criteria.length ? criteria.includes(code) : metCodes.includes(code) };
  });
  return reply.code(status).view('marac-refer.njk', {
    person: { id: personId, name: form.name },
    met: form.met,
    criteriaItems,
    harmItems: [{ value: '', text: 'Not named' }, ...form.family.adults.map((a) => ({ value: a.id, text: a.name }))],
    childItems: form.family.children.map((c) => ({ value: c.id, text: c.name + (c.dateOfBirth ? `, born ${formatDate(c.dateOfBirth)}` : ''), checked: children.includes(c.id) })),
    values: { ...values, checklistId: values.checklistId || form.latestChecklistId || '' },
    referredOnItems: dateItems(values, 'referredOn', (dateParts.referredOn ?? []) as never[]),
    incidentItems: dateItems(values, 'latestIncidentOn', (dateParts.latestIncidentOn ?? []) as never[]),
    errors,
    errorSummary: errors?.summary,
  });
}

export function maracRoutes(router: Router, marac: MaracService): void {
  router.page({
    method: 'GET',
    url: paths.marac.refer(),
    permission: 'marac:refer',
    pageName: 'marac-refer',
    handler: async (request, reply) => {
      const personId = param(request, 'personId');
      if (!personId) return notFound(reply);
      const checklistId = (request.query as Record<string, string | undefined>).checklistId;
      const values: FormValues = { ...dateValues('referredOn', londonDate(new Date())), checklistId: checklistId && UUID.test(checklistId) ? checklistId : '' };
      const result = await attempt(reply, () => showForm(reply, marac, request, personId, values, [], []));
      if ('sent' in result) return result.sent;
      return result.ok ? result.value : notFound(reply);
    },
  });

  router.page({
    method: 'POST',
    url: paths.marac.refer(),
    permission: 'marac:refer',
    pageName: 'marac-refer',
    handler: async (request, reply) => {
      const personId = param(request, 'personId');
      if (!personId) return notFound(reply);
      const { values, criteria, children } = readForm(request.body);
      const found: Record<string, string> = {};
      const parts: Record<string, string[]> = {};
      const referred = readDate(values, 'referredOn', 'The date of the referral', { past: true, earliestYear: 2000 });
      if (referred.error) [found.referredOn, parts.referredOn] = [referred.error, referred.parts];
      else if (!referred.value) found.referredOn = 'Enter the date of the referral';
      const incident = readDate(values, 'latestIncidentOn', 'The date of the latest incident', { past: true, earliestYear: 2000 });
      if (incident.error) [found.latestIncidentOn, parts.latestIncidentOn] = [incident.error, incident.parts];
      if (!values.referringAgency?.trim()) found.referringAgency = 'Enter the referring agency';
      if (!criteria.length) found.criteria = 'Choose at least one criterion the referral meets';
      else if (criteria.some((c) => !(CRITERIA_CODES as readonly string[]).includes(c))) found.criteria = 'Choose from the criteria listed';
      if (criteria.includes('professional-judgement') && !values.judgementReason?.trim()) found.judgementReason = 'Give the reason for referring on professional judgement';
      if (values.consent !== 'given' && values.consent !== 'not-given') found.consent = 'Say whether the victim consented to the referral';
      else if (values.consent === 'not-given' && !values.lawfulBasis?.trim()) found.lawfulBasis = 'Without consent, give the lawful basis for sharing the victim’s information';
      if (!values.risks?.trim()) found.risks = 'Describe the risks in your own words';
      for (const [key, max] of [['referringAgency', 200], ['referringPerson', 200], ['judgementReason', 2000], ['lawfulBasis', 2000], ['risks', 4000], ['contactSafety', 2000]] as const) {
        if ((values[key] ?? '').length > max) found[key] ??= `Keep this to ${max} characters or fewer`;
      }
      const fail = (errors: FormErrors, status: number) => {
        const summary = errors.summary.map((e) => (['#referredOn', '#latestIncidentOn'].includes(e.href) ? { ...e, href: `${e.href}-day` } : e));
        return showForm(reply, marac, request, personId, values, criteria, children, { fields: errors.fields, summary }, parts, status);
      };
      if (Object.keys(found).length) return fail(formErrors(found), 400);
      const result = await attempt(reply, () =>
        marac.refer(
          { kind: 'user', user: userOf(request) },
          {
            victimPersonId: personId,
            referredAt: referred.value!,
            referringAgency: values.referringAgency!,
            referringPerson: values.referringPerson,
            criteria: criteria as CriterionCode[],
            judgementReason: criteria.includes('professional-judgement') ? values.judgementReason : undefined,
            riskAssessmentId: UUID.test(values.checklistId ?? '') ? values.checklistId : undefined,
            personCausingHarmId: UUID.test(values.personCausingHarmId ?? '') ? values.personCausingHarmId : undefined,
            childIds: children.filter((c) => UUID.test(c)),
            consent: values.consent as 'given' | 'not-given',
            lawfulBasis: values.lawfulBasis,
            risks: values.risks,
            contactSafety: values.contactSafety,
            latestIncidentOn: incident.value ?? undefined,
          },
          request.id,
        ),
      );
      if ('sent' in result) return result.sent;
      if (!result.ok) return fail(result.errors, result.status);
      return reply.redirect(withQuery(paths.marac.referral(result.value.id), { done: 'referred' }), 303);
    },
  });

  router.page({
    method: 'GET',
    url: paths.marac.queue,
    permission: 'marac:coordinate',
    pageName: 'marac-queue',
    handler: async (request, reply) => {
      const page = Number((request.query as Record<string, string | undefined>).page ?? '1') || 1;
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
      const id = param(request, 'referralId');
      if (!id) return notFound(reply);
      const result = await attempt(reply, () => marac.referral(userOf(request), id));
      if ('sent' in result) return result.sent;
      if (!result.ok) return notFound(reply);
      const done = (request.query as Record<string, unknown>).done === 'referred';
      return reply.view('marac-referral.njk', { r: result.value, criteria: result.value.criteria.map(criterionInWords), success: done ? 'The referral has been sent to the Marac' : undefined });
    },
  });
}
