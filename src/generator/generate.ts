import { UUID } from '../domain/ids.js';
/**
 * generateFamilies: fills a tenant with synthetic families, for demos, tests and benchmarks.
 *
 * - It is operator work, so it writes as the owner, in one transaction with its one audit event
 *   (counts and the seed): a run that fails or is stopped leaves nothing behind.
 * - Rows go in batches of 1,000 families, one multi-row insert per table (the rows as one JSON
 *   parameter, see tables.ts), and the next batch is made while the database writes the last one.
 * - Family k of a seed is always the same family for the same day and tenant setup (family.ts); its
 *   ids also depend on the tenant (synthetic-ids.ts), so a seed never collides with another seed, another
 *   tenant, or anything the service made. Running a seed again into the same tenant is refused, as its
 *   families are already there; another seed adds different families beside them.
 * - When every table it fills is empty (a new database), it loads them without their keys, foreign
 *   keys and secondary indexes and builds those again at the end, in the same transaction
 *   (bulk-load.ts). Otherwise they stay, and the rows go through them as any insert does.
 * - A checklist must name who recorded it: with no IDVA, social worker, manager or other active
 *   user in the tenant, it adds one inactive account with no roles that cannot sign in.
 */
import { CompiledQuery, sql } from 'kysely';
import { isPlainDate, londonDate, type PlainDate } from '../domain/calendar/plain-date.js';
import { generateMaracMeetings, type MaracCounts } from './marac-meetings.js';
import { generateCasework, type CaseworkCounts } from './casework.js';
import { recordAudit } from '../platform/audit/audit-log.js';
import type { Database, Trx } from '../platform/db/database.js';
import { riskSettingsFor } from '../features/risk-settings/service.js';
import { dayOf } from './days.js';
import { composeFamily, type GeneratorContext } from './family.js';
import { appendFamily } from './family-rows.js';
import { dropForBulkLoad, rebuildAfterBulkLoad } from './bulk-load.js';
import { tenantSetup } from './staff.js';
import { idKeyFor, syntheticId } from './synthetic-ids.js';
import { emptyBatch, insertStatement, TABLE_NAMES, TABLES, type Batch, type TableName } from './tables.js';

export class GeneratorError extends Error {}

export interface GenerationOptions {
  families: number;
  seed: number;
  /** A line now and then (about every 10%), with nothing personal in it. */
  progress?: (line: string) => void;
  /** The day the histories run up to (YYYY-MM-DD); today in London by default. */
  today?: string;
  /** Families per batch (default 1,000). */
  batchSize?: number;
}

export interface GenerationCounts {
  seed: number;
  families: number;
  /** Rows written to each table. */
  rows: Record<TableName, number>;
  /** Seconds spent writing each table (the inserts only). */
  secondsByTable: Record<TableName, number>;
  /** The tables were empty, so they were loaded without keys, foreign keys and indexes, built again after (bulk-load.ts). */
  bulkLoad: boolean;
  /** Seconds spent building them again. */
  rebuildSeconds: number;
  /** The Marac made around the referrals (marac-meetings.ts). */
  marac: MaracCounts;
  /** The social work case around the children's cases (casework.ts). */
  casework: CaseworkCounts;
  seconds: number;
}

/** The most families one run makes (a serial must fit in 32 bits; the NHS test range already repeats after 250,000). */
export const MAX_FAMILIES = 5_000_000;
/** Families made between looks at the database's replies, so that it is never kept waiting for long. */
const SLICE = 10;

