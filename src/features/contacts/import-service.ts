import { can } from '../../platform/access/policy.js';
import { recordAudit } from '../../platform/audit/audit-log.js';
import { loadUser, type CurrentUser } from '../../platform/auth/current-user.js';
import type { Database } from '../../platform/db/database.js';
import { ServiceError } from '../../platform/http/service-error.js';
import { auditActor, tenantOfActor, type ContactActor } from './actor.js';
import { CsvSyntaxError, isBlankRecord, parseCsv } from './csv.js';
import { checkHeader } from './import-columns.js';
import * as q from './import-queries.js';
import { notificationFromRow, rowValues, type RowProblem } from './import-row.js';
import type { NewContactInput } from './schemas.js';
import type { ContactsService } from './service.js';
import { MAX_INGEST_BATCH } from './ingest.js';

export class ImportError extends ServiceError {}

/** Where the CSV comes from; called once to count the rows and once to import them. */
export type CsvSource = () => AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>;

export interface ImportProgress extends q.ImportCounts {
  /** Notification rows in the file, once counted. */
  total: number | null;
}

export interface ImportOutcome extends ImportProgress {
  jobId: string;
  status: 'finished' | 'failed';
  failure: string | null;
  errors: q.ImportRowError[];
}

export interface ImportJobView extends ImportProgress {
  id: string;
  fileName: string;
  /** 'stopped': it was running when the service stopped, and will not finish (a command-line import: run it again). */
  status: 'running' | 'finished' | 'failed' | 'stopped';
  /** When the service took the job up again after stopping in the middle of it. */
  resumed: Date | null;
  failure: string | null;
  errors: q.ImportRowError[];
  /** More problems were found than the report keeps. */
  errorsCut: boolean;
  startedAt: Date;
  finishedAt: Date | null;
}

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
/** The report keeps this many problems; the counts still count every row. */
export const MAX_REPORTED_PROBLEMS = 1000;
const SAVE_EVERY_ROWS = 200;
const SAVE_EVERY_MS = 500;
/** A running job that has not written its progress for this long was stopped (the service restarted). */
const STALE_AFTER_MS = 2 * 60_000;
/** How often a server process looks for uploaded imports that stopped, to carry them on. */
const RESUME_CHECK_MS = 60_000;

/** Where a job carries on from: the last row of the file it finished with, and what it had counted. */
interface ResumePoint {
  afterRow: number;
  counts: q.ImportCounts;
  errors: q.ImportRowError[];
}

/** The file cannot be imported at all (a broken header, text that is not CSV). */
class FileProblem extends Error {}

export type FileCheck = { ok: true; rows: number } | { ok: false; message: string };

/** Reads the whole file once: is the header right, is it CSV to the end, and how many notification rows are there? */
export async function checkFile(open: CsvSource): Promise<FileCheck> {
  let header = false;
  let rows = 0;
  try {
    for await (const record of parseCsv(open())) {
      if (isBlankRecord(record.fields)) continue;
      if (header) {
        rows++;
        continue;
      }
      const check = checkHeader(record.fields);
      if (!check.ok) return { ok: false, message: check.problems.join('. ') };
      header = true;
    }
  } catch (error) {
    if (error instanceof CsvSyntaxError) return { ok: false, message: error.message };
    throw error;
  }
  if (!header) return { ok: false, message: 'The file is empty' };
  return { ok: true, rows };
}

/** A file name fit to show: no folders, no control characters, not too long. */
export function cleanFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const base = (name.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return base.slice(0, 255) || 'notifications.csv';
}

