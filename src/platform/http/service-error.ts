import type { FastifyReply } from 'fastify';
import { formErrors, type FormErrors } from './forms.js';

/**
 * An error a service raises on purpose: 400/409/422 for something the person can fix on the form (named
 * by `field`), 403 for a refusal, 404 for a record they may not know of. Each feature names its own
 * subclass (AdminError, PeopleError, CaseError, SafetyError).
 */
export class ServiceError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409 | 422,
    message: string,
    readonly field = 'form',
    /** Every problem, each at its JSON pointer, when there are several (the API lists them all). */
    readonly problems: readonly { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

export type Attempt<T> = { ok: true; value: T } | { ok: false; errors: FormErrors; status: 400 | 409 | 422 } | { ok: false; sent: FastifyReply };

/**
 * Runs a service call for a page. A refusal becomes the 403 or 404 page; a problem with what was
 * sent comes back as form errors (with the form's id for the field, when it differs) and its status.
 */
export async function attempt<T>(reply: FastifyReply, work: () => Promise<T>, fieldIds: Record<string, string> = {}): Promise<Attempt<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    if (error.status === 403) return { ok: false, sent: reply.code(403).view('errors/403.njk') };
    if (error.status === 404) return { ok: false, sent: reply.code(404).view('errors/404.njk') };
    return { ok: false, errors: formErrors({ [fieldIds[error.field] ?? error.field]: error.message }), status: error.status };
  }
}
