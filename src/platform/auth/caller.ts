import type { ActorType } from '../audit/audit-log.js';
import type { ApiClientIdentity } from '../http/request-context.js';
import type { CurrentUser } from './current-user.js';

/**
 * Who asks a service to do something: a signed-in person, a partner system through the API (whose
 * token and scope the router checked), or the system itself (an import run from the command line).
 */
export type Caller = { kind: 'user'; user: CurrentUser } | { kind: 'api'; client: ApiClientIdentity } | { kind: 'system'; tenantId: string };

export function tenantOfCaller(caller: Caller): string {
  return caller.kind === 'user' ? caller.user.tenantId : caller.kind === 'api' ? caller.client.tenantId : caller.tenantId;
}

/** The caller as the audit log records them. */
export function auditActorOf(caller: Caller): { actorType: ActorType; actorId: string | null } {
  if (caller.kind === 'user') return { actorType: 'user', actorId: caller.user.id };
  if (caller.kind === 'api') return { actorType: 'api-client', actorId: caller.client.id };
  return { actorType: 'system', actorId: null };
}
