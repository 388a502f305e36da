import type { FastifyRequest } from 'fastify';
import { AGENCY_SECTOR_LABELS, AGENCY_SECTORS } from '../../domain/marac/agencies.js';
import { DEFAULT_PANEL_TIMINGS } from '../../domain/marac/meetings.js';
import { formPage } from '../../platform/http/form-page.js';
import { asList } from '../../platform/http/forms.js';
import { paths, withQuery } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import { attempt } from '../../platform/http/service-error.js';
import { idParam, userOf } from '../../platform/http/route-params.js';
import { agencyForm, newAgencyForm, panelForm, representativesForm } from './meeting-forms.js';
import type { Agency, MaracSetupService, Panel } from './panels-service.js';

const SETUP_DONE: Record<string, string> = {
  'agency-added': 'Agency added. Check its list of what it can offer, and name its representatives.',
  'agency-saved': 'Changes to the agency saved',
  representatives: 'Representatives saved',
  'panel-added': 'Panel added. You can now schedule its meetings.',
  'panel-saved': 'Changes to the panel saved',
};

type Overview = Awaited<ReturnType<MaracSetupService['overview']>>;

const doneOf = (request: FastifyRequest) => {
  const done = (request.query as Record<string, unknown>).done;
  return typeof done === 'string' ? SETUP_DONE[done] : undefined;
};

function panelView(o: Overview, panel: Panel | undefined, values: Record<string, string | string[]>) {
  const chosen = asList(values.agencyIds);
  return {
    panel,
    agencyItems: o.agencies.map((a) => ({ value: a.id, text: a.name, hint: { text: AGENCY_SECTOR_LABELS[a.sector] }, checked: chosen.includes(a.id) })),
  };
}

const panelValues = (p: Panel): Record<string, string | string[]> => ({
  name: p.name,
  meetingCap: String(p.meetingCap),
  circulateDays: String(p.circulateDays),
  researchDays: String(p.researchDays),
  windowDays: String(p.windowDays),
  agencyIds: p.agencyIds,
});

function agencyView(o: Overview, agency: Agency, values: Record<string, string | string[]>) {
  const chosen = values.userIds !== undefined ? asList(values.userIds) : agency.representatives.map((r) => r.id);
  return {
    agency,
    sectorLabel: AGENCY_SECTOR_LABELS[agency.sector],
    panelNames: o.panels.filter((p) => agency.panelIds.includes(p.id)).map((p) => p.name),
    accountItems: o.accounts.map((a) => {
      const elsewhere = a.agency_id && a.agency_id !== agency.id ? o.agencies.find((x) => x.id === a.agency_id)?.name : undefined;
      return { value: a.id, text: a.name + (a.active ? '' : ' (deactivated)'), hint: { text: elsewhere ? `Now with ${elsewhere}: choosing them here moves them` : a.email }, checked: chosen.includes(a.id) };
    }),
  };
}

/** The coordinator's set-up of the Marac: partner agencies with their offers and representatives, and panels with their members and timings. */
export function maracSetupRoutes(router: Router, setup: MaracSetupService): void {
  router.page({
    method: 'GET',
    url: paths.marac.setup,
    permission: 'marac:coordinate',
    pageName: 'marac-setup',
    handler: async (request, reply) => {
      const result = await attempt(reply, () => setup.overview(userOf(request)));
      if ('sent' in result) return result.sent;
      if (!result.ok) throw new Error('the set-up page reports no form errors');
      const o = result.value;
      return reply.view('marac-setup.njk', {
        o,
        sectorLabel: (s: keyof typeof AGENCY_SECTOR_LABELS) => AGENCY_SECTOR_LABELS[s],
        agencyName: (id: string) => o.agencies.find((a) => a.id === id)?.name ?? '',
        success: doneOf(request),
      });
    },
  });

  formPage(router, {
    url: paths.marac.newAgency,
    permission: 'marac:coordinate',
    pageName: 'marac-agency-new',
    template: 'marac-agency-new.njk',
    schema: newAgencyForm,
    load: async () => ({}),
    view: (_l, _r, values) => ({ sectorItems: AGENCY_SECTORS.map((s) => ({ value: s, text: AGENCY_SECTOR_LABELS[s], checked: values.sector === s })) }),
    submit: async (form, _l, request) => {
      const id = await setup.addAgency(userOf(request), form, request.id);
      return { to: paths.marac.agency(id), done: 'agency-added' };
    },
  });

  const loadAgency = async (request: FastifyRequest) => {
    const id = idParam(request, 'agencyId');
    if (!id) return null;
    const o = await setup.overview(userOf(request));
    const agency = o.agencies.find((a) => a.id === id);
    return agency ? { o, agency } : null;
  };

  formPage(router, {
    url: paths.marac.agency(),
    permission: 'marac:coordinate',
    pageName: 'marac-agency',
    template: 'marac-agency.njk',
    schema: agencyForm,
    load: loadAgency,
    initial: ({ agency }) => ({ name: agency.name, offers: agency.offers.join('\n') }),
    view: ({ o, agency }, request, values) => ({ ...agencyView(o, agency, values), success: doneOf(request) }),
    submit: async (form, { agency }, request) => {
      await setup.updateAgency(userOf(request), agency.id, form, request.id);
      return { to: paths.marac.setup, done: 'agency-saved' };
    },
  });

  formPage(router, {
    url: paths.marac.representatives(),
    postOnly: true,
    permission: 'marac:coordinate',
    pageName: 'marac-agency-representatives',
    template: 'marac-agency.njk',
    schema: representativesForm,
    load: loadAgency,
    view: ({ o, agency }, _request, values) => ({ ...agencyView(o, agency, values), values: { name: agency.name, offers: agency.offers.join('\n'), ...values } }),
    submit: async (form, { agency }, request) => {
      await setup.setRepresentatives(userOf(request), agency.id, form.userIds, request.id);
      return { to: paths.marac.agency(agency.id), done: 'representatives' };
    },
  });

  formPage(router, {
    url: paths.marac.newPanel,
    permission: 'marac:coordinate',
    pageName: 'marac-panel-new',
    template: 'marac-panel.njk',
    schema: panelForm,
    load: async (request) => ({ o: await setup.overview(userOf(request)) }),
    initial: () => ({
      meetingCap: String(DEFAULT_PANEL_TIMINGS.meetingCap),
      circulateDays: String(DEFAULT_PANEL_TIMINGS.circulateDays),
      researchDays: String(DEFAULT_PANEL_TIMINGS.researchDays),
      windowDays: String(DEFAULT_PANEL_TIMINGS.windowDays),
    }),
    view: ({ o }, _request, values) => panelView(o, undefined, values),
    submit: async (form, _l, request) => {
      await setup.addPanel(userOf(request), form, request.id);
      return { to: paths.marac.setup, done: 'panel-added' };
    },
  });

  formPage(router, {
    url: paths.marac.panel(),
    permission: 'marac:coordinate',
    pageName: 'marac-panel',
    template: 'marac-panel.njk',
    schema: panelForm,
    load: async (request) => {
      const id = idParam(request, 'panelId');
      if (!id) return null;
      const o = await setup.overview(userOf(request));
      const panel = o.panels.find((p) => p.id === id);
      return panel ? { o, panel } : null;
    },
    initial: ({ panel }) => panelValues(panel),
    view: ({ o, panel }, _request, values) => panelView(o, panel, values),
    submit: async (form, { panel }, request) => {
      await setup.updatePanel(userOf(request), panel.id, form, request.id);
      return { to: withQuery(paths.marac.setup, {}), done: 'panel-saved' };
    },
  });
}
