import { sql, type Selectable } from 'kysely';
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

export async function insertJob(trx: Trx, tenantId: string, fileName: string, startedBy: string | null, fileData: Uint8Array | null): Promise<string> {
  const row = await trx
    .insertInto('notification_imports')
    .values({ tenant_id: tenantId, file_name: fileName, started_by: startedBy, file_data: fileData })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function setTotal(trx: Trx, id: string, rowsTotal: number): Promise<void> {
  await trx.updateTable('notification_imports').set({ rows_total: rowsTotal, updated_at: new Date() }).where('id', '=', id).execute();
}

export async function saveProgress(trx: Trx, id: string, counts: ImportCounts, errors: readonly ImportRowError[], afterRow: number): Promise<void> {
  await trx
    .updateTable('notification_imports')
    .set({
      resume_after_row: afterRow,
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
    // The file goes when the job ends: it was kept only so that the job could carry on.
    .set({ status, failure, finished_at: now, updated_at: now, file_data: null, ...(rowsTotal === null ? {} : { rows_total: rowsTotal }) })
    .where('id', '=', id)
    .execute();
}

export async function findJob(trx: Trx, id: string) {
  return trx
    .selectFrom('notification_imports')
    .select(['id', 'file_name', 'status', 'failure', 'rows_total', 'rows_processed', 'created', 'duplicates', 'rejected', 'errors', 'started_at', 'finished_at', 'updated_at', 'resumed_at'])
    .select((eb) => eb('file_data', 'is not', null).as('resumable'))
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Running jobs of any tenant that have not written their progress for `quietSeconds` and can carry on. */
export async function stalledJobs(trx: Trx, quietSeconds: number): Promise<{ id: string; tenantId: string }[]> {
  const result = await sql<{ id: string; tenant_id: string }>`select * from stalled_notification_imports(${quietSeconds})`.execute(trx);
  return result.rows.map((r) => ({ id: r.id, tenantId: r.tenant_id }));
}

/**
 * Takes a stalled job up, if it is still stalled (two server processes never both take it): the job as
 * it was saved, file included, or null.
 */
export async function claimStalledJob(trx: Trx, id: string, quietBefore: Date, now: Date) {
  return trx
    .updateTable('notification_imports')
    .set((eb) => ({ updated_at: now, resumed_at: now, resumed_count: eb('resumed_count', '+', 1) }))
    .where('id', '=', id)
    .where('status', '=', 'running')
    .where('file_data', 'is not', null)
    .where('updated_at', '<', quietBefore)
    .returning(['id', 'started_by', 'file_data', 'rows_total', 'rows_processed', 'created', 'duplicates', 'rejected', 'errors', 'resume_after_row'])
    .executeTakeFirst();
}
