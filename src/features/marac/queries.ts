import { pageCountOf } from '../../platform/http/pagination.js';
import { openToUser } from '../../platform/access/decide.js';
import type { CurrentUser } from '../../platform/auth/current-user.js';
import type { Insertable } from 'kysely';
import type { Trx } from '../../platform/db/database.js';
import type { MaracReferralsTable } from '../../platform/db/risk-schema.js';
import type { StoredCriterion } from './service.js';

export const QUEUE_PAGE_SIZE = 50;

export interface QueueRow {
  id: string;
  referredOn: string;
  victimId: string;
  victimName: string;
  /** False when the victim's record is restricted and this user has no access: the name is not shown. */
  victimVisible: boolean;
  agency: string | null;
  repeat: boolean;
  previousReferredOn: string | null;
  criteria: string[];
  children: number;
}

export interface QueuePage {
  rows: QueueRow[];
  total: number;
  page: number;
  pages: number;
}

export async function visibleName(trx: Trx, user: CurrentUser, p: { id: string; given_name: string; family_name: string; restricted: boolean }): Promise<{ name: string; visible: boolean }> {
  if (await openToUser(trx, user, { kind: 'person', id: p.id }, p.restricted)) return { name: `${p.given_name} ${p.family_name}`, visible: true };
  return { name: 'Restricted person', visible: false };
}

/** The Marac coordinator's queue: newest referrals first, with repeat flags and the previous referral's date. */
export async function referralQueue(trx: Trx, user: CurrentUser, page: number): Promise<QueuePage> {
  const { count } = await trx.selectFrom('marac_referrals').select((eb) => eb.fn.countAll<string>().as('count')).executeTakeFirstOrThrow();
  const total = Number(count);
  const pages = pageCountOf(total, QUEUE_PAGE_SIZE);
  const current = Math.min(Math.max(1, page), pages);
  const rows = await trx
    .selectFrom('marac_referrals as r')
    .innerJoin('people as p', 'p.id', 'r.person_id')
    .leftJoin('marac_referrals as prev', 'prev.id', 'r.previous_referral_id')
    .select(['r.id', 'r.referred_on', 'r.referring_agency', 'r.repeat', 'r.criteria', 'prev.referred_on as previous_referred_on', 'p.id as person_id', 'p.given_name', 'p.family_name', 'p.restricted'])
    .select((eb) => eb.selectFrom('marac_referral_children as c').whereRef('c.referral_id', '=', 'r.id').select((e) => e.fn.countAll<string>().as('n')).as('children'))
    .orderBy('r.referred_on', 'desc')
    .orderBy('r.created_at', 'desc')
    .limit(QUEUE_PAGE_SIZE)
    .offset((current - 1) * QUEUE_PAGE_SIZE)
    .execute();
  const out: QueueRow[] = [];
  for (const r of rows) {
    const who = await visibleName(trx, user, { id: r.person_id, given_name: r.given_name, family_name: r.family_name, restricted: r.restricted });
    out.push({
      id: r.id,
      referredOn: r.referred_on,
      victimId: r.person_id,
      victimName: who.name,
      victimVisible: who.visible,
      agency: r.referring_agency,
      repeat: r.repeat,
      previousReferredOn: r.previous_referred_on,
      criteria: (r.criteria as StoredCriterion[]).map((c) => c.code),
      children: Number(r.children ?? 0),
    });
  }
  return { rows: out, total, page: current, pages };
}

export interface ReferralView {
  id: string;
  referredOn: string;
  victim: { id: string; name: string; visible: boolean };
  personCausingHarm: { id: string; name: string; visible: boolean } | null;
  children: { id: string; name: string; visible: boolean }[];
  agency: string | null;
  referringPerson: string | null;
  criteria: StoredCriterion[];
  checklistId: string | null;
  consent: 'given' | 'not-given' | null;
  lawfulBasis: string | null;
  risks: string | null;
  contactSafety: string | null;
  latestIncidentOn: string | null;
  repeat: boolean;
  previous: { id: string; referredOn: string } | null;
  decision: 'accepted' | 'declined' | null;
  decidedAt: Date | null;
  declineReason: string | null;
  routedTo: string | null;
}

