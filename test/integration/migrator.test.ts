import { cpSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, MigrationError, migrationsDir } from '../../src/platform/db/migrator.js';
import { testDatabase, type TestDatabase } from '../helpers/database.js';

let database: TestDatabase | null = null;
afterEach(async () => {
  await database?.cleanup();
  database = null;
});

function copyOfMigrations(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wa-migrations-'));
  for (const file of readdirSync(migrationsDir)) cpSync(join(migrationsDir, file), join(dir, file));
  return dir;
}

describe('the migrator', () => {
  it('applies nothing twice, and applies a new migration once', async () => {
    database = await testDatabase();
    const dir = copyOfMigrations();
    expect(await migrate(database.db, dir)).toEqual([]);
    writeFileSync(join(dir, '9999_probe.sql'), 'create table migration_probe (id integer primary key);');
    expect(await migrate(database.db, dir)).toEqual(['9999_probe.sql']);
    expect(await migrate(database.db, dir)).toEqual([]);
  });

  it('refuses a migration that was changed after it was applied, and rolls back a failing one', async () => {
    database = await testDatabase();
    const dir = copyOfMigrations();
    writeFileSync(join(dir, '9998_probe.sql'), 'create table migration_probe_a (id integer primary key);');
    await migrate(database.db, dir);
    writeFileSync(join(dir, '9998_probe.sql'), 'create table migration_probe_a (id bigint primary key);');
    await expect(migrate(database.db, dir)).rejects.toThrow(/9998_probe.sql has changed/);
    const fresh = copyOfMigrations();
    writeFileSync(join(fresh, '9997_broken.sql'), 'create table half_done (id integer); select no_such_function();');
    const other = await testDatabase();
    try {
      await expect(migrate(other.db, fresh)).rejects.toBeInstanceOf(MigrationError);
      const session = await other.db.ownerSession();
      try {
        const rows = await session.query<{ n: string }>("select count(*)::text as n from information_schema.tables where table_name = 'half_done'");
        expect(rows[0]?.n).toBe('0');
        const applied = await session.query<{ name: string }>("select name from schema_migrations where name = '9997_broken.sql'");
        expect(applied).toHaveLength(0);
      } finally {
        await session.release();
      }
    } finally {
      await other.cleanup();
    }
  });

  it('lets two processes start together: the advisory lock makes one wait, and each migration runs once', async () => {
    database = await testDatabase();
    const dir = copyOfMigrations();
    writeFileSync(join(dir, '9996_probe.sql'), 'create table migration_probe_b (id integer primary key);');
    const [a, b] = await Promise.all([migrate(database.db, dir), migrate(database.db, dir)]);
    expect([...a, ...b]).toEqual(['9996_probe.sql']);
  });
});

describe('the extensions', () => {
  it('has pg_trgm, fuzzystrmatch and pgcrypto enabled, and each answers', async () => {
    database = await testDatabase();
    const session = await database.db.ownerSession();
    try {
      const rows = await session.query<{ extname: string }>('select extname from pg_extension order by extname');
      expect(rows.map((r) => r.extname)).toEqual(expect.arrayContaining(['fuzzystrmatch', 'pg_trgm', 'pgcrypto']));
      const [probe] = await session.query<{ sim: number; sound: string; digest: string }>(
        "select similarity('wisniewska', 'wisniewski') as sim, dmetaphone('Smith') as sound, encode(digest('x', 'sha256'), 'hex') as digest",
      );
      expect(Number(probe?.sim)).toBeGreaterThan(0.5);
      expect(probe?.sound).toBe('SM0');
      expect(probe?.digest).toBe('2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881');
    } finally {
      await session.release();
    }
  });
});
