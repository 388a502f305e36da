import type { FastifyReply, FastifyRequest } from 'fastify';
import { londonDate } from '../../domain/calendar/plain-date.js';
import { ageOn } from '../../domain/people/age.js';
import { plainDate } from '../../domain/calendar/plain-date.js';
import type { Instrument } from '../../domain/risk/instrument.js';
import type { DraftDetails } from '../../platform/db/risk-schema.js';
import { formErrors, type FormErrors } from '../../platform/http/forms.js';
import { paths, withQuery } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import { attempt } from '../../platform/http/service-error.js';
import { dateItems, dateValues, readDate, type FormValues } from '../people/forms.js';
import { loadPerson } from '../people/route-helpers.js';
import type { PeopleService } from '../people/service.js';
import type { Draft } from './drafts.js';
import { nextSection } from './drafts.js';
import { notFound, param, UUID, userOf } from './risk-page.js';
import type { RiskService } from './service.js';

const str = (body: unknown, key: string): string => {
  const value = (body as Record<string, unknown> | undefined)?.[key];
  return typeof value === 'string' ? value : '';
};

/** The radios, source and comment of each question on one section's page. */
function sectionQuestions(instrument: Instrument, sectionId: string, values: FormValues, errors?: FormErrors) {
  return instrument.questions
    .filter((q) => q.section === sectionId)
    .map((q) => ({
      number: q.number,
      text: q.text,
      hint: q.hint,
      items: q.options.map((o) => ({ value: o, text: instrument.answerLabels[o], checked: values[`q${q.number}`] === o })),
      answer: values[`q${q.number}`] ?? '',
      source: values[`q${q.number}-source`] ?? '',
      comment: values[`q${q.number}-comment`] ?? '',
      error: errors?.fields[`q${q.number}`],
      sourceError: errors?.fields[`q${q.number}-source`],
      commentError: errors?.fields[`q${q.number}-comment`],
    }));
}

function draftValues(draft: Draft): FormValues {
  const values: FormValues = {};
  for (const [n, a] of Object.entries(draft.answers)) {
    values[`q${n}`] = a.answer;
    if (a.source) values[`q${n}-source`] = a.source;
    if (a.comment) values[`q${n}-comment`] = a.comment;
  }
  return values;
}

function detailValues(d: DraftDetails): FormValues {
  return {
    ...dateValues('completedOn', d.completedOn ?? londonDate(new Date())),
    agency: d.agency ?? '',
    withVictim: d.withVictim ?? '',
    victimView: d.victimView ?? '',
    judgement: d.judgement ?? 'none',
    judgementReason: d.judgementReason ?? '',
  };
}

async function loadDraftFor(risk: RiskService, request: FastifyRequest, reply: FastifyReply): Promise<Draft | { sent: FastifyReply }> {
  const id = param(request, 'draftId');
  if (!id) return { sent: notFound(reply) };
  const result = await attempt(reply, () => risk.draft(userOf(request), id));
  if ('sent' in result) return { sent: result.sent };
  if (!result.ok) return { sent: notFound(reply) };
  return result.value;
}

function sectionPage(reply: FastifyReply, draft: Draft, sectionId: string, values: FormValues, errors?: FormErrors, status = 200) {
  const index = draft.instrument.sections.findIndex((s) => s.id === sectionId);
  const section = draft.instrument.sections[index]!;
  return reply.code(status).view('risk-section.njk', {
    draft,
    section,
    position: { index: index + 1, of: draft.instrument.sections.length },
    questions: sectionQuestions(draft.instrument, sectionId, values, errors),
    errors,
    errorSummary: errors?.summary,
    back: index > 0 ? paths.risk.section(draft.id, draft.instrument.sections[index - 1]!.id) : paths.people.risk(draft.personId),
  });
}

function detailsPage(reply: FastifyReply, draft: Draft, values: FormValues, errors?: FormErrors, dateParts: string[] = [], status = 200) {
  const last = draft.instrument.sections[draft.instrument.sections.length - 1]!;
  return reply.code(status).view('risk-details.njk', { draft, values, errors, errorSummary: errors?.summary, dateItems: dateItems(values, 'completedOn', dateParts as never[]), back: paths.risk.section(draft.id, last.id) });
}

