import { hasLiveGrant } from '../../platform/access/grants.js';
import { can } from '../../platform/access/policy.js';
import type { Trx } from '../../platform/db/database.js';
import type { Caller } from './caller.js';
import { PeopleError } from './errors.js';

/**
 * Refuses to act on a person who does not exist (404) or is restricted and the caller holds no
 * grant or break-glass (403). Every people service that changes a person calls this first.
 */
export async function requireOpenPerson(trx: Trx, caller: Caller, personId: string): Promise<void> {
  const person = await trx.selectFrom('people').select(['id', 'tenant_id', 'restricted']).where('id', '=', personId).executeTakeFirst();
  if (!person) throw new PeopleError(404, 'There is no such person');
  if (!person.restricted) return;
  if (caller.kind === 'api') throw new PeopleError(403, 'This record is restricted');
  const actorHasGrant = await hasLiveGrant(trx, 'person', personId, caller.user.id);
  if (!can(caller.user, 'person:view', { kind: 'person', tenantId: person.tenant_id, id: personId, restricted: true, actorHasGrant })) {
    throw new PeopleError(403, 'This record is restricted');
  }
}
