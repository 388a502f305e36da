import { UUID } from '../../domain/ids.js';
import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import type { DatabaseConfig } from '../config.js';
import { lockDataDir } from './data-dir-lock.js';
import { keepDataDirPrivate } from './data-dir-access.js';
import { backupPostgres } from './backup.js';
import { EmbeddedClient, EmbeddedDatabaseRestarted, EmbeddedDatabaseStalled } from './embedded-client.js';
import { PGliteDialect } from './pglite-dialect.js';
import type { Schema } from './schema.js';
import { timed } from '../request-timings.js';
import { isReplicaRefusal, ReplicaLag, replicaAllowedHere, watchReplica } from './read-replica.js';

export type Trx = Transaction<Schema>;

/** One owner connection held for a while: migrations, and operator work that needs raw SQL. */
export interface OwnerSession {
  query<R>(text: string, params?: unknown[]): Promise<R[]>;
  /** Runs a script of several statements (no parameters). */
  exec(script: string): Promise<void>;
  release(): Promise<void>;
}

export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
  /** How far the read replica is behind the primary, in ms (Infinity when not known); null without one. */
  replicaLagMs: number | null;
}

/**
 * The one way application code reaches the database. `tenant()` runs a transaction as the
 * application role with the tenant set, so row-level security confines every statement to that
 * tenant even when a query forgets to filter. `owner()` is for migrations and operator commands.
 */
export interface Database {
  readonly kind: 'pglite' | 'postgres';
  /** With a read replica: how far behind the primary it may be and still be read from (ms); otherwise null. */
  readonly replicaMaxLagMs: number | null;
  tenant<T>(tenantId: string, work: (trx: Trx) => Promise<T>): Promise<T>;
  /** As the application role with no tenant: only the sign-in look-up functions answer. */
  anonymous<T>(work: (trx: Trx) => Promise<T>): Promise<T>;
  owner(): Kysely<Schema>;
  ownerSession(): Promise<OwnerSession>;
  ping(): Promise<void>;
  /** Why the database cannot answer (the embedded database wedged), or null. */
  problem(): string | null;
  stats(): PoolStats;
  /** Writes a backup of the whole database to `file` (backup.ts). */
  backup(file: string): Promise<void>;
  close(): Promise<void>;
}


async function scoped<T>(db: Kysely<Schema>, tenantId: string, work: (trx: Trx) => Promise<T>): Promise<T> {
  if (tenantId !== '' && !UUID.test(tenantId)) throw new Error('tenant id must be a uuid');
  return timed('db', () => scopedTransaction(db, tenantId, work));
}

/**
 * Confines the rest of an anonymous transaction to the tenant just found by a security-definer
 * look-up (the session look-up: one transaction instead of two). The one other place the tenant is set.
 */
export async function enterTenant(trx: Trx, tenantId: string): Promise<void> {
  if (!UUID.test(tenantId)) throw new Error('tenant id must be a uuid');
  await sql`select set_config('app.tenant_id', ${tenantId}, true)`.execute(trx);
}

/**
 * Runs `work` inside a savepoint of the caller's transaction: when it throws, what it did is undone
 * and the transaction carries on (one bad notification of a batch does not lose the others).
 */
export async function inSavepoint<T>(trx: Trx, work: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  await sql`savepoint work_item`.execute(trx);
  try {
    const value = await work();
    await sql`release savepoint work_item`.execute(trx);
    return { ok: true, value };
  } catch (error) {
    await sql`rollback to savepoint work_item`.execute(trx);
    return { ok: false, error };
  }
}

async function scopedTransaction<T>(db: Kysely<Schema>, tenantId: string, work: (trx: Trx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(async (trx) => {
        await sql`select set_config('role', 'wraparound_app', true), set_config('app.tenant_id', ${tenantId}, true)`.execute(trx);
        return work(trx);
      });
    } catch (error) {
      // The embedded database lost the transaction to a fault in PGlite and was opened again: the
      // work is run again from the start, as after a serialisation failure. Nothing of it was kept.
      if (!(error instanceof EmbeddedDatabaseRestarted) || attempt >= TRANSACTION_ATTEMPTS) throw error;
    }
  }
}

/** How often a transaction is tried when the embedded database is reopened under it. */
const TRANSACTION_ATTEMPTS = 5;

// int8 as text (exact); dates as plain YYYY-MM-DD text (a Date at local midnight would shift a day
// in British Summer Time); timestamps stay Date. (The embedded database's worker parses dates the same way.)
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => v);
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  return config.kind === 'pglite' ? openPGlite(config.dataDir, config.queryTimeoutMs) : openPostgres(config);
}

