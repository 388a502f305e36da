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

/**
 * The victim's Marac history: each referral with what the coordinator decided, each meeting it was on
 * and what became of it there, and the actions set with where each has got to.
 */
export async function maracHistoryOf(trx: Trx, personId: string) {
  const referrals = await trx
    .selectFrom('marac_referrals')
    .select(['id', 'referred_on', 'repeat', 'referring_agency', 'decision', 'decline_reason', 'routed_to'])
    .where('person_id', '=', personId)
    .orderBy('referred_on', 'desc')
    .execute();
  if (!referrals.length) return [];
  const placements = await trx
    .selectFrom('marac_meeting_cases as c')
    .innerJoin('marac_meetings as m', 'm.id', 'c.meeting_id')
    .innerJoin('marac_panels as p', 'p.id', 'm.panel_id')
    .select(['c.id', 'c.referral_id', 'c.outcome', 'c.outcome_reason', 'm.held_at', 'm.status', 'p.name as panel_name'])
    .where('c.referral_id', 'in', referrals.map((r) => r.id))
    .where('c.removed_at', 'is', null)
    .orderBy('m.held_at')
    .execute();
  const actions = placements.length
    ? await trx
        .selectFrom('marac_actions as a')
        .innerJoin('partner_agencies as g', 'g.id', 'a.agency_id')
        .select(['a.id', 'a.meeting_case_id', 'a.aim', 'a.risks', 'a.due_on', 'a.status', 'a.status_note', 'g.name as agency_name'])
        .where('a.meeting_case_id', 'in', placements.map((p) => p.id))
        .orderBy('a.created_at')
        .execute()
    : [];
  return referrals.map((r) => ({
    id: r.id,
    referredOn: r.referred_on,
    repeat: r.repeat,
    agency: r.referring_agency,
    decision: r.decision,
    declineReason: r.decline_reason,
    routedTo: r.routed_to,
    meetings: placements
      .filter((p) => p.referral_id === r.id)
      .map((p) => ({
        heldAt: p.held_at,
        panelName: p.panel_name,
        cancelled: p.status === 'cancelled',
        outcome: p.outcome,
        outcomeReason: p.outcome_reason,
        actions: actions.filter((a) => a.meeting_case_id === p.id).map((a) => ({ id: a.id, aim: a.aim, risks: a.risks, dueOn: a.due_on, status: a.status, statusNote: a.status_note, agencyName: a.agency_name })),
      })),
  }));
}
