import type { Trx } from '../../platform/db/database.js';

export type RecordKind = 'person' | 'case';
export type GrantKind = 'grant' | 'break-glass' | 'whereabouts';

export async function setRestriction(trx: Trx, subject: RecordKind, id: string, reason: string | null): Promise<void> {
  const restricted = reason !== null;
  if (subject === 'person') await trx.updateTable('people').set({ restricted, restricted_reason: reason }).where('id', '=', id).execute();
  else await trx.updateTable('cases').set({ restricted, restricted_reason: reason }).where('id', '=', id).execute();
}

export async function insertGrant(
  trx: Trx,
  grant: { tenantId: string; subject: RecordKind; subjectId: string; userId: string; kind: GrantKind; reason: string; grantedBy: string; grantedAt?: Date; expiresAt?: Date | null },
): Promise<string> {
  const row = await trx
    .insertInto('access_grants')
    .values({
      tenant_id: grant.tenantId,
      subject_type: grant.subject,
      subject_id: grant.subjectId,
      user_id: grant.userId,
      kind: grant.kind,
      reason: grant.reason,
      granted_by: grant.grantedBy,
      ...(grant.grantedAt ? { granted_at: grant.grantedAt } : {}),
      expires_at: grant.expiresAt ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function revokeGrant(trx: Trx, grantId: string, subject: RecordKind, subjectId: string, by: string, reason: string): Promise<{ user_id: string; kind: string } | undefined> {
  return trx
    .updateTable('access_grants')
    .set({ revoked_at: new Date(), revoked_by: by, revoked_reason: reason })
    .where('id', '=', grantId)
    .where('subject_type', '=', subject)
    .where('subject_id', '=', subjectId)
    .where('revoked_at', 'is', null)
    .returning(['user_id', 'kind'])
    .executeTakeFirst();
}

/** The grants on a record that are still live: who keeps access, and who may see withheld whereabouts. */
export function liveGrants(trx: Trx, subject: RecordKind, subjectId: string, now = new Date()) {
  return trx
    .selectFrom('access_grants as g')
    .innerJoin('users as u', 'u.id', 'g.user_id')
    .leftJoin('users as by', 'by.id', 'g.granted_by')
    .select(['g.id', 'g.kind', 'g.reason', 'g.granted_at', 'g.expires_at', 'u.id as user_id', 'u.name as user_name', 'by.name as granted_by_name'])
    .where('g.subject_type', '=', subject)
    .where('g.subject_id', '=', subjectId)
    .where('g.revoked_at', 'is', null)
    .where((eb) => eb.or([eb('g.expires_at', 'is', null), eb('g.expires_at', '>', now)]))
    .orderBy('g.granted_at')
    .execute();
}

/** The workers allocated to the record: the case's, or those of the open cases a person is on. */
export async function allocatedWorkers(trx: Trx, subject: RecordKind, id: string): Promise<string[]> {
  if (subject === 'case') {
    const row = await trx.selectFrom('cases').select('worker_id').where('id', '=', id).executeTakeFirst();
    return row?.worker_id ? [row.worker_id] : [];
  }
  const rows = await trx
    .selectFrom('case_members as m')
    .innerJoin('cases as c', 'c.id', 'm.case_id')
    .select('c.worker_id')
    .where('m.person_id', '=', id)
    .where('c.status', '=', 'open')
    .where('c.worker_id', 'is not', null)
    .execute();
  return [...new Set(rows.flatMap((r) => (r.worker_id ? [r.worker_id] : [])))];
}

export function findUser(trx: Trx, id: string) {
  return trx.selectFrom('users').select(['id', 'name', 'active', 'roles']).where('id', '=', id).executeTakeFirst();
}

export function activeUsers(trx: Trx) {
  return trx.selectFrom('users').select(['id', 'name', 'roles']).where('active', '=', true).orderBy('name').orderBy('id').execute();
}

export async function recordLabel(trx: Trx, subject: RecordKind, id: string): Promise<{ restricted: boolean; label: string } | null> {
  if (subject === 'case') {
    const row = await trx.selectFrom('cases').select(['restricted', 'reference']).where('id', '=', id).executeTakeFirst();
    return row ? { restricted: row.restricted, label: `Case ${row.reference}` } : null;
  }
  const row = await trx.selectFrom('people').select(['restricted', 'given_name', 'family_name']).where('id', '=', id).executeTakeFirst();
  return row ? { restricted: row.restricted, label: `${row.given_name} ${row.family_name}` } : null;
}

export function caseMember(trx: Trx, caseId: string, personId: string) {
  return trx.selectFrom('case_members').select('person_id').where('case_id', '=', caseId).where('person_id', '=', personId).executeTakeFirst();
}

export async function insertMustNotReceive(trx: Trx, entry: { tenantId: string; caseId: string; personId: string; information: string[]; reason: string; addedBy: string }): Promise<void> {
  await trx
    .insertInto('must_not_receive')
    .values({ tenant_id: entry.tenantId, case_id: entry.caseId, person_id: entry.personId, information: entry.information, reason: entry.reason, added_by: entry.addedBy })
    .execute();
}

export function removeMustNotReceive(trx: Trx, caseId: string, entryId: string, by: string) {
  return trx
    .updateTable('must_not_receive')
    .set({ removed_at: new Date(), removed_by: by })
    .where('id', '=', entryId)
    .where('case_id', '=', caseId)
    .where('removed_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
}

export async function breakGlassLog(trx: Trx, size: number, offset: number) {
  const rows = await trx
    .selectFrom('access_grants')
    .innerJoin('users', 'users.id', 'access_grants.user_id')
    .leftJoin('cases', (join) => join.onRef('cases.id', '=', 'access_grants.subject_id').on('access_grants.subject_type', '=', 'case'))
    .select([
      'access_grants.id',
      'access_grants.subject_type',
      'access_grants.subject_id',
      'access_grants.reason',
      'access_grants.granted_at',
      'access_grants.expires_at',
      'users.name as user_name',
      'users.email as user_email',
      'cases.reference as case_reference',
    ])
    .where('access_grants.kind', '=', 'break-glass')
    .orderBy('access_grants.granted_at', 'desc')
    .limit(size)
    .offset(offset)
    .execute();
  const total = await trx.selectFrom('access_grants').select((eb) => eb.fn.countAll<string>().as('n')).where('kind', '=', 'break-glass').executeTakeFirstOrThrow();
  return { rows, total: Number(total.n) };
}