export async function referralView(trx: Trx, user: CurrentUser, id: string): Promise<ReferralView | null> {
  const r = await trx.selectFrom('marac_referrals').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) return null;
  const ids = [r.person_id, ...(r.person_causing_harm_id ? [r.person_causing_harm_id] : [])];
  const childRows = await trx.selectFrom('marac_referral_children').select('person_id').where('referral_id', '=', id).execute();
  const allIds = [...ids, ...childRows.map((c) => c.person_id)];
  const people = await trx.selectFrom('people').select(['id', 'given_name', 'family_name', 'restricted']).where('id', 'in', allIds).execute();
  const named = async (personId: string) => {
    const p = people.find((x) => x.id === personId);
    if (!p) return { id: personId, name: 'Unknown person', visible: false };
    const who = await visibleName(trx, user, p);
    return { id: personId, ...who };
  };
  const previous = r.previous_referral_id ? await trx.selectFrom('marac_referrals').select(['id', 'referred_on']).where('id', '=', r.previous_referral_id).executeTakeFirst() : undefined;
  return {
    id: r.id,
    referredOn: r.referred_on,
    victim: await named(r.person_id),
    personCausingHarm: r.person_causing_harm_id ? await named(r.person_causing_harm_id) : null,
    children: await Promise.all(childRows.map((c) => named(c.person_id))),
    agency: r.referring_agency,
    referringPerson: r.referring_person,
    criteria: r.criteria as StoredCriterion[],
    checklistId: r.risk_assessment_id,
    consent: r.consent,
    lawfulBasis: r.lawful_basis,
    risks: r.risks,
    contactSafety: r.contact_safety,
    latestIncidentOn: r.latest_incident_on,
    repeat: r.repeat,
    previous: previous ? { id: previous.id, referredOn: previous.referred_on } : null,
    decision: r.decision,
    decidedAt: r.decided_at,
    declineReason: r.decline_reason,
    routedTo: r.routed_to,
  };
}

/** The person, if there is a record with this id. */
export function personRecord(trx: Trx, id: string) {
  return trx.selectFrom('people').select('id').where('id', '=', id).executeTakeFirst();
}

/** The person's name; the person must exist. */
export function personName(trx: Trx, personId: string) {
  return trx.selectFrom('people').select(['given_name', 'family_name']).where('id', '=', personId).executeTakeFirstOrThrow();
}

/** Whom a risk checklist is about, if there is one with this id. */
export function checklistSubject(trx: Trx, id: string) {
  return trx.selectFrom('risk_assessments').select('person_id').where('id', '=', id).executeTakeFirst();
}

/** Adds a referral; answers with its id. */
export async function insertReferral(trx: Trx, referral: Insertable<MaracReferralsTable>): Promise<string> {
  const row = await trx.insertInto('marac_referrals').values(referral).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Names the children on a referral; there must be at least one. */
export async function addReferralChildren(trx: Trx, tenantId: string, referralId: string, childIds: readonly string[]): Promise<void> {
  await trx.insertInto('marac_referral_children').values(childIds.map((person_id) => ({ tenant_id: tenantId, referral_id: referralId, person_id }))).execute();
}

/** The relationships the person is on either end of. */
export function relationshipsOf(trx: Trx, personId: string) {
  return trx
    .selectFrom('relationships')
    .select(['from_person', 'to_person', 'kind'])
    .where((eb) => eb.or([eb('from_person', '=', personId), eb('to_person', '=', personId)]))
    .execute();
}

/** These people, with their names, dates of birth and whether their records are restricted; none for no ids. */
export async function peopleByIds(trx: Trx, ids: readonly string[]) {
  return ids.length ? await trx.selectFrom('people').select(['id', 'given_name', 'family_name', 'restricted', 'date_of_birth']).where('id', 'in', ids).execute() : [];
}
