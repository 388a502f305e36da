import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantService } from '../../src/features/admin/tenants.js';
import { verifyAuditChain } from '../../src/platform/audit/verify.js';
import { DataDirInUseError } from '../../src/platform/db/data-dir-lock.js';
import { openDatabase } from '../../src/platform/db/database.js';
import { migrate } from '../../src/platform/db/migrator.js';
import { FIRST_RUN_TIMEOUT_MS, runCli } from '../helpers/cli.js';
import { onPostgres } from '../helpers/database.js';

describe.skipIf(onPostgres)('the embedded database folder lock — skipped on PostgreSQL, which has no data folder', { timeout: 120_000 }, () => {
  let dir: string;
  let lockFile: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wraparound-lock-'));
    lockFile = join(dir, 'wraparound.lock');
    // Builds dist/ if needed, so that the tests below time only the commands themselves.
    const help = await runCli(['--help']);
    expect(help.code, help.stderr).toBe(0);
  }, FIRST_RUN_TIMEOUT_MS);
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a second process while this one has the folder open, naming the folder and the pid; the data is unharmed', async () => {
    const db = await openDatabase({ kind: 'pglite', dataDir: dir });
    try {
      await migrate(db);
      const tenant = await tenantService(db).createTenant('lock-held', 'Held Borough Council');
      expect(readFileSync(lockFile, 'utf8')).toBe(String(process.pid));

      const refused = await runCli(['migrate', '--data-dir', dir]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`The embedded database in ${dir} is already open in another process (pid ${process.pid})`);
      expect(refused.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace

      // Our process still works on the folder, and nothing in it was touched.
      expect(readFileSync(lockFile, 'utf8')).toBe(String(process.pid));
      expect(await tenantService(db).findTenant('lock-held')).toEqual({ id: tenant.id, slug: 'lock-held', name: 'Held Borough Council' });
      expect((await verifyAuditChain(db.owner())).firstBreak).toBeNull();
      // A second open inside this same process is refused as well.
      await expect(openDatabase({ kind: 'pglite', dataDir: dir })).rejects.toBeInstanceOf(DataDirInUseError);
    } finally {
      await db.close();
    }
    expect(existsSync(lockFile)).toBe(false);

    const allowed = await runCli(['migrate', '--data-dir', dir]);
    expect(allowed.stderr).toBe('');
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toContain('The database is up to date');
    expect(existsSync(lockFile)).toBe(false);
  });

  it('takes over a lock file left by a process that is no longer running', async () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    expect(dead).toBeGreaterThan(0);
    writeFileSync(lockFile, String(dead));

    const result = await runCli(['verify-audit', '--data-dir', dir]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    // The tenant made while the folder was held is still there: the data survived both refusals.
    expect(result.stdout).toMatch(/The audit chain is intact: 1 events in 1 tenant\(s\)/);
    expect(existsSync(lockFile)).toBe(false);

    writeFileSync(lockFile, String(dead));
    const db = await openDatabase({ kind: 'pglite', dataDir: dir });
    try {
      expect(readFileSync(lockFile, 'utf8')).toBe(String(process.pid));
    } finally {
      await db.close();
    }
    expect(existsSync(lockFile)).toBe(false);
  });
});
