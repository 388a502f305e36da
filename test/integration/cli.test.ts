import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../../src/platform/access/roles.js';
import { tokenHash } from '../../src/platform/auth/tokens.js';
import { readMigrations } from '../../src/platform/db/migrator.js';
import { scratchDir } from '../helpers/database.js';
import { cliDatabase, FIRST_RUN_TIMEOUT_MS, runCli, runCommand, withDatabase, type CliDatabase, type CliResult } from '../helpers/cli.js';

// Each test runs a real command (through `runWraparound`, the entry `node bin/wraparound.js` runs;
// the first commands as a process of their own, to check the process itself) against a
// database of its own: an empty PGlite folder, or with DATABASE_URL a fresh PostgreSQL database.
// The tests build on each other in order, like an operator setting up a new installation.

const TENANT = 'north-yorks';
let target: CliDatabase;
let help: CliResult;

/** Runs the CLI against the test database (through WRAPAROUND_DATA_DIR or DATABASE_URL). */
const cli = (...args: string[]) => runCommand(args, target.env);

beforeAll(async () => {
  target = await cliDatabase();
  // The first run builds dist/ when it is missing or stale.
  help = await runCli(['--help']);
}, FIRST_RUN_TIMEOUT_MS);
afterAll(() => target?.cleanup());

