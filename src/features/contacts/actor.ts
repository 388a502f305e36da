import type { Caller } from '../../platform/auth/caller.js';
import { ServiceError } from '../../platform/http/service-error.js';
import type { EventActor } from './queries.js';

export class ContactError extends ServiceError {}

/** Who acts on a contact: a signed-in person, a partner system through the API, or an import run from the command line. */
export type ContactActor = Caller;
export { auditActorOf as auditActor, tenantOfCaller as tenantOfActor } from '../../platform/auth/caller.js';

export function eventActor(actor: ContactActor): EventActor {
  return { userId: actor.kind === 'user' ? actor.user.id : null, apiClientId: actor.kind === 'api' ? actor.client.id : null };
}
