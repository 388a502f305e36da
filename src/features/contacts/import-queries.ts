import type { Selectable } from 'kysely';
import type { Trx } from '../../platform/db/database.js';
import type { ImportRowErrorJson, NotificationImportsTable } from '../../platform/db/schema.js';

export type ImportJobRow = Selectable<NotificationImportsTable>;
export type ImportRowError = ImportRowErrorJson;

export interface ImportCounts {
  rowsProcessed: number;
  created: number;
  duplicates: number;
  rejected: number;
}

export async function insertJob(trx: Trx, tenantId: string, fileName: string, startedBy: string | null): Promise<string> {
  const row = await trx.insertInto('notification_imports').values({ tenant_id: tenantId, file_name: fileName, started_by: startedBy }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function setTotal(trx: Trx, id: string, rowsTotal: number): Promise<void> {
  await trx.updateTable('notification_imports').set({ rows_total: rowsTotal, updated_at: new Date() }).where('id', '=', id).execute();
}

export async function saveProgress(trx: Trx, id: string, counts: ImportCounts, errors: readonly ImportRowError[]): Promise<void> {
  await trx
    .updateTable('notification_imports')
    .set({
      rows_processed: counts.rowsProcessed,
      created: counts.created,
      duplicates: counts.duplicates,
      rejected: counts.rejected,
      errors: JSON.stringify(errors),
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .execute();
}

export async function finishJob(trx: Trx, id: string, status: 'finished' | 'failed', failure: string | null, rowsTotal: number | null): Promise<void> {
  const now = new Date();
  await trx
    .updateTable('notification_imports')
    .set({ status, failure, finished_at: now, updated_at: now, ...(rowsTotal === null ? {} : { rows_total: rowsTotal }) })
    .where('id', '=', id)
    .execute();
}

export async function findJob(trx: Trx, id: string): Promise<ImportJobRow | undefined> {
  return trx.selectFrom('notification_imports').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Is a police notification with this reference already held? (A resent file skips the full receive for it.) */
export async function policeReferenceHeld(trx: Trx, reference: string): Promise<boolean> {
  const row = await trx.selectFrom('contacts').select('id').where('source', '=', 'police').where('reference', '=', reference).executeTakeFirst();
  return row !== undefined;
}
