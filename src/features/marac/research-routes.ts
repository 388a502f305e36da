import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ResearchState } from '../../domain/marac/research.js';
import { formPage } from '../../platform/http/form-page.js';
import { asList } from '../../platform/http/forms.js';
import { formatDateTime } from '../../platform/http/format.js';
import { paths } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import { attempt } from '../../platform/http/service-error.js';
import { idParam, notFound, userOf } from '../../platform/http/route-params.js';
import { buttonForm } from './meeting-forms.js';
import { meetingInWords } from './meeting-words.js';
import type { MaracResearchService } from './research-service.js';

const STATE_TAGS: Record<ResearchState, { text: string; classes: string }> = {
  returned: { text: 'Returned', classes: 'govuk-tag--green' },
  'nothing-known': { text: 'Nothing known', classes: 'govuk-tag--blue' },
  'not-returned': { text: 'Not returned', classes: 'govuk-tag--red' },
};

type Form = Awaited<ReturnType<MaracResearchService['form']>>;

const text = z.string().optional().transform((v) => v ?? '');

/** The research form: for each person on the case whether the agency knows them, and if so what; the offers. */
function researchSchema(form: Form) {
  const people = [form.summary.victim, ...(form.summary.personCausingHarm ? [form.summary.personCausingHarm] : []), ...form.summary.children];
  const fields: Record<string, z.ZodType> = { offers: z.preprocess(asList, z.array(z.string())), otherOffer: text };
  for (const p of people) {
    fields[`known-${p.id}`] = z.enum(['yes', 'no']).optional();
    fields[`involvement-${p.id}`] = text;
    fields[`history-${p.id}`] = text;
    fields[`risks-${p.id}`] = text;
  }
  return z.object(fields).transform((f) => {
    const v = f as Record<string, unknown>;
    return {
      // A person left unanswered is left out: the service names them.
      findings: people
        .filter((p) => v[`known-${p.id}`] !== undefined)
        .map((p) => ({ personId: p.id, known: v[`known-${p.id}`] === 'yes', involvement: String(v[`involvement-${p.id}`]), history: String(v[`history-${p.id}`]), risks: String(v[`risks-${p.id}`]) })),
      offers: v.offers as string[],
      otherOffer: String(v.otherOffer),
    };
  });
}

function researchView(form: Form, values: Record<string, string | string[]>) {
  const s = form.summary;
  const chosen = asList(values.offers);
  const role = (p: { id: string }) => (p.id === s.victim.id ? 'Victim' : p.id === s.personCausingHarm?.id ? 'Person causing harm' : 'Child');
  return {
    form,
    meetingLabel: meetingInWords(form.meeting),
    people: [s.victim, ...(s.personCausingHarm ? [s.personCausingHarm] : []), ...s.children].map((p) => ({ ...p, role: role(p) })),
    offerItems: form.agency.offers.map((o) => ({ value: o, text: o, checked: chosen.includes(o) })),
  };
}

/** Values the form starts with: the agency's earlier return, if it made one. */
function initialValues(form: Form): Record<string, string | string[]> {
  const r = form.existing;
  if (!r) return {};
  const values: Record<string, string | string[]> = { offers: r.offers, otherOffer: r.otherOffer ?? '' };
  for (const f of r.findings) {
    values[`known-${f.personId}`] = f.known ? 'yes' : 'no';
    values[`involvement-${f.personId}`] = f.involvement ?? '';
    values[`history-${f.personId}`] = f.history ?? '';
    values[`risks-${f.personId}`] = f.risks ?? '';
  }
  return values;
}

/** Research before the meeting: a representative's return per case, the coordinator's grid, and reminders. */
export function maracResearchRoutes(router: Router, research: MaracResearchService): void {
  const caseIdOf = (request: FastifyRequest) => idParam(request, 'meetingCaseId');

  formPage(router, {
    url: paths.marac.research(),
    permission: 'marac:attend',
    pageName: 'marac-research',
    template: 'marac-research.njk',
    schema: researchSchema,
    load: async (request) => {
      const id = caseIdOf(request);
      return id ? await research.form(userOf(request), id) : null;
    },
    initial: initialValues,
    view: (form, request, values) => ({ ...researchView(form, values), success: (request.query as Record<string, unknown>).done === 'returned' ? 'Research returned. You can change it until the meeting.' : undefined }),
    submit: async (data, form, request) => {
      await research.submit({ kind: 'user', user: userOf(request) }, form.summary.meetingCaseId, data, request.id);
      return { to: paths.marac.research(form.summary.meetingCaseId), done: 'returned' };
    },
  });

  router.page({
    method: 'GET',
    url: paths.marac.researchGrid(),
    permission: 'marac:coordinate',
    pageName: 'marac-research-grid',
    handler: async (request, reply) => {
      const id = idParam(request, 'meetingId');
      if (!id) return notFound(reply);
      const result = await attempt(reply, () => research.grid(userOf(request), id));
      if ('sent' in result) return result.sent;
      if (!result.ok) return notFound(reply);
      const g = result.value;
      const done = (request.query as Record<string, unknown>).done;
      return reply.view('marac-research-grid.njk', {
        g,
        meetingLabel: meetingInWords(g.meeting),
        tag: (state: ResearchState) => STATE_TAGS[state],
        agencies: g.agencies.map((a) => ({ ...a, lastReminder: a.lastReminder ? formatDateTime(a.lastReminder) : null })),
        anyMissing: g.agencies.some((a) => a.missing > 0),
        success: typeof done === 'string' && /^reminded-\d+$/.test(done) ? `Reminders sent to ${done.slice(9)} agenc${done === 'reminded-1' ? 'y' : 'ies'} that have not returned their research` : undefined,
      });
    },
  });

  formPage(router, {
    url: paths.marac.remind(),
    postOnly: true,
    permission: 'marac:coordinate',
    pageName: 'marac-research-remind',
    template: 'marac-meeting-refused.njk',
    schema: buttonForm,
    load: async (request) => {
      const id = idParam(request, 'meetingId');
      return id ? (await research.grid(userOf(request), id)).meeting : null;
    },
    view: (m) => ({ m: { ...m, label: meetingInWords(m) } }),
    submit: async (_f, m, request) => {
      const n = await research.remind(userOf(request), m.id, request.id);
      return { to: paths.marac.researchGrid(m.id), done: `reminded-${n}` };
    },
  });
}