function checkPage(reply: FastifyReply, draft: Draft, errors?: FormErrors, status = 200) {
  const sections = draft.instrument.sections.map((s) => ({
    ...s,
    rows: draft.instrument.questions
      .filter((q) => q.section === s.id)
      .map((q) => {
        const a = draft.answers[q.number];
        return { number: q.number, text: q.text, answer: a ? draft.instrument.answerLabels[a.answer] : 'Not answered', source: a?.source, comment: a?.comment, gap: !a || a.answer === 'dont-know' };
      }),
  }));
  return reply.code(status).view('risk-check.njk', { draft, sections, d: draft.details, errors, errorSummary: errors?.summary });
}

export function checklistRoutes(router: Router, risk: RiskService, people: PeopleService): void {
  /** A page of an unfinished checklist: the draft is loaded (only its starter may open it) before the handler runs. */
  const draftPage = (method: 'GET' | 'POST', url: string, pageName: string, handler: (draft: Draft, request: FastifyRequest, reply: FastifyReply) => Promise<unknown>) =>
    router.page({
      method,
      url,
      permission: 'risk:record',
      pageName,
      handler: async (request, reply) => {
        const draft = await loadDraftFor(risk, request, reply);
        return 'sent' in draft ? draft.sent : handler(draft, request, reply);
      },
    });

  /** A section page: the draft and the section named in the address, which must be one of its instrument's. */
  const sectionRoute = (method: 'GET' | 'POST', handler: (draft: Draft, sectionId: string, request: FastifyRequest, reply: FastifyReply) => Promise<unknown>) =>
    draftPage(method, paths.risk.section(), 'risk-checklist-section', async (draft, request, reply) => {
      const sectionId = (request.params as { section: string }).section;
      return draft.instrument.sections.some((s) => s.id === sectionId) ? handler(draft, sectionId, request, reply) : notFound(reply);
    });

  router.page({
    method: 'GET',
    url: paths.risk.start(),
    permission: 'risk:record',
    pageName: 'risk-checklist-start',
    handler: async (request, reply) => {
      const loaded = await loadPerson(people, request, reply);
      if ('sent' in loaded) return loaded.sent;
      const query = request.query as Record<string, string | undefined>;
      const caseId = query.caseId && UUID.test(query.caseId) ? query.caseId : '';
      const followsId = query.follows && UUID.test(query.follows) ? query.follows : '';
      const dob = loaded.record.dateOfBirth;
      const age = dob ? ageOn(plainDate(dob), londonDate(new Date())) : null;
      const choices = (await risk.instrumentChoices(userOf(request))).filter((c) => (followsId ? c.followUp : !c.followUp));
      return reply.view('risk-start.njk', { person: { id: loaded.id, name: `${loaded.record.givenName} ${loaded.record.familyName}`, age }, choices, caseId, followsId, values: { instrument: query.instrument ?? '' } });
    },
  });

  router.page({
    method: 'POST',
    url: paths.risk.start(),
    permission: 'risk:record',
    pageName: 'risk-checklist-start',
    handler: async (request, reply) => {
      const personId = param(request, 'personId');
      if (!personId) return notFound(reply);
      const [instrument = '', language] = str(request.body, 'instrument').split(':');
      const caseId = UUID.test(str(request.body, 'caseId')) ? str(request.body, 'caseId') : null;
      const followsId = UUID.test(str(request.body, 'followsId')) ? str(request.body, 'followsId') : null;
      const result = await attempt(reply, () => risk.startDraft(userOf(request), { personId, caseId, instrument, language, followsId }));
      if ('sent' in result) return result.sent;
      if (!result.ok) {
        const choices = (await risk.instrumentChoices(userOf(request))).filter((c) => (followsId ? c.followUp : !c.followUp));
        return reply.code(400).view('risk-start.njk', { person: { id: personId, name: '' }, choices, caseId: caseId ?? '', followsId: followsId ?? '', values: {}, errors: result.errors, errorSummary: result.errors.summary });
      }
      const draft = await risk.draft(userOf(request), result.value);
      return reply.redirect(paths.risk.section(result.value, draft.instrument.sections[0]!.id), 303);
    },
  });

  draftPage('GET', paths.risk.draft(), 'risk-checklist-draft', async (draft, request, reply) => {
    return reply.redirect(paths.risk.section(draft.id, draft.instrument.sections[0]!.id), 303);
  });

  sectionRoute('GET', async (draft, sectionId, request, reply) => {
    return sectionPage(reply, draft, sectionId, draftValues(draft));
  });

  sectionRoute('POST', async (draft, sectionId, request, reply) => {
    const questions = draft.instrument.questions.filter((q) => q.section === sectionId);
    const values: FormValues = {};
    for (const q of questions) for (const suffix of ['', '-source', '-comment']) values[`q${q.number}${suffix}`] = str(request.body, `q${q.number}${suffix}`);
    const answers = questions.map((q) => ({ number: q.number, answer: values[`q${q.number}`]!, source: values[`q${q.number}-source`]!, comment: values[`q${q.number}-comment`]! }));
    const result = await attempt(reply, () => risk.saveSection(userOf(request), draft.id, sectionId, answers));
    if ('sent' in result) return result.sent;
    if (!result.ok) return sectionPage(reply, draft, sectionId, values, result.errors, result.status);
    const next = nextSection(draft.instrument, sectionId);
    return reply.redirect(next ? paths.risk.section(draft.id, next) : paths.risk.details(draft.id), 303);
  });

  draftPage('GET', paths.risk.details(), 'risk-checklist-details', async (draft, request, reply) => {
    return detailsPage(reply, draft, detailValues(draft.details));
  });

  draftPage('POST', paths.risk.details(), 'risk-checklist-details', async (draft, request, reply) => {
    const values: FormValues = {};
    for (const key of ['completedOn-day', 'completedOn-month', 'completedOn-year', 'agency', 'withVictim', 'victimView', 'judgement', 'judgementReason']) values[key] = str(request.body, key);
    const found: Record<string, string> = {};
    const date = readDate(values, 'completedOn', 'The date completed', { past: true, earliestYear: 2000 });
    if (date.error) found.completedOn = date.error;
    else if (!date.value) found.completedOn = 'Enter the date the checklist was completed';
    if (!values.agency?.trim()) found.agency = 'Enter the agency completing the checklist';
    else if (values.agency.length > 200) found.agency = 'The agency must be 200 characters or fewer';
    if (values.withVictim !== 'yes' && values.withVictim !== 'no') found.withVictim = 'Say whether the checklist was completed with the victim';
    if ((values.victimView ?? '').length > 4000) found.victimView = 'The victim’s view must be 4000 characters or fewer';
    const judgement = values.judgement === 'refer' || values.judgement === 'do-not-refer' ? values.judgement : 'none';
    if (judgement !== 'none' && !values.judgementReason?.trim()) found.judgementReason = 'Give the reason for your professional judgement';
    else if ((values.judgementReason ?? '').length > 2000) found.judgementReason = 'The reason must be 2000 characters or fewer';
    if (Object.keys(found).length) {
      const errors = formErrors(found);
      const summary = errors.summary.map((e) => (e.href === '#completedOn' ? { ...e, href: '#completedOn-day' } : e));
      return detailsPage(reply, draft, values, { fields: errors.fields, summary }, date.error ? date.parts : [], 400);
    }
    const details: DraftDetails = {
      completedOn: date.value ?? undefined,
      agency: values.agency!.trim(),
      withVictim: values.withVictim as 'yes' | 'no',
      victimView: values.victimView?.trim() || undefined,
      judgement,
      judgementReason: judgement === 'none' ? undefined : values.judgementReason!.trim(),
    };
    const result = await attempt(reply, () => risk.saveDetails(userOf(request), draft.id, details));
    if ('sent' in result) return result.sent;
    return reply.redirect(paths.risk.check(draft.id), 303);
  });

  draftPage('GET', paths.risk.check(), 'risk-checklist-check', async (draft, request, reply) => {
    if (!draft.details.completedOn) return reply.redirect(paths.risk.details(draft.id), 303);
    return checkPage(reply, draft);
  });

  draftPage('POST', paths.risk.check(), 'risk-checklist-check', async (draft, request, reply) => {
    const result = await attempt(reply, () => risk.complete(userOf(request), draft.id, request.id));
    if ('sent' in result) return result.sent;
    if (!result.ok) return checkPage(reply, draft, result.errors, result.status);
    return reply.redirect(withQuery(paths.risk.checklist(result.value.id), { done: 'completed' }), 303);
  });

  router.page({
    method: 'POST',
    url: paths.risk.abandon(),
    permission: 'risk:record',
    pageName: 'risk-checklist-abandon',
    handler: async (request, reply) => {
      const id = param(request, 'draftId');
      if (!id) return notFound(reply);
      const result = await attempt(reply, () => risk.abandon(userOf(request), id));
      if ('sent' in result) return result.sent;
      if (!result.ok) return notFound(reply);
      return reply.redirect(paths.people.risk(result.value.personId), 303);
    },
  });
}
