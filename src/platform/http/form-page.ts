import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
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
 *
 * A page with several forms (a case summary with a note form and an allocation form) shows them from
 * its own route; each form that posts somewhere else is a `formPage` with `postOnly`, whose `view`
 * builds that page again (one render function shared with the page's route).
 */
export interface FormPageSpec<S extends z.ZodType, L> {
  url: string;
  /**
   * The permission for both showing and submitting the form; `public` for the pages used before anyone is
   * signed in (signing in, choosing a password by link), which are not audited as page views.
   */
  permission: Action | 'public';
  /** Public forms only: how many posts one address may make a minute. */
  rateLimitPerMinute?: number;
  pageName: string;
  template: string;
  /**
   * Parses the posted body. Use `withDateInputs` and `govukDate` for date inputs. When the form's fields
   * depend on the record (an administrator's own account shows only the name), a function choosing it.
   */
  schema: S | ((loaded: L, request: FastifyRequest) => S);
  /** Names of the date inputs, so an error links to the day box. */
  dateInputs?: readonly string[];
  /** The form is shown by another page's route: register only the POST (a bad answer renders `template` with `view`). */
  postOnly?: boolean;
  /**
   * The record the form is about: null answers 404; a ServiceError answers 403/404. When the answer is
   * something else (a redirect, a page of its own), make it with `reply` and return `new Answered(reply)`.
   */
  load: (request: FastifyRequest, reply: FastifyReply) => Promise<L | null | Answered>;
  /** The values the form starts with (text, as typed). */
  initial?: (loaded: L, request: FastifyRequest) => Record<string, string | string[]>;
  /** What the template needs besides values and errors; `values` is what the form holds (to mark a chosen option). */
  view?: (loaded: L, request: FastifyRequest, values: Record<string, string | string[]>, again?: string) => Promise<Record<string, unknown>> | Record<string, unknown>;
  /**
   * Does the work; answers where to go next and which success message to show there (or a confirmation
   * page to show). `reply` is for what goes with the answer (signing in sets the session cookie).
   */
  submit: (data: z.output<S>, loaded: L, request: FastifyRequest, reply: FastifyReply) => Promise<FormOutcome>;
  /** A field's name (in the schema or a service's error) → the form's field id, when they differ; per request when the id is. */
  fieldIds?: Record<string, string> | ((request: FastifyRequest) => Record<string, string>);
  /**
   * Which 403s from `submit` are about what was asked rather than who asks (an administrator changing
   * their own roles): shown on the form, in the error summary with status 403, not as the access denied page.
   */
  refusedOnForm?: (error: ServiceError) => boolean;
}

/**
 * After success: a redirect (303) to `to`, with the success message `done`; or, for a one-off
 * confirmation that has no page of its own to go back to (a new account, a changed password), the
 * `page` template shown at once with `data` and `status` (200 unless said: a check-answers step shows
 * the answers with 200; an edit refused for a stale version shows the record as now saved with 409);
 * or `again`: part of a larger form was saved on its own (a button with `formaction`), and the same
 * form is shown again, read afresh, keeping everything else typed, with the success message `again`
 * (passed to `view`).
 */
export type FormOutcome = { to: string; done?: string } | { page: string; data?: Record<string, unknown>; status?: number } | { again: string };

/** What `load` returns when it has answered the request itself (a redirect, or a page of its own). */
export class Answered {
  constructor(readonly reply: FastifyReply) {}
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

/** The zod issues as GOV.UK errors: the first message per field (by its id), a date input's linking to its day box. */
export function issuesToErrors(error: z.ZodError, dateInputs: readonly string[] = [], fieldIds: Record<string, string> = {}): FormErrors {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const name = String(issue.path[0] ?? 'form');
    fields[fieldIds[name] ?? name] ??= issue.message;
  }
  const errors = formErrors(fields);
  return { fields, summary: errors.summary.map((e) => (dateInputs.includes(e.href.slice(1)) ? { ...e, href: `${e.href}-day` } : e)) };
}

/** The field names a form's schema reads, as its JSON Schema says (none when it cannot say). */
function fieldNames(schema: z.ZodType): string[] {
  try {
    const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, unknown> };
    return Object.keys(json.properties ?? {});
  } catch {
    return [];
  }
}