describe('wraparound CLI', { timeout: 120_000 }, () => {
  it('prints its usage for --help (exit 0) and without a command (exit 2)', async () => {
    expect(help.stderr).not.toMatch(/error/i);
    expect(help.code).toBe(0);
    for (const command of ['serve', 'migrate', 'seed-demo', 'create-tenant', 'create-user', 'create-api-client', 'verify-audit', '--data-dir']) {
      expect(help.stdout).toContain(command);
    }
    const bare = await runCli([]);
    expect(bare.code).toBe(2);
    expect(bare.stdout).toContain('Usage: wraparound');
  });

  it('refuses an unknown command with exit 2', async () => {
    const result = await cli('frobnicate');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Unknown command frobnicate');
    expect(result.stderr).toContain('Usage: wraparound');
  });

  it('migrates an empty database (--data-dir), and is idempotent', async () => {
    const migrations = readMigrations().map((m) => m.name);
    const first = await runCli(['migrate', '--data-dir', target.dataDir], target.kind === 'postgres' ? target.env : {});
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`Applied ${migrations.join(', ')}`);
    const second = await cli('migrate');
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('The database is up to date');
  });

  it('creates a tenant, and refuses a duplicate slug with a message', async () => {
    const created = await cli('create-tenant', '--slug', TENANT, '--name', 'North Yorkshire Council');
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(new RegExp(`Created tenant ${TENANT} \\([0-9a-f-]{36}\\)`));
    const duplicate = await cli('create-tenant', '--slug', TENANT, '--name', 'Another council');
    expect(duplicate.code).not.toBe(0);
    expect(duplicate.stderr).toContain(`A tenant with the slug ${TENANT} already exists`);
  });

  it('requires an authenticator app for sensitive roles in a tenant, and refuses anything but yes or no', async () => {
    const wrong = await cli('require-authenticator-app', '--tenant', TENANT, '--required', 'maybe');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('--required must be yes or no');
    const on = await cli('require-authenticator-app', '--tenant', TENANT, '--required', 'yes');
    expect(on.code).toBe(0);
    expect(on.stdout).toContain('now enters a code from an authenticator app after their password');
    await withDatabase(target, async (db) => {
      const tenant = await db.owner().selectFrom('tenants').select('mfa_required').where('slug', '=', TENANT).executeTakeFirstOrThrow();
      expect(tenant.mfa_required).toBe(true);
    });
    const off = await cli('require-authenticator-app', '--tenant', TENANT, '--required', 'no');
    expect(off.code).toBe(0);
    await withDatabase(target, async (db) => {
      const tenant = await db.owner().selectFrom('tenants').select('mfa_required').where('slug', '=', TENANT).executeTakeFirstOrThrow();
      expect(tenant.mfa_required).toBe(false);
    });
  });

  it('creates a user with every flag', async () => {
    const result = await cli(
      'create-user',
      '--tenant',
      TENANT,
      '--email',
      'Sam.Worker@North-Yorks.gov.uk.invalid',
      '--name',
      'Sam Worker',
      '--role',
      'social-worker,team-manager',
      '--team',
      'Children in need East',
      '--password',
      'a-long-enough-passphrase-for-sam',
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Created user sam\.worker@north-yorks\.gov\.uk\.invalid \([0-9a-f-]{36}\)/);
    expect(result.stdout).not.toContain('temporary password');
  });

  it('refuses an unknown role with exit 2, listing the roles', async () => {
    const result = await cli('create-user', '--tenant', TENANT, '--email', 'x@example.invalid', '--name', 'X', '--role', 'wizard');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Unknown role wizard');
    for (const role of ROLES) expect(result.stderr).toContain(role);
  });

  it('refuses a missing flag with exit 2, naming it', async () => {
    const result = await cli('create-user', '--tenant', TENANT, '--email', 'x@example.invalid', '--name', 'X');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Missing --role');
  });

  let token = '';
  it('creates an API client, printing its token once', async () => {
    const result = await cli('create-api-client', '--tenant', TENANT, '--name', 'Case feed', '--scopes', 'people:read,cases:read');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n').filter((l) => l.startsWith('token: '));
    expect(lines).toHaveLength(1);
    token = lines[0]!.slice('token: '.length).trim();
    expect(token).toMatch(/^wa_[A-Za-z0-9_-]{40,}$/);
    expect(result.stdout.split(token)).toHaveLength(2);
  });

  it('refuses a badly formed scope', async () => {
    const result = await cli('create-api-client', '--tenant', TENANT, '--name', 'Bad', '--scopes', 'people:read,everything');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Scopes must look like resource:read or resource:write (not everything)');
  });

  it('sets where the outcome of each notification is emailed, refusing an address in the wrong format', async () => {
    const listed = await cli('list-api-clients', '--tenant', TENANT);
    const id = /^([0-9a-f-]{36})\s+Case feed/m.exec(listed.stdout)?.[1] ?? '';
    expect(id).not.toBe('');
    const bad = await cli('set-outcome-email', '--tenant', TENANT, '--id', id, '--email', 'not an address');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('Give an email address in the right format');
    const set = await cli('set-outcome-email', '--tenant', TENANT, '--id', id, '--email', 'ppu@police.example');
    expect(set.code).toBe(0);
    expect(set.stdout).toContain('will be emailed to ppu@police.example');
  });

  it('seeds the demo tenant with a user for every role, and prints them', async () => {
    const result = await cli('seed-demo');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    for (const role of ROLES) expect(result.stdout).toContain(`${role}@demo.wraparound.invalid`);
  });

  it('reports an intact audit chain', async () => {
    const result = await cli('verify-audit');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/The audit chain is intact: \d+ events in 2 tenant\(s\)/);
  });

  it('writes signed checkpoints, and checks the chain against them', async () => {
    const dir = scratchDir('checkpoints');
    const pair = generateKeyPairSync('ed25519');
    const signingKey = join(dir, 'audit-signing.pem');
    const publicKey = join(dir, 'audit-signing.pub');
    writeFileSync(signingKey, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    writeFileSync(publicKey, pair.publicKey.export({ type: 'spki', format: 'pem' }));
    const checkpoints = join(dir, 'checkpoints.jsonl');
    const written = await cli('audit-checkpoint', '--signing-key', signingKey, '--out', checkpoints);
    expect(written.stderr).toBe('');
    expect(written.stdout).toContain(`Wrote 2 checkpoint(s) to ${checkpoints}`);
    expect(readFileSync(checkpoints, 'utf8').trim().split('\n')).toHaveLength(2);
    const checked = await cli('verify-audit', '--checkpoints', checkpoints, '--public-key', publicKey);
    expect(checked.stderr).toBe('');
    expect(checked.stdout).toMatch(/The audit chain is intact: \d+ events in 2 tenant\(s\), matching 2 signed checkpoint\(s\)/);
    const alone = await cli('verify-audit', '--checkpoints', checkpoints);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain('--checkpoints and --public-key go together');
    const wrongKey = await cli('audit-checkpoint', '--signing-key', publicKey);
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.stderr).toContain('The signing key is not a private key in PEM form');
  });

  let tamperedEvent = '';
  it('stored what the commands said, keeping only the API token’s hash', async () => {
    await withDatabase(target, async (db) => {
      const owner = db.owner();
      const tenant = await owner.selectFrom('tenants').selectAll().where('slug', '=', TENANT).executeTakeFirstOrThrow();
      expect(tenant.name).toBe('North Yorkshire Council');

      const user = await owner.selectFrom('users').selectAll().where('email', '=', 'sam.worker@north-yorks.gov.uk.invalid').executeTakeFirstOrThrow();
      expect(user).toMatchObject({ tenant_id: tenant.id, name: 'Sam Worker', roles: ['social-worker', 'team-manager'], must_change_password: false, active: true });
      expect(user.password_hash).toMatch(/^\$argon2id\$/);
      const teams = await owner
        .selectFrom('user_teams')
        .innerJoin('teams', 'teams.id', 'user_teams.team_id')
        .select(['teams.name', 'teams.tenant_id'])
        .where('user_teams.user_id', '=', user.id)
        .execute();
      expect(teams).toEqual([{ name: 'Children in need East', tenant_id: tenant.id }]);

      const clients = await owner.selectFrom('api_clients').selectAll().execute();
      expect(clients).toHaveLength(1);
      expect(clients[0]).toMatchObject({ tenant_id: tenant.id, name: 'Case feed', scopes: ['people:read', 'cases:read'], token_hash: tokenHash(token), outcome_email: 'ppu@police.example' });
      const stored = await sql<{ row: string }>`select row_to_json(c)::text as row from api_clients c`.execute(owner);
      expect(stored.rows[0]!.row).not.toContain(token);
      expect(stored.rows[0]!.row).not.toContain(token.slice(3));

      const demoUsers = await owner
        .selectFrom('users')
        .innerJoin('tenants', 'tenants.id', 'users.tenant_id')
        .select('users.roles')
        .where('tenants.slug', '=', 'demo')
        .execute();
      expect(demoUsers.flatMap((u) => u.roles).sort()).toEqual([...ROLES].sort());

      // Tamper with one demo event as the owner could, trigger switched off.
      const victim = await owner
        .selectFrom('audit_events')
        .innerJoin('tenants', 'tenants.id', 'audit_events.tenant_id')
        .select('audit_events.id')
        .where('tenants.slug', '=', 'demo')
        .where('audit_events.seq', '=', '3')
        .executeTakeFirstOrThrow();
      tamperedEvent = String(victim.id);
      const session = await db.ownerSession();
      try {
        await session.exec(
          `begin;
           alter table audit_events disable trigger audit_events_append_only;
           update audit_events set action = 'user.nothing-to-see' where id = ${Number(tamperedEvent)};
           alter table audit_events enable trigger audit_events_append_only;
           commit;`,
        );
      } finally {
        await session.release();
      }
    });
  });

  it('reports a tampered chain with a non-zero exit naming the event, and checks one tenant alone', async () => {
    const all = await cli('verify-audit');
    expect(all.code).toBe(1);
    expect(all.stderr).toContain(`The audit chain is broken at event ${tamperedEvent} `);
    const untouched = await cli('verify-audit', '--tenant', TENANT);
    expect(untouched.code).toBe(0);
    expect(untouched.stdout).toMatch(/intact: \d+ events in 1 tenant\(s\)/);
  });
});
