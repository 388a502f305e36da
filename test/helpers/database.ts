import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DatabaseConfig } from '../../src/platform/config.js';
import { appUrlFrom } from '../../src/platform/config.js';
import { openDatabase, type Database } from '../../src/platform/db/database.js';
import { migrate } from '../../src/platform/db/migrator.js';

export interface TestDatabase {
  db: Database;
  config: DatabaseConfig;
  /** Closes the database and, on PostgreSQL, drops the fresh database made for the test file. */
  cleanup(): Promise<void>;
}

/** True when the suite runs against PostgreSQL (DATABASE_URL set), false on embedded PGlite. */
export const onPostgres = Boolean(process.env.DATABASE_URL);

/**
 * A migrated database of its own for one test file: an in-memory PGlite, or with DATABASE_URL a
 * fresh PostgreSQL database on that server, dropped afterwards.
 */
export async function testDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const config: DatabaseConfig = { kind: 'pglite', dataDir: 'memory' };
    const db = await openDatabase(config);
    await migrate(db);
    return { db, config, cleanup: () => db.close() };
  }
  const name = `wa_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const ownerUrl = new URL(serverUrl);
  ownerUrl.pathname = `/${name}`;
  const config: DatabaseConfig = { kind: 'postgres', ownerUrl: ownerUrl.toString(), appUrl: appUrlFrom(ownerUrl.toString()), poolSize: 5 };
  const db = await openDatabase(config);
  await migrate(db);
  return {
    db,
    config,
    cleanup: async () => {
      await db.close();
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}
