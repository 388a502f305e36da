import type { Trx } from '../../../platform/db/database.js';

/** The contacts (incidents) a person is linked to, newest first, with the threshold decision on each. */
export function contactsOfPerson(trx: Trx, personId: string) {
  return trx
    .selectFrom('contact_people')
    .innerJoin('contacts', 'contacts.id', 'contact_people.contact_id')
    .select(['contacts.id', 'contacts.source', 'contacts.reference', 'contacts.received_at', 'contacts.status', 'contacts.decided_pathway', 'contacts.decided_at', 'contact_people.role'])
    .where('contact_people.person_id', '=', personId)
    .orderBy('contacts.received_at', 'desc')
    .limit(50)
    .execute();
}

/** The cases a person is on, open ones first. */
export function casesOfPerson(trx: Trx, personId: string) {
  return trx
    .selectFrom('case_members')
    .innerJoin('cases', 'cases.id', 'case_members.case_id')
    .select(['cases.id', 'cases.reference', 'cases.status', 'cases.stage', 'cases.restricted', 'cases.opened_at', 'cases.closed_at', 'case_members.role'])
    .where('case_members.person_id', '=', personId)
    .orderBy('cases.status', 'desc')
    .orderBy('cases.last_activity_at', 'desc')
    .limit(50)
    .execute();
}
