import { isUuid } from '../../domain/ids.js';
import type { Trx } from '../db/database.js';

/**
 * Which people a page or API read is about, from its route's parameters: so that a subject access
 * request finds every view of a person's record, their case, contacts, checklists and Marac referrals,
 * not only views of the person page (issue 11, finding 4). The router puts the ids in the view's audit
 * details as `people`; the audit log's filter by record finds them.
 *
 * An id that is not a UUID is ignored here (the page itself answers 404), so a mistyped address never
 * fails the audit write.
 */
export async function peopleConcerned(trx: Trx, params: Record<string, unknown>): Promise<string[]> {
  const id = (name: string): string | null => {
    const value = params[name];
    return typeof value === 'string' && isUuid(value) ? value : null;
  };
  const found = new Set<string>();
  const add = (ids: (string | null)[]) => ids.forEach((personId) => personId && found.add(personId));

  const personId = id('personId') ?? (params.subject === 'person' ? id('recordId') : null);
  if (personId) add([personId]);
  const caseId = id('caseId') ?? (params.subject === 'case' ? id('recordId') : null);
  if (caseId) {
    add((await trx.selectFrom('case_members').select('person_id').where('case_id', '=', caseId).execute()).map((r) => r.person_id));
  }
  const contactId = id('contactId') ?? (params.subject === 'contact' ? id('recordId') : null);
  if (contactId) {
    add((await trx.selectFrom('contact_people').select('person_id').where('contact_id', '=', contactId).execute()).map((r) => r.person_id));
  }
  const assessmentId = id('assessmentId');
  if (assessmentId) {
    add((await trx.selectFrom('risk_assessments').select('person_id').where('id', '=', assessmentId).execute()).map((r) => r.person_id));
  }
  const draftId = id('draftId');
  if (draftId) {
    add((await trx.selectFrom('risk_assessment_drafts').select('person_id').where('id', '=', draftId).execute()).map((r) => r.person_id));
  }
  // A case on a Marac agenda is its referral's people.
  const meetingCaseId = id('meetingCaseId');
  const viaMeeting = meetingCaseId ? await trx.selectFrom('marac_meeting_cases').select('referral_id').where('id', '=', meetingCaseId).executeTakeFirst() : undefined;
  const referralId = id('referralId') ?? viaMeeting?.referral_id ?? null;
  if (referralId) {
    const referral = await trx.selectFrom('marac_referrals').select(['person_id', 'person_causing_harm_id']).where('id', '=', referralId).executeTakeFirst();
    if (referral) add([referral.person_id, referral.person_causing_harm_id]);
    add((await trx.selectFrom('marac_referral_children').select('person_id').where('referral_id', '=', referralId).execute()).map((r) => r.person_id));
  }
  return [...found].sort();
}

/** The record a route is about, for the audit event's subject: `recordId` where a route has one, else its first parameter. */
export function routeRecordId(params: unknown): string | null {
  if (!params || typeof params !== 'object') return null;
  const values = params as Record<string, unknown>;
  const value = values.recordId ?? Object.values(values)[0];
  return typeof value === 'string' ? value : null;
}
