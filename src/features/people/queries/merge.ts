import { sql } from 'kysely';
import type { CaseMembersTable } from '../../../platform/db/casework-schema.js';
import type { Trx } from '../../../platform/db/database.js';

type MemberRole = CaseMembersTable['role'];

/**
 * Moving everything linked to one record of a person onto another (a merge), and exactly that back
 * (an undo). Rows the kept record already has (the same case membership, relationship or Marac referral
 * child) cannot move: they are set aside, deleted with everything needed to put them back.
 */

interface CaseMemberRow {
  case_id: string;
  role: MemberRole;
  added_by: string | null;
  added_at: string;
}
interface RelationshipRow {
  id: string;
  from_person: string;
  to_person: string;
  kind: string;
  created_by: string | null;
  created_at: string;
}

/** What a merge moved, stored on the merge (person_merges.moved) so the undo moves exactly this back. */
export interface Moved {
  addresses: string[];
  contactDetails: string[];
  identifiers: string[];
  contactPeople: string[];
  mustNotReceive: string[];
  riskAssessments: string[];
  riskDrafts: string[];
  maracReferrals: string[];
  maracReferralsAsPersonCausingHarm: string[];
  referralChildren: string[];
  referralChildrenSetAside: string[];
  /** Marac research findings about the merged record, by research return (absent from merges made before 0021). */
  researchFindings?: string[];
  caseMembers: { case_id: string; role: MemberRole }[];
  caseMembersSetAside: CaseMemberRow[];
  relationshipsFrom: string[];
  relationshipsTo: string[];
  relationshipsSetAside: RelationshipRow[];
  safeContact: boolean;
  grantsEnded: string[];
}

type SimpleTable = 'person_addresses' | 'person_contact_details' | 'person_identifiers' | 'contact_people' | 'must_not_receive' | 'risk_assessments' | 'risk_assessment_drafts' | 'marac_referrals';

const SIMPLE: [keyof Moved, SimpleTable][] = [
  ['addresses', 'person_addresses'],
  ['contactDetails', 'person_contact_details'],
  ['identifiers', 'person_identifiers'],
  ['contactPeople', 'contact_people'],
  ['mustNotReceive', 'must_not_receive'],
  ['riskAssessments', 'risk_assessments'],
  ['riskDrafts', 'risk_assessment_drafts'],
  ['maracReferrals', 'marac_referrals'],
];

async function moveSimple(trx: Trx, table: SimpleTable, from: string, to: string): Promise<string[]> {
  const rows = await trx.updateTable(table).set({ person_id: to }).where('person_id', '=', from).returning('id').execute();
  return rows.map((r) => r.id);
}

async function moveIdsBack(trx: Trx, table: SimpleTable, ids: readonly string[], from: string, to: string): Promise<void> {
  if (ids.length) await trx.updateTable(table).set({ person_id: to }).where('id', 'in', [...ids]).where('person_id', '=', from).execute();
}

/** Moves every link of `merged` to `kept`, and says what moved. */
export async function moveLinks(trx: Trx, merged: string, kept: string): Promise<Omit<Moved, 'grantsEnded'>> {
  const simple: Record<string, string[]> = {};
  for (const [key, table] of SIMPLE) simple[key] = await moveSimple(trx, table, merged, kept);

  const asHarm = await trx.updateTable('marac_referrals').set({ person_causing_harm_id: kept }).where('person_causing_harm_id', '=', merged).returning('id').execute();

  const children = await sql<{ referral_id: string }>`
    update marac_referral_children c set person_id = ${kept}
    where c.person_id = ${merged}
      and not exists (select 1 from marac_referral_children k where k.referral_id = c.referral_id and k.person_id = ${kept})
    returning c.referral_id`.execute(trx);
  const childrenAside = await trx.deleteFrom('marac_referral_children').where('person_id', '=', merged).returning('referral_id').execute();

  // A return that already speaks of the kept record keeps its own finding; the other stays with the merged one.
  const findings = await sql<{ research_id: string }>`
    update marac_research_findings f set person_id = ${kept}
    where f.person_id = ${merged}
      and not exists (select 1 from marac_research_findings k where k.research_id = f.research_id and k.person_id = ${kept})
    returning f.research_id`.execute(trx);

  const members = await sql<{ case_id: string; role: MemberRole }>`
    update case_members m set person_id = ${kept}
    where m.person_id = ${merged}
      and not exists (select 1 from case_members k where k.case_id = m.case_id and k.role = m.role and k.person_id = ${kept})
    returning m.case_id, m.role`.execute(trx);
  const membersAside = await trx.deleteFrom('case_members').where('person_id', '=', merged).returning(['case_id', 'role', 'added_by', 'added_at']).execute();

  const from = await sql<{ id: string }>`
    update relationships r set from_person = ${kept}
    where r.from_person = ${merged} and r.to_person <> ${kept}
      and not exists (select 1 from relationships k where k.from_person = ${kept} and k.to_person = r.to_person and k.kind = r.kind)
    returning r.id`.execute(trx);
  const to = await sql<{ id: string }>`
    update relationships r set to_person = ${kept}
    where r.to_person = ${merged} and r.from_person <> ${kept}
      and not exists (select 1 from relationships k where k.to_person = ${kept} and k.from_person = r.from_person and k.kind = r.kind)
    returning r.id`.execute(trx);
  const relationshipsAside = await trx
    .deleteFrom('relationships')
    .where((eb) => eb.or([eb('from_person', '=', merged), eb('to_person', '=', merged)]))
    .returning(['id', 'from_person', 'to_person', 'kind', 'created_by', 'created_at'])
    .execute();

  const keptHasSafeContact = await trx.selectFrom('safe_contact_preferences').select('person_id').where('person_id', '=', kept).executeTakeFirst();
  const safeContact = keptHasSafeContact
    ? false
    : (await trx.updateTable('safe_contact_preferences').set({ person_id: kept }).where('person_id', '=', merged).returning('person_id').execute()).length > 0;

  return {
    addresses: simple.addresses!,
    contactDetails: simple.contactDetails!,
    identifiers: simple.identifiers!,
    contactPeople: simple.contactPeople!,
    mustNotReceive: simple.mustNotReceive!,
    riskAssessments: simple.riskAssessments!,
    riskDrafts: simple.riskDrafts!,
    maracReferrals: simple.maracReferrals!,
    maracReferralsAsPersonCausingHarm: asHarm.map((r) => r.id),
    referralChildren: children.rows.map((r) => r.referral_id),
    referralChildrenSetAside: childrenAside.map((r) => r.referral_id),
    researchFindings: findings.rows.map((r) => r.research_id),
    caseMembers: members.rows,
    caseMembersSetAside: membersAside.map((m) => ({ ...m, added_at: new Date(m.added_at).toISOString() })),
    relationshipsFrom: from.rows.map((r) => r.id),
    relationshipsTo: to.rows.map((r) => r.id),
    relationshipsSetAside: relationshipsAside.map((r) => ({ ...r, created_at: new Date(r.created_at).toISOString() })),
    safeContact,
  };
}