export function formPage<S extends z.ZodType, L>(router: Router, spec: FormPageSpec<S, L>): void {
  router.catalogue.forms.push({ url: spec.url, fields: typeof spec.schema === 'function' ? [] : fieldNames(spec.schema) });
  // What the page shows may be refused although the form was reached (a POST loads only what it needs;
  // showing the form again reads more): the refusal is the 403 or 404 page, never a 500.
  async function render(request: FastifyRequest, reply: FastifyReply, loaded: L, values: Record<string, string | string[]>, errors: FormErrors, status: number, again?: string) {
    const extra = await guarded(reply, async () => (spec.view ? await spec.view(loaded, request, values, again) : {}));
    if ('sent' in extra) return extra.sent;
    if ('error' in extra) throw extra.error;
    return reply.code(status).view(spec.template, { ...extra.value, values, errors, errorSummary: errors.summary.length ? errors.summary : undefined });
  }

  /** Runs work that may raise a ServiceError: a refusal sends the 403/404 page. */
  async function guarded<T>(reply: FastifyReply, work: () => Promise<T>, onForm?: (error: ServiceError) => boolean): Promise<{ value: T } | { sent: FastifyReply } | { error: ServiceError }> {
    try {
      return { value: await work() };
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      if (error.status === 403 && !onForm?.(error)) return { sent: reply.code(403).view('errors/403.njk') };
      if (error.status === 404) return { sent: reply.code(404).view('errors/404.njk') };
      return { error };
    }
  }

  async function loadOrSend(request: FastifyRequest, reply: FastifyReply): Promise<{ loaded: L } | { sent: FastifyReply }> {
    const result = await guarded(reply, () => spec.load(request, reply));
    if ('sent' in result) return result;
    if ('error' in result || result.value === null) return { sent: reply.code(404).view('errors/404.njk') };
    if (result.value instanceof Answered) return { sent: result.value.reply };
    return { loaded: result.value };
  }

  function route(method: 'GET' | 'POST', handler: (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>) {
    if (spec.permission === 'public') {
      router.publicPage({ method, url: spec.url, handler, ...(method === 'POST' && spec.rateLimitPerMinute ? { rateLimitPerMinute: spec.rateLimitPerMinute } : {}) });
    } else {
      router.page({ method, url: spec.url, permission: spec.permission, pageName: spec.pageName, handler });
    }
  }

  if (!spec.postOnly) {
    route('GET', async (request, reply) => {
      const found = await loadOrSend(request, reply);
      if ('sent' in found) return found.sent;
      return render(request, reply, found.loaded, spec.initial ? spec.initial(found.loaded, request) : {}, NO_ERRORS, 200);
    });
  }

  route('POST', async (request, reply) => {
    const found = await loadOrSend(request, reply);
    if ('sent' in found) return found.sent;
    const values = typedValues(request.body);
    const fieldIds = typeof spec.fieldIds === 'function' ? spec.fieldIds(request) : (spec.fieldIds ?? {});
    const schema = typeof spec.schema === 'function' ? spec.schema(found.loaded, request) : spec.schema;
    const parsed = schema.safeParse(request.body ?? {});
    if (!parsed.success) return render(request, reply, found.loaded, values, issuesToErrors(parsed.error, spec.dateInputs, fieldIds), 400);
    const done = await guarded(reply, () => spec.submit(parsed.data, found.loaded, request, reply), spec.refusedOnForm);
    if ('sent' in done) return done.sent;
    if ('error' in done) {
      // A service may name several problems (each at `/field`): each shows by its field and in the summary.
      const problems = done.error.problems.length ? done.error.problems.map((p) => ({ field: p.path.replace(/^\//, ''), message: p.message })) : [{ field: done.error.field, message: done.error.message }];
      const shown = problems.map((p) => {
        const field = fieldIds[p.field] ?? p.field;
        return { field, message: p.message, href: spec.dateInputs?.includes(field) ? `#${field}-day` : `#${field}` };
      });
      const errors = formErrors(Object.fromEntries(shown.map((p) => [p.field, p.message])));
      return render(request, reply, found.loaded, values, { fields: errors.fields, summary: shown.map((p) => ({ text: p.message, href: p.href })) }, done.error.status);
    }
    if ('page' in done.value) return reply.code(done.value.status ?? 200).view(done.value.page, done.value.data ?? {});
    if ('again' in done.value) {
      const reloaded = await loadOrSend(request, reply);
      if ('sent' in reloaded) return reloaded.sent;
      return render(request, reply, reloaded.loaded, values, NO_ERRORS, 200, done.value.again);
    }
    const { to, done: message } = done.value;
    const next = !message ? to : to.includes('?') ? `${to}&done=${encodeURIComponent(message)}` : withQuery(to, { done: message });
    return reply.redirect(next, 303);
  });
}
