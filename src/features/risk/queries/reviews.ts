import type { Trx } from '../../../platform/db/database.js';

/**
 * For each person on a case allocated to the user or their teams (open, or closed since the time
 * given), their latest banded checklist: one row per case they are on.
 */
export function latestBandedOnCaseload(trx: Trx, userId: string, teamIds: readonly string[], closedSince: Date) {
  return trx
    .selectFrom('cases')
    .innerJoin('case_members', 'case_members.case_id', 'cases.id')
    .innerJoin('people', 'people.id', 'case_members.person_id')
    .innerJoin('risk_assessments as r', 'r.person_id', 'case_members.person_id')
    .select(['cases.id as case_id', 'cases.reference', 'people.id as person_id', 'people.given_name', 'people.family_name', 'people.restricted', 'r.id as checklist_id', 'r.completed_on', 'r.case_id as checklist_case_id'])
    .where((eb) => eb.or([eb('cases.worker_id', '=', userId), ...(teamIds.length ? [eb('cases.team_id', 'in', teamIds)] : [])]))
    .where((eb) => eb.or([eb('cases.status', '=', 'open'), eb('cases.closed_at', '>=', closedSince)]))
    .where('r.band', 'is not', null)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('risk_assessments as later').select('later.id').whereRef('later.person_id', '=', 'r.person_id').where('later.band', 'is not', null).whereRef('later.completed_on', '>', 'r.completed_on'))),
    )
    .execute();
}
