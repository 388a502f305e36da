import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminService, type AdminService } from '../../src/features/admin/service.js';
import { paths } from '../../src/platform/http/paths.js';
import { createTestTenant, signedIn, startTestApp, TEST_PASSWORD, Visitor, type TestApp, type TestTenant } from '../helpers/app.js';
import { errorSummary } from '../helpers/pages.js';

let t: TestApp;
let tenant: TestTenant;
let admin: AdminService;
let adminVisitor: Visitor;
let teamA: { id: string; name: string };
let teamB: { id: string; name: string };
let counter = 0;

const system = () => ({ kind: 'system', tenantId: tenant.id }) as const;

/** The link to choose a password in the newest message to a user (read as the owner: the application cannot). */
async function linkSentTo(userId: string): Promise<string> {
  const row = await t.db.owner().selectFrom('outbound_messages').select('body').where('to_user_id', '=', userId).orderBy('created_at', 'desc').executeTakeFirst();
  const link = row ? /\/account\/reset\/[A-Za-z0-9_-]+/.exec(row.body)?.[0] : undefined;
  if (!link) throw new Error('no link sent');
  return link;
}

async function countUsers(tenantId = tenant.id): Promise<number> {
  const row = await t.db.tenant(tenantId, (trx) => trx.selectFrom('users').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow());
  return Number(row.n);
}

/** A user made through the service, with TEST_PASSWORD so they can sign in. */
async function makeUser(roles: ('social-worker' | 'team-manager' | 'idva')[] = ['social-worker'], teamIds: string[] = []) {
  counter += 1;
  const email = `person-${counter}@${tenant.slug}.test.invalid`;
  const { user } = await admin.createUser(system(), { email, name: `Person ${counter}`, roles, teamIds, password: TEST_PASSWORD }, null);
  return { id: user.id, email, name: `Person ${counter}` };
}

beforeAll(async () => {
  t = await startTestApp();
  tenant = await createTestTenant(t.db);
  admin = adminService(t.db);
  teamA = await admin.createTeam(system(), 'Assessment team North', null);
  teamB = await admin.createTeam(system(), 'Child protection team South', null);
  adminVisitor = await signedIn(t.app, tenant.users.admin.email);
});
afterAll(() => t.close());

