import type { Trx } from '../../platform/db/database.js';

export type RecordKind = 'person' | 'case';

export async function setRestriction(trx: Trx, subject: RecordKind, id: string, reason: string | null): Promise<void> {
  const restricted = reason !== null;
  if (subject === 'person') await trx.updateTable('people').set({ restricted, restricted_reason: reason }).where('id', '=', id).execute();
  else await trx.updateTable('cases').set({ restricted, restricted_reason: reason }).where('id', '=', id).execute();
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

export function removeMustNotReceive(trx: Trx, caseId: string, entryId: string, by: string, reason: string) {
  return trx
    .updateTable('must_not_receive')
    .set({ removed_at: new Date(), removed_by: by, removed_reason: reason })
    .where('id', '=', entryId)
    .where('case_id', '=', caseId)
    .where('removed_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
}

/** The live must-not-receive entries for one person on one case. */
export function activeEntriesFor(trx: Trx, caseId: string, personId: string) {
  return trx.selectFrom('must_not_receive').select(['information', 'reason']).where('case_id', '=', caseId).where('person_id', '=', personId).where('removed_at', 'is', null).execute();
}
