import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, rmSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import type { DatabaseConfig } from '../../src/platform/config.js';
import { appUrlFrom } from '../../src/platform/config.js';
import { openDatabase, type Database } from '../../src/platform/db/database.js';
import { migrate } from '../../src/platform/db/migrator.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A migrated PGlite data directory that each test database starts as a copy of (test/global-setup.ts). */
    pgliteSnapshot?: string;
    /** A migrated PostgreSQL database that each test database is created from as a template (test/global-setup.ts). */
    postgresTemplate?: string;
    /** A folder where the browser tests note the pages axe found clean this run (test/helpers/browser.ts). */
    axeCleanDocuments?: string;
  }
}

export interface TestDatabase {
  db: Database;
  config: DatabaseConfig;
  /** Closes the database and removes it: its PGlite folder, or on PostgreSQL the fresh database. */
  cleanup(): Promise<void>;
}

/** True when the suite runs against PostgreSQL (DATABASE_URL set), false on embedded PGlite. */
export const onPostgres = Boolean(process.env.DATABASE_URL);

/** Admin connections to the PostgreSQL server never wait forever to connect or for a statement. */
const ADMIN_TIMEOUTS = { connectionTimeoutMillis: 10_000, query_timeout: 60_000 } as const;

/** How long a test database may take to close before it is dropped (or removed) regardless. */
const CLOSE_TIMEOUT_MS = 15_000;

const SCRATCH_PREFIX = 'wraparound-test-';

/**
 * Where the test PGlite folders go: /dev/shm (memory) when it has room for them, else the temp folder.
 * A test database is about 40 MB.
 */
function scratchRoot(): string {
  try {
    const fs = statfsSync('/dev/shm');
    if (fs.bavail * fs.bsize > 2 * 1024 ** 3) return '/dev/shm';
  } catch {
    /* no /dev/shm here */
  }
  return tmpdir();
}

/** A new scratch folder, named with this process id so that a later run can tell it was left behind. */
export function scratchDir(kind: string): string {
  return mkdtempSync(join(scratchRoot(), `${SCRATCH_PREFIX}${kind}-${process.pid}-`));
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the scratch folders of test processes that are no longer running (killed, or timed out). */
export function sweepScratchDirs(): void {
  for (const root of new Set(['/dev/shm', tmpdir()])) {
    let names: string[];
    try {
      names = readdirSync(root);
    } catch {
      continue;
    }
    for (const name of names) {
      const pid = Number(/^wraparound-test-[a-z]+-(\d+)-/.exec(name)?.[1]);
      if (Number.isInteger(pid) && pid > 0 && !isRunning(pid)) rmSync(join(root, name), { recursive: true, force: true });
    }
  }
}

/** Resolves with work's result, or rejects after `ms` with a message naming what did not finish. */
export async function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** What to close, how (undefined when there is nothing to close), and how long it may take. */
export type CloseStep = [what: string, step: () => Promise<unknown> | undefined, timeoutMs?: number];

/** Runs every step, each with a time limit, even when an earlier one fails or times out; then throws the failures. */
export async function closeAll(steps: CloseStep[]): Promise<void> {
  const failures: unknown[] = [];
  for (const [what, step, timeoutMs = CLOSE_TIMEOUT_MS] of steps) {
    try {
      const running = step();
      if (running) await within(timeoutMs, what, running);
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) throw new AggregateError(failures, failures.map((f) => (f instanceof Error ? f.message : String(f))).join('; '));
}

async function onServer<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl, ...ADMIN_TIMEOUTS });
  client.on('error', () => {});
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

function postgresConfig(serverUrl: string, name: string): DatabaseConfig {
  const ownerUrl = databaseUrl(serverUrl, name);
  return { kind: 'postgres', ownerUrl, appUrl: appUrlFrom(ownerUrl), poolSize: 5 };
}

/**
 * Builds the migrated PGlite folder that test databases are copied from: the migrations in
 * migrations/ as they are now, applied by the migrator through openDatabase, as in production.
 */
export async function buildPgliteSnapshot(): Promise<string> {
  const dir = scratchDir('snapshot');
  try {
    const db = await openDatabase({ kind: 'pglite', dataDir: dir });
    try {
      await migrate(db);
    } finally {
      await db.close();
    }
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return dir;
}

/** Builds a migrated PostgreSQL database, on the server of serverUrl, for test databases to copy. */
export async function buildPostgresTemplate(serverUrl: string): Promise<string> {
  const name = `wa_template_${randomBytes(6).toString('hex')}`;
  await onServer(serverUrl, (client) => client.query(`create database ${name}`));
  try {
    const db = await openDatabase(postgresConfig(serverUrl, name));
    try {
      await migrate(db);
    } finally {
      await db.close();
    }
  } catch (error) {
    await dropPostgresDatabase(serverUrl, name);
    throw error;
  }
  return name;
}

export async function dropPostgresDatabase(serverUrl: string, name: string): Promise<void> {
  await onServer(serverUrl, (client) => client.query(`drop database if exists ${name} with (force)`));
}

export function provided<K extends 'pgliteSnapshot' | 'postgresTemplate' | 'axeCleanDocuments'>(key: K): string | undefined {
  try {
    return inject(key) || undefined;
  } catch {
    return undefined; // not inside a vitest worker
  }
}

/**
 * A migrated database of its own for one test file: a PGlite folder, or with DATABASE_URL a fresh
 * PostgreSQL database on that server, dropped afterwards. Each starts as a copy of the database the
 * global setup migrated for this run (test/global-setup.ts), and the migrator then runs on it as well,
 * which checks every migration's checksum and would apply one the copy lacked. On PGlite,
 * `embeddedQueryTimeoutMs` sets the time limit on each embedded query (default 30 s).
 */
export async function testDatabase(options: { embeddedQueryTimeoutMs?: number } = {}): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const snapshot = provided('pgliteSnapshot');
    const dir = scratchDir('db');
    const config: DatabaseConfig = { kind: 'pglite', dataDir: dir, ...(options.embeddedQueryTimeoutMs ? { queryTimeoutMs: options.embeddedQueryTimeoutMs } : {}) };
    const remove = () => rmSync(dir, { recursive: true, force: true });
    let db: Database;
    try {
      if (snapshot) cpSync(snapshot, dir, { recursive: true });
      db = await openDatabase(config);
    } catch (error) {
      remove();
      throw error;
    }
    const cleanup = () => closeAll([['closing the test database', () => db.close()]]).finally(remove);
    try {
      await migrate(db);
    } catch (error) {
      await cleanup();
      throw error;
    }
    return { db, config, cleanup };
  }
  const name = `wa_test_${randomBytes(6).toString('hex')}`;
  const template = provided('postgresTemplate');
  await onServer(serverUrl, (client) => client.query(`create database ${name}${template ? ` template ${template}` : ''}`));
  const config = postgresConfig(serverUrl, name);
  const db = await openDatabase(config);
  // The database is dropped with (force) even when closing it did not finish: that ends its sessions.
  const cleanup = () => closeAll([['closing the test database', () => db.close()]]).finally(() => dropPostgresDatabase(serverUrl, name));
  try {
    await migrate(db);
  } catch (error) {
    await cleanup();
    throw error;
  }
  return { db, config, cleanup };
}