/** Moves back exactly what a merge moved from `merged` to `kept`, and puts back what it set aside. */
export async function moveLinksBack(trx: Trx, tenantId: string, moved: Moved, merged: string, kept: string): Promise<void> {
  for (const [key, table] of SIMPLE) await moveIdsBack(trx, table, moved[key] as string[], kept, merged);
  if (moved.maracReferralsAsPersonCausingHarm.length) {
    await trx.updateTable('marac_referrals').set({ person_causing_harm_id: merged }).where('id', 'in', moved.maracReferralsAsPersonCausingHarm).where('person_causing_harm_id', '=', kept).execute();
  }
  if (moved.referralChildren.length) {
    await trx.updateTable('marac_referral_children').set({ person_id: merged }).where('referral_id', 'in', moved.referralChildren).where('person_id', '=', kept).execute();
  }
  if (moved.researchFindings?.length) {
    await trx.updateTable('marac_research_findings').set({ person_id: merged }).where('research_id', 'in', moved.researchFindings).where('person_id', '=', kept).execute();
  }
  for (const referralId of moved.referralChildrenSetAside) {
    await trx.insertInto('marac_referral_children').values({ tenant_id: tenantId, referral_id: referralId, person_id: merged }).onConflict((oc) => oc.doNothing()).execute();
  }
  for (const m of moved.caseMembers) {
    await trx.updateTable('case_members').set({ person_id: merged }).where('case_id', '=', m.case_id).where('role', '=', m.role).where('person_id', '=', kept).execute();
  }
  for (const m of moved.caseMembersSetAside) {
    await trx
      .insertInto('case_members')
      .values({ tenant_id: tenantId, case_id: m.case_id, person_id: merged, role: m.role, added_by: m.added_by, added_at: new Date(m.added_at) })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  if (moved.relationshipsFrom.length) {
    await trx.updateTable('relationships').set({ from_person: merged }).where('id', 'in', moved.relationshipsFrom).where('from_person', '=', kept).execute();
  }
  if (moved.relationshipsTo.length) {
    await trx.updateTable('relationships').set({ to_person: merged }).where('id', 'in', moved.relationshipsTo).where('to_person', '=', kept).execute();
  }
  for (const r of moved.relationshipsSetAside) {
    await trx
      .insertInto('relationships')
      .values({ id: r.id, tenant_id: tenantId, from_person: r.from_person, to_person: r.to_person, kind: r.kind, created_by: r.created_by, created_at: new Date(r.created_at) })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  if (moved.safeContact) {
    await trx.updateTable('safe_contact_preferences').set({ person_id: merged }).where('person_id', '=', kept).execute();
  }
}

/** Live access grants of any kind on either record: a merge ends them, so no grant widens to what the other record held. */
export async function liveGrantIds(trx: Trx, personIds: readonly string[], now: Date): Promise<string[]> {
  const rows = await trx
    .selectFrom('access_grants')
    .select('id')
    .where('subject_type', '=', 'person')
    .where('subject_id', 'in', [...personIds])
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .execute();
  return rows.map((r) => r.id);
}

export async function endGrants(trx: Trx, ids: readonly string[], by: string, reason: string): Promise<void> {
  if (ids.length) await trx.updateTable('access_grants').set({ revoked_at: new Date(), revoked_by: by, revoked_reason: reason }).where('id', 'in', [...ids]).execute();
}

/** The records merged into this one (and into those, and so on), while their merges stand. */
export async function mergedIntoIds(trx: Trx, personId: string): Promise<string[]> {
  const rows = await sql<{ id: string }>`
    with recursive merged(id) as (
      select merged_id from person_merges where kept_id = ${personId} and undone_at is null
      union
      select m.merged_id from person_merges m join merged on m.kept_id = merged.id where m.undone_at is null
    )
    select id from merged`.execute(trx);
  return rows.rows.map((r) => r.id);
}

export function findMerge(trx: Trx, mergeId: string) {
  return trx.selectFrom('person_merges').selectAll().where('id', '=', mergeId).executeTakeFirst();
}

/** The merges into this record and from it, newest first, with who made and undid each. */
export function mergesOf(trx: Trx, personId: string) {
  return trx
    .selectFrom('person_merges as m')
    .innerJoin('people as kept', 'kept.id', 'm.kept_id')
    .innerJoin('people as merged', 'merged.id', 'm.merged_id')
    .leftJoin('users as by', 'by.id', 'm.merged_by')
    .leftJoin('users as undoer', 'undoer.id', 'm.undone_by')
    .select([
      'm.id',
      'm.kept_id',
      'm.merged_id',
      'm.reason',
      'm.merged_at',
      'm.undone_at',
      'm.undo_reason',
      'kept.given_name as kept_given',
      'kept.family_name as kept_family',
      'kept.restricted as kept_restricted',
      'merged.given_name as merged_given',
      'merged.family_name as merged_family',
      'merged.restricted as merged_restricted',
      'by.name as merged_by_name',
      'undoer.name as undone_by_name',
    ])
    .where((eb) => eb.or([eb('m.kept_id', '=', personId), eb('m.merged_id', '=', personId)]))
    .orderBy('m.merged_at', 'desc')
    .execute();
}

/** A record as a merge weighs it. */
export function mergeSideRow(trx: Trx, id: string) {
  return trx
    .selectFrom('people')
    .select(['id', 'given_name', 'family_name', 'other_names', 'date_of_birth', 'nhs_number', 'restricted', 'restricted_reason', 'merged_into'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Locks the records in one order, so two merges of the same pair cannot deadlock. */
export async function lockPeople(trx: Trx, ids: readonly string[]): Promise<void> {
  await sql`select id from people where id in (${sql.join([...ids])}) order by id for update`.execute(trx);
}

/** Locks a merge while it is undone, so it is undone once. */
export async function lockMerge(trx: Trx, mergeId: string) {
  await sql`select id from person_merges where id = ${mergeId} for update`.execute(trx);
  return findMerge(trx, mergeId);
}

/** A new version of the record, naming the fields that changed. */
export async function bumpVersion(trx: Trx, tenantId: string, personId: string, fields: string[], by: string): Promise<void> {
  const row = await trx.updateTable('people').set((eb) => ({ version: eb('version', '+', 1), updated_at: new Date() })).where('id', '=', personId).returning('version').executeTakeFirstOrThrow();
  await trx.insertInto('person_changes').values({ tenant_id: tenantId, person_id: personId, version: row.version, fields, changed_by: by }).execute();
}

export async function insertMerge(trx: Trx, tenantId: string, merge: { keptId: string; mergedId: string; reason: string; keptBefore: unknown; by: string }): Promise<string> {
  const row = await trx
    .insertInto('person_merges')
    .values({ tenant_id: tenantId, kept_id: merge.keptId, merged_id: merge.mergedId, reason: merge.reason, moved: '{}', kept_before: JSON.stringify(merge.keptBefore), merged_by: merge.by })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function recordMoved(trx: Trx, mergeId: string, moved: Moved): Promise<void> {
  await trx.updateTable('person_merges').set({ moved: JSON.stringify(moved) }).where('id', '=', mergeId).execute();
}

export async function markUndone(trx: Trx, mergeId: string, by: string, reason: string): Promise<void> {
  await trx.updateTable('person_merges').set({ undone_at: new Date(), undone_by: by, undo_reason: reason }).where('id', '=', mergeId).execute();
}

/** The kept record's fields a merge changes (and an undo puts back). */
export async function setMergedFields(
  trx: Trx,
  personId: string,
  f: { otherNames: string[]; dateOfBirth: string | null; nhsNumber: string | null; restricted: boolean; restrictedReason: string | null },
): Promise<void> {
  await trx
    .updateTable('people')
    .set({ other_names: f.otherNames, date_of_birth: f.dateOfBirth, nhs_number: f.nhsNumber, restricted: f.restricted, restricted_reason: f.restrictedReason })
    .where('id', '=', personId)
    .execute();
}

export async function setMergedInto(trx: Trx, personId: string, into: string | null): Promise<void> {
  await trx.updateTable('people').set({ merged_into: into }).where('id', '=', personId).execute();
}
