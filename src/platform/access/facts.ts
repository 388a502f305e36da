import { sql } from 'kysely';
import type { Trx } from '../db/database.js';
import { partnerWindow } from '../../domain/marac/meetings.js';
import { CASE_MANAGERS, type Actor, type CaseResource, type InformationRequestResource, type MaracCaseResource, type PersonResource } from './policy.js';
import type { Role } from './roles.js';

/**
 * The facts the access policy needs about a person or a case, loaded for one actor. These are the
 * only grant and relationship look-ups in the code: every feature reaches them through `decide.ts`.
 */

export type GrantSubject = 'person' | 'case';

/** Break-glass access lasts this long. */
export const BREAK_GLASS_MINUTES = 60;

const hasRole = (actor: Actor, roles: readonly Role[]) => actor.roles.some((r) => roles.includes(r));

/** Whether the actor holds a live grant of one of these kinds on the record. */
export async function liveGrant(trx: Trx, subject: GrantSubject, subjectId: string, userId: string, kinds: readonly ('grant' | 'break-glass' | 'whereabouts')[], now: Date): Promise<boolean> {
  const row = await trx
    .selectFrom('access_grants')
    .select('id')
    .where('subject_type', '=', subject)
    .where('subject_id', '=', subjectId)
    .where('user_id', '=', userId)
    .where('kind', 'in', kinds)
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .limit(1)
    .executeTakeFirst();
  return Boolean(row);
}

/** On an open case the person is a member of, allocated to the actor or one of their teams. */
async function onActorsCase(trx: Trx, actor: Actor, personId: string): Promise<boolean> {
  const teams = actor.teamIds ?? [];
  const row = await trx
    .selectFrom('case_members as m')
    .innerJoin('cases as c', 'c.id', 'm.case_id')
    .select('c.id')
    .where('m.person_id', '=', personId)
    .where('c.status', '=', 'open')
    .where((eb) => eb.or([eb('c.worker_id', '=', actor.id), ...(teams.length ? [eb('c.team_id', 'in', teams)] : [])]))
    .limit(1)
    .executeTakeFirst();
  return Boolean(row);
}

async function onAnyContact(trx: Trx, personId: string): Promise<boolean> {
  return Boolean(await trx.selectFrom('contact_people').select('id').where('person_id', '=', personId).limit(1).executeTakeFirst());
}

/** Referred to the Marac: as the victim, the person causing harm, or a child on a referral. */
async function referredToMarac(trx: Trx, personId: string): Promise<boolean> {
  const row = await sql<{ found: boolean }>`
    select exists (select 1 from marac_referrals where person_id = ${personId})
        or exists (select 1 from marac_referrals where person_causing_harm_id = ${personId})
        or exists (select 1 from marac_referral_children where person_id = ${personId}) as found`.execute(trx);
  return Boolean(row.rows[0]?.found);
}

/** The IDVA supports the victim: they completed a risk checklist with her or referred her to the Marac. */
async function supportedBy(trx: Trx, actor: Actor, personId: string): Promise<boolean> {
  const row = await sql<{ found: boolean }>`
    select exists (select 1 from risk_assessments where person_id = ${personId} and recorded_by = ${actor.id})
        or exists (select 1 from marac_referrals where person_id = ${personId} and created_by = ${actor.id}) as found`.execute(trx);
  return Boolean(row.rows[0]?.found);
}

/** The legitimate relationships of SPEC.md "Need to know", for a person. */
async function relatedToPerson(trx: Trx, actor: Actor, personId: string, createdBy: string | null): Promise<boolean> {
  // Whoever added the record works with the person (they met them, or took the referral).
  if (createdBy === actor.id) return true;
  if (await onActorsCase(trx, actor, personId)) return true;
  if (hasRole(actor, ['mash-worker', 'mash-manager']) && (await onAnyContact(trx, personId))) return true;
  if (hasRole(actor, ['marac-coordinator', 'iro']) && (await referredToMarac(trx, personId))) return true;
  if (hasRole(actor, ['idva']) && (await supportedBy(trx, actor, personId))) return true;
  return false;
}

