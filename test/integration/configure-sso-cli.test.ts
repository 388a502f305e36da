/**
 * `wraparound configure-sso`, run as the operator runs it (a child process), against a database of its
 * own: the settings it stores, the secret kept only sealed, its audit event, and its refusals.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientSecretPurpose } from '../../src/features/single-sign-on/service.js';
import { openSecret, secretKeyFrom } from '../../src/platform/crypto/sealed-secret.js';
import { cliDatabase, FIRST_RUN_TIMEOUT_MS, runCommand, withDatabase, type CliDatabase } from '../helpers/cli.js';
import { TEST_OIDC_SECRET_KEY } from '../helpers/single-sign-on.js';

const TENANT = 'east-riding';
const ISSUER = 'https://login.microsoftonline.com/0b7d1c3e-0000-4000-8000-000000000001/v2.0';
const CLIENT_ID = '6a1f0c9e-1111-4222-8333-944455556666';
const SECRET = 'Entra~secret.value-that-is-long-enough_123';

let target: CliDatabase;
let secretFile: string;
const withKey = () => ({ ...target.env, OIDC_SECRET_KEY: TEST_OIDC_SECRET_KEY, PUBLIC_URL: 'https://wraparound.east-riding.example' });
const configure = (...extra: string[]) => [
  'configure-sso',
  '--tenant',
  TENANT,
  '--issuer',
  ISSUER,
  '--client-id',
  CLIENT_ID,
  '--client-secret-file',
  secretFile,
  ...extra,
];

beforeAll(async () => {
  target = await cliDatabase({ migrated: true });
  secretFile = join(target.dataDir, 'client-secret');
  writeFileSync(secretFile, `${SECRET}\n`, { mode: 0o600 });
  const created = await runCommand(['create-tenant', '--slug', TENANT, '--name', 'East Riding Council'], target.env);
  expect(created.code).toBe(0);
}, FIRST_RUN_TIMEOUT_MS);
afterAll(() => target?.cleanup());

describe('wraparound configure-sso', { timeout: 120_000 }, () => {
  it('refuses without OIDC_SECRET_KEY, with a missing flag, an unknown role, or a plain-http issuer elsewhere', async () => {
    const noKey = await runCommand(configure('--map', 'g1=social-worker'), target.env);
    expect(noKey.code).toBe(1);
    expect(noKey.stderr).toContain('configure-sso needs OIDC_SECRET_KEY');

    const noMap = await runCommand(configure(), withKey());
    expect(noMap.code).toBe(2);
    expect(noMap.stderr).toContain('Missing --map');

    const badRole = await runCommand(configure('--map', 'g1=wizard'), withKey());
    expect(badRole.code).toBe(1);
    expect(badRole.stderr).toContain('Unknown role wizard for group g1');

    const http = await runCommand(['configure-sso', '--tenant', TENANT, '--issuer', 'http://login.example', '--client-id', CLIENT_ID, '--client-secret-file', secretFile, '--map', 'g1=admin'], withKey());
    expect(http.code).toBe(1);
    expect(http.stderr).toContain('must be an https:// address');

    const noTenant = await runCommand(['configure-sso', '--tenant', 'nowhere', '--issuer', ISSUER, '--client-id', CLIENT_ID, '--client-secret-file', secretFile, '--map', 'g1=admin'], withKey());
    expect(noTenant.code).toBe(1);
    expect(noTenant.stderr).toContain('There is no tenant with the slug nowhere');
  });

  it('stores the settings with the secret sealed, makes the teams named, says what to register, and audits it without the secret', async () => {
    const result = await runCommand(configure('--groups-claim', 'groups', '--map', 'aaaa-1111=social-worker,Children in need East', '--map', 'bbbb-2222=team-manager,Children in need East', '--map', 'cccc-3333=admin', '--allow-new-accounts'), withKey());
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Single sign-on set for east-riding: 3 group mapping(s), new accounts allowed.');
    expect(result.stdout).toContain('Created team Children in need East');
    expect(result.stdout).toContain('redirect URI https://wraparound.east-riding.example/sign-in/callback');
    expect(result.stdout).toContain('sign-out redirect https://wraparound.east-riding.example/signed-out');
    expect(result.stdout).not.toContain(SECRET);

    await withDatabase(target, async (db) => {
      const owner = db.owner();
      const tenant = await owner.selectFrom('tenants').select('id').where('slug', '=', TENANT).executeTakeFirstOrThrow();
      const settings = await owner.selectFrom('sso_settings').selectAll().where('tenant_id', '=', tenant.id).executeTakeFirstOrThrow();
      expect(settings).toMatchObject({ issuer: ISSUER, client_id: CLIENT_ID, groups_claim: 'groups', allow_new_accounts: true });
      expect(settings.client_secret_sealed).not.toContain(SECRET);
      expect(openSecret(secretKeyFrom(TEST_OIDC_SECRET_KEY), clientSecretPurpose(tenant.id), settings.client_secret_sealed)).toBe(SECRET);
      const team = await owner.selectFrom('teams').select('id').where('tenant_id', '=', tenant.id).where('name', '=', 'Children in need East').executeTakeFirstOrThrow();
      const mappings = await owner.selectFrom('sso_group_mappings').select(['group_id', 'role', 'team_id']).where('tenant_id', '=', tenant.id).orderBy('group_id').execute();
      expect(mappings).toEqual([
        { group_id: 'aaaa-1111', role: 'social-worker', team_id: team.id },
        { group_id: 'bbbb-2222', role: 'team-manager', team_id: team.id },
        { group_id: 'cccc-3333', role: 'admin', team_id: null },
      ]);
      const events = await owner.selectFrom('audit_events').select(['action', 'details']).where('tenant_id', '=', tenant.id).where('action', 'in', ['sso.configure', 'team.create']).orderBy('seq').execute();
      expect(events.map((e) => e.action)).toEqual(['team.create', 'sso.configure']);
      expect(events[1]?.details).toMatchObject({ issuer: ISSUER, clientId: CLIENT_ID, groupsClaim: 'groups', allowNewAccounts: true });
      expect(JSON.stringify(events)).not.toContain(SECRET);
    });
  });

  it('replaces the settings and mappings when run again, reusing the team', async () => {
    const result = await runCommand(configure('--map', 'dddd-4444=mash-worker,children in need east'), withKey());
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('1 group mapping(s), new accounts not allowed');
    expect(result.stdout).not.toContain('Created team');
    await withDatabase(target, async (db) => {
      const owner = db.owner();
      const mappings = await owner.selectFrom('sso_group_mappings').select(['group_id', 'role']).execute();
      expect(mappings).toEqual([{ group_id: 'dddd-4444', role: 'mash-worker' }]);
      expect((await owner.selectFrom('sso_settings').select('allow_new_accounts').executeTakeFirstOrThrow()).allow_new_accounts).toBe(false);
      expect(await owner.selectFrom('teams').select('id').execute()).toHaveLength(1);
    });
  });
});
