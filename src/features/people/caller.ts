import type { FastifyRequest } from 'fastify';
import type { Viewer } from '../../domain/redaction/confidential.js';
import { ApiProblem } from '../../platform/http/api-errors.js';
import type { CurrentUser } from '../../platform/auth/current-user.js';
import type { ApiClientIdentity } from '../../platform/http/request-context.js';

/** Who is asking: a signed-in person, or a partner system through the API (whose scopes the router checked). */
export type Caller = { kind: 'user'; user: CurrentUser } | { kind: 'api'; client: ApiClientIdentity };

export function tenantOf(caller: Caller): string {
  return caller.kind === 'user' ? caller.user.tenantId : caller.client.tenantId;
}

export function actorOf(caller: Caller): { actorType: 'user' | 'api-client'; actorId: string } {
  return caller.kind === 'user' ? { actorType: 'user', actorId: caller.user.id } : { actorType: 'api-client', actorId: caller.client.id };
}

/** API clients never see withheld whereabouts: the API is an external audience. */
export function apiViewer(caller: Caller): Viewer {
  return { id: caller.kind === 'user' ? caller.user.id : caller.client.id, mayViewWithheld: false };
}

/** The caller behind an API request (the router has already checked the token and its scope). */
export function apiCaller(request: FastifyRequest): Caller {
  if (!request.apiClient) throw new ApiProblem(401, [{ path: '', message: 'Send a valid API token in the Authorization header' }]);
  return { kind: 'api', client: request.apiClient };
}
