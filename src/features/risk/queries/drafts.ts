import type { Insertable } from 'kysely';
import type { Trx } from '../../../platform/db/database.js';
import type { DraftDetails, RiskAssessmentDraftsTable, StoredAnswer } from '../../../platform/db/risk-schema.js';

/** The unfinished checklist, if there is one with this id. */
export function draftRow(trx: Trx, draftId: string) {
  return trx.selectFrom('risk_assessment_drafts').selectAll().where('id', '=', draftId).executeTakeFirst();
}

/** The unfinished checklists about a person that this user started. */
export function draftsStartedBy(trx: Trx, personId: string, userId: string) {
  return trx.selectFrom('risk_assessment_drafts').select(['id', 'instrument_id', 'started_at']).where('person_id', '=', personId).where('started_by', '=', userId).execute();
}

/** Adds an unfinished checklist; answers with its id. */
export async function insertDraft(trx: Trx, draft: Insertable<RiskAssessmentDraftsTable>): Promise<string> {
  const row = await trx.insertInto('risk_assessment_drafts').values(draft).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function saveDraftAnswers(trx: Trx, draftId: string, answers: Record<string, StoredAnswer>): Promise<void> {
  await trx.updateTable('risk_assessment_drafts').set({ answers: JSON.stringify(answers), updated_at: new Date() }).where('id', '=', draftId).execute();
}

export async function saveDraftDetails(trx: Trx, draftId: string, details: DraftDetails): Promise<void> {
  await trx.updateTable('risk_assessment_drafts').set({ details: JSON.stringify(details), updated_at: new Date() }).where('id', '=', draftId).execute();
}

export async function deleteDraft(trx: Trx, draftId: string): Promise<void> {
  await trx.deleteFrom('risk_assessment_drafts').where('id', '=', draftId).execute();
}
