import { accessFacts } from '../../platform/access/decide.js';
import { can } from '../../platform/access/policy.js';
import type { Trx } from '../../platform/db/database.js';
import type { Caller } from './caller.js';
import { PeopleError } from './errors.js';
import { restriction } from './queries.js';

/**
 * Refuses to change a person who does not exist (404), is restricted without the caller's grant
 * (403), or whom the caller may not open (403), or that was merged into another record (409). Every people service that changes a person calls this first.
 */
export async function requireOpenPerson(trx: Trx, caller: Caller, personId: string): Promise<void> {
  const found = await restriction(trx, personId);
  if (!found) throw new PeopleError(404, 'There is no such person');
  // A merged record holds nothing of its own: what is added goes on the record it was merged into.
  if (found.merged_into) throw new PeopleError(409, 'This record was merged into another record. Make the change on that record');
  if (caller.kind === 'api') {
    if (found.restricted) throw new PeopleError(403, 'This record is restricted');
    return;
  }
  const person = await accessFacts(trx, caller.user, { kind: 'person', id: personId });
  if (!person) throw new PeopleError(404, 'There is no such person');
  if (person.restricted && !person.actorHasGrant) throw new PeopleError(403, 'This record is restricted');
  if (!can(caller.user, 'person:view', person)) throw new PeopleError(403, 'You do not work with this person');
}