describe('list of users', () => {
  it('shows 25 users a page with GOV.UK pagination, and clamps bad page numbers', async () => {
    const other = await createTestTenant(t.db);
    for (let i = 1; i <= 30; i++) {
      const n = String(i).padStart(2, '0');
      await admin.createUser({ kind: 'system', tenantId: other.id }, { email: `listed-${n}@${other.slug}.test.invalid`, name: `Listed ${n}`, roles: ['idva'], teamIds: [] }, null);
    }
    const v = await signedIn(t.app, other.users.admin.email);
    const first = await v.get(paths.admin.users);
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('Showing 1 to 25 of 41 users');
    expect(first.body.match(/href="\/admin\/users\/[0-9a-f-]{36}"/g)).toHaveLength(25);
    expect(first.body).toContain('class="govuk-pagination');
    expect(first.body).toContain('href="/admin/users?page=2"');
    expect(first.body).toContain('Add a user');

    const second = await v.get(`${paths.admin.users}?page=2`);
    expect(second.body).toContain('Showing 26 to 41 of 41 users');
    expect(second.body.match(/href="\/admin\/users\/[0-9a-f-]{36}"/g)).toHaveLength(16);
    expect(second.body).toContain('aria-current="page"');
    expect(second.body).toContain('href="/admin/users?page=1"');

    for (const bad of ['abc', '0', '-1', '1.5', '99999999999']) {
      const res = await v.get(`${paths.admin.users}?page=${bad}`);
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('Showing 1 to 25 of 41 users');
    }
    const past = await v.get(`${paths.admin.users}?page=7`);
    expect(past.statusCode).toBe(200);
    expect(past.body).toContain('Showing 26 to 41 of 41 users');

    // With no teams yet, the add form says so and links to the teams page.
    const form = await v.get(paths.admin.newUser);
    expect(form.body).toContain('There are no teams yet');
    expect(form.body).toContain(`href="${paths.admin.teams}"`);
  });

  it('shows roles, teams and each account’s status', async () => {
    const locked = await makeUser(['team-manager'], [teamA.id]);
    const gone = await makeUser();
    await t.db.owner().updateTable('users').set({ locked_until: new Date(Date.now() + 10 * 60_000) }).where('id', '=', locked.id).execute();
    await admin.setActive(system(), gone.id, false, null);
    const res = await adminVisitor.get(paths.admin.users);
    const row = (id: string) => new RegExp(`href="/admin/users/${id}"[\\s\\S]*?</tr>`).exec(res.body)?.[0] ?? '';
    expect(row(locked.id)).toContain('Team manager');
    expect(row(locked.id)).toContain(teamA.name);
    expect(row(locked.id)).toMatch(/govuk-tag--orange">\s*Locked until \d{1,2} \w+ \d{4} at /);
    expect(row(gone.id)).toMatch(/govuk-tag--grey">\s*Deactivated/);
    expect(row(tenant.users.idva.id)).toMatch(/govuk-tag--green">\s*Active/);
    expect(row(tenant.users.idva.id)).toContain('IDVA or IDSVA');
  });

  it('lets an auditor see users but not add or change them', async () => {
    const v = await signedIn(t.app, tenant.users.auditor.email);
    const list = await v.get(paths.admin.users);
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain('Add a user');
    const page = await v.get(paths.admin.user(tenant.users.idva.id));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(tenant.users.idva.email);
    expect(page.body).not.toContain('Save changes');
    expect(page.body).not.toContain('Deactivate account');
    expect((await v.get(paths.admin.newUser)).statusCode).toBe(403);
    expect((await v.post(paths.admin.users, { name: 'X', email: 'x@x.test.invalid', roles: 'idva' })).statusCode).toBe(403);
    expect((await v.get(paths.admin.teams)).statusCode).toBe(403);
  });
});

describe('adding a user', () => {
  it('sends the new user a link to choose a password, never shows one, and they sign in with it', async () => {
    const form = await adminVisitor.get(paths.admin.newUser);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Marac coordinator');
    expect(form.body).toContain(teamA.name);
    const before = await countUsers();
    const email = `new-starter@${tenant.slug}.test.invalid`;
    const res = await adminVisitor.post(paths.admin.users, { name: 'Sam New-Starter', email, roles: ['analyst'], teams: [teamA.id] });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('govuk-panel--confirmation');
    expect(res.body).toContain('Sam New-Starter has been added');
    expect(res.body).toContain('A link to set their password has been sent to them');
    expect(res.body).not.toContain('data-temporary-password');
    expect(await countUsers()).toBe(before + 1);

    const id = await t.db.tenant(tenant.id, (trx) => trx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow());
    const created = await admin.getUser(system(), id.id);
    expect(created.name).toBe('Sam New-Starter');
    expect(created.roles).toEqual(['analyst']);
    expect(created.teams.map((x) => x.id)).toEqual([teamA.id]);
    expect(res.body).toContain(`href="${paths.admin.user(created.id)}"`);
    expect((await adminVisitor.get(paths.admin.user(created.id))).body).toContain('Waiting to choose a password');

    // No password works until they choose one through the link; the page never showed the link.
    const link = await linkSentTo(created.id);
    expect(res.body).not.toContain(link);
    expect((await new Visitor(t.app).signIn(email, TEST_PASSWORD)).statusCode).toBe(401);
    const holder = new Visitor(t.app);
    await holder.get(link);
    const chosen = 'my own long chosen passphrase';
    expect((await holder.post(link, { newPassword: chosen, confirmPassword: chosen })).statusCode).toBe(200);
    const newcomer = new Visitor(t.app);
    expect((await newcomer.signIn(email, chosen)).statusCode).toBe(303);
    expect((await newcomer.get(paths.home)).statusCode).toBe(200);
  });

  const valid = () => ({ name: 'Alex Example', email: `alex-${randomUUID()}@example.test.invalid`, roles: ['analyst'], teams: [teamA.id] });
  const cases: { label: string; fields: () => Record<string, string | string[]>; status: number; field: string; message: string }[] = [
    { label: 'an empty name', fields: () => ({ ...valid(), name: '   ' }), status: 400, field: 'name', message: 'Enter the full name' },
    { label: 'a badly formed email', fields: () => ({ ...valid(), email: 'alex.example' }), status: 400, field: 'email', message: 'Enter an email address in the right format, like name@example.gov.uk' },
    { label: 'no role', fields: () => ({ ...valid(), roles: [] }), status: 400, field: 'roles', message: 'Choose at least one role' },
    { label: 'an unknown role', fields: () => ({ ...valid(), roles: ['superuser'] }), status: 400, field: 'roles', message: 'Choose roles from the list' },
    { label: 'an email already in use', fields: () => ({ ...valid(), email: tenant.users.idva.email.toUpperCase() }), status: 409, field: 'email', message: 'Another account already uses this email address' },
    { label: 'a team that does not exist', fields: () => ({ ...valid(), teams: [randomUUID()] }), status: 400, field: 'teams', message: 'Choose teams from the list' },
    { label: 'a team id that is not an id', fields: () => ({ ...valid(), teams: ['not-a-team'] }), status: 400, field: 'teams', message: 'Choose teams from the list' },
  ];
  for (const c of cases) {
    it(`refuses ${c.label}, keeps what was typed and saves nothing`, async () => {
      await adminVisitor.get(paths.admin.newUser);
      const before = await countUsers();
      const fields = c.fields();
      const res = await adminVisitor.post(paths.admin.users, fields);
      expect(res.statusCode).toBe(c.status);
      expect(errorSummary(res.body)).toEqual({ [c.field]: c.message });
      expect(res.body).toContain(`<p id="${c.field}-error" class="govuk-error-message">`);
      if (c.field !== 'name') expect(res.body).toContain(`value="${String(fields.name)}"`);
      expect(await countUsers()).toBe(before);
    });
  }

  it('says the same for an email used in another council as for one used in this council, and records each refusal', async () => {
    const elsewhere = await createTestTenant(t.db);
    const ours = await adminVisitor.post(paths.admin.users, { ...valid(), email: tenant.users.idva.email });
    await adminVisitor.get(paths.admin.newUser);
    const theirs = await adminVisitor.post(paths.admin.users, { ...valid(), email: elsewhere.users.idva.email });
    expect(theirs.statusCode).toBe(ours.statusCode);
    expect(errorSummary(theirs.body)).toEqual(errorSummary(ours.body));
    const refusals = await t.db.owner().selectFrom('audit_events').select(['actor_id', 'details']).where('tenant_id', '=', tenant.id).where('action', '=', 'user.create-refused').execute();
    expect(refusals.length).toBeGreaterThanOrEqual(2);
    expect(refusals.at(-1)).toMatchObject({ actor_id: tenant.users.admin.id, details: { reason: 'email-in-use' } });
    const inTheirs = await t.db.owner().selectFrom('audit_events').select('id').where('tenant_id', '=', elsewhere.id).where('action', '=', 'user.create-refused').execute();
    expect(inTheirs).toEqual([]);
  });

  it('reports every problem at once', async () => {
    const res = await adminVisitor.post(paths.admin.users, { name: '', email: '', roles: [] });
    expect(res.statusCode).toBe(400);
    expect(Object.keys(errorSummary(res.body))).toEqual(['name', 'email', 'roles']);
  });
});

describe('changing a user', () => {
  it('changes name, roles and teams (roles that need approval: see admin-approvals.test.ts)', async () => {
    const person = await makeUser(['social-worker'], [teamA.id]);
    const page = await adminVisitor.get(paths.admin.user(person.id));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(person.email);
    const res = await adminVisitor.post(paths.admin.user(person.id), { name: 'Renamed Person', roles: ['analyst'], teams: [teamB.id] });
    expect(res.statusCode).toBe(303);
    const after = await adminVisitor.get(res.headers.location as string);
    expect(after.body).toContain('The changes have been saved');
    const saved = await admin.getUser(system(), person.id);
    expect(saved.name).toBe('Renamed Person');
    expect(saved.roles).toEqual(['analyst']);
    expect(saved.teams.map((x) => x.id)).toEqual([teamB.id]);
  });

  it('refuses a change with no role and keeps the old roles', async () => {
    const person = await makeUser(['idva']);
    await adminVisitor.get(paths.admin.user(person.id));
    const res = await adminVisitor.post(paths.admin.user(person.id), { name: 'Someone Else', teams: [] });
    expect(res.statusCode).toBe(400);
    expect(errorSummary(res.body)).toEqual({ roles: 'Choose at least one role' });
    expect(res.body).toContain('value="Someone Else"');
    const saved = await admin.getUser(system(), person.id);
    expect(saved.roles).toEqual(['idva']);
    expect(saved.name).toBe(person.name);
  });

  it('deactivates: their session ends at once and they cannot sign in; reactivating lets them back', async () => {
    const person = await makeUser();
    const theirs = await signedIn(t.app, person.email);
    expect((await theirs.get(paths.home)).statusCode).toBe(200);

    await adminVisitor.get(paths.admin.user(person.id));
    // Asked first, with the reason; without one nothing changes.
    const confirm = await adminVisitor.get(paths.admin.userDeactivate(person.id));
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain(`Deactivate the account of ${person.name}?`);
    const unexplained = await adminVisitor.post(paths.admin.userDeactivate(person.id), { reason: '' });
    expect(unexplained.statusCode).toBe(400);
    expect(errorSummary(unexplained.body)).toEqual({ reason: 'Say why the account is being deactivated' });
    expect((await theirs.get(paths.home)).statusCode).toBe(200);
    const res = await adminVisitor.post(paths.admin.userDeactivate(person.id), { reason: 'Left the council' });
    expect(res.statusCode).toBe(303);
    const page = await adminVisitor.get(res.headers.location as string);
    expect(page.body).toContain('The account has been deactivated');
    expect(page.body).toMatch(/govuk-tag--grey">\s*Deactivated/);
    expect(page.body).toContain('Reactivate account');

    const next = await theirs.get(paths.home);
    expect(next.statusCode).toBe(303);
    expect(next.headers.location).toMatch(/^\/sign-in/);
    expect((await new Visitor(t.app).signIn(person.email)).statusCode).toBe(401);

    const back = await adminVisitor.post(paths.admin.userReactivate(person.id));
    expect(back.statusCode).toBe(303);
    expect((await adminVisitor.get(back.headers.location as string)).body).toContain('The account has been reactivated');
    expect((await new Visitor(t.app).signIn(person.email)).statusCode).toBe(303);
  });

  it('resets a password: a link goes to the user, not the administrator; old password and sessions stop working', async () => {
    const person = await makeUser();
    const theirs = await signedIn(t.app, person.email);
    await adminVisitor.get(paths.admin.user(person.id));
    const res = await adminVisitor.post(paths.admin.userResetPassword(person.id));
    expect(res.statusCode).toBe(303);
    const page = await adminVisitor.get(res.headers.location as string);
    expect(page.body).toContain('A link to set a new password has been sent to the user');
    expect(page.body).not.toContain('data-temporary-password');
    const link = await linkSentTo(person.id);
    expect(res.body + page.body).not.toContain(link);

    expect((await theirs.get(paths.home)).statusCode).toBe(303);
    expect((await new Visitor(t.app).signIn(person.email)).statusCode).toBe(401);
    const holder = new Visitor(t.app);
    await holder.get(link);
    const chosen = 'a different long passphrase';
    expect((await holder.post(link, { newPassword: chosen, confirmPassword: chosen })).statusCode).toBe(200);
    const fresh = new Visitor(t.app);
    expect((await fresh.signIn(person.email, chosen)).statusCode).toBe(303);
    expect((await fresh.get(paths.home)).statusCode).toBe(200);
  });

  it('does not let an administrator deactivate themself or change their own roles', async () => {
    const me = tenant.users.admin.id;
    const page = await adminVisitor.get(paths.admin.user(me));
    expect(page.body).not.toContain('Deactivate account');
    expect(page.body).toContain('You cannot change your own roles or teams, or deactivate your own account');

    const deactivate = await adminVisitor.post(paths.admin.userDeactivate(me));
    expect(deactivate.statusCode).toBe(403);
    expect(errorSummary(deactivate.body)).toEqual({ 'account-actions': 'You cannot deactivate or reactivate your own account. Ask another administrator to do it.' });
    expect((await admin.getUser(system(), me)).active).toBe(true);

    const demote = await adminVisitor.post(paths.admin.user(me), { name: 'Test admin', roles: ['auditor'] });
    expect(demote.statusCode).toBe(403);
    expect(errorSummary(demote.body)).toEqual({ roles: 'You cannot change your own roles or teams. Ask another administrator to do it.' });
    expect((await admin.getUser(system(), me)).roles).toEqual(['admin']);
    expect((await adminVisitor.get(paths.admin.users)).statusCode).toBe(200);
  });

  it('shows the not found page for an unknown or malformed user id', async () => {
    for (const id of [randomUUID(), 'not-a-uuid', "1' or '1'='1"]) {
      const res = await adminVisitor.get(paths.admin.user(encodeURIComponent(id)));
      expect(res.statusCode).toBe(404);
      expect(res.body).toContain('Page not found');
    }
    const unknown = randomUUID();
    expect((await adminVisitor.post(paths.admin.userDeactivate(unknown))).statusCode).toBe(404);
    expect((await adminVisitor.post(paths.admin.userResetPassword(unknown))).statusCode).toBe(404);
    expect((await adminVisitor.post(paths.admin.user(unknown), { name: 'Nobody', roles: ['idva'] })).statusCode).toBe(404);
  });

  it('does not show or change a user of another local authority', async () => {
    const other = await createTestTenant(t.db);
    const stranger = other.users.idva.id;
    expect((await adminVisitor.get(paths.admin.user(stranger))).statusCode).toBe(404);
    expect((await adminVisitor.post(paths.admin.userDeactivate(stranger))).statusCode).toBe(404);
    const still = await admin.getUser({ kind: 'system', tenantId: other.id }, stranger);
    expect(still.active).toBe(true);
  });
});

describe('teams', () => {
  it('adds a team, counts its members, and refuses an empty or duplicate name', async () => {
    await makeUser(['social-worker'], [teamB.id]);
    const page = await adminVisitor.get(paths.admin.teams);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(new RegExp(`${teamA.name}</td>\\s*<td class="govuk-table__cell govuk-table__cell--numeric">\\d+</td>`));

    const added = await adminVisitor.post(paths.admin.teams, { name: '  Family support hub  ' });
    expect(added.statusCode).toBe(303);
    const after = await adminVisitor.get(added.headers.location as string);
    expect(after.body).toContain('Team added: Family support hub');
    expect(after.body).toMatch(/Family support hub<\/td>\s*<td class="govuk-table__cell govuk-table__cell--numeric">0<\/td>/);

    const duplicate = await adminVisitor.post(paths.admin.teams, { name: 'family SUPPORT hub' });
    expect(duplicate.statusCode).toBe(409);
    expect(errorSummary(duplicate.body)).toEqual({ name: 'A team with this name already exists' });
    expect(duplicate.body).toContain('value="family SUPPORT hub"');

    const empty = await adminVisitor.post(paths.admin.teams, { name: ' ' });
    expect(empty.statusCode).toBe(400);
    expect(errorSummary(empty.body)).toEqual({ name: 'Enter the team name' });
    const teams = await admin.listTeams(system());
    expect(teams.filter((x) => x.name.toLowerCase() === 'family support hub')).toHaveLength(1);
  });
});

describe('who may use the admin pages', () => {
  it('refuses a social worker every admin page and action', async () => {
    const v = await signedIn(t.app, tenant.users['social-worker'].email);
    const target = tenant.users.idva.id;
    const before = await admin.getUser(system(), target);
    for (const url of [paths.admin.users, paths.admin.newUser, paths.admin.user(target), paths.admin.teams, paths.admin.roleRequests]) {
      const res = await v.get(url);
      expect(res.statusCode, url).toBe(403);
      expect(res.body).toContain('You do not have access to this page');
    }
    const posts: [string, Record<string, string>][] = [
      [paths.admin.users, { name: 'Sneaky', email: 'sneaky@example.test.invalid', roles: 'admin' }],
      [paths.admin.user(target), { name: 'Changed', roles: 'admin' }],
      [paths.admin.userDeactivate(target), {}],
      [paths.admin.userReactivate(target), {}],
      [paths.admin.userResetPassword(target), {}],
      [paths.admin.teams, { name: 'Sneaky team' }],
      [paths.admin.approveRoleRequest(randomUUID()), {}],
      [paths.admin.refuseRoleRequest(randomUUID()), {}],
    ];
    for (const [url, fields] of posts) expect((await v.post(url, fields)).statusCode, url).toBe(403);
    const after = await admin.getUser(system(), target);
    expect(after).toEqual(before);
    expect((await admin.listTeams(system())).map((x) => x.name)).not.toContain('Sneaky team');
  });

  it('shows an administrator account data only', async () => {
    const res = await adminVisitor.get(paths.admin.user(tenant.users['social-worker'].id));
    expect(res.statusCode).toBe(200);
    const nav = /<nav[^>]*service-navigation[\s\S]*?<\/nav>/.exec(res.body)?.[0] ?? '';
    expect(nav).not.toMatch(/case|person|contact/i);
  });
});