export async function generateFamilies(db: Database, tenantId: string, options: GenerationOptions): Promise<GenerationCounts> {
  const { families, seed } = options;
  if (!Number.isInteger(families) || families < 1 || families > MAX_FAMILIES) throw new GeneratorError(`The number of families must be a whole number from 1 to ${MAX_FAMILIES.toLocaleString('en-GB')}`);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new GeneratorError('The seed must be a whole number from 0 to 4294967295');
  if (options.today !== undefined && !isPlainDate(options.today)) throw new GeneratorError('The day to generate up to must be a date in the form YYYY-MM-DD');
  const batchSize = options.batchSize ?? 1000;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new GeneratorError('The batch size must be a whole number from 1');
  const progress = options.progress ?? (() => {});
  const started = performance.now();
  if (!UUID.test(tenantId)) throw new GeneratorError('There is no such tenant');
  const tenant = await db.owner().selectFrom('tenants').select(['id', 'slug']).where('id', '=', tenantId).executeTakeFirst();
  if (!tenant) throw new GeneratorError('There is no such tenant');
  const ids = idKeyFor(tenantId, seed);
  const firstVictim = syntheticId(ids, 'person', 0, 0);
  const refuseIfThere = async (found: unknown) => {
    if (await found) throw new GeneratorError(`This tenant already holds the families of seed ${seed}: give another seed to add more`);
  };
  await refuseIfThere(db.owner().selectFrom('people').select('id').where('id', '=', firstVictim).executeTakeFirst());
  const setup = await tenantSetup(db, tenantId);
  const repeatMonths = (await db.tenant(tenantId, riskSettingsFor)).repeatMonths;
  const today = dayOf(options.today ?? londonDate(new Date()));

  const counts = await db
    .owner()
    .transaction()
    .execute(async (trx) => {
      if (db.kind === 'postgres') await sql`set local synchronous_commit = off`.execute(trx);
      // Again inside the transaction, in case another run of the seed committed in the meantime.
      await refuseIfThere(trx.selectFrom('people').select('id').where('id', '=', firstVictim).executeTakeFirst());
      const staff = { ...setup.staff, recorder: setup.staff.recorder ?? (await recordingUser(trx, tenant)) };
      const ctx: GeneratorContext = { ...setup, staff, seed, ids, today, repeatMonths };
      const dropped = await dropForBulkLoad(trx, TABLE_NAMES);
      if (dropped) progress(`  the tables are empty: loading without their ${dropped.keys.length} keys, ${dropped.foreignKeys.length} foreign keys and ${dropped.indexes.length} indexes, built again at the end`);
      const rows = Object.fromEntries(TABLE_NAMES.map((t) => [t, 0])) as Record<TableName, number>;
      const secondsByTable = Object.fromEntries(TABLE_NAMES.map((t) => [t, 0])) as Record<TableName, number>;
      let written = 0;
      let reported = 0;
      let inFlight: Promise<void> = Promise.resolve();
      for (let from = 0; from < families; from += batchSize) {
        const to = Math.min(families, from + batchSize);
        const batch = emptyBatch();
        for (let serial = from; serial < to; serial++) {
          appendFamily(batch, composeFamily(ctx, serial), ctx);
          // Let the database's replies in while making the next batch.
          if ((serial - from) % SLICE === SLICE - 1) await new Promise((resolve) => setImmediate(resolve));
        }
        await inFlight;
        inFlight = insertBatch(trx, tenantId, batch, rows, secondsByTable).then(() => {
          written = to;
          if (written - reported >= families / 10 || written === families) {
            reported = written;
            const seconds = (performance.now() - started) / 1000;
            const total = Object.values(rows).reduce((a, b) => a + b, 0);
            progress(`  ${written.toLocaleString('en-GB')} of ${families.toLocaleString('en-GB')} families: ${rows.people.toLocaleString('en-GB')} people, ${total.toLocaleString('en-GB')} rows, ${Math.round(total / seconds).toLocaleString('en-GB')} rows/s`);
          }
        });
        inFlight.catch(() => {});
      }
      await inFlight;
      let rebuildSeconds = 0;
      if (dropped) {
        const building = performance.now();
        await rebuildAfterBulkLoad(trx, dropped, db.kind === 'postgres', progress);
        rebuildSeconds = (performance.now() - building) / 1000;
        progress(`  built the keys, indexes and foreign keys again (checking every row) in ${rebuildSeconds.toFixed(1)} s`);
      }
      const marac = await generateMaracMeetings(trx, tenantId, (options.today ?? londonDate(new Date())) as PlainDate, staff.recorder);
      progress(`  the Marac: ${marac.meetings.toLocaleString('en-GB')} meetings, ${marac.cases.toLocaleString('en-GB')} cases on agendas, ${marac.actions.toLocaleString('en-GB')} actions`);
      const casework = await generateCasework(trx, tenantId, (options.today ?? londonDate(new Date())) as PlainDate, staff.recorder);
      progress(`  the social work case: ${casework.assessments.toLocaleString('en-GB')} assessments, ${casework.childProtectionPlans.toLocaleString('en-GB')} child protection plans, ${casework.childInNeedPlans.toLocaleString('en-GB')} child in need plans`);
      await recordAudit(trx, tenantId, {
        actorType: 'system',
        actorId: null,
        action: 'synthetic-data.generate',
        subjectType: 'tenant',
        subjectId: tenantId,
        details: { seed, families, rows, marac, casework },
      });
      return { rows, secondsByTable, bulkLoad: dropped !== null, rebuildSeconds, marac, casework };
    });
  const analysing = performance.now();
  await sql.raw(`analyze ${[...TABLE_NAMES, 'marac_meetings', 'marac_meeting_cases', 'marac_actions', 'marac_research', 'assessments', 'plans', 'plan_children'].join(', ')}`).execute(db.owner());
  progress(`  analysed the tables in ${((performance.now() - analysing) / 1000).toFixed(1)} s`);
  return { seed, families, ...counts, seconds: (performance.now() - started) / 1000 };
}

/**
 * Sends every table's insert at once (the driver runs them in order on the one connection), so the
 * database goes from one to the next without waiting for this process, which is busy making the
 * next batch. A table's time runs from the end of the one before to its own end: the database's
 * time on it, give or take this process's pauses.
 */
async function insertBatch(trx: Trx, tenantId: string, batch: Batch, rows: Record<TableName, number>, seconds: Record<TableName, number>): Promise<void> {
  const tables = TABLE_NAMES.filter((name) => batch[name].count > 0).map((name) => ({ name, count: batch[name].count, json: batch[name].json() }));
  let previousEnd = performance.now();
  await Promise.all(
    tables.map(({ name, count, json }) =>
      trx.executeQuery(CompiledQuery.raw(STATEMENTS[name], [tenantId, json])).then(() => {
        const end = performance.now();
        seconds[name] += (end - previousEnd) / 1000;
        previousEnd = end;
        rows[name] += count;
      }),
    ),
  );
}

const STATEMENTS = Object.fromEntries(TABLE_NAMES.map((name) => [name, insertStatement(TABLES[name])])) as Record<TableName, string>;

/**
 * A checklist must name who recorded it. In a tenant with nobody to name, the generator adds one
 * inactive account with no roles and no password, which can never sign in.
 */
async function recordingUser(trx: Trx, tenant: { id: string; slug: string }): Promise<string> {
  const email = `synthetic-records@${tenant.slug}.invalid`;
  const existing = await trx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  if (existing) return existing.id;
  const row = await trx.insertInto('users').values({ tenant_id: tenant.id, email, name: 'Synthetic records (generator)', roles: [], active: false }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}
