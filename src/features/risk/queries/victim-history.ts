import type { Trx } from '../../../platform/db/database.js';

/** The person's latest banded checklist completed on or before the date. */
export function latestBandedChecklist(trx: Trx, personId: string, onOrBefore: string) {
  return trx
    .selectFrom('risk_assessments')
    .select(['id', 'completed_on', 'score', 'band', 'professional_judgement'])
    .where('person_id', '=', personId)
    .where('band', 'is not', null)
    .where('completed_on', '<=', onOrBefore)
    .orderBy('completed_on', 'desc')
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Contacts naming the person as the victim received on or after the date, with their source and the pathway decided. */
export function victimContactsSince(trx: Trx, personId: string, receivedFrom: string) {
  return trx
    .selectFrom('contact_people')
    .innerJoin('contacts', 'contacts.id', 'contact_people.contact_id')
    .select(['contacts.id', 'contacts.occurred_at', 'contacts.received_at', 'contacts.source', 'contacts.decided_pathway', 'contacts.received_on'])
    .where('contact_people.person_id', '=', personId)
    .where('contact_people.role', '=', 'victim')
    .where('contacts.received_on', '>=', receivedFrom)
    .execute();
}

/** When the incidents naming the person as the victim happened, for contacts received on or after the date. */
export function victimIncidentsSince(trx: Trx, personId: string, receivedFrom: string) {
  return trx
    .selectFrom('contact_people')
    .innerJoin('contacts', 'contacts.id', 'contact_people.contact_id')
    .select(['contacts.occurred_at', 'contacts.received_at'])
    .where('contact_people.person_id', '=', personId)
    .where('contact_people.role', '=', 'victim')
    .where('contacts.received_on', '>=', receivedFrom)
    .execute();
}

/** The person's Marac referrals made on or before the date. */
export function maracReferralsUpTo(trx: Trx, personId: string, onOrBefore: string) {
  return trx
    .selectFrom('marac_referrals')
    .select(['id', 'referred_on', 'latest_incident_on', 'referring_agency'])
    .where('person_id', '=', personId)
    .where('referred_on', '<=', onOrBefore)
    .execute();
}

/** All the person's Marac referrals, newest first. */
export function maracReferralsOf(trx: Trx, personId: string) {
  return trx.selectFrom('marac_referrals').select(['id', 'referred_on', 'repeat', 'referring_agency']).where('person_id', '=', personId).orderBy('referred_on', 'desc').execute();
}

/** The stage and opening time of each open case the person is on. */
export function openCasesOf(trx: Trx, personId: string) {
  return trx
    .selectFrom('case_members')
    .innerJoin('cases', 'cases.id', 'case_members.case_id')
    .select(['cases.stage', 'cases.opened_at'])
    .where('case_members.person_id', '=', personId)
    .where('cases.status', '=', 'open')
    .execute();
}

/** Whether the case is open or closed, and when it closed. */
export function caseStatus(trx: Trx, caseId: string) {
  return trx.selectFrom('cases').select(['status', 'closed_at']).where('id', '=', caseId).executeTakeFirst();
}
