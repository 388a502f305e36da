/**
 * Administrators administer (issue 10, hole 3). An administrator cannot change their own roles or
 * account; giving a role that sees case content, withheld whereabouts or the audit log waits for a
 * second administrator; a password reset sends the user a one-time link and shows the administrator
 * nothing they could sign in with.
 */
import { createHash } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminRefusal, adminService, type AdminService } from '../../src/features/admin/service.js';
import type { Role } from '../../src/platform/access/roles.js';
import { loadUser } from '../../src/platform/auth/current-user.js';
import { paths, withQuery } from '../../src/platform/http/paths.js';
import { createTestTenant, signedIn, startTestApp, TEST_PASSWORD, Visitor, type TestApp, type TestTenant } from '../helpers/app.js';
import { errorSummary } from '../helpers/pages.js';

let t: TestApp;
let tenant: TestTenant;
let admin: AdminService;
/** Two administrators: A asks, B decides. */
let adminA: Visitor;
let adminB: Visitor;
let adminBId: string;
let adminBName: string;
let counter = 0;

const system = () => ({ kind: 'system', tenantId: tenant.id }) as const;
const NEW_PASSWORD = 'a brand new long passphrase';

async function makeUser(roles: Role[], password: string | undefined = TEST_PASSWORD) {
  counter += 1;
  const email = `approvals-${counter}@${tenant.slug}.test.invalid`;
  const name = `Approval Person ${counter}`;
  const { user } = await admin.createUser(system(), { email, name, roles, teamIds: [], password }, null);
  return { id: user.id, email, name };
}

async function rolesOf(id: string): Promise<string[]> {
  const row = await t.db.owner().selectFrom('users').select('roles').where('id', '=', id).executeTakeFirstOrThrow();
  return [...row.roles].sort();
}

async function requestsFor(userId: string) {
  return t.db.owner().selectFrom('role_requests').selectAll().where('user_id', '=', userId).orderBy('requested_at').execute();
}

/** The links in the user's outbox, newest last. */
async function linksSentTo(userId: string): Promise<string[]> {
  const rows = await t.db.owner().selectFrom('outbound_messages').select('body').where('to_user_id', '=', userId).orderBy('created_at').execute();
  return rows.map((r) => {
    const link = /\/account\/reset\/[A-Za-z0-9_-]+/.exec(r.body)?.[0];
    if (!link) throw new Error('a password message without a link');
    return link;
  });
}

async function auditEvents(action: string) {
  return t.db.owner().selectFrom('audit_events').select(['actor_id', 'subject_id', 'details']).where('tenant_id', '=', tenant.id).where('action', '=', action).orderBy('seq').execute();
}

/** Follows a 303 as a browser would, keeping every response. */
async function postAndFollow(v: Visitor, url: string, fields: Record<string, string | string[]> = {}): Promise<LightMyRequestResponse[]> {
  const responses = [await v.post(url, fields)];
  while (responses.at(-1)!.statusCode === 303) responses.push(await v.get(responses.at(-1)!.headers.location as string));
  return responses;
}

beforeAll(async () => {
  t = await startTestApp();
  tenant = await createTestTenant(t.db);
  admin = adminService(t.db);
  const second = await makeUser(['admin']);
  adminBId = second.id;
  adminBName = second.name;
  adminA = await signedIn(t.app, tenant.users.admin.email);
  adminB = await signedIn(t.app, second.email);
});
afterAll(() => t.close());

