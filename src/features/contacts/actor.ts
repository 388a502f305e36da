import type { ActorType } from '../../platform/audit/audit-log.js';
import type { CurrentUser } from '../../platform/auth/current-user.js';
import type { ApiClientIdentity } from '../../platform/http/request-context.js';
import { ServiceError } from '../../platform/http/service-error.js';
import type { EventActor } from './queries.js';

export class ContactError extends ServiceError {}

/** Who acts on a contact: a signed-in person, a partner system through the API, or an import run from the command line. */
export type ContactActor = { kind: 'user'; user: CurrentUser } | { kind: 'api'; client: ApiClientIdentity } | { kind: 'system'; tenantId: string };

export function tenantOfActor(actor: ContactActor): string {
  return actor.kind === 'user' ? actor.user.tenantId : actor.kind === 'api' ? actor.client.tenantId : actor.tenantId;
}

export function auditActor(actor: ContactActor): { actorType: ActorType; actorId: string | null } {
  if (actor.kind === 'user') return { actorType: 'user', actorId: actor.user.id };
  if (actor.kind === 'api') return { actorType: 'api-client', actorId: actor.client.id };
  return { actorType: 'system', actorId: null };
}

export function eventActor(actor: ContactActor): EventActor {
  return { userId: actor.kind === 'user' ? actor.user.id : null, apiClientId: actor.kind === 'api' ? actor.client.id : null };
}