export function notificationImportService(db: Database, contacts: ContactsService) {
  const running = new Set<Promise<unknown>>();
  /** The jobs this process is running: never taken up again here, however slow. */
  const runningJobs = new Set<string>();

  function inBackground(jobId: string, job: Promise<unknown>): void {
    const tracked = job.catch((error: unknown) => {
      console.error(JSON.stringify({ msg: 'notification import could not record its end', jobId, err: { type: (error as Error).name } }));
    });
    running.add(tracked);
    runningJobs.add(jobId);
    void tracked.finally(() => {
      running.delete(tracked);
      runningJobs.delete(jobId);
    });
  }

  /**
   * Imports every row, saving progress on the job as it goes. Good rows are stored a batch at a time
   * through contactsService.receiveMany (one transaction per batch, a savepoint per row: ingest.ts),
   * the same path as the API's; the job's progress is saved after a batch has committed, so a job
   * that stops carries on after the last row whose batch was kept.
   */
  async function run(
    actor: ContactActor,
    jobId: string,
    total: number,
    open: CsvSource,
    onProgress?: (p: ImportProgress) => void,
    from: ResumePoint = { afterRow: 0, counts: { rowsProcessed: 0, created: 0, duplicates: 0, rejected: 0 }, errors: [] },
  ): Promise<ImportOutcome> {
    const tenantId = tenantOfActor(actor);
    const counts: q.ImportCounts = { ...from.counts };
    const errors: q.ImportRowError[] = [...from.errors];
    let lastSaved = Date.now();
    let row = 1;
    // The last row finished with: saved with the progress, so that a job stopped midway carries on after it.
    let done = from.afterRow;
    // Rows read but not yet counted, in file order: those to store, and those refused as they were read.
    const pending: ({ row: number; input: NewContactInput } | { row: number; problems: readonly RowProblem[] })[] = [];
    let toStore = 0;
    let savedAt = counts.rowsProcessed;
    const save = () => db.tenant(tenantId, (trx) => q.saveProgress(trx, jobId, counts, errors, done));
    const reject = (at: number, problems: readonly RowProblem[]) => {
      counts.rejected++;
      for (const p of problems) if (errors.length < MAX_REPORTED_PROBLEMS) errors.push({ row: at, column: p.column, message: p.message });
    };
    /** Stores the rows waiting, then counts every row read so far: everything up to the current row is done. */
    const flush = async () => {
      const inputs = pending.flatMap((p) => ('input' in p ? [p.input] : []));
      const results = inputs.length ? await contacts.receiveMany(actor, inputs) : [];
      // Kept: every row of the batch is counted now (a batch that failed stays pending, for the message).
      const batch = pending.splice(0);
      toStore = 0;
      let next = 0;
      for (const item of batch) {
        if ('problems' in item) reject(item.row, item.problems);
        else {
          const result = results[next++]!;
          if (result.ok) {
            if (result.created) counts.created++;
            else counts.duplicates++;
          } else if (result.error instanceof ServiceError) {
            reject(item.row, [{ column: null, message: result.error.message }]);
          } else {
            // Undone on its own (its savepoint); the cause goes to whoever runs the service, without the row's contents.
            console.error(JSON.stringify({ msg: 'notification import could not store a row', jobId, row: item.row, err: { type: (result.error as Error).name, code: (result.error as { code?: string }).code } }));
            reject(item.row, [{ column: null, message: 'could not be stored because of a problem on our side: import the file again to add it' }]);
          }
        }
        counts.rowsProcessed++;
        onProgress?.({ ...counts, total });
      }
      done = row;
      if (Date.now() - lastSaved >= SAVE_EVERY_MS || counts.rowsProcessed - savedAt >= SAVE_EVERY_ROWS) {
        await save();
        lastSaved = Date.now();
        savedAt = counts.rowsProcessed;
      }
    };
    let status: 'finished' | 'failed' = 'finished';
    let failure: string | null = null;
    try {
      let columns: string[] | null = null;
      for await (const record of parseCsv(open())) {
        row = record.row;
        if (isBlankRecord(record.fields)) continue;
        if (!columns) {
          const check = checkHeader(record.fields);
          if (!check.ok) throw new FileProblem(check.problems.join('. '));
          columns = check.columns;
          continue;
        }
        // Carrying on: the rows before the saved point were dealt with before the service stopped.
        if (row <= from.afterRow) continue;
        const { values, extra } = rowValues(columns, record.fields);
        const mapped = extra ? ({ ok: false, problems: [{ column: null, message: 'has more values than the first row has column names' }] } as const) : notificationFromRow(values);
        if (mapped.ok) {
          pending.push({ row, input: mapped.input });
          toStore++;
        } else pending.push({ row, problems: mapped.problems });
        if (toStore >= MAX_INGEST_BATCH || pending.length >= SAVE_EVERY_ROWS) await flush();
      }
      await flush();
    } catch (error) {
      status = 'failed';
      if (error instanceof FileProblem || error instanceof CsvSyntaxError) failure = error.message;
      else {
        failure = `The import stopped at row ${pending[0]?.row ?? row} because of a problem on our side. The rows before it were imported: import the file again to finish (rows already imported are reported as already held)`;
        // The cause goes to whoever runs the service, without the row's contents.
        console.error(JSON.stringify({ msg: 'notification import failed', jobId, row, err: { type: (error as Error).name, code: (error as { code?: string }).code } }));
      }
    }
    await db.tenant(tenantId, async (trx) => {
      await q.saveProgress(trx, jobId, counts, errors, done);
      await q.finishJob(trx, jobId, status, failure, total);
      await recordAudit(trx, tenantId, {
        ...auditActor(actor),
        action: 'contact.import',
        subjectType: 'notification-import',
        subjectId: jobId,
        details: { status, rows: total, processed: counts.rowsProcessed, created: counts.created, duplicates: counts.duplicates, rejected: counts.rejected },
      });
    });
    onProgress?.({ ...counts, total });
    return { jobId, status, failure, errors, total, ...counts };
  }

  async function createJob(actor: ContactActor, fileName: string, total: number, requestId: string | null, fileData: Uint8Array | null): Promise<string> {
    const tenantId = tenantOfActor(actor);
    return db.tenant(tenantId, async (trx) => {
      const id = await q.insertJob(trx, tenantId, cleanFileName(fileName), actor.kind === 'user' ? actor.user.id : null, fileData);
      await q.setTotal(trx, id, total);
      await recordAudit(trx, tenantId, { ...auditActor(actor), action: 'contact.import-start', subjectType: 'notification-import', subjectId: id, requestId, details: { rows: total } });
      return id;
    });
  }

  return {
    /**
     * Checks an uploaded file and starts importing it in the background: the job's id. A file that
     * cannot be imported at all is refused here, before anything is stored.
     */
    async startUpload(user: CurrentUser, fileName: string, data: Buffer, requestId: string): Promise<string> {
      if (!can(user, 'contact:record')) throw new ImportError(403, 'You do not have permission to do this');
      const open: CsvSource = () => [data];
      const check = await checkFile(open);
      if (!check.ok) throw new ImportError(400, `The selected file could not be imported. ${check.message}`, 'file');
      if (check.rows === 0) throw new ImportError(400, 'The selected file has no notifications in it, only the column names', 'file');
      const actor: ContactActor = { kind: 'user', user };
      // The file is kept with the job while it runs, so that the job carries on if the service stops.
      const jobId = await createJob(actor, fileName, check.rows, requestId, data);
      inBackground(jobId, run(actor, jobId, check.rows, open));
      return jobId;
    },

    /**
     * Carries on every uploaded import that stopped moving (the service stopped in the middle of it):
     * each is taken up once, in its tenant, from the row after the last one saved, as whoever started
     * it, and its page says so. Rows after that point that had already been imported are recognised
     * by their police reference and counted as already held. Answers how many were taken up.
     */
    async resumeStalled(now = new Date()): Promise<number> {
      const quietBefore = new Date(now.getTime() - STALE_AFTER_MS);
      const stalled = await db.anonymous((trx) => q.stalledJobs(trx, STALE_AFTER_MS / 1000));
      let taken = 0;
      for (const { id, tenantId } of stalled) {
        if (runningJobs.has(id)) continue;
        const claimed = await db.tenant(tenantId, async (trx) => {
          const job = await q.claimStalledJob(trx, id, quietBefore, now);
          if (!job?.file_data) return null;
          const user = job.started_by ? await loadUser(trx, job.started_by) : null;
          const actor: ContactActor | null = !job.started_by ? { kind: 'system', tenantId } : user?.active && can(user, 'contact:record') ? { kind: 'user', user } : null;
          await recordAudit(trx, tenantId, {
            ...(actor ? auditActor(actor) : { actorType: 'system' as const, actorId: null }),
            action: 'contact.import-resume',
            subjectType: 'notification-import',
            subjectId: id,
            details: { afterRow: job.resume_after_row, processed: job.rows_processed, carriedOn: actor !== null },
          });
          if (!actor) {
            await q.finishJob(trx, id, 'failed', 'The import stopped when the service stopped, and could not carry on: the person who started it can no longer import notifications. Import the file again to finish it', null);
            return null;
          }
          return { job, actor, file: Buffer.from(job.file_data) };
        });
        if (!claimed) continue;
        const { job, actor, file } = claimed;
        const from: ResumePoint = {
          afterRow: job.resume_after_row,
          counts: { rowsProcessed: job.rows_processed, created: job.created, duplicates: job.duplicates, rejected: job.rejected },
          errors: job.errors,
        };
        inBackground(id, run(actor, id, job.rows_total ?? 0, () => [file], undefined, from));
        taken++;
      }
      return taken;
    },

    /** Looks for stopped uploads now and every minute, until the returned function is called (the server closing). */
    keepResuming(): () => void {
      const check = () =>
        void this.resumeStalled().catch((error: unknown) => {
          console.error(JSON.stringify({ msg: 'could not look for notification imports to carry on', err: { type: (error as Error).name } }));
        });
      check();
      const timer = setInterval(check, RESUME_CHECK_MS);
      timer.unref();
      return () => clearInterval(timer);
    },

    /** Imports a file to the end (the command line). A file that cannot be imported at all is refused before a job is made. */
    async importFile(tenantId: string, fileName: string, open: CsvSource, onProgress?: (p: ImportProgress) => void): Promise<ImportOutcome | { refused: string }> {
      const check = await checkFile(open);
      if (!check.ok) return { refused: check.message };
      const actor: ContactActor = { kind: 'system', tenantId };
      // The command line reads its file from disk as it goes: if it stops, running it again carries on.
      const jobId = await createJob(actor, fileName, check.rows, null, null);
      onProgress?.({ rowsProcessed: 0, created: 0, duplicates: 0, rejected: 0, total: check.rows });
      return run(actor, jobId, check.rows, open, onProgress);
    },

    /** An import job of the user's tenant, or null. */
    async job(user: CurrentUser, id: string): Promise<ImportJobView | null> {
      if (!can(user, 'contact:record')) throw new ImportError(403, 'You do not have permission to do this');
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
      const row = await db.tenant(user.tenantId, (trx) => q.findJob(trx, id));
      if (!row) return null;
      // An upload that stopped is carried on by the service; a command-line import stays stopped.
      const stale = row.status === 'running' && !row.resumable && Date.now() - new Date(row.updated_at).getTime() > STALE_AFTER_MS;
      return {
        id: row.id,
        fileName: row.file_name,
        status: stale ? 'stopped' : row.status,
        resumed: row.resumed_at,
        failure: row.failure,
        total: row.rows_total,
        rowsProcessed: row.rows_processed,
        created: row.created,
        duplicates: row.duplicates,
        rejected: row.rejected,
        errors: row.errors,
        errorsCut: row.errors.length >= MAX_REPORTED_PROBLEMS,
        startedAt: row.started_at,
        finishedAt: row.finished_at,
      };
    },

    /** Resolves once every import running in this process has ended (tests, and a clean shutdown). */
    async settled(): Promise<void> {
      while (running.size) await Promise.allSettled([...running]);
    },
  };
}

export type NotificationImportService = ReturnType<typeof notificationImportService>;
