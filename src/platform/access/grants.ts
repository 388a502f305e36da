import type { Trx } from '../db/database.js';
import type { GrantSubject } from './facts.js';

/**
 * Writing and listing access grants (access to a restricted record, break-glass, sight of withheld
 * whereabouts). The access module owns the access_grants table: features call these through their
 * service, and the decision about a grant is made only in facts.ts and policy.ts.
 */

export type GrantKind = 'grant' | 'break-glass' | 'whereabouts';
type RecordKind = GrantSubject;

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