describe('an administrator’s own account', () => {
  it('does not offer their own roles or teams on their page', async () => {
    const page = await adminA.get(paths.admin.user(tenant.users.admin.id));
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('name="roles"');
    expect(page.body).not.toContain('name="teams"');
    expect(page.body).not.toContain('Deactivate account');
    expect(page.body).not.toContain('Reset password');
    expect(page.body).toContain('You cannot change your own roles or teams');
  });

  it('refuses any change to their own roles, from the page and the service, and records the attempt', async () => {
    const me = tenant.users.admin.id;
    for (const roles of [['admin', 'idva'], ['admin', 'team-manager'], ['admin', 'auditor'], ['idva'], ['admin', 'analyst']]) {
      const res = await adminA.post(paths.admin.user(me), { name: 'Test admin', roles });
      expect(res.statusCode, roles.join()).toBe(403);
      expect(errorSummary(res.body)).toEqual({ roles: 'You cannot change your own roles or teams. Ask another administrator to do it.' });
      expect(await rolesOf(me)).toEqual(['admin']);
    }
    const team = await admin.createTeam(system(), 'A team of my own', null);
    expect((await adminA.post(paths.admin.user(me), { name: 'Test admin', teams: [team.id] })).statusCode).toBe(403);
    expect(await t.db.owner().selectFrom('user_teams').select('team_id').where('user_id', '=', me).execute()).toEqual([]);

    // The service refuses it too, whatever calls it.
    const actor = { kind: 'user', user: (await t.db.tenant(tenant.id, (trx) => loadUser(trx, me)))! } as const;
    await expect(admin.updateUser(actor, me, { name: 'Test admin', roles: ['admin', 'idva'] }, null)).rejects.toBeInstanceOf(AdminRefusal);
    await expect(admin.setActive(actor, me, false, null)).rejects.toBeInstanceOf(AdminRefusal);
    expect(await rolesOf(me)).toEqual(['admin']);
    expect(await requestsFor(me)).toEqual([]);

    const refused = await auditEvents('user.own-change-refused');
    expect(refused.length).toBeGreaterThanOrEqual(6);
    expect(refused.every((e) => e.actor_id === me && e.subject_id === me)).toBe(true);
  });

  it('lets them change their own name, and nothing else', async () => {
    const me = tenant.users.admin.id;
    const res = await adminA.post(paths.admin.user(me), { name: 'Test admin renamed' });
    expect(res.statusCode).toBe(303);
    expect((await adminA.get(res.headers.location as string)).body).toContain('The changes have been saved');
    const row = await t.db.owner().selectFrom('users').select(['name', 'roles']).where('id', '=', me).executeTakeFirstOrThrow();
    expect(row).toEqual({ name: 'Test admin renamed', roles: ['admin'] });
    await adminA.post(paths.admin.user(me), { name: 'Test admin' });
  });

  it('refuses deactivating or resetting their own account, in the error summary (403)', async () => {
    const me = tenant.users.admin.id;
    const deactivate = await adminA.post(paths.admin.userDeactivate(me));
    expect(deactivate.statusCode).toBe(403);
    expect(errorSummary(deactivate.body)).toEqual({ 'account-actions': 'You cannot deactivate or reactivate your own account. Ask another administrator to do it.' });
    const reset = await adminA.post(paths.admin.userResetPassword(me));
    expect(reset.statusCode).toBe(403);
    expect(errorSummary(reset.body)).toEqual({ 'account-actions': 'You cannot reset your own password here. Use ‘Change your password’ instead.' });
    const row = await t.db.owner().selectFrom('users').select(['active', 'password_hash']).where('id', '=', me).executeTakeFirstOrThrow();
    expect(row.active).toBe(true);
    expect(row.password_hash).not.toBeNull();
  });
});

