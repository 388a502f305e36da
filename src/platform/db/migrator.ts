import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../config.js';
import type { Database } from './database.js';

export const migrationsDir = join(projectRoot, 'migrations');

/** Any constant, shared by every process that migrates this database. */
const MIGRATION_LOCK_KEY = 7_244_021_961;

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export function readMigrations(dir = migrationsDir): MigrationFile[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

export class MigrationError extends Error {}

/**
 * Applies the pending plain-SQL migrations in order, each in its own transaction, holding an
 * advisory lock so that two processes starting together never migrate at once. A migration that
 * was changed after it was applied is refused.
 */
export async function migrate(db: Database, dir = migrationsDir): Promise<string[]> {
  const files = readMigrations(dir);
  const session = await db.ownerSession();
  try {
    await session.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await session.exec(
        'create table if not exists schema_migrations (name text primary key, checksum text not null, applied_at timestamptz not null default now())',
      );
      const applied = new Map(
        (await session.query<{ name: string; checksum: string }>('select name, checksum from schema_migrations')).map(
          (r) => [r.name, r.checksum],
        ),
      );
      const done: string[] = [];
      for (const file of files) {
        const previous = applied.get(file.name);
        if (previous !== undefined) {
          if (previous !== file.checksum) {
            throw new MigrationError(`Migration ${file.name} has changed since it was applied; add a new migration instead.`);
          }
          continue;
        }
        await session.exec('begin');
        try {
          await session.exec(file.sql);
          await session.query('insert into schema_migrations (name, checksum) values ($1, $2)', [file.name, file.checksum]);
          await session.exec('commit');
        } catch (error) {
          await session.exec('rollback');
          throw new MigrationError(`Migration ${file.name} failed: ${(error as Error).message}`);
        }
        done.push(file.name);
      }
      return done;
    } finally {
      await session.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await session.release();
  }
}
