import type { FastifyReply, FastifyRequest } from 'fastify';
import { londonDate, plainDate } from '../../domain/calendar/plain-date.js';
import { ageOn } from '../../domain/people/age.js';
import type { DraftDetails } from '../../platform/db/risk-schema.js';
import { Answered, formPage } from '../../platform/http/form-page.js';
import { dateValues } from '../../platform/http/govuk-date.js';
import { paths } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import { attempt } from '../../platform/http/service-error.js';
import type { RiskFrames } from './frames.js';
import { COMPLETED_ON, confirmForm, detailsForm, sectionForm, startForm } from './checklist-forms.js';
import { nextSection, type Draft } from './drafts.js';
import { dateBoxes, notFound, param, UUID, userOf } from './risk-page.js';
import type { RiskService } from './service.js';

type Values = Record<string, string>;

/** The questions of one section, for its page; what is chosen and typed comes from the form's values. */
function sectionQuestions(draft: Draft, sectionId: string) {
  const labels = draft.instrument.answerLabels;
  return draft.instrument.questions
    .filter((q) => q.section === sectionId)
    .map((q) => ({ number: q.number, text: q.text, hint: q.hint, options: q.options.map((o) => ({ value: o, text: labels[o] })) }));
}

/** The `done` a saved section leaves when questions in it were left unanswered: `gaps:<section>:<n>.<n>`. */
function gapsDone(sectionId: string, unanswered: number[]): string | undefined {
  return unanswered.length ? `gaps:${sectionId}:${unanswered.join('.')}` : undefined;
}

/**
 * The notice on the page after a section saved with questions unanswered (pressing Enter on a radio
 * saves the section as it is): which, that they count as gaps, and a link back. Nothing when `done`
 * names no section or question of this checklist.
 */
function unansweredNotice(draft: Draft, done: unknown): { section: string; questions: string; several: boolean; href: string } | undefined {
  const match = typeof done === 'string' ? /^gaps:([a-z0-9-]+):(\d+(?:\.\d+)*)$/.exec(done) : null;
  if (!match) return undefined;
  const section = draft.instrument.sections.find((s) => s.id === match[1]);
  if (!section) return undefined;
  const inSection = new Set(draft.instrument.questions.filter((q) => q.section === section.id).map((q) => q.number));
  const numbers = [...new Set(match[2]!.split('.').map(Number))].filter((n) => inSection.has(n));
  if (numbers.length === 0) return undefined;
  const listed = numbers.length === 1 ? `Question ${numbers[0]}` : `Questions ${numbers.slice(0, -1).join(', ')} and ${numbers[numbers.length - 1]}`;
  return { section: section.title, questions: listed, several: numbers.length > 1, href: paths.risk.section(draft.id, section.id) };
}

function draftValues(draft: Draft): Values {
  const values: Values = {};
  for (const [n, a] of Object.entries(draft.answers)) {
    values[`q${n}`] = a.answer;
    if (a.source) values[`q${n}-source`] = a.source;
    if (a.comment) values[`q${n}-comment`] = a.comment;
  }
  return values;
}

function detailValues(d: DraftDetails): Values {
  return {
    ...dateValues('completedOn', d.completedOn ?? londonDate(new Date())),
    agency: d.agency ?? '',
    withVictim: d.withVictim ?? '',
    victimView: d.victimView ?? '',
    judgement: d.judgement ?? '',
    judgementReason: d.judgementReason ?? '',
  };
}

/** The check-answers page: every answer by section, gaps marked, and the details. */
function checkView(draft: Draft) {
  const sections = draft.instrument.sections.map((s) => ({
    ...s,
    rows: draft.instrument.questions
      .filter((q) => q.section === s.id)
      .map((q) => {
        const a = draft.answers[q.number];
        return { number: q.number, text: q.text, answer: a ? draft.instrument.answerLabels[a.answer] : 'Not answered', source: a?.source, comment: a?.comment, gap: !a || a.answer === 'dont-know' };
      }),
  }));
  return { draft, sections, d: draft.details };
}

const query = (request: FastifyRequest, name: string) => (request.query as Record<string, string | undefined>)[name];
const hiddenId = (value: string | undefined) => (value && UUID.test(value) ? value : '');

