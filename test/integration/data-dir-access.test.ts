/**
 * The embedded database's files hold victims' whereabouts in plain text (issue 11, finding 3): its
 * folder is the owner's alone (0700) and so is every file in it (0600), including files an earlier
 * version left open and files the database writes after opening.
 */
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { tenantService } from '../../src/features/admin/tenants.js';
import { openDatabase } from '../../src/platform/db/database.js';
import { migrate } from '../../src/platform/db/migrator.js';

const root = mkdtempSync(join(tmpdir(), 'wraparound-access-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function modes(path: string): { path: string; mode: number; directory: boolean }[] {
  const stat = lstatSync(path);
  const own = { path, mode: stat.mode & 0o777, directory: stat.isDirectory() };
  return stat.isDirectory() ? [own, ...readdirSync(path).flatMap((name) => modes(join(path, name)))] : [own];
}

it('keeps the folder 0700 and every file 0600, mending an open folder left by an earlier version', { timeout: 120_000 }, async () => {
  const dir = join(root, 'data');
  mkdirSync(join(dir, 'old'), { recursive: true, mode: 0o777 });
  chmodSync(dir, 0o777);
  writeFileSync(join(dir, 'old', 'left-open'), 'x', { mode: 0o666 });
  chmodSync(join(dir, 'old', 'left-open'), 0o666);

  const db = await openDatabase({ kind: 'pglite', dataDir: dir });
  try {
    // While it runs, the folder itself keeps everyone else out of everything in it.
    expect(lstatSync(dir).mode & 0o777).toBe(0o700);
    await migrate(db);
    await tenantService(db).createTenant('private-files', 'Private Files Borough Council');
    expect(lstatSync(dir).mode & 0o777).toBe(0o700);
  } finally {
    await db.close();
  }
  const all = modes(dir);
  expect(all.length).toBeGreaterThan(100);
  const open = all.filter((entry) => (entry.mode & 0o077) !== 0);
  expect(open.map((entry) => `${entry.path.slice(dir.length)} ${entry.mode.toString(8)}`)).toEqual([]);
  expect(all.find((entry) => entry.path === dir)?.mode).toBe(0o700);
});
