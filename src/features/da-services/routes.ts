import { UUID } from '../../platform/http/route-params.js';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { formPage } from '../../platform/http/form-page.js';
import { paths, withQuery } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import { attempt } from '../../platform/http/service-error.js';
import { BANDS, type DaService, type DaServicesService } from './service.js';


export const BAND_LABELS = { high: 'High risk', medium: 'Medium risk', standard: 'Standard risk' } as const;

const BAND_HINTS = {
  high: 'For victims at high risk: an IDSVA service, with a safety plan reviewed regularly.',
  medium: 'For victims at medium risk: floating support.',
  standard: 'For victims at standard risk: victim support.',
} as const;

/** Free text as typed: no NUL characters (the database refuses them), one kind of line break, no space at the ends. */
const clean = (value: unknown) => (typeof value === 'string' ? value.replaceAll('\u0000', '').replace(/\r\n?/g, '\n') : value);

const textField = (required: string, max: number, tooLong: string) => z.preprocess(clean, z.string({ error: required }).trim().min(1, required).max(max, tooLong));

const fields = {
  name: textField('Enter the service’s name', 200, 'Enter a name of 200 characters or fewer'),
  offers: textField('Say what the service offers', 2000, 'Say what the service offers in 2000 characters or fewer'),
  howToRefer: textField('Say how to refer', 2000, 'Say how to refer in 2000 characters or fewer'),
  band: z.enum(['high', 'medium', 'standard'], { error: 'Choose the level of risk the service is for' }),
};

/** Adding a service: it takes referrals from the start. */
const newServiceForm = z.object(fields).transform((v) => ({ ...v, active: true }));

/** Changing a service, and whether it is taking referrals. */
const editServiceForm = z.object({
  ...fields,
  active: z.enum(['yes', 'no'], { error: 'Say whether the service is taking referrals' }).transform((v) => v === 'yes'),
});

const valuesOf = (s: DaService): Record<string, string> => ({ name: s.name, offers: s.offers, howToRefer: s.howToRefer, band: s.band, active: s.active ? 'yes' : 'no' });

const bandItems = (chosen: unknown) => BANDS.map((band) => ({ value: band, text: BAND_LABELS[band], hint: { text: BAND_HINTS[band] }, checked: chosen === band }));

/** What the service form shows besides its values and errors: the service being changed (none when adding) and the bands. */
const formView = (service: DaService | undefined, values: Record<string, unknown>) => ({ service, bandItems: bandItems(values.band) });

function serviceIdOf(request: FastifyRequest): string | null {
  const id = (request.params as { serviceId?: string }).serviceId;
  return id && UUID.test(id) ? id : null;
}

function idFromQuery(request: FastifyRequest, key: string): string | undefined {
  const value = (request.query as Record<string, unknown>)[key];
  return typeof value === 'string' && UUID.test(value) ? value : undefined;
}

/** The directory of domestic abuse services: the list by level of risk, adding a service and changing one. */
export function daServicesRoutes(router: Router, directory: DaServicesService): void {
  router.page({
    method: 'GET',
    url: paths.admin.daServices,
    permission: 'settings:manage',
    pageName: 'admin-da-services',
    handler: async (request, reply) => {
      const result = await attempt(reply, () => directory.list(request.user!));
      if ('sent' in result) return result.sent;
      if (!result.ok) throw new Error('listing services reports no form errors');
      const services = result.value;
      const added = services.find((s) => s.id === idFromQuery(request, 'added'));
      const changed = services.find((s) => s.id === idFromQuery(request, 'changed'));
      return reply.view('da-services.njk', {
        groups: BANDS.map((band) => {
          const inBand = services.filter((s) => s.band === band);
          return { band, label: BAND_LABELS[band], hint: BAND_HINTS[band], services: inBand, taking: inBand.filter((s) => s.active).length };
        }),
        count: services.length,
        success: added ? `Service added: ${added.name}` : changed ? `Changes saved: ${changed.name}` : undefined,
      });
    },
  });

  router.page({
    method: 'GET',
    url: paths.admin.newDaService,
    permission: 'settings:manage',
    pageName: 'admin-da-service-new',
    handler: async (_request, reply) => {
      const values = { name: '', offers: '', howToRefer: '', band: '', active: 'yes' };
      return reply.view('da-service.njk', { ...formView(undefined, values), values, errors: { fields: {}, summary: [] } });
    },
  });

  // The form is at /admin/da-services/new and posts to the list of services.
  formPage(router, {
    url: paths.admin.daServices,
    postOnly: true,
    permission: 'settings:manage',
    pageName: 'admin-da-service-add',
    template: 'da-service.njk',
    schema: newServiceForm,
    load: async (request) => request.user,
    view: (_user, _request, values) => formView(undefined, values),
    submit: async (service, user, request) => {
      const { id } = await directory.add(user, service, request.id);
      return { to: withQuery(paths.admin.daServices, { added: id }) };
    },
  });

  formPage(router, {
    url: paths.admin.daService(),
    permission: 'settings:manage',
    pageName: 'admin-da-service',
    template: 'da-service.njk',
    schema: editServiceForm,
    load: async (request) => {
      const id = serviceIdOf(request);
      return id ? directory.get(request.user!, id) : null;
    },
    initial: valuesOf,
    view: (service, _request, values) => formView(service, values),
    submit: async (change, service, request) => {
      await directory.change(request.user!, service.id, change, request.id);
      return { to: withQuery(paths.admin.daServices, { changed: service.id }) };
    },
  });
}
