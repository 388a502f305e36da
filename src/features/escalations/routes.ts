import { RED_FLAGS, RED_FLAG_CODES, type RedFlagCode } from '../../domain/escalation/red-flags.js';
import { Answered, formPage } from '../../platform/http/form-page.js';
import { editable } from './page-helpers.js';
import { dateBoxes } from '../../platform/http/govuk-date.js';
import { paths } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import { attempt } from '../../platform/http/service-error.js';
import { idParam, notFound, userOf } from '../../platform/http/route-params.js';
import type { FastifyRequest } from 'fastify';
import type { CaseFrames } from '../cases/frames.js';
import type { CaseOverview } from '../cases/case-page.js';
import { DATES, discussionForm, redFlagForm, settingsForm } from './forms.js';
import { interpreterRoutes } from './interpreter-routes.js';
import type { InterpreterService } from './interpreter-service.js';
import type { EscalationService } from './service.js';

export const ESCALATIONS_DONE: Record<string, string> = {
  'red-flag': 'The red flag has been recorded',
  'red-flag-escalated': 'The red flag has been recorded and escalated to the worker and their team manager',
  discussed: 'The management discussion has been recorded and the escalation closed',
};

const doneOf = (request: FastifyRequest, messages: Record<string, string>) => {
  const done = (request.query as Record<string, unknown> | undefined)?.done;
  return typeof done === 'string' ? messages[done] : undefined;
};

/**
 * The case's escalations and red flags, recording a red flag, the management discussion that closes an
 * escalation, the area's numbers, and the interpreters booked for the case.
 */
export function escalationRoutes(router: Router, s: EscalationService, interpreters: InterpreterService, frames: CaseFrames): void {
  router.page({
    method: 'GET',
    url: paths.escalations.list(),
    permission: 'case:view',
    pageName: 'case-escalations',
    handler: async (request, reply) => {
      const c = await frames.loadCase(request, reply);
      if ('sent' in c) return c.sent;
      const found = await attempt(reply, () => s.forCase(userOf(request), c.id));
      if ('sent' in found) return found.sent;
      if (!found.ok) return notFound(reply);
      return frames.renderCase(reply, 'escalations-case.njk', c, 'summary', { c, e: found.value, success: doneOf(request, ESCALATIONS_DONE) });
    },
  });

  formPage(router, {
    url: paths.escalations.newRedFlag(),
    permission: 'case:edit',
    pageName: 'case-new-red-flag',
    template: 'escalations-red-flag.njk',
    schema: redFlagForm,
    dateInputs: ['noticedOn'],
    load: editable(frames),
    view: (c: CaseOverview, _request, values) => ({
      ...frames.caseFrame(c, 'summary'),
      c,
      dates: { noticedOn: dateBoxes(values, 'noticedOn', DATES.noticedOn) },
      flagItems: RED_FLAGS.map((f) => ({ value: f.code, text: f.label, hint: { text: f.hint }, checked: values.flag === f.code })),
    }),
    submit: async (form, c, request) => {
      const { escalated } = await s.recordRedFlag(userOf(request), c.id, form, request.id);
      return { to: paths.escalations.list(c.id), done: escalated ? 'red-flag-escalated' : 'red-flag' };
    },
  });

  formPage(router, {
    url: paths.escalations.discussion(),
    permission: 'case:edit',
    pageName: 'case-escalation-discussion',
    template: 'escalations-discussion.njk',
    schema: discussionForm,
    dateInputs: ['decidedOn'],
    load: async (request, reply) => {
      const c = await editable(frames)(request, reply);
      if (c instanceof Answered) return c;
      const escalationId = idParam(request, 'escalationId');
      if (!escalationId) return null;
      return { c, escalation: await s.openEscalation(userOf(request), c.id, escalationId) };
    },
    initial: (_loaded, request) => ({ decidedBy: userOf(request).name }),
    view: ({ c, escalation }, _request, values) => ({ ...frames.caseFrame(c, 'summary'), c, escalation, dates: { decidedOn: dateBoxes(values, 'decidedOn', DATES.decidedOn) } }),
    submit: async (form, { c, escalation }, request) => {
      await s.discuss(userOf(request), c.id, escalation.id, form, request.id);
      return { to: paths.escalations.list(c.id), done: 'discussed' };
    },
  });

  formPage(router, {
    url: paths.admin.escalations,
    permission: 'settings:manage',
    pageName: 'admin-escalations',
    template: 'escalations-settings.njk',
    schema: settingsForm,
    load: async (request) => s.settings(userOf(request)),
    initial: (current) => ({ missedCount: String(current.missedCount), missedDays: String(current.missedDays), escalatingFlags: [...current.escalatingFlags] }),
    view: (_current, request, values) => {
      const chosen = Array.isArray(values.escalatingFlags) ? values.escalatingFlags : values.escalatingFlags ? [values.escalatingFlags] : [];
      return {
        flagItems: RED_FLAGS.map((f) => ({ value: f.code, text: f.label, checked: chosen.includes(f.code) })),
        success: doneOf(request, { saved: 'The escalation rules have been saved' }),
      };
    },
    submit: async (form, _current, request) => {
      const flags = form.escalatingFlags.filter((f): f is RedFlagCode => (RED_FLAG_CODES as readonly string[]).includes(f));
      await s.saveSettings(userOf(request), { missedCount: form.missedCount, missedDays: form.missedDays, escalatingFlags: flags }, request.id);
      return { to: paths.admin.escalations, done: 'saved' };
    },
  });

  interpreterRoutes(router, interpreters, frames);
}
