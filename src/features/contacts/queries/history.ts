import { PERSONALLY_CONNECTED_KINDS } from '../../../domain/people/relationships.js';
import type { Trx } from '../../../platform/db/database.js';

// What is already known about a person on a contact (history.ts), one look-up at a time.

export function nameAndRestriction(trx: Trx, personId: string) {
  return trx.selectFrom('people').select(['given_name', 'family_name', 'restricted']).where('id', '=', personId).executeTakeFirstOrThrow();
}

/** The person's other contacts received up to this one, newest first (at most 50). */
export function earlierContacts(trx: Trx, personId: string, contactId: string, receivedAt: Date) {
  return trx
    .selectFrom('contact_people')
    .innerJoin('contacts', 'contacts.id', 'contact_people.contact_id')
    .select(['contacts.id', 'contacts.received_on', 'contacts.received_at', 'contacts.source', 'contact_people.role', 'contacts.status', 'contacts.decided_pathway', 'contacts.occurred_at'])
    .where('contact_people.person_id', '=', personId)
    .where('contacts.id', '!=', contactId)
    .where('contacts.received_at', '<=', receivedAt)
    .orderBy('contacts.received_at', 'desc')
    .limit(50)
    .execute();
}

/** The cases the person is a member of, newest first, with the allocated worker's name. */
export function casesOf(trx: Trx, personId: string) {
  return trx
    .selectFrom('case_members')
    .innerJoin('cases', 'cases.id', 'case_members.case_id')
    .leftJoin('users', 'users.id', 'cases.worker_id')
    .select(['cases.id', 'cases.reference', 'cases.status', 'cases.stage', 'cases.restricted', 'case_members.role', 'users.name as worker_name'])
    .where('case_members.person_id', '=', personId)
    .orderBy('cases.opened_at', 'desc')
    .execute();
}

export function maracReferralsOf(trx: Trx, personId: string) {
  return trx.selectFrom('marac_referrals').select(['referred_on', 'referring_agency']).where('person_id', '=', personId).orderBy('referred_on', 'desc').execute();
}

/** The victims on other contacts where this person is the person causing harm, newest first (at most 50). */
export function otherVictimsOf(trx: Trx, personId: string, contactId: string) {
  return trx
    .selectFrom('contact_people as harm')
    .innerJoin('contact_people as victim', 'victim.contact_id', 'harm.contact_id')
    .innerJoin('contacts', 'contacts.id', 'harm.contact_id')
    .leftJoin('people', 'people.id', 'victim.person_id')
    .select(['contacts.id', 'contacts.received_on', 'victim.given_name', 'victim.family_name', 'people.restricted'])
    .where('harm.person_id', '=', personId)
    .where('harm.role', '=', 'person-causing-harm')
    .where('victim.role', '=', 'victim')
    .where('contacts.id', '!=', contactId)
    .orderBy('contacts.received_at', 'desc')
    .limit(50)
    .execute();
}

/** The person's relationships of the personally connected kinds (partners, former partners, relatives). */
export function personalLinksOf(trx: Trx, personId: string) {
  return trx
    .selectFrom('relationships')
    .select(['from_person', 'to_person', 'kind'])
    .where((eb) => eb.or([eb('from_person', '=', personId), eb('to_person', '=', personId)]))
    .where('kind', 'in', [...PERSONALLY_CONNECTED_KINDS])
    .execute();
}

/** These people's names and whether each record is restricted; `personIds` is not empty. */
export function namesOf(trx: Trx, personIds: readonly string[]) {
  return trx.selectFrom('people').select(['id', 'given_name', 'family_name', 'restricted']).where('id', 'in', [...personIds]).execute();
}
