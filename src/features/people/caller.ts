import type { FastifyRequest } from 'fastify';
import type { Viewer } from '../../domain/redaction/confidential.js';
import { ApiProblem } from '../../platform/http/api-errors.js';
import type { Caller as AnyCaller } from '../../platform/auth/caller.js';

/** Who asks the people services: a signed-in person, or a partner system through the API (never the system itself). */
export type Caller = Extract<AnyCaller, { kind: 'user' | 'api' }>;

export { auditActorOf as actorOf, tenantOfCaller as tenantOf } from '../../platform/auth/caller.js';

/** API clients never see withheld whereabouts: the API is an external audience. */
export function apiViewer(caller: Caller): Viewer {
  return { id: caller.kind === 'user' ? caller.user.id : caller.client.id, mayViewWithheld: false };
}

/** The caller behind an API request (the router has already checked the token and its scope). */
export function apiCaller(request: FastifyRequest): Caller {
  if (!request.apiClient) throw new ApiProblem(401, [{ path: '', message: 'Send a valid API token in the Authorization header' }]);
  return { kind: 'api', client: request.apiClient };
}
