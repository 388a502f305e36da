import type { Trx } from '../../platform/db/database.js';

/** What an agency's representatives may be shown of a case on a Marac agenda: the shared summary. */

/** The panels an agency sits on. */
export async function panelsOfAgency(trx: Trx, agencyId: string): Promise<string[]> {
  return (await trx.selectFrom('marac_panel_agencies').select('panel_id').where('agency_id', '=', agencyId).execute()).map((r) => r.panel_id);
}

export function agencyName(trx: Trx, agencyId: string) {
  return trx.selectFrom('partner_agencies').select(['id', 'name']).where('id', '=', agencyId).executeTakeFirst();
}

/** The referral behind a case on an agenda, with its meeting. */
export function sharedCase(trx: Trx, meetingCaseId: string) {
  return trx
    .selectFrom('marac_meeting_cases as c')
    .innerJoin('marac_referrals as r', 'r.id', 'c.referral_id')
    .innerJoin('marac_meetings as m', 'm.id', 'c.meeting_id')
    .select(['c.id', 'c.meeting_id', 'c.late', 'c.position', 'r.id as referral_id', 'r.person_id', 'r.person_causing_harm_id', 'r.referred_on', 'r.referring_agency', 'r.risks', 'r.criteria', 'r.repeat', 'm.held_at', 'm.chair'])
    .where('c.id', '=', meetingCaseId)
    .executeTakeFirstOrThrow();
}

export function referralChildIds(trx: Trx, referralId: string) {
  return trx.selectFrom('marac_referral_children').select('person_id').where('referral_id', '=', referralId).execute();
}

/** Names and dates of birth only: the shared summary never reads more of a person's record. */
export function namesAndBirthDates(trx: Trx, ids: readonly string[]) {
  if (!ids.length) return Promise.resolve([]);
  return trx.selectFrom('people').select(['id', 'given_name', 'family_name', 'date_of_birth']).where('id', 'in', ids).execute();
}

/** The relationships between these people. */
export function relationshipsAmong(trx: Trx, ids: readonly string[]) {
  if (!ids.length) return Promise.resolve([]);
  return trx.selectFrom('relationships').select(['from_person', 'to_person', 'kind']).where('from_person', 'in', ids).where('to_person', 'in', ids).execute();
}

/** The cases on a meeting's agenda that a representative's list shows: ids, order, late flags and the victim's name. */
export function sharedAgenda(trx: Trx, meetingId: string) {
  return trx
    .selectFrom('marac_meeting_cases as c')
    .innerJoin('marac_referrals as r', 'r.id', 'c.referral_id')
    .innerJoin('people as p', 'p.id', 'r.person_id')
    .select(['c.id', 'c.position', 'c.late', 'r.repeat', 'p.given_name', 'p.family_name'])
    .where('c.meeting_id', '=', meetingId)
    .where('c.removed_at', 'is', null)
    .orderBy('c.position')
    .execute();
}

export function releasesOf(trx: Trx, meetingCaseId: string) {
  return trx
    .selectFrom('marac_whereabouts_releases as w')
    .innerJoin('partner_agencies as a', 'a.id', 'w.agency_id')
    .innerJoin('users as u', 'u.id', 'w.released_by')
    .select(['w.id', 'w.agency_id', 'a.name as agency_name', 'w.reason', 'w.lawful_basis', 'w.released_at', 'u.name as released_by_name'])
    .where('w.meeting_case_id', '=', meetingCaseId)
    .orderBy('w.released_at')
    .execute();
}

export async function insertRelease(trx: Trx, row: { tenantId: string; meetingCaseId: string; agencyId: string; reason: string; lawfulBasis: string; by: string }): Promise<boolean> {
  const inserted = await trx
    .insertInto('marac_whereabouts_releases')
    .values({ tenant_id: row.tenantId, meeting_case_id: row.meetingCaseId, agency_id: row.agencyId, reason: row.reason, lawful_basis: row.lawfulBasis, released_by: row.by })
    .onConflict((oc) => oc.columns(['meeting_case_id', 'agency_id']).doNothing())
    .returning('id')
    .execute();
  return inserted.length > 0;
}

/** Which of these cases the agency has returned research on. */
export async function returnedBy(trx: Trx, agencyId: string, meetingCaseIds: readonly string[]): Promise<string[]> {
  if (!meetingCaseIds.length) return [];
  return (await trx.selectFrom('marac_research').select('meeting_case_id').where('agency_id', '=', agencyId).where('meeting_case_id', 'in', meetingCaseIds).execute()).map((r) => r.meeting_case_id);
}
