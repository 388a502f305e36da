import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Action } from '../access/policy.js';
import { formErrors, type FormErrors } from './forms.js';
import { withQuery } from './paths.js';
import type { Router } from './router.js';
import { ServiceError } from './service-error.js';

/**
 * The one way to make a page with a form. Give it the schema, how to load what the form is about, what
 * the template needs, and what to do with a valid answer. It registers the GET and the POST (both
 * through the router, so both are permission-checked and the GET is audited), parses with zod into
 * the GOV.UK error summary and inline errors, shows the form again with what was typed, turns a
 * service's refusal into the 403 or 404 page and its field problem into an inline error, and after
 * success redirects (303) to the next page with a success message named by `done`.
 *
 * The template gets `values` (what was typed, as text), `errors` (fields and summary, never undefined)
 * and `errorSummary`, plus whatever `view` returns. Success banners: the next page reads `?done=` from
 * its own list of messages, so a reload does not repeat the action.
 */
export interface FormPageSpec<S extends z.ZodType, L> {
  url: string;
  /** The permission for both showing and submitting the form. */
  permission: Action;
  pageName: string;
  template: string;
  /** Parses the posted body. Use `withDateInputs` and `govukDate` for date inputs. */
  schema: S;
  /** Names of the date inputs, so an error links to the day box. */
  dateInputs?: readonly string[];
  /** The record the form is about: null answers 404; a ServiceError answers 403/404 or a field error. */
  load: (request: FastifyRequest) => Promise<L | null>;
  /** The values the form starts with (text, as typed). */
  initial?: (loaded: L, request: FastifyRequest) => Record<string, string>;
  /** What the template needs besides values and errors. */
  view?: (loaded: L, request: FastifyRequest) => Promise<Record<string, unknown>> | Record<string, unknown>;
  /** Does the work; answers where to go next and which success message to show there. */
  submit: (data: z.output<S>, loaded: L, request: FastifyRequest) => Promise<{ to: string; done?: string }>;
  /** A service's field name → the form's field id, when they differ. */
  fieldIds?: Record<string, string>;
}

const NO_ERRORS: FormErrors = { fields: {}, summary: [] };

/** What was typed, as text: the first value of each field (checkbox lists kept as lists). */
export function typedValues(body: unknown): Record<string, string | string[]> {
  const fields = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (key === '_csrf') continue;
    if (typeof value === 'string') out[key] = value;
    else if (Array.isArray(value)) out[key] = value.filter((v): v is string => typeof v === 'string');
  }
  return out;
}

/** The zod issues as GOV.UK errors: the first message per field, a date input's linking to its day box. */
export function issuesToErrors(error: z.ZodError, dateInputs: readonly string[] = []): FormErrors {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) fields[String(issue.path[0] ?? 'form')] ??= issue.message;
  const errors = formErrors(fields);
  return { fields, summary: errors.summary.map((e) => (dateInputs.includes(e.href.slice(1)) ? { ...e, href: `${e.href}-day` } : e)) };
}

export function formPage<S extends z.ZodType, L>(router: Router, spec: FormPageSpec<S, L>): void {
  async function render(request: FastifyRequest, reply: FastifyReply, loaded: L, values: Record<string, string | string[]>, errors: FormErrors, status: number) {
    const extra = spec.view ? await spec.view(loaded, request) : {};
    return reply.code(status).view(spec.template, { ...extra, values, errors, errorSummary: errors.summary.length ? errors.summary : undefined });
  }

  /** Runs work that may raise a ServiceError: a refusal sends the 403/404 page. */
  async function guarded<T>(reply: FastifyReply, work: () => Promise<T>): Promise<{ value: T } | { sent: FastifyReply } | { error: ServiceError }> {
    try {
      return { value: await work() };
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      if (error.status === 403) return { sent: reply.code(403).view('errors/403.njk') };
      if (error.status === 404) return { sent: reply.code(404).view('errors/404.njk') };
      return { error };
    }
  }

  async function loadOrSend(request: FastifyRequest, reply: FastifyReply): Promise<{ loaded: L } | { sent: FastifyReply }> {
    const result = await guarded(reply, () => spec.load(request));
    if ('sent' in result) return result;
    if ('error' in result || result.value === null) return { sent: reply.code(404).view('errors/404.njk') };
    return { loaded: result.value };
  }

  router.page({
    method: 'GET',
    url: spec.url,
    permission: spec.permission,
    pageName: spec.pageName,
    handler: async (request, reply) => {
      const found = await loadOrSend(request, reply);
      if ('sent' in found) return found.sent;
      return render(request, reply, found.loaded, spec.initial ? spec.initial(found.loaded, request) : {}, NO_ERRORS, 200);
    },
  });

  router.page({
    method: 'POST',
    url: spec.url,
    permission: spec.permission,
    pageName: spec.pageName,
    handler: async (request, reply) => {
      const found = await loadOrSend(request, reply);
      if ('sent' in found) return found.sent;
      const values = typedValues(request.body);
      const parsed = spec.schema.safeParse(request.body ?? {});
      if (!parsed.success) return render(request, reply, found.loaded, values, issuesToErrors(parsed.error, spec.dateInputs), 400);
      const done = await guarded(reply, () => spec.submit(parsed.data, found.loaded, request));
      if ('sent' in done) return done.sent;
      if ('error' in done) {
        const field = spec.fieldIds?.[done.error.field] ?? done.error.field;
        const errors = formErrors({ [field]: done.error.message });
        const href = spec.dateInputs?.includes(field) ? `#${field}-day` : `#${field}`;
        return render(request, reply, found.loaded, values, { fields: errors.fields, summary: [{ text: done.error.message, href }] }, done.error.status);
      }
      const { to, done: message } = done.value;
      const next = !message ? to : to.includes('?') ? `${to}&done=${encodeURIComponent(message)}` : withQuery(to, { done: message });
      return reply.redirect(next, 303);
    },
  });
}
