import type { FastifyReply, FastifyRequest } from 'fastify';
import { Answered } from '../../platform/http/form-page.js';
import { paths } from '../../platform/http/paths.js';
import { UUID } from './forms.js';
import { type RecordPurpose, type RestrictedSubject, type SafetyService } from './service.js';

/** The record a restricted-record page is about. */
export interface RecordRef {
  subject: RestrictedSubject;
  id: string;
}

/** The record named in the address (`:subject/:recordId`), or null for a bad address. */
export function recordOf(request: FastifyRequest): RecordRef | null {
  const { subject, recordId } = request.params as { subject?: string; recordId?: string };
  if ((subject !== 'person' && subject !== 'case') || !recordId || !UUID.test(recordId)) return null;
  return { subject, id: recordId };
}

/** Where the record itself is shown. */
export function recordPath(subject: RestrictedSubject, id: string): string {
  return subject === 'case' ? paths.cases.overview(id) : paths.people.person(id);
}

import { userOf } from '../../platform/http/route-params.js';
export { userOf };

export type RecordState = RecordRef & NonNullable<Awaited<ReturnType<SafetyService['recordState']>>>;

/**
 * `load` for the pages that restrict a record or break glass into it: 404 for a bad address or a record
 * the user may not know of. Someone who may not do this here but can open the record (they need not
 * break glass) is sent to it.
 */
export function recordForForm(safety: SafetyService, purpose: RecordPurpose) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<RecordState | Answered | null> => {
    const ref = recordOf(request);
    const state = ref ? await safety.recordState(userOf(request), ref.subject, ref.id, purpose) : null;
    if (!ref || !state) return null;
    if (!state.allowed) return new Answered(reply.redirect(recordPath(ref.subject, ref.id), 303));
    return { ...ref, ...state };
  };
}
