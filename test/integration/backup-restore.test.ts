import { generateKeyPairSync } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliDatabase, FIRST_RUN_TIMEOUT_MS, runCommand, withDatabase, type CliDatabase } from '../helpers/cli.js';
import { scratchDir } from '../helpers/database.js';

// Issue 11, "What to build" 7: `wraparound backup FILE` and `wraparound restore FILE` on both
// databases, the round trip carrying the audit chain and a signed checkpoint with it.

let source: CliDatabase;
let target: CliDatabase;
const dir = scratchDir('backup');
const backupFile = join(dir, 'wraparound.backup');
const checkpoints = join(dir, 'checkpoints.jsonl');
const signingKey = join(dir, 'audit-signing.pem');
const publicKey = join(dir, 'audit-signing.pub');

async function counts(db: CliDatabase): Promise<{ tenants: number; users: number; events: number }> {
  return withDatabase(db, async (opened) => {
    const owner = opened.owner();
    const n = async (table: 'tenants' | 'users' | 'audit_events') => Number((await owner.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    return { tenants: await n('tenants'), users: await n('users'), events: await n('audit_events') };
  });
}

beforeAll(async () => {
  const pair = generateKeyPairSync('ed25519');
  writeFileSync(signingKey, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  writeFileSync(publicKey, pair.publicKey.export({ type: 'spki', format: 'pem' }));
  source = await cliDatabase({ migrated: true });
  target = await cliDatabase();
  for (const args of [
    ['migrate'],
    ['create-tenant', '--slug', 'backup-borough', '--name', 'Backup Borough Council'],
    ['create-user', '--tenant', 'backup-borough', '--email', 'duty@backup.test.invalid', '--name', 'Duty Manager', '--role', 'team-manager'],
    ['audit-checkpoint', '--signing-key', signingKey, '--out', checkpoints],
  ]) {
    const result = await runCommand(args, source.env);
    expect(result.code, result.stderr).toBe(0);
  }
}, FIRST_RUN_TIMEOUT_MS);
afterAll(async () => {
  await source?.cleanup();
  await target?.cleanup();
});

describe('backup and restore', { timeout: 180_000 }, () => {
  it('writes a backup, and will not write one over an existing file', async () => {
    const written = await runCommand(['backup', backupFile], source.env);
    expect(written.stderr).toBe('');
    expect(written.code).toBe(0);
    expect(written.stdout).toMatch(new RegExp(`Wrote a backup of the (PostgreSQL|embedded) database to ${backupFile} \\(`));
    expect(existsSync(backupFile)).toBe(true);
    const again = await runCommand(['backup', backupFile], source.env);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`There is already a file at ${backupFile}`);
  });

  it('restores into an empty database, with the audit chain intact and matching the checkpoint taken before the backup', async () => {
    const restored = await runCommand(['restore', backupFile], target.env);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(restored.stdout).toContain(`Restored the database from ${backupFile}`);
    expect(await counts(target)).toEqual(await counts(source));
    const verified = await runCommand(['verify-audit', '--checkpoints', checkpoints, '--public-key', publicKey], target.env);
    expect(verified.stderr).toBe('');
    expect(verified.stdout).toMatch(/The audit chain is intact: \d+ events in 1 tenant\(s\), matching 1 signed checkpoint\(s\)/);
    // The restored database works: a user can be added to the restored tenant.
    const added = await runCommand(['create-user', '--tenant', 'backup-borough', '--email', 'second@backup.test.invalid', '--name', 'Second Worker', '--role', 'social-worker'], target.env);
    expect(added.code, added.stderr).toBe(0);
  });

  it('refuses to restore over a database that is not empty, changing nothing, unless --force', async () => {
    const before = await counts(target);
    const refused = await runCommand(['restore', backupFile], target.env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/(is not empty|already holds a database): nothing was restored/);
    expect(await counts(target)).toEqual(before);
    const forced = await runCommand(['restore', backupFile, '--force'], target.env);
    expect(forced.code, forced.stderr).toBe(0);
    expect(await counts(target)).toEqual(await counts(source));
    expect((await runCommand(['verify-audit', '--checkpoints', checkpoints, '--public-key', publicKey], target.env)).code).toBe(0);
  });

  it('says clearly when the backup file is missing, or is not named', async () => {
    const missing = await runCommand(['restore', join(dir, 'nothing-here.backup')], target.env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('There is no backup file at');
    const unnamed = await runCommand(['backup'], source.env);
    expect(unnamed.code).toBe(2);
    expect(unnamed.stderr).toContain('Name one file to write the backup to');
  });
});