/** The person as the policy sees them for this actor, or null when there is no such person. */
export async function personFacts(trx: Trx, actor: Actor, personId: string, now = new Date()): Promise<PersonResource | null> {
  const row = await trx.selectFrom('people').select(['id', 'tenant_id', 'restricted', 'created_by']).where('id', '=', personId).executeTakeFirst();
  if (!row) return null;
  return {
    kind: 'person',
    tenantId: row.tenant_id,
    id: row.id,
    restricted: row.restricted,
    actorHasGrant: await liveGrant(trx, 'person', personId, actor.id, ['grant', 'break-glass'], now),
    whereaboutsGrant: await liveGrant(trx, 'person', personId, actor.id, ['whereabouts'], now),
    related: await relatedToPerson(trx, actor, personId, row.created_by),
  };
}

/** Whether any member of the case has a withheld address or contact detail (joins, so it stays an index look-up). */
export async function caseHasWithheldMember(trx: Trx, caseId: string): Promise<boolean> {
  const row = await sql<{ withheld: boolean }>`
    select exists (
      select 1 from case_members m join person_addresses a on a.person_id = m.person_id
      where m.case_id = ${caseId} and a.withheld
    ) or exists (
      select 1 from case_members m join person_contact_details c on c.person_id = m.person_id
      where m.case_id = ${caseId} and c.withheld
    ) as withheld`.execute(trx);
  return Boolean(row.rows[0]?.withheld);
}

/** Some member of the case has the relationship the role brings (a contact, a Marac referral, the IDVA's support). */
async function relatedThroughMembers(trx: Trx, actor: Actor, caseId: string): Promise<boolean> {
  const members = await trx.selectFrom('case_members').select('person_id').where('case_id', '=', caseId).execute();
  for (const { person_id } of members) {
    if (hasRole(actor, ['mash-worker', 'mash-manager']) && (await onAnyContact(trx, person_id))) return true;
    if (hasRole(actor, ['marac-coordinator', 'iro']) && (await referredToMarac(trx, person_id))) return true;
    if (hasRole(actor, ['idva']) && (await supportedBy(trx, actor, person_id))) return true;
  }
  return false;
}

/** The case as the policy sees it for this actor, or null when there is no such case. */
export async function caseFacts(trx: Trx, actor: Actor, caseId: string, now = new Date()): Promise<CaseResource | null> {
  const row = await trx.selectFrom('cases').select(['id', 'tenant_id', 'restricted', 'worker_id', 'team_id']).where('id', '=', caseId).executeTakeFirst();
  if (!row) return null;
  const allocated = row.worker_id === actor.id || (row.team_id !== null && (actor.teamIds ?? []).includes(row.team_id));
  const managesUnallocated = row.worker_id === null && row.team_id === null && actor.roles.some((r) => CASE_MANAGERS.has(r));
  return {
    kind: 'case',
    tenantId: row.tenant_id,
    id: row.id,
    restricted: row.restricted,
    workerId: row.worker_id,
    teamId: row.team_id,
    actorHasGrant: await liveGrant(trx, 'case', caseId, actor.id, ['grant', 'break-glass'], now),
    related: allocated || managesUnallocated || (await relatedThroughMembers(trx, actor, caseId)),
    withheldMember: await caseHasWithheldMember(trx, caseId),
  };
}

/** Whether the actor's agency sits on the panel (never for an actor without an agency). */
async function sitsOnPanel(trx: Trx, actor: Actor, panelId: string): Promise<boolean> {
  if (!actor.agencyId) return false;
  return Boolean(await trx.selectFrom('marac_panel_agencies').select('agency_id').where('panel_id', '=', panelId).where('agency_id', '=', actor.agencyId).executeTakeFirst());
}

/** Whether any of these cases' victims has a restricted record the actor holds no grant or break-glass for. */
async function restrictedVictimWithoutGrant(trx: Trx, actor: Actor, meetingCaseIds: readonly string[], now: Date): Promise<boolean> {
  if (!meetingCaseIds.length) return false;
  const restricted = await trx
    .selectFrom('marac_meeting_cases as c')
    .innerJoin('marac_referrals as r', 'r.id', 'c.referral_id')
    .innerJoin('people as p', 'p.id', 'r.person_id')
    .select('p.id')
    .where('c.id', 'in', meetingCaseIds)
    .where('p.restricted', '=', true)
    .execute();
  for (const p of restricted) if (!(await liveGrant(trx, 'person', p.id, actor.id, ['grant', 'break-glass'], now))) return true;
  return false;
}

