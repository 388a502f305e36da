import type { Trx } from '../../platform/db/database.js';

/** Research returns, their findings, reminders, and the representatives emails go to. */

export interface StoredReturn {
  id: string;
  meetingCaseId: string;
  agencyId: string;
  offers: string[];
  otherOffer: string | null;
  returnedAt: Date;
  findings: { personId: string; known: boolean; involvement: string | null; history: string | null; risks: string | null }[];
}

/** The returns for these cases on an agenda, each with its findings. */
export async function returnsFor(trx: Trx, meetingCaseIds: readonly string[], agencyId?: string): Promise<StoredReturn[]> {
  if (!meetingCaseIds.length) return [];
  let q = trx.selectFrom('marac_research').select(['id', 'meeting_case_id', 'agency_id', 'offers', 'other_offer', 'returned_at']).where('meeting_case_id', 'in', meetingCaseIds);
  if (agencyId) q = q.where('agency_id', '=', agencyId);
  const rows = await q.execute();
  const findings = rows.length
    ? await trx.selectFrom('marac_research_findings').select(['research_id', 'person_id', 'known', 'involvement', 'history', 'risks']).where('research_id', 'in', rows.map((r) => r.id)).execute()
    : [];
  return rows.map((r) => ({
    id: r.id,
    meetingCaseId: r.meeting_case_id,
    agencyId: r.agency_id,
    offers: r.offers,
    otherOffer: r.other_offer,
    returnedAt: r.returned_at,
    findings: findings.filter((f) => f.research_id === r.id).map((f) => ({ personId: f.person_id, known: f.known, involvement: f.involvement, history: f.history, risks: f.risks })),
  }));
}

/** Stores an agency's return for a case, replacing any earlier one (an agency may correct its return until the meeting). */
export async function saveReturn(
  trx: Trx,
  r: { tenantId: string; meetingCaseId: string; agencyId: string; offers: string[]; otherOffer: string; userId: string | null; apiClientId: string | null; findings: { personId: string; known: boolean; involvement: string; history: string; risks: string }[] },
): Promise<string> {
  const row = await trx
    .insertInto('marac_research')
    .values({ tenant_id: r.tenantId, meeting_case_id: r.meetingCaseId, agency_id: r.agencyId, offers: r.offers, other_offer: r.otherOffer || null, returned_by: r.userId, api_client_id: r.apiClientId })
    .onConflict((oc) => oc.columns(['meeting_case_id', 'agency_id']).doUpdateSet({ offers: r.offers, other_offer: r.otherOffer || null, returned_at: new Date(), returned_by: r.userId, api_client_id: r.apiClientId }))
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx.deleteFrom('marac_research_findings').where('research_id', '=', row.id).execute();
  if (r.findings.length) {
    await trx
      .insertInto('marac_research_findings')
      .values(r.findings.map((f) => ({ tenant_id: r.tenantId, research_id: row.id, person_id: f.personId, known: f.known, involvement: f.involvement || null, history: f.history || null, risks: f.risks || null })))
      .execute();
  }
  return row.id;
}

/** The active representatives of these agencies, with their addresses: who the meeting's emails go to. */
export function representativesOf(trx: Trx, agencyIds: readonly string[]) {
  if (!agencyIds.length) return Promise.resolve([]);
  return trx.selectFrom('users').select(['id', 'email', 'agency_id']).where('agency_id', 'in', agencyIds).where('active', '=', true).execute();
}

export async function recordReminder(trx: Trx, r: { tenantId: string; meetingId: string; agencyId: string; by: string }): Promise<void> {
  await trx.insertInto('marac_research_reminders').values({ tenant_id: r.tenantId, meeting_id: r.meetingId, agency_id: r.agencyId, sent_by: r.by }).execute();
}

export function remindersOf(trx: Trx, meetingId: string) {
  return trx.selectFrom('marac_research_reminders').select(['agency_id', 'sent_at']).where('meeting_id', '=', meetingId).orderBy('sent_at', 'desc').execute();
}