/** The embedded database: PGlite in a worker thread (embedded-client.ts), each query with a time limit. */
async function openPGlite(dataDir: string | 'memory', queryTimeoutMs?: number): Promise<Database> {
  if (dataDir !== 'memory') keepDataDirPrivate(dataDir);
  const unlock = dataDir === 'memory' ? () => {} : lockDataDir(dataDir);
  let pglite: EmbeddedClient;
  try {
    pglite = await EmbeddedClient.open(dataDir, queryTimeoutMs);
  } catch (error) {
    unlock();
    throw error;
  }
  // The embedded Postgres writes its files readable by all; the folder (0700) keeps them from other
  // users while it runs, and they are made the owner's alone once open and again once closed.
  if (dataDir !== 'memory') keepDataDirPrivate(dataDir);
  const dialect = new PGliteDialect(pglite);
  const db = new Kysely<Schema>({ dialect });
  let closed = false;
  return {
    kind: 'pglite',
    replicaMaxLagMs: null,
    tenant: (tenantId, work) => scoped(db, tenantId, work),
    anonymous: (work) => scoped(db, '', work),
    owner: () => db,
    ownerSession: async () => {
      const release = await dialect.mutex.lock();
      return {
        query: async <R>(text: string, params: unknown[] = []) => (await pglite.query<R>(text, params)).rows,
        exec: (script: string) => pglite.exec(script),
        release: async () => release(),
      };
    },
    ping: async () => {
      if (pglite.problem) throw new EmbeddedDatabaseStalled(pglite.problem);
      await sql`select 1`.execute(db);
    },
    problem: () => pglite.problem,
    stats: () => ({ total: 1, idle: dialect.mutex.waiting === 0 ? 1 : 0, waiting: dialect.mutex.waiting, replicaLagMs: null }),
    // Taken between two statements (the mutex), so no transaction is half in it.
    backup: async (file) => {
      const release = await dialect.mutex.lock();
      try {
        await pglite.dump(file);
      } finally {
        release();
      }
    },
    close: async () => {
      if (closed) return;
      closed = true;
      try {
        if (!pglite.closed && !pglite.problem) await sql`checkpoint`.execute(db);
      } finally {
        await db.destroy();
        if (dataDir !== 'memory') keepDataDirPrivate(dataDir);
        unlock();
      }
      // A wedged worker was ended, not closed: whatever it had not written is for recovery at the next start.
      if (pglite.problem) throw new EmbeddedDatabaseStalled(`${pglite.problem}; it was ended without a checkpoint`);
    },
  };
}

function appPoolFor(connectionString: string, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString, max, connectionTimeoutMillis: 5000 });
  pool.on('error', () => {
    /* a broken idle client is discarded by the pool; requests report the outage */
  });
  return pool;
}

/**
 * With a read replica (APP_READ_DATABASE_URL), work inside `mayReadFromReplica` goes to it while it is
 * close enough behind the primary (read-replica.ts); work the replica refuses (a write, a conflict
 * with recovery, the replica gone) runs again on the primary, where nothing of it was kept before.
 */
function routed(primary: Kysely<Schema>, replica: { db: Kysely<Schema>; lag: ReplicaLag; maxLagMs: number } | null) {
  return <T>(tenantId: string, work: (trx: Trx) => Promise<T>): Promise<T> => {
    if (!replica || !replicaAllowedHere() || replica.lag.lag > replica.maxLagMs) return scoped(primary, tenantId, work);
    return scoped(replica.db, tenantId, work).catch((error: unknown) => {
      if (!isReplicaRefusal(error)) throw error;
      return scoped(primary, tenantId, work);
    });
  };
}

async function openPostgres(config: Extract<DatabaseConfig, { kind: 'postgres' }>): Promise<Database> {
  const { ownerUrl, appUrl, poolSize } = config;
  const appPool = appPoolFor(appUrl, poolSize);
  const app = new Kysely<Schema>({ dialect: new PostgresDialect({ pool: appPool }) });
  const replicaDb = config.readAppUrl ? new Kysely<Schema>({ dialect: new PostgresDialect({ pool: appPoolFor(config.readAppUrl, poolSize) }) }) : null;
  const lag = new ReplicaLag();
  const stopWatching = replicaDb ? watchReplica(app, replicaDb, lag) : () => {};
  const maxLagMs = config.replicaMaxLagMs ?? 2000;
  const run = routed(app, replicaDb ? { db: replicaDb, lag, maxLagMs } : null);
  let ownerDb: Kysely<Schema> | null = null;
  return {
    kind: 'postgres',
    replicaMaxLagMs: replicaDb ? maxLagMs : null,
    tenant: (tenantId, work) => run(tenantId, work),
    anonymous: (work) => run('', work),
    owner: () => {
      if (!ownerDb) {
        const pool = new pg.Pool({ connectionString: ownerUrl, max: 2, connectionTimeoutMillis: 5000 });
        pool.on('error', () => {});
        ownerDb = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
      }
      return ownerDb;
    },
    ownerSession: async () => {
      const client = new pg.Client({ connectionString: ownerUrl, connectionTimeoutMillis: 5000 });
      client.on('error', () => {});
      await client.connect();
      return {
        query: async <R>(text: string, params: unknown[] = []) => (await client.query(text, params)).rows as R[],
        exec: async (script: string) => {
          await client.query(script);
        },
        release: () => client.end(),
      };
    },
    ping: async () => {
      await sql`select 1`.execute(app);
    },
    problem: () => null,
    stats: () => ({ total: appPool.totalCount, idle: appPool.idleCount, waiting: appPool.waitingCount, replicaLagMs: replicaDb ? lag.lag : null }),
    backup: (file) => backupPostgres(ownerUrl, file),
    close: async () => {
      stopWatching();
      await app.destroy();
      if (replicaDb) await replicaDb.destroy();
      if (ownerDb) await ownerDb.destroy();
      ownerDb = null;
    },
  };
}
