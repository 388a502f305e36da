import pg from 'pg';
import { appUrlFrom } from '../../src/platform/config.js';
import { openDatabase, type Database } from '../../src/platform/db/database.js';
import { migrate } from '../../src/platform/db/migrator.js';

export interface BenchDatabase {
  db: Database;
  /** What it runs on, for the report: "PostgreSQL 15.8 (wa_bench_matching_…)" or "PGlite (in memory)". */
  label: string;
  /** Closes it and, on PostgreSQL, drops the database unless it is to be kept. */
  close(): Promise<void>;
}

const DEFAULT_SERVER = 'postgres://postgres@127.0.0.1:5432/postgres';

async function onServer(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** A fresh, migrated database: in-memory PGlite, or a new database on DATABASE_URL's server. */
export async function openBenchDatabase(options: { pglite: boolean; keep: boolean; reuse?: string | undefined; name?: string; poolSize?: number }): Promise<BenchDatabase> {
  if (options.pglite) {
    const db = await openDatabase({ kind: 'pglite', dataDir: 'memory' });
    await migrate(db);
    return { db, label: 'PGlite (in memory)', close: () => db.close() };
  }
  const serverUrl = process.env.DATABASE_URL ?? DEFAULT_SERVER;
  if (options.reuse) {
    // A database kept by an earlier run (--keep), already loaded: nothing is migrated, loaded or dropped.
    const url = new URL(serverUrl);
    url.pathname = `/${options.reuse}`;
    const db = await openDatabase({ kind: 'postgres', ownerUrl: url.toString(), appUrl: appUrlFrom(url.toString()), poolSize: 2 });
    return { db, label: `PostgreSQL (kept database ${options.reuse})`, close: () => db.close() };
  }
  const name = `${options.name ?? 'wa_bench_matching'}_${Date.now()}`;
  await onServer(serverUrl, `create database ${name}`);
  const ownerUrl = new URL(serverUrl);
  ownerUrl.pathname = `/${name}`;
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await db.close();
    if (options.keep) console.log(`Kept database ${name}; drop it with: drop database ${name} with (force)`);
    else await onServer(serverUrl, `drop database if exists ${name} with (force)`);
  };
  const db = await openDatabase({ kind: 'postgres', ownerUrl: ownerUrl.toString(), appUrl: appUrlFrom(ownerUrl.toString()), poolSize: options.poolSize ?? 2 });
  try {
    await migrate(db);
    const session = await db.ownerSession();
    const [version] = await session.query<{ server_version: string }>('show server_version').finally(() => session.release());
    return { db, label: `PostgreSQL ${version?.server_version ?? '?'} (${name})`, close };
  } catch (error) {
    await close();
    throw error;
  }
}
