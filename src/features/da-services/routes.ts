import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type FormErrors, parseForm } from '../../platform/http/forms.js';
import { paths, withQuery } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import { attempt } from '../../platform/http/service-error.js';
import { BANDS, type DaService, type DaServicesService } from './service.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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

const newServiceForm = z.object(fields).transform((v) => ({ ...v, active: true }));

const editServiceForm = z.object({
  ...fields,
  active: z.enum(['yes', 'no'], { error: 'Say whether the service is taking referrals' }).transform((v) => v === 'yes'),
});

interface FormValues {
  name: string;
  offers: string;
  howToRefer: string;
  band: string;
  active: string;
}

function submitted(body: unknown): FormValues {
  const b = (body ?? {}) as Record<string, unknown>;
  const text = (key: string) => (typeof b[key] === 'string' ? b[key] : '');
  return { name: text('name'), offers: text('offers'), howToRefer: text('howToRefer'), band: text('band'), active: text('active') };
}

const valuesOf = (s: DaService): FormValues => ({ name: s.name, offers: s.offers, howToRefer: s.howToRefer, band: s.band, active: s.active ? 'yes' : 'no' });

const bandItems = (chosen: string) => BANDS.map((band) => ({ value: band, text: BAND_LABELS[band], hint: { text: BAND_HINTS[band] }, checked: chosen === band }));

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
  function showForm(reply: FastifyReply, options: { service?: DaService; values: FormValues; errors?: FormErrors; status?: number }) {
    return reply.code(options.status ?? 200).view('da-service.njk', {
      service: options.service,
      values: options.values,
      bandItems: bandItems(options.values.band),
      errors: options.errors,
      errorSummary: options.errors?.summary,
    });
  }

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
    handler: async (_request, reply) => showForm(reply, { values: { name: '', offers: '', howToRefer: '', band: '', active: 'yes' } }),
  });

  router.page({
    method: 'POST',
    url: paths.admin.daServices,
    permission: 'settings:manage',
    pageName: 'admin-da-service-add',
    handler: async (request, reply) => {
      const values = submitted(request.body);
      const form = parseForm(newServiceForm, request.body);
      if (!form.ok) return showForm(reply, { values, errors: form.errors, status: 400 });
      const result = await attempt(reply, () => directory.add(request.user!, form.data, request.id));
      if ('sent' in result) return result.sent;
      if (!result.ok) return showForm(reply, { values, errors: result.errors, status: result.status });
      return reply.redirect(withQuery(paths.admin.daServices, { added: result.value.id }), 303);
    },
  });

  router.page({
    method: 'GET',
    url: paths.admin.daService(),
    permission: 'settings:manage',
    pageName: 'admin-da-service',
    handler: async (request, reply) => {
      const id = serviceIdOf(request);
      if (!id) return reply.code(404).view('errors/404.njk');
      const result = await attempt(reply, () => directory.get(request.user!, id));
      if ('sent' in result) return result.sent;
      if (!result.ok) throw new Error('finding a service reports no form errors');
      return showForm(reply, { service: result.value, values: valuesOf(result.value) });
    },
  });

  router.page({
    method: 'POST',
    url: paths.admin.daService(),
    permission: 'settings:manage',
    pageName: 'admin-da-service-change',
    handler: async (request, reply) => {
      const id = serviceIdOf(request);
      if (!id) return reply.code(404).view('errors/404.njk');
      const user = request.user!;
      const found = await attempt(reply, () => directory.get(user, id));
      if ('sent' in found) return found.sent;
      if (!found.ok) throw new Error('finding a service reports no form errors');
      const values = submitted(request.body);
      const form = parseForm(editServiceForm, request.body);
      if (!form.ok) return showForm(reply, { service: found.value, values, errors: form.errors, status: 400 });
      const result = await attempt(reply, () => directory.change(user, id, form.data, request.id));
      if ('sent' in result) return result.sent;
      if (!result.ok) return showForm(reply, { service: found.value, values, errors: result.errors, status: result.status });
      return reply.redirect(withQuery(paths.admin.daServices, { changed: id }), 303);
    },
  });
}
