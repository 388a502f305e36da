import { sql } from 'kysely';
import type { Trx } from '../../platform/db/database.js';
import type { InformationSource } from '../../platform/db/schema.js';

/** Requests for information to the network (migrations/0025). */

const COLUMNS = [
  'r.id',
  'r.case_id',
  'r.assessment_id',
  'r.source',
  'r.agency_id',
  'r.recipient',
  'r.method',
  'r.question',
  'r.informs',
  'r.due_on',
  'r.asked_on',
  'r.asked_at',
  'r.reminders',
  'r.last_reminded_at',
  'r.returned_on',
  'r.returned_at',
  'r.answer',
  'a.name as agency_name',
  'asker.name as asked_by_name',
  'answerer.name as returned_by_name',
] as const;

function requests(trx: Trx) {
  return trx
    .selectFrom('information_requests as r')
    .leftJoin('partner_agencies as a', 'a.id', 'r.agency_id')
    .leftJoin('users as asker', 'asker.id', 'r.asked_by')
    .leftJoin('users as answerer', 'answerer.id', 'r.returned_by')
    .select(COLUMNS);
}

export function requestsOfCase(trx: Trx, caseId: string) {
  return requests(trx).where('r.case_id', '=', caseId).orderBy('r.asked_at', 'desc').execute();
}

export type RequestRow = Awaited<ReturnType<typeof requestsOfCase>>[number];

export function request(trx: Trx, id: string) {
  return requests(trx).where('r.id', '=', id).executeTakeFirst();
}

export function agencies(trx: Trx) {
  return trx.selectFrom('partner_agencies').select(['id', 'name']).orderBy('name').execute();
}

export async function insertRequest(
  trx: Trx,
  row: { tenantId: string; caseId: string; assessmentId: string | null; source: InformationSource; agencyId: string | null; recipient: string; method: 'in-product' | 'email' | 'phone' | 'letter'; question: string; informs: string[]; askedOn: string; dueOn: string; by: string },
): Promise<string> {
  const inserted = await trx
    .insertInto('information_requests')
    .values({
      tenant_id: row.tenantId,
      case_id: row.caseId,
      assessment_id: row.assessmentId,
      source: row.source,
      agency_id: row.agencyId,
      recipient: row.recipient,
      method: row.method,
      question: row.question,
      informs: row.informs,
      asked_on: row.askedOn,
      due_on: row.dueOn,
      asked_by: row.by,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

/** Records the answer once: false when the request was already answered. */
export async function recordReturn(trx: Trx, id: string, answer: string, returnedOn: string, by: string): Promise<boolean> {
  const updated = await trx
    .updateTable('information_requests')
    .set({ answer, returned_on: returnedOn, returned_at: new Date(), returned_by: by })
    .where('id', '=', id)
    .where('returned_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return Boolean(updated);
}

export async function countReminder(trx: Trx, id: string): Promise<number> {
  const row = await trx
    .updateTable('information_requests')
    .set((eb) => ({ reminders: eb('reminders', '+', 1), last_reminded_at: new Date() }))
    .where('id', '=', id)
    .returning('reminders')
    .executeTakeFirstOrThrow();
  return row.reminders;
}

/** The active representatives of an agency, to remind (their addresses only). */
export function representatives(trx: Trx, agencyId: string) {
  return trx.selectFrom('users').select(['id', 'email']).where('agency_id', '=', agencyId).where('active', '=', true).where(sql<boolean>`'agency-rep' = any(roles)`).execute();
}

/** An agency's requests still waiting for an answer, soonest due first. */
export function openRequestsOfAgency(trx: Trx, agencyId: string) {
  return trx
    .selectFrom('information_requests')
    .select(['id', 'case_id', 'source', 'question', 'due_on', 'asked_on'])
    .where('agency_id', '=', agencyId)
    .where('returned_at', 'is', null)
    .orderBy('due_on')
    .execute();
}

/** The children on a case as a representative sees them: name and date of birth only. */
export function childrenOf(trx: Trx, caseIds: readonly string[]) {
  if (caseIds.length === 0) return Promise.resolve([] as { case_id: string; given_name: string; family_name: string; date_of_birth: string | null }[]);
  return trx
    .selectFrom('case_members as m')
    .innerJoin('people as p', 'p.id', 'm.person_id')
    .select(['m.case_id', 'p.given_name', 'p.family_name', 'p.date_of_birth'])
    .where('m.case_id', 'in', [...caseIds])
    .where('m.role', '=', 'child')
    .orderBy('p.date_of_birth')
    .execute();
}

export function agencyName(trx: Trx, agencyId: string) {
  return trx.selectFrom('partner_agencies').select('name').where('id', '=', agencyId).executeTakeFirst();
}

export function tenantName(trx: Trx) {
  return trx.selectFrom('tenants').select('name').executeTakeFirst();
}