describe('roles that need a second administrator', () => {
  it('keeps a role given by A pending until B approves it; A cannot approve it', async () => {
    const worker = await makeUser(['social-worker']);
    await adminA.get(paths.admin.user(worker.id));

    const noReason = await adminA.post(paths.admin.user(worker.id), { name: worker.name, roles: ['social-worker', 'idva'] });
    expect(noReason.statusCode).toBe(400);
    expect(errorSummary(noReason.body)).toEqual({ reason: 'Say why they need the roles that another administrator must approve' });
    expect(await requestsFor(worker.id)).toEqual([]);

    const asked = await postAndFollow(adminA, paths.admin.user(worker.id), {
      name: worker.name,
      roles: ['social-worker', 'idva'],
      reason: 'Joining the domestic abuse hub as an IDVA',
    });
    expect(asked[0]!.statusCode).toBe(303);
    expect(asked[0]!.headers.location).toBe(withQuery(paths.admin.user(worker.id), { done: 'requested' }));
    expect(asked[1]!.body).toContain('Request sent for approval: another administrator must approve it');
    expect(asked[1]!.body).toContain(`href="${paths.admin.roleRequests}"`);
    expect(asked[1]!.body).toMatch(/IDVA or IDSVA, asked for by Test admin/);
    expect(await rolesOf(worker.id)).toEqual(['social-worker']);
    const [request] = await requestsFor(worker.id);
    expect(request).toMatchObject({ status: 'pending', roles: ['idva'], requested_by: tenant.users.admin.id, reason: 'Joining the domestic abuse hub as an IDVA' });

    // A sees it but is not offered the decision, and is refused it.
    const list = await adminA.get(paths.admin.roleRequests);
    expect(list.statusCode).toBe(200);
    const card = list.body.slice(list.body.indexOf(`id="request-${request!.id}"`));
    expect(card).toContain(worker.name);
    expect(card).toContain('IDVA or IDSVA');
    expect(card).toContain('Joining the domestic abuse hub as an IDVA');
    expect(list.body).toContain('You asked for these roles.');
    expect(list.body).not.toContain(`action="${paths.admin.approveRoleRequest(request!.id)}"`);
    const own = await adminA.post(paths.admin.approveRoleRequest(request!.id));
    expect(own.statusCode).toBe(403);
    expect(errorSummary(own.body)).toEqual({ [`request-${request!.id}`]: 'You asked for these roles, so another administrator must approve or refuse them' });
    expect((await adminA.post(paths.admin.refuseRoleRequest(request!.id))).statusCode).toBe(403);
    expect(await rolesOf(worker.id)).toEqual(['social-worker']);
    expect((await requestsFor(worker.id))[0]!.status).toBe('pending');

    // B approves: the role is given.
    const bList = await adminB.get(paths.admin.roleRequests);
    expect(bList.body).toContain(`action="${paths.admin.approveRoleRequest(request!.id)}"`);
    const approved = await postAndFollow(adminB, paths.admin.approveRoleRequest(request!.id));
    expect(approved[0]!.statusCode).toBe(303);
    expect(approved[1]!.body).toContain(`Request approved: ${worker.name} now has the role IDVA or IDSVA`);
    expect(await rolesOf(worker.id)).toEqual(['idva', 'social-worker']);
    expect((await requestsFor(worker.id))[0]).toMatchObject({ status: 'approved', decided_by: adminBId });

    // Decided once only.
    const again = await adminB.post(paths.admin.approveRoleRequest(request!.id));
    expect(again.statusCode).toBe(409);
    expect(Object.values(errorSummary(again.body))).toEqual(['This request has already been approved']);

    const created = (await auditEvents('role-request.create')).find((e) => e.subject_id === request!.id);
    expect(created).toMatchObject({ actor_id: tenant.users.admin.id, details: { userId: worker.id, roles: ['idva'] } });
    const approval = (await auditEvents('role-request.approve')).find((e) => e.subject_id === request!.id);
    expect(approval).toMatchObject({ actor_id: adminBId, details: { userId: worker.id, roles: ['idva'], requestedBy: tenant.users.admin.id } });
    for (const event of [created, approval]) {
      expect(JSON.stringify(event!.details)).not.toContain(worker.name);
      expect(JSON.stringify(event!.details)).not.toContain(worker.email);
    }
  });

  it('does not let the administrator the roles are for decide them', async () => {
    const asked = await adminA.post(paths.admin.user(adminBId), { name: adminBName, roles: ['admin', 'auditor'], reason: 'Covering for the DPO' });
    expect(asked.statusCode).toBe(303);
    expect(await rolesOf(adminBId)).toEqual(['admin']);
    const [request] = await requestsFor(adminBId);
    const res = await adminB.post(paths.admin.approveRoleRequest(request!.id));
    expect(res.statusCode).toBe(403);
    expect(errorSummary(res.body)).toEqual({ [`request-${request!.id}`]: 'These roles are for you, so another administrator must approve or refuse them' });
    expect(await rolesOf(adminBId)).toEqual(['admin']);
    // The database refuses it as well.
    await expect(
      t.db.owner().updateTable('role_requests').set({ status: 'approved', decided_by: adminBId, decided_at: new Date() }).where('id', '=', request!.id).execute(),
    ).rejects.toThrow();
  });

  it('refuses: the roles are not given, and it is recorded', async () => {
    const person = await makeUser(['mash-worker']);
    await adminA.post(paths.admin.user(person.id), { name: person.name, roles: ['mash-worker', 'team-manager'], reason: 'Acting up as a manager' });
    const [request] = await requestsFor(person.id);
    const refused = await postAndFollow(adminB, paths.admin.refuseRoleRequest(request!.id));
    expect(refused[0]!.statusCode).toBe(303);
    expect(refused[1]!.body).toContain(`Request refused: ${person.name} has not been given Team manager`);
    expect(await rolesOf(person.id)).toEqual(['mash-worker']);
    expect((await requestsFor(person.id))[0]).toMatchObject({ status: 'refused', decided_by: adminBId });
    expect((await auditEvents('role-request.refuse')).find((e) => e.subject_id === request!.id)).toMatchObject({ actor_id: adminBId });
  });

  it('takes roles away at once, and gives the analyst role at once', async () => {
    const person = await makeUser(['social-worker', 'idva']);
    const res = await adminA.post(paths.admin.user(person.id), { name: person.name, roles: ['social-worker', 'analyst'] });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(withQuery(paths.admin.user(person.id), { done: 'updated' }));
    expect(await rolesOf(person.id)).toEqual(['analyst', 'social-worker']);
    expect(await requestsFor(person.id)).toEqual([]);
    const update = (await auditEvents('user.update')).find((e) => e.subject_id === person.id);
    expect(update!.details).toMatchObject({ roles: ['social-worker', 'analyst'], removed: ['idva'] });
  });

  it('adds a user without the roles that need approval, with a request for them', async () => {
    await adminA.get(paths.admin.newUser);
    const email = `starter-${counter++}@${tenant.slug}.test.invalid`;
    const res = await adminA.post(paths.admin.users, { name: 'Nadia Starter', email, roles: ['idva', 'analyst'], reason: 'New IDVA in the hub' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Nadia Starter has been added');
    expect(res.body).toContain('Request sent for approval: another administrator must approve it');
    expect(res.body).toContain('A link to set their password has been sent to them');
    expect(res.body).not.toContain('data-temporary-password');
    const row = await t.db.owner().selectFrom('users').select(['id', 'roles', 'password_hash', 'must_change_password']).where('email', '=', email).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ roles: ['analyst'], password_hash: null, must_change_password: false });
    expect((await requestsFor(row.id)).map((r) => [r.status, r.roles])).toEqual([['pending', ['idva']]]);
    const [link] = await linksSentTo(row.id);
    expect(res.body).not.toContain(link!);
  });
});

