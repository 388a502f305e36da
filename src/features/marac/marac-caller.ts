import type { Actor } from '../../platform/access/policy.js';
import type { ActorType } from '../../platform/audit/audit-log.js';
import type { CurrentUser } from '../../platform/auth/current-user.js';
import type { ApiClientIdentity } from '../../platform/http/request-context.js';

/**
 * Who acts on the Marac as a partner agency: a signed-in representative, or an API client issued to one
 * agency, which the access decision treats exactly as that agency's representative.
 */
export type AgencyCaller = { kind: 'user'; user: CurrentUser } | { kind: 'api'; client: ApiClientIdentity };

export interface AgencyActing {
  actor: Actor;
  tenantId: string;
  agencyId: string | null;
  audit: { actorType: ActorType; actorId: string };
  userId: string | null;
  apiClientId: string | null;
}

export function actingFor(caller: AgencyCaller): AgencyActing {
  if (caller.kind === 'user') {
    return { actor: caller.user, tenantId: caller.user.tenantId, agencyId: caller.user.agencyId, audit: { actorType: 'user', actorId: caller.user.id }, userId: caller.user.id, apiClientId: null };
  }
  const c = caller.client;
  return {
    // An API client reaches the Marac only when issued to an agency, and then as its representative.
    actor: { id: c.id, tenantId: c.tenantId, roles: c.agencyId ? ['agency-rep'] : [], active: true, agencyId: c.agencyId },
    tenantId: c.tenantId,
    agencyId: c.agencyId,
    audit: { actorType: 'api-client', actorId: c.id },
    userId: null,
    apiClientId: c.id,
  };
}
