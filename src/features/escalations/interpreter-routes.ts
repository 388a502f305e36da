import { BOOKING_PURPOSE_LABELS, BOOKING_PURPOSES, INTERPRETER_KIND_LABELS } from '../../domain/interpreting/interpreters.js';
import { formPage } from '../../platform/http/form-page.js';
import { dateBoxes } from '../../platform/http/govuk-date.js';
import { paths } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import { attempt } from '../../platform/http/service-error.js';
import { notFound, userOf } from '../../platform/http/route-params.js';
import type { CaseFrames } from '../cases/frames.js';
import type { CaseOverview } from '../cases/case-page.js';
import { bookingForm, DATES } from './forms.js';
import type { InterpreterService } from './interpreter-service.js';
import { editable } from './page-helpers.js';

const SEX_ITEMS = [
  { value: 'female', text: 'Female' },
  { value: 'male', text: 'Male' },
  { value: 'no-preference', text: 'Not known' },
];

/** Who may be named as interpreting on the booking form: a professional, or (to be refused with why) someone connected to the family. */
const KIND_CHOICES = ['professional', 'family-member', 'friend', 'child'] as const;

/** The case's interpreter bookings and the people's languages; booking an interpreter. */
export function interpreterRoutes(router: Router, s: InterpreterService, frames: CaseFrames): void {
  router.page({
    method: 'GET',
    url: paths.interpreters.list(),
    permission: 'case:view',
    pageName: 'case-interpreters',
    handler: async (request, reply) => {
      const c = await frames.loadCase(request, reply);
      if ('sent' in c) return c.sent;
      const found = await attempt(reply, () => s.forCase(userOf(request), c.id));
      if ('sent' in found) return found.sent;
      if (!found.ok) return notFound(reply);
      const done = (request.query as Record<string, unknown> | undefined)?.done === 'booked' ? 'The interpreter booking has been recorded' : undefined;
      return frames.renderCase(reply, 'interpreters-case.njk', c, 'people', { c, i: found.value, success: done });
    },
  });

  formPage(router, {
    url: paths.interpreters.book(),
    permission: 'case:edit',
    pageName: 'case-book-interpreter',
    template: 'interpreters-book.njk',
    schema: bookingForm,
    dateInputs: ['on'],
    load: async (request, reply) => {
      const c = await editable(frames)(request, reply);
      if (!('members' in c)) return c;
      return { c, people: (await s.forCase(userOf(request), c.id)).people };
    },
    initial: ({ people }: { c: CaseOverview; people: Awaited<ReturnType<InterpreterService['forCase']>>['people'] }, request): Record<string, string> => {
      const chosen = people.find((p) => p.id === (request.query as Record<string, unknown> | undefined)?.person);
      return chosen ? { personId: chosen.id, language: chosen.language ?? '', dialect: chosen.dialect ?? '', interpreterSex: chosen.preferredSex ?? '' } : {};
    },
    view: ({ c, people }, _request, values) => ({
      ...frames.caseFrame(c, 'people'),
      c,
      people,
      dates: { on: dateBoxes(values, 'on', DATES.on) },
      personItems: [{ value: '', text: 'Choose a person' }, ...people.filter((p) => !p.restricted).map((p) => ({ value: p.id, text: p.line ? `${p.name} (${p.line})` : p.name, selected: values.personId === p.id }))],
      purposeItems: BOOKING_PURPOSES.map((p) => ({ value: p, text: BOOKING_PURPOSE_LABELS[p], checked: values.purpose === p })),
      kindItems: KIND_CHOICES.map((k) => ({ value: k, text: INTERPRETER_KIND_LABELS[k], checked: values.interpreterKind === k })),
      sexItems: SEX_ITEMS.map((i) => ({ ...i, checked: values.interpreterSex === i.value })),
    }),
    submit: async (form, { c }, request) => {
      await s.book(userOf(request), c.id, form, request.id);
      return { to: paths.interpreters.list(c.id), done: 'booked' };
    },
  });
}