/** A meeting's window for representatives, as the policy takes it. */
function windowOf(row: { held_at: Date; circulated_at: Date | null; status: 'scheduled' | 'cancelled'; window_days: number }, now: Date) {
  return partnerWindow(now, { heldAt: row.held_at, circulatedAt: row.circulated_at, status: row.status }, row.window_days);
}

/**
 * A case on a Marac meeting's agenda as the policy sees it for this actor: whether the actor's agency
 * sits on the meeting's panel, where the meeting's window stands, and whether the victim's withheld
 * whereabouts were released to the actor's agency. Null when there is no such case on an agenda.
 */
export async function maracCaseFacts(trx: Trx, actor: Actor, meetingCaseId: string, now = new Date()): Promise<MaracCaseResource | null> {
  const row = await trx
    .selectFrom('marac_meeting_cases as c')
    .innerJoin('marac_meetings as m', 'm.id', 'c.meeting_id')
    .innerJoin('marac_panels as p', 'p.id', 'm.panel_id')
    .select(['c.id', 'c.tenant_id', 'c.removed_at', 'm.panel_id', 'm.held_at', 'm.circulated_at', 'm.status', 'p.window_days'])
    .where('c.id', '=', meetingCaseId)
    .executeTakeFirst();
  if (!row || row.removed_at !== null) return null;
  const released = actor.agencyId
    ? Boolean(await trx.selectFrom('marac_whereabouts_releases').select('id').where('meeting_case_id', '=', meetingCaseId).where('agency_id', '=', actor.agencyId).executeTakeFirst())
    : false;
  return {
    kind: 'marac-case',
    tenantId: row.tenant_id,
    id: row.id,
    agencyMember: await sitsOnPanel(trx, actor, row.panel_id),
    window: windowOf(row, now),
    releasedToAgency: released,
    restrictedWithoutGrant: await restrictedVictimWithoutGrant(trx, actor, [meetingCaseId], now),
  };
}

/**
 * A Marac meeting as the policy sees it for this actor (as a Marac case resource: the same rules, the
 * meeting as a whole): whether the actor's agency sits on its panel, and where its window stands.
 */
export async function maracMeetingFacts(trx: Trx, actor: Actor, meetingId: string, now = new Date()): Promise<MaracCaseResource | null> {
  const row = await trx
    .selectFrom('marac_meetings as m')
    .innerJoin('marac_panels as p', 'p.id', 'm.panel_id')
    .select(['m.id', 'm.tenant_id', 'm.panel_id', 'm.held_at', 'm.circulated_at', 'm.status', 'p.window_days'])
    .where('m.id', '=', meetingId)
    .executeTakeFirst();
  if (!row) return null;
  const cases = (await trx.selectFrom('marac_meeting_cases').select('id').where('meeting_id', '=', meetingId).where('removed_at', 'is', null).execute()).map((c) => c.id);
  return {
    kind: 'marac-case',
    tenantId: row.tenant_id,
    id: row.id,
    agencyMember: await sitsOnPanel(trx, actor, row.panel_id),
    window: windowOf(row, now),
    releasedToAgency: false,
    restrictedWithoutGrant: await restrictedVictimWithoutGrant(trx, actor, cases, now),
  };
}

/**
 * For searches that must not confirm a restricted person's details: true for a row that is not
 * restricted or that this user holds a live grant or break-glass for (never for an API client).
 */
export function openToSearcher(userId: string | null, now = new Date()) {
  if (!userId) return sql<boolean>`not people.restricted`;
  return sql<boolean>`(not people.restricted or exists (
    select 1 from access_grants g
    where g.subject_type = 'person' and g.subject_id = people.id and g.user_id = ${userId}
      and g.kind in ('grant', 'break-glass') and g.revoked_at is null and (g.expires_at is null or g.expires_at > ${now})))`;
}

/**
 * A request for information as the policy sees it: the agency it was sent to (none when the worker
 * records the answer), and whether it still waits for one. Null when there is no such request.
 */
export async function informationRequestFacts(trx: Trx, requestId: string): Promise<InformationRequestResource | null> {
  const row = await trx.selectFrom('information_requests').select(['id', 'tenant_id', 'agency_id', 'returned_at']).where('id', '=', requestId).executeTakeFirst();
  return row ? { kind: 'information-request', tenantId: row.tenant_id, id: row.id, agencyId: row.agency_id, open: row.returned_at === null } : null;
}
