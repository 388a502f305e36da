import { existsSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { DatabaseConfig } from '../platform/config.js';
import { restoreDatabase } from '../platform/db/backup.js';
import type { Database } from '../platform/db/database.js';
import { UsageError } from './args.js';
import type { Out } from './commands.js';

/** `backup FILE` / `restore FILE [--force]`: the one file named, and whether --force was given. */
function fileAndForce(argv: string[], what: string): { file: string; force: boolean } {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { force: { type: 'boolean' }, 'data-dir': { type: 'string' } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (parsed.positionals.length !== 1) throw new UsageError(`Name one ${what}`);
  return { file: parsed.positionals[0]!, force: parsed.values.force === true };
}

function megabytes(file: string): string {
  return `${(statSync(file).size / 1024 / 1024).toLocaleString('en-GB', { maximumFractionDigits: 1 })} MB`;
}

/** `wraparound backup FILE`: a backup of the whole database, never over an existing file. */
export async function backupCommand(db: Database, argv: string[], out: Out): Promise<number> {
  const { file, force } = fileAndForce(argv, 'file to write the backup to');
  if (force) throw new UsageError('backup does not take --force: name a file that does not exist yet');
  if (existsSync(file)) throw new UsageError(`There is already a file at ${file}: name a new file, so that no backup is written over`);
  await db.backup(file);
  out(`Wrote a backup of the ${db.kind === 'postgres' ? 'PostgreSQL' : 'embedded'} database to ${file} (${megabytes(file)})`);
  return 0;
}

/** `wraparound restore FILE [--force]`: run before the database is opened, as it may replace it. */
export async function restoreCommand(config: DatabaseConfig, argv: string[], out: Out): Promise<number> {
  const { file, force } = fileAndForce(argv, 'backup file to restore');
  await restoreDatabase(config, file, { force });
  out(`Restored the database from ${file}. Check it with "wraparound verify-audit".`);
  return 0;
}