export function checklistRoutes(router: Router, risk: RiskService, frames: Pick<RiskFrames, 'loadPerson'>): void {
  /** The unfinished checklist named in the address: only its starter may open it. */
  const loadDraft = async (request: FastifyRequest): Promise<Draft | null> => {
    const id = param(request, 'draftId');
    return id ? risk.draft(userOf(request), id) : null;
  };

  formPage(router, {
    url: paths.risk.start(),
    permission: 'risk:record',
    pageName: 'risk-checklist-start',
    template: 'risk-start.njk',
    schema: startForm,
    load: async (request, reply) => {
      const loaded = await frames.loadPerson(request, reply);
      return 'sent' in loaded ? new Answered(loaded.sent) : loaded;
    },
    initial: (_person, request) => ({ instrument: query(request, 'instrument') ?? '', caseId: hiddenId(query(request, 'caseId')), followsId: hiddenId(query(request, 'follows')) }),
    view: async (person, request, values) => {
      const dob = person.record.dateOfBirth;
      const text = (name: string) => (typeof values[name] === 'string' ? values[name] : '');
      const followsId = text('followsId');
      // A follow-up checklist is chosen from those a question offers; a new one from the rest.
      const choices = (await risk.instrumentChoices(userOf(request))).filter((c) => (followsId ? c.followUp : !c.followUp));
      return {
        person: { id: person.id, name: `${person.record.givenName} ${person.record.familyName}`, age: dob ? ageOn(plainDate(dob), londonDate(new Date())) : null },
        choices,
        caseId: text('caseId'),
        followsId,
      };
    },
    submit: async (form, person, request) => {
      const user = userOf(request);
      const draftId = await risk.startDraft(user, { personId: person.id, caseId: form.caseId, ...form.instrument, followsId: form.followsId }, request.id);
      const draft = await risk.draft(user, draftId);
      return { to: paths.risk.section(draftId, draft.instrument.sections[0]!.id) };
    },
  });

  router.page({
    method: 'GET',
    url: paths.risk.draft(),
    permission: 'risk:record',
    pageName: 'risk-checklist-draft',
    handler: async (request, reply) => {
      const result = await attempt(reply, () => loadDraft(request));
      if ('sent' in result) return result.sent;
      if (!result.ok || !result.value) return notFound(reply);
      return reply.redirect(paths.risk.section(result.value.id, result.value.instrument.sections[0]!.id), 303);
    },
  });

  formPage(router, {
    url: paths.risk.section(),
    permission: 'risk:record',
    pageName: 'risk-checklist-section',
    template: 'risk-section.njk',
    schema: sectionForm,
    // The section named in the address must be one of the instrument's.
    load: async (request) => {
      const draft = await loadDraft(request);
      const sectionId = (request.params as { section?: string }).section ?? '';
      return draft?.instrument.sections.some((s) => s.id === sectionId) ? { draft, sectionId } : null;
    },
    initial: ({ draft }) => draftValues(draft),
    view: ({ draft, sectionId }, request) => {
      const index = draft.instrument.sections.findIndex((s) => s.id === sectionId);
      return {
        draft,
        unanswered: unansweredNotice(draft, (request.query as Record<string, unknown>).done),
        section: draft.instrument.sections[index],
        position: { index: index + 1, of: draft.instrument.sections.length },
        questions: sectionQuestions(draft, sectionId),
        back: index > 0 ? paths.risk.section(draft.id, draft.instrument.sections[index - 1]!.id) : paths.people.risk(draft.personId),
      };
    },
    submit: async (fields, { draft, sectionId }, request) => {
      const answers = sectionQuestions(draft, sectionId).map((q) => ({
        number: q.number,
        answer: fields[`q${q.number}`] ?? '',
        source: fields[`q${q.number}-source`] ?? '',
        comment: fields[`q${q.number}-comment`] ?? '',
      }));
      await risk.saveSection(userOf(request), draft.id, sectionId, answers, request.id);
      const next = nextSection(draft.instrument, sectionId);
      const done = gapsDone(sectionId, answers.filter((a) => a.answer === '').map((a) => a.number));
      return { to: next ? paths.risk.section(draft.id, next) : paths.risk.details(draft.id), ...(done ? { done } : {}) };
    },
  });

  formPage(router, {
    url: paths.risk.details(),
    permission: 'risk:record',
    pageName: 'risk-checklist-details',
    template: 'risk-details.njk',
    schema: detailsForm,
    dateInputs: ['completedOn'],
    load: loadDraft,
    initial: (draft) => detailValues(draft.details),
    view: (draft, request, values) => ({
      draft,
      unanswered: unansweredNotice(draft, (request.query as Record<string, unknown>).done),
      dateItems: dateBoxes(values, 'completedOn', COMPLETED_ON),
      back: paths.risk.section(draft.id, draft.instrument.sections[draft.instrument.sections.length - 1]!.id),
    }),
    submit: async (details, draft, request) => {
      await risk.saveDetails(userOf(request), draft.id, details, request.id);
      return { to: paths.risk.check(draft.id) };
    },
  });

  formPage(router, {
    url: paths.risk.check(),
    permission: 'risk:record',
    pageName: 'risk-checklist-check',
    template: 'risk-check.njk',
    schema: confirmForm,
    // The answers are checked once the details are given.
    load: async (request, reply: FastifyReply) => {
      const draft = await loadDraft(request);
      if (draft && request.method === 'GET' && !draft.details.completedOn) return new Answered(reply.redirect(paths.risk.details(draft.id), 303));
      return draft;
    },
    view: checkView,
    submit: async (_confirmed, draft, request) => {
      const recorded = await risk.complete(userOf(request), draft.id, request.id);
      return { to: paths.risk.checklist(recorded.id), done: 'completed' };
    },
  });

  // The delete button is on the check-answers page.
  formPage(router, {
    url: paths.risk.abandon(),
    postOnly: true,
    permission: 'risk:record',
    pageName: 'risk-checklist-abandon',
    template: 'risk-check.njk',
    schema: confirmForm,
    load: loadDraft,
    view: checkView,
    submit: async (_confirmed, draft, request) => {
      await risk.abandon(userOf(request), draft.id, request.id);
      return { to: paths.people.risk(draft.personId), done: 'abandoned' };
    },
  });
}