describe('resetting a password', () => {
  it('sends the user a one-time link, shows the administrator nothing usable, and stops the old password', async () => {
    const person = await makeUser(['social-worker']);
    const theirs = await signedIn(t.app, person.email);
    await adminA.get(paths.admin.user(person.id));
    const seen = await postAndFollow(adminA, paths.admin.userResetPassword(person.id));
    expect(seen[0]!.statusCode).toBe(303);
    expect(seen.at(-1)!.body).toContain('A link to set a new password has been sent to the user');

    const [link] = await linksSentTo(person.id);
    const token = link!.split('/').at(-1)!;
    for (const response of seen) {
      expect(response.body).not.toContain(token);
      expect(response.body).not.toContain('data-temporary-password');
      expect(JSON.stringify(response.headers)).not.toContain(token);
    }
    // Only the hash is stored; the audit holds neither.
    const stored = await t.db.owner().selectFrom('password_links').selectAll().where('user_id', '=', person.id).execute();
    expect(stored.map((l) => l.token_hash)).toEqual([createHash('sha256').update(token).digest('hex')]);
    const audit = await t.db.owner().selectFrom('audit_events').select('details').where('tenant_id', '=', tenant.id).execute();
    expect(JSON.stringify(audit)).not.toContain(token);
    expect(JSON.stringify(audit)).not.toContain(stored[0]!.token_hash);
    expect((await auditEvents('user.password-reset')).find((e) => e.subject_id === person.id)).toMatchObject({ actor_id: tenant.users.admin.id });

    // Their sessions have ended and their password no longer works, so nobody can sign in as them.
    expect((await theirs.get(paths.home)).headers.location).toMatch(/^\/sign-in/);
    expect((await new Visitor(t.app).signIn(person.email)).statusCode).toBe(401);

    // The link sets a new password, once, and signs nobody in.
    const holder = new Visitor(t.app);
    const form = await holder.get(link!);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Choose your password');
    const mismatch = await holder.post(link!, { newPassword: NEW_PASSWORD, confirmPassword: 'something else entirely' });
    expect(mismatch.statusCode).toBe(400);
    expect(errorSummary(mismatch.body)).toEqual({ confirmPassword: 'The new passwords do not match' });
    const short = await holder.post(link!, { newPassword: 'short', confirmPassword: 'short' });
    expect(errorSummary(short.body)).toEqual({ newPassword: 'Enter a password that is at least 12 characters long' });
    const set = await holder.post(link!, { newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    expect(set.statusCode).toBe(200);
    expect(set.body).toContain('Your password has been set');
    expect(holder.cookies.wa_session).toBeUndefined();
    expect((await holder.get(paths.home)).headers.location).toMatch(/^\/sign-in/);
    expect((await new Visitor(t.app).signIn(person.email, NEW_PASSWORD)).statusCode).toBe(303);

    // A second use is refused and changes nothing.
    const reused = await new Visitor(t.app).get(link!);
    expect(reused.statusCode).toBe(410);
    expect(reused.body).toContain('This link no longer works');
    const second = new Visitor(t.app);
    await second.get(paths.signIn);
    expect((await second.post(link!, { newPassword: 'another long passphrase', confirmPassword: 'another long passphrase' })).statusCode).toBe(410);
    expect((await new Visitor(t.app).signIn(person.email, 'another long passphrase')).statusCode).toBe(401);
    expect((await auditEvents('user.password-set')).find((e) => e.subject_id === person.id)).toMatchObject({ actor_id: person.id, details: { purpose: 'reset' } });
  });

  it('stops an earlier link when a newer one is sent, and an expired link', async () => {
    const person = await makeUser(['iro']);
    await adminA.post(paths.admin.userResetPassword(person.id));
    await adminA.post(paths.admin.userResetPassword(person.id));
    const [first, second] = await linksSentTo(person.id);
    expect((await new Visitor(t.app).get(first!)).statusCode).toBe(410);
    expect((await new Visitor(t.app).get(second!)).statusCode).toBe(200);
    const long = new Date(Date.now() - 48 * 3_600_000);
    await t.db.owner().updateTable('password_links').set({ created_at: long, expires_at: new Date(long.getTime() + 60_000) }).where('user_id', '=', person.id).execute();
    expect((await new Visitor(t.app).get(second!)).statusCode).toBe(410);
    expect((await new Visitor(t.app).get(paths.account.setPassword('not-a-token'))).statusCode).toBe(410);
  });

  it('gives a new user a link to choose their first password, which they sign in with', async () => {
    await adminA.get(paths.admin.newUser);
    const email = `first-password-${counter++}@${tenant.slug}.test.invalid`;
    const res = await adminA.post(paths.admin.users, { name: 'Omar First', email, roles: ['analyst'] });
    expect(res.statusCode).toBe(200);
    const { id } = await t.db.owner().selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow();
    const [link] = await linksSentTo(id);
    expect(res.body).not.toContain(link!);
    const holder = new Visitor(t.app);
    await holder.get(link!);
    expect((await holder.post(link!, { newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })).statusCode).toBe(200);
    const v = new Visitor(t.app);
    expect((await v.signIn(email, NEW_PASSWORD)).statusCode).toBe(303);
    expect((await v.get(paths.home)).statusCode).toBe(200);
    expect((await auditEvents('user.password-link')).find((e) => e.subject_id === id)).toMatchObject({ details: { purpose: 'new-account' } });
  });
});

describe('what the application can reach', () => {
  it('looks a link up before the tenant is known with the documented columns only, and cannot read the outbox back', async () => {
    const person = await makeUser(['analyst']);
    await adminA.post(paths.admin.userResetPassword(person.id));
    const [link] = await linksSentTo(person.id);
    const hash = createHash('sha256').update(link!.split('/').at(-1)!).digest('hex');
    const found = await t.db.anonymous(async (trx) => (await sql<Record<string, unknown>>`select * from auth_password_link(${hash})`.execute(trx)).rows);
    expect(found).toHaveLength(1);
    expect(Object.keys(found[0]!).sort()).toEqual(['id', 'tenant_id', 'usable', 'user_id']);
    expect(found[0]).toMatchObject({ tenant_id: tenant.id, user_id: person.id, usable: true });
    expect(await t.db.anonymous(async (trx) => (await sql`select * from auth_password_link(${'0'.repeat(64)})`.execute(trx)).rows)).toEqual([]);
    await expect(t.db.tenant(tenant.id, (trx) => trx.selectFrom('outbound_messages').select('body').execute())).rejects.toThrow(/permission denied/);
    await expect(t.db.anonymous((trx) => trx.selectFrom('password_links').select('token_hash').execute())).resolves.toEqual([]);
  });
});

describe('roles that may not be held together', () => {
  it('refuses an administrator role with a role that works with families, from the page and the service, changing nothing', async () => {
    const worker = tenant.users['social-worker'].id;
    const before = await rolesOf(worker);
    const res = await adminA.post(paths.admin.user(worker), { name: 'Test social-worker', roles: ['social-worker', 'admin'], reason: 'Covering' });
    expect(res.statusCode).toBe(400);
    expect(errorSummary(res.body).roles).toMatch(/^An administrator cannot also hold a role that works with families \(social worker\)/);
    expect(await rolesOf(worker)).toEqual(before);
    const actor = { kind: 'user', user: (await t.db.tenant(tenant.id, (trx) => loadUser(trx, tenant.users.admin.id)))! } as const;
    await expect(admin.createUser(actor, { email: 'both@roles.test.invalid', name: 'Both Roles', roles: ['admin', 'idva'], teamIds: [], reason: 'x' }, null)).rejects.toMatchObject({ field: 'roles' });
    expect(await t.db.owner().selectFrom('users').select('id').where('email', '=', 'both@roles.test.invalid').execute()).toEqual([]);
  });
});
