import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TenantError, tenantService } from '../../src/features/admin/tenants.js';
import { paths } from '../../src/platform/http/paths.js';
import { createTestTenant, signedIn, startTestApp, type TestApp, type TestTenant } from '../helpers/app.js';

// Issue 11, finding 5: keeping a session alive extended it for ever; finding 7: API tokens never
// expired and could not be revoked or rotated.

let t: TestApp;
let tenant: TestTenant;

beforeAll(async () => {
  t = await startTestApp();
  tenant = await createTestTenant(t.db);
});
afterAll(() => t.close());

/** Makes every session of the tenant look as if it began `hours` ago (and was used a moment ago). */
async function sessionsBegan(hours: number): Promise<void> {
  await t.db.owner().updateTable('sessions').set({ created_at: new Date(Date.now() - hours * 3_600_000), last_seen_at: new Date() }).where('tenant_id', '=', tenant.id).execute();
}

describe('the absolute session lifetime', () => {
  it('ends a busy session 12 hours after sign-in, and says why on the sign-in page', async () => {
    const worker = await signedIn(t.app, tenant.users['social-worker'].email);
    expect((await worker.get(paths.home)).statusCode).toBe(200);
    await sessionsBegan(11.9);
    expect((await worker.get(paths.home)).statusCode).toBe(200);
    await sessionsBegan(12.1);
    // Keeping it alive does not help: the session ends there and then.
    const ended = await worker.post(paths.keepAlive);
    expect(ended.statusCode).toBe(303);
    expect(ended.headers.location).toContain('lifetime=12');
    const signIn = await worker.get(ended.headers.location as string);
    expect(signIn.body).toContain('You were signed out because you had been signed in for 12 hours');
    const left = await t.db.owner().selectFrom('sessions').select('id_hash').where('tenant_id', '=', tenant.id).where('user_id', '=', tenant.users['social-worker'].id).execute();
    expect(left).toEqual([]);
  });

  it('follows the tenant’s setting, which is audited and kept between 1 and 24 hours', async () => {
    const tenants = tenantService(t.db);
    await tenants.setSessionLifetime(tenant.id, 2);
    const manager = await signedIn(t.app, tenant.users['team-manager'].email);
    await sessionsBegan(2.5);
    const ended = await manager.get(paths.home);
    expect(ended.headers.location).toContain('lifetime=2');
    await expect(tenants.setSessionLifetime(tenant.id, 25)).rejects.toThrow(TenantError);
    await expect(tenants.setSessionLifetime(tenant.id, 0)).rejects.toThrow(/1 to 24/);
    const audited = await t.db.owner().selectFrom('audit_events').select('details').where('tenant_id', '=', tenant.id).where('action', '=', 'tenant.session-lifetime').execute();
    expect(audited.map((a) => a.details)).toEqual([{ hours: 2 }]);
    await tenants.setSessionLifetime(tenant.id, 12);
  });

  it('ignores a lifetime in the sign-in address that could not be one', async () => {
    const visitor = await signedIn(t.app, tenant.users.auditor.email);
    await visitor.request({ method: 'POST', url: paths.signOut, payload: `_csrf=${visitor.csrf}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    const page = await visitor.get(`${paths.signIn}?lifetime=999`);
    expect(page.body).not.toContain('You were signed out because');
  });
});

describe('API tokens', () => {
  const whoami = (token: string) => t.app.inject({ method: 'GET', url: paths.api.whoami, headers: { authorization: `Bearer ${token}` } });

  it('expire: an expired token is told so (401), not taken for a wrong one', async () => {
    const client = await tenantService(t.db).createApiClient(tenant.id, 'Police notifications', ['people:read'], 30);
    expect(client.expiresAt.getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    expect((await whoami(client.token)).statusCode).toBe(200);
    await t.db.owner().updateTable('api_clients').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', client.id).execute();
    const refused = await whoami(client.token);
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toMatchObject({ errors: [{ message: expect.stringContaining('expired or been revoked') as unknown as string }] });
  });

  it('can be revoked, audited, after which the token no longer works', async () => {
    const tenants = tenantService(t.db);
    const client = await tenants.createApiClient(tenant.id, 'Health partner', ['people:read']);
    expect((await whoami(client.token)).statusCode).toBe(200);
    await tenants.revokeApiClient(tenant.id, client.id);
    expect((await whoami(client.token)).statusCode).toBe(401);
    await expect(tenants.revokeApiClient(tenant.id, client.id)).rejects.toThrow(/already revoked/);
    const listed = (await tenants.listApiClients(tenant.id)).find((c) => c.id === client.id);
    expect(listed?.revokedAt).toBeInstanceOf(Date);
    const audited = await t.db.owner().selectFrom('audit_events').select('action').where('subject_id', '=', client.id).execute();
    expect(audited.map((a) => a.action)).toEqual(['api-client.create', 'api-client.revoke']);
  });

  it('can be rotated: the new token works, the old one stops at once, and a revoked client cannot be rotated', async () => {
    const tenants = tenantService(t.db);
    const client = await tenants.createApiClient(tenant.id, 'Schools partner', ['people:read']);
    const rotated = await tenants.rotateApiClient(tenant.id, client.id, 10);
    expect(rotated.token).not.toBe(client.token);
    expect((await whoami(client.token)).statusCode).toBe(401);
    expect((await whoami(rotated.token)).statusCode).toBe(200);
    await tenants.revokeApiClient(tenant.id, client.id);
    await expect(tenants.rotateApiClient(tenant.id, client.id)).rejects.toThrow(/cannot be rotated/);
    await expect(tenants.rotateApiClient(tenant.id, 'not-an-id')).rejects.toThrow(/list-api-clients/);
    await expect(tenants.createApiClient(tenant.id, 'Too long', ['people:read'], 400)).rejects.toThrow(/1 to 365/);
  });
});
