import { spawn } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { DatabaseConfig } from '../config.js';
import { keepDataDirPrivate } from './data-dir-access.js';
import { lockDataDir } from './data-dir-lock.js';
import { EmbeddedClient } from './embedded-client.js';

/**
 * Backing up and restoring the whole database (issue 11, "What to build" 7): PostgreSQL with pg_dump's
 * custom format and pg_restore; the embedded database as a consistent copy of its folder taken by
 * PGlite between two statements. A restore never writes over a database that holds anything unless
 * asked to (`--force`). The audit log, its chain and everything else go with the rest.
 */
export class BackupError extends Error {}

/** Connection settings for pg_dump and pg_restore, passed in their environment so a password is never in a process list. */
function clientEnv(url: string): NodeJS.ProcessEnv {
  const u = new URL(url);
  return {
    ...process.env,
    PGHOST: u.hostname,
    PGPORT: u.port || '5432',
    PGUSER: decodeURIComponent(u.username),
    PGPASSWORD: decodeURIComponent(u.password),
    PGDATABASE: decodeURIComponent(u.pathname.slice(1)),
    ...(u.searchParams.get('sslmode') ? { PGSSLMODE: u.searchParams.get('sslmode')! } : {}),
  };
}

/** Runs a PostgreSQL client tool to its end; its error output becomes the error. */
function runTool(tool: 'pg_dump' | 'pg_restore', args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(new BackupError(error.code === 'ENOENT' ? `${tool} was not found: install PostgreSQL's client tools (the same major version as the server, or newer)` : `${tool} could not be run: ${error.message}`)),
    );
    child.once('close', (code) => (code === 0 ? resolve() : reject(new BackupError(`${tool} failed: ${stderr.trim() || `exit ${code}`}`))));
  });
}

/** Writes a backup of PostgreSQL to `file` (pg_dump's custom format). */
export function backupPostgres(ownerUrl: string, file: string): Promise<void> {
  return runTool('pg_dump', ['--format=custom', '--file', file], clientEnv(ownerUrl));
}

async function postgresHoldsTables(ownerUrl: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: ownerUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(`select count(*) as n from information_schema.tables where table_schema = 'public'`);
    // The application's role belongs to the server, not the database: a restore to a new server needs it first.
    await client.query(`do $$ begin
      if not exists (select 1 from pg_roles where rolname = 'wraparound_app') then
        create role wraparound_app login nosuperuser nobypassrls nocreatedb nocreaterole;
      end if;
    end $$`);
    return Number(rows[0]?.n ?? 0) > 0;
  } finally {
    await client.end();
  }
}

/** The folder holds a database (Postgres writes PG_VERSION first). */
function folderHoldsDatabase(dir: string): boolean {
  return existsSync(join(dir, 'PG_VERSION'));
}

/** What Wraparound keeps in the folder beside the database, kept when the database is replaced. */
const OURS = new Set(['wraparound.lock', 'session-secret']);

/**
 * Restores a backup into the configured database. Refuses a database that holds anything unless
 * `force`, which replaces it (PostgreSQL: every object dropped first; embedded: the folder emptied).
 */
export async function restoreDatabase(config: DatabaseConfig, file: string, options: { force: boolean }): Promise<void> {
  if (!existsSync(file) || !statSync(file).isFile()) throw new BackupError(`There is no backup file at ${file}`);
  if (config.kind === 'postgres') {
    const holds = await postgresHoldsTables(config.ownerUrl);
    if (holds && !options.force) throw new BackupError('The database is not empty: nothing was restored. Restore into an empty database, or add --force to replace everything in it with the backup');
    await runTool('pg_restore', ['--exit-on-error', '--single-transaction', ...(holds ? ['--clean', '--if-exists'] : []), '--dbname', clientEnv(config.ownerUrl).PGDATABASE!, file], clientEnv(config.ownerUrl));
    return;
  }
  if (config.dataDir === 'memory') throw new BackupError('An in-memory database cannot be restored into');
  const dir = config.dataDir;
  if (folderHoldsDatabase(dir) && !options.force) {
    throw new BackupError(`The embedded database folder ${dir} already holds a database: nothing was restored. Restore into an empty folder, or add --force to replace it with the backup`);
  }
  keepDataDirPrivate(dir);
  // Nothing else may have the folder open while it is replaced.
  const unlock = lockDataDir(dir);
  try {
    for (const entry of readdirSync(dir)) if (!OURS.has(entry)) rmSync(join(dir, entry), { recursive: true, force: true });
    await EmbeddedClient.restore(dir, file);
  } finally {
    keepDataDirPrivate(dir);
    unlock();
  }
}
