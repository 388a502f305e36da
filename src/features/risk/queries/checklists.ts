import type { Insertable } from 'kysely';
import type { Trx } from '../../../platform/db/database.js';
import type { RiskAssessmentsTable } from '../../../platform/db/risk-schema.js';

/** Adds a completed checklist; answers with its id. */
export async function insertChecklist(trx: Trx, checklist: Insertable<RiskAssessmentsTable>): Promise<string> {
  const row = await trx.insertInto('risk_assessments').values(checklist).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** A person's checklists as listed: newest first, at most 200. */
export function checklistRowsOf(trx: Trx, personId: string) {
  return trx
    .selectFrom('risk_assessments')
    .select(['id', 'instrument_id', 'instrument_version', 'language', 'completed_on', 'score', 'band', 'gaps', 'case_id'])
    .where('person_id', '=', personId)
    .orderBy('completed_on', 'desc')
    .orderBy('created_at', 'desc')
    .limit(200)
    .execute();
}

/** The whole checklist, if there is one with this id. */
export function checklistRow(trx: Trx, id: string) {
  return trx.selectFrom('risk_assessments').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Whom a checklist is about, if there is one with this id. */
export function checklistSubject(trx: Trx, id: string) {
  return trx.selectFrom('risk_assessments').select('person_id').where('id', '=', id).executeTakeFirst();
}

/** The follow-up checklists completed after this one (the stalking screen). */
export function followUpsOf(trx: Trx, id: string) {
  return trx.selectFrom('risk_assessments').select(['id', 'instrument_id']).where('follows_id', '=', id).execute();
}
