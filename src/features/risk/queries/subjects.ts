import type { Trx } from '../../../platform/db/database.js';

/** The person a checklist or referral is about, with whether their record is restricted. */
export function personRecord(trx: Trx, personId: string) {
  return trx.selectFrom('people').select(['id', 'restricted']).where('id', '=', personId).executeTakeFirst();
}

/** The case, if there is one with this id. */
export function caseRecord(trx: Trx, caseId: string) {
  return trx.selectFrom('cases').select('id').where('id', '=', caseId).executeTakeFirst();
}

/** The person's membership of the case, if they are on it. */
export function caseMembership(trx: Trx, caseId: string, personId: string) {
  return trx.selectFrom('case_members').select('person_id').where('case_id', '=', caseId).where('person_id', '=', personId).executeTakeFirst();
}

/** The person's name; the person must exist. */
export function personName(trx: Trx, personId: string) {
  return trx.selectFrom('people').select(['given_name', 'family_name']).where('id', '=', personId).executeTakeFirstOrThrow();
}
