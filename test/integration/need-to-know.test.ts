import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminService } from '../../src/features/admin/service.js';
import { tenantService } from '../../src/features/admin/tenants.js';
import { seedDemo } from '../../src/demo/seed.js';
import { paths } from '../../src/platform/http/paths.js';
import { hashPassword } from '../../src/platform/auth/passwords.js';
import { services } from '../../src/server.js';
import { startTestApp, Visitor, type TestApp } from '../helpers/app.js';

/**
 * The holes of issue 10, tried on the demo tenant as a new user would: each test here failed on the
 * code before the access decision was made in one place.
 */

const DEMO_PASSWORD = 'demo-password-not-for-real-use';
/** What Roksana Demo-Hallam's withheld whereabouts are: none of it may show without the role or a named grant. */
const REFUGE = ['9 Linnet Court', 'ZZ7 2QP', '07700 900 417', 'bluebell', 'Moved to refuge'];

let t: TestApp;
let tenantId: string;
const ids = { roksana: '', gareth: '', iman: '', hallamCase: '', folake: '', adeyemiChild: '', adeyemiCase: '', checklist: '', referral: '' };

const owner = () => t.db.owner();
const demo = (role: string) => `${role}@demo.wraparound.invalid`;

async function as(email: string, password = DEMO_PASSWORD): Promise<Visitor> {
  const v = new Visitor(t.app);
  const res = await v.signIn(email, password);
  if (res.statusCode !== 303) throw new Error(`sign-in failed for ${email}`);
  await v.get('/');
  return v;
}

function expectNoWhereabouts(body: string): void {
  for (const secret of REFUGE) expect(body).not.toContain(secret);
}

async function personId(given: string, family: string): Promise<string> {
  return (await owner().selectFrom('people').select('id').where('tenant_id', '=', tenantId).where('given_name', '=', given).where('family_name', '=', family).executeTakeFirstOrThrow()).id;
}

async function caseOf(personIdValue: string): Promise<string> {
  return (await owner().selectFrom('case_members').select('case_id').where('person_id', '=', personIdValue).executeTakeFirstOrThrow()).case_id;
}

/** A brand-new social worker with no cases. */
async function newSocialWorker(name: string): Promise<string> {
  const email = `${name}@demo.wraparound.invalid`;
  await owner()
    .insertInto('users')
    .values({ tenant_id: tenantId, email, name, roles: ['social-worker'], active: true, password_hash: await hashPassword(DEMO_PASSWORD), must_change_password: false })
    .execute();
  return email;
}

beforeAll(async () => {
  t = await startTestApp();
  await seedDemo(t.db, services(t.db));
  tenantId = (await tenantService(t.db).findTenant('demo'))!.id;
  ids.roksana = await personId('Roksana', 'Demo-Hallam');
  ids.gareth = await personId('Gareth', 'Demo-Hallam');
  ids.iman = await personId('Iman', 'Demo-Hallam');
  ids.hallamCase = await caseOf(ids.iman);
  ids.folake = await personId('Folake', 'Demo-Adeyemi');
  ids.adeyemiCase = await caseOf(ids.folake);
  const child = await owner()
    .selectFrom('case_members')
    .innerJoin('people', 'people.id', 'case_members.person_id')
    .select('people.id')
    .where('case_members.case_id', '=', ids.adeyemiCase)
    .where('case_members.role', '=', 'child')
    .executeTakeFirstOrThrow();
  ids.adeyemiChild = child.id;
  ids.checklist = (await owner().selectFrom('risk_assessments').select('id').where('person_id', '=', ids.roksana).executeTakeFirstOrThrow()).id;
  ids.referral = (await owner().selectFrom('marac_referrals').select('id').where('person_id', '=', ids.roksana).executeTakeFirstOrThrow()).id;
}, 180_000);
afterAll(() => t?.close());

describe('hole 1: withheld whereabouts are never reached by opening, joining or allocating a case', () => {
  it('a MASH manager cannot allocate a new case to themselves, and an unallocated case with her on it shows them nothing', async () => {
    const manager = await as(demo('mash-manager'));
    const me = (await owner().selectFrom('users').select('id').where('email', '=', demo('mash-manager')).executeTakeFirstOrThrow()).id;
    const form = await manager.get(paths.cases.new);
    expect(form.statusCode).toBe(200);
    expect(form.body).not.toMatch(new RegExp(`<option value="${me}"`));
    const selfAllocated = await manager.post(paths.cases.new, { m: [`${ids.iman}.child`, `${ids.roksana}.adult-victim`], stage: 'assessment', workerId: me });
    expect(selfAllocated.statusCode).toBeGreaterThanOrEqual(400);
    const before = await owner().selectFrom('cases').select('id').where('tenant_id', '=', tenantId).where('worker_id', '=', me).execute();
    expect(before).toHaveLength(0);
    const opened = await manager.post(paths.cases.new, { m: [`${ids.iman}.child`, `${ids.roksana}.adult-victim`], stage: 'assessment' });
    expect(opened.statusCode).toBe(303);
    const page = await manager.get(paths.people.person(ids.roksana));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Withheld');
    expectNoWhereabouts(page.body);
  });

  it('a brand-new social worker who opens a case and adds her sees nothing of her whereabouts', async () => {
    const email = await newSocialWorker('fresh-social-worker');
    const worker = await as(email);
    const opened = await worker.post(paths.cases.new, { m: [`${ids.iman}.child`], stage: 'assessment' });
    expect(opened.statusCode).toBe(303);
    const caseId = (await owner().selectFrom('cases').select('id').where('tenant_id', '=', tenantId).orderBy('opened_at', 'desc').executeTakeFirstOrThrow()).id;
    const added = await worker.post(paths.cases.members(caseId), { personId: ids.roksana, role: 'adult-victim' });
    expect([403, 404]).toContain(added.statusCode);
    const page = await worker.get(paths.people.person(ids.roksana));
    expectNoWhereabouts(page.body);
    expect(page.statusCode).toBe(403);
  });

  it('a MASH manager cannot re-allocate the Hallam case to a MASH worker, and the MASH worker still sees "Withheld"', async () => {
    const manager = await as(demo('mash-manager'));
    const mashWorker = (await owner().selectFrom('users').select('id').where('email', '=', demo('mash-worker')).executeTakeFirstOrThrow()).id;
    const before = await owner().selectFrom('cases').select(['worker_id']).where('id', '=', ids.hallamCase).executeTakeFirstOrThrow();
    const res = await manager.post(paths.cases.allocate(ids.hallamCase), { workerId: mashWorker, teamId: '' });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    const after = await owner().selectFrom('cases').select(['worker_id']).where('id', '=', ids.hallamCase).executeTakeFirstOrThrow();
    expect(after.worker_id).toBe(before.worker_id);
    const page = await (await as(demo('mash-worker'))).get(paths.people.person(ids.roksana));
    expect(page.statusCode).toBe(200);
    expectNoWhereabouts(page.body);
  });

  it('the allocated social worker sees them only through a named, time-limited grant from a team manager; each view is audited; withdrawn, they are gone', async () => {
    const worker = await as(demo('social-worker'));
    const first = await worker.get(paths.people.person(ids.roksana));
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('Withheld');
    expectNoWhereabouts(first.body);

    const manager = await as(demo('team-manager'));
    const socialWorkerId = (await owner().selectFrom('users').select('id').where('email', '=', demo('social-worker')).executeTakeFirstOrThrow()).id;
    const access = await manager.get(paths.restricted.grant('person', ids.roksana));
    expect(access.statusCode).toBe(200);
    const refused = await manager.post(paths.restricted.whereabouts(ids.roksana), { whereaboutsUserId: socialWorkerId, days: '90', whereaboutsReason: 'Home visit' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Enter a number of days from 1 to 28');
    const granted = await manager.post(paths.restricted.whereabouts(ids.roksana), { whereaboutsUserId: socialWorkerId, days: '2', whereaboutsReason: 'Home visit on Tuesday' });
    expect(granted.statusCode).toBe(303);
    const grant = await owner().selectFrom('access_grants').selectAll().where('subject_id', '=', ids.roksana).where('kind', '=', 'whereabouts').executeTakeFirstOrThrow();
    expect(grant.user_id).toBe(socialWorkerId);
    expect(new Date(grant.expires_at!).getTime() - new Date(grant.granted_at).getTime()).toBe(2 * 86_400_000);

    const viewsBefore = await owner().selectFrom('audit_events').select('id').where('action', '=', 'whereabouts.view').where('subject_id', '=', ids.roksana).execute();
    const seen = await worker.get(paths.people.person(ids.roksana));
    expect(seen.body).toContain('9 Linnet Court');
    const viewsAfter = await owner().selectFrom('audit_events').select('id').where('action', '=', 'whereabouts.view').where('subject_id', '=', ids.roksana).execute();
    expect(viewsAfter.length).toBe(viewsBefore.length + 1);

    const withdrawn = await manager.post(paths.restricted.withdraw('person', ids.roksana), { grantId: grant.id, withdrawReason: 'Visit done' });
    expect(withdrawn.statusCode).toBe(303);
    expectNoWhereabouts((await worker.get(paths.people.person(ids.roksana))).body);
  });

  it('nobody gives themselves sight of withheld whereabouts', async () => {
    const manager = await as(demo('team-manager'));
    const me = (await owner().selectFrom('users').select('id').where('email', '=', demo('team-manager')).executeTakeFirstOrThrow()).id;
    const res = await manager.post(paths.restricted.whereabouts(ids.roksana), { whereaboutsUserId: me, days: '1', whereaboutsReason: 'Me' });
    expect(res.statusCode).toBe(400);
    const mash = await as(demo('mash-manager'));
    expect((await mash.post(paths.restricted.whereabouts(ids.roksana), { whereaboutsUserId: me, days: '1', whereaboutsReason: 'x' })).statusCode).toBe(403);
  });
});

describe('hole 4: a restricted record shows its name and nothing more', () => {
  it('a search by date of birth or NHS number does not return a restricted person to someone without access (page and API)', async () => {
    const folake = await owner().selectFrom('people').select(['date_of_birth', 'nhs_number']).where('id', '=', ids.folake).executeTakeFirstOrThrow();
    const worker = await as(demo('mash-worker'));
    const byName = await worker.get(`${paths.people.search}?name=Folake+Demo-Adeyemi`);
    expect(byName.body).toContain('Folake Demo-Adeyemi');
    const byDob = await worker.get(`${paths.people.search}?name=Folake+Demo-Adeyemi&dateOfBirth-day=${folake.date_of_birth!.slice(8, 10)}&dateOfBirth-month=${folake.date_of_birth!.slice(5, 7)}&dateOfBirth-year=${folake.date_of_birth!.slice(0, 4)}`);
    expect(byDob.statusCode).toBe(200);
    expect(byName.body).toContain(paths.people.person(ids.folake));
    expect(byDob.body).not.toContain(paths.people.person(ids.folake));
    const token = (await tenantService(t.db).createApiClient(tenantId, 'Hunt', ['people:read'])).token;
    const api = await t.app.inject({ method: 'GET', url: `${paths.api.people}?dateOfBirth=${folake.date_of_birth}`, headers: { authorization: `Bearer ${token}` } });
    expect(api.statusCode).toBe(200);
    expect(api.body).not.toContain(ids.folake);
    if (folake.nhs_number) {
      const byNhs = await t.app.inject({ method: 'GET', url: `${paths.api.people}?nhsNumber=${folake.nhs_number}`, headers: { authorization: `Bearer ${token}` } });
      expect(byNhs.body).not.toContain(ids.folake);
    }
    // The manager who restricted her holds access, and finds her by date of birth.
    const manager = await as(demo('team-manager'));
    const granted = await manager.get(`${paths.people.search}?name=Folake+Demo-Adeyemi&dateOfBirth-day=${folake.date_of_birth!.slice(8, 10)}&dateOfBirth-month=${folake.date_of_birth!.slice(5, 7)}&dateOfBirth-year=${folake.date_of_birth!.slice(0, 4)}`);
    expect(granted.body).toContain(paths.people.person(ids.folake));
  });

  it('every search is audited with its terms', async () => {
    const worker = await as(demo('mash-worker'));
    await worker.get(`${paths.people.search}?name=Zebedee+Searchterm`);
    const event = await owner().selectFrom('audit_events').select('details').where('action', '=', 'person.search').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(JSON.stringify(event.details)).toContain('Zebedee Searchterm');
  });

  it('the MASH history shows a restricted case as "a restricted case", without its reference, stage or worker', async () => {
    const reference = (await owner().selectFrom('cases').select('reference').where('id', '=', ids.adeyemiCase).executeTakeFirstOrThrow()).reference;
    const token = (await tenantService(t.db).createApiClient(tenantId, 'Police', ['notifications:write', 'contacts:read', 'contacts:write'])).token;
    const child = await owner().selectFrom('people').select(['given_name', 'family_name', 'date_of_birth']).where('id', '=', ids.adeyemiChild).executeTakeFirstOrThrow();
    const sent = await t.app.inject({
      method: 'POST',
      url: paths.api.notifications,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: {
        source: 'police',
        reference: 'NTK-HISTORY-1',
        receivedAt: new Date().toISOString(),
        incident: {
          occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
          abuseTypes: [],
          childrenPresent: true,
          injuries: false,
          weaponUsed: false,
          alcoholOrDrugs: false,
          summary: 'A neighbour heard shouting.',
        },
        people: [{ ref: 'c1', role: 'child', givenName: child.given_name, familyName: child.family_name, dateOfBirth: child.date_of_birth }],
      },
    });
    expect(sent.statusCode).toBeLessThan(300);
    const contactId = (JSON.parse(sent.body) as { id: string }).id;
    const worker = await as(demo('mash-worker'));
    await worker.get(paths.contacts.people(contactId));
    const link = await worker.post(paths.contacts.link(contactId, 'c1'), { personId: ids.adeyemiChild });
    expect(link.statusCode).toBe(303);
    const history = await worker.get(paths.contacts.history(contactId));
    expect(history.statusCode).toBe(200);
    expect(history.body).toContain('A restricted case');
    expect(history.body).not.toContain(reference);
    expect(history.body).not.toContain(paths.cases.overview(ids.adeyemiCase));
  });

  it('the break-glass page names a case only to someone who could open it with access', async () => {
    const reference = (await owner().selectFrom('cases').select('reference').where('id', '=', ids.adeyemiCase).executeTakeFirstOrThrow()).reference;
    const rep = await as(demo('analyst'));
    const page = await rep.get(paths.restricted.breakGlass('case', ids.adeyemiCase));
    expect(page.body).not.toContain(reference);
    const worker = await as(demo('idva'));
    const casePage = await worker.get(paths.cases.overview(ids.adeyemiCase));
    const glass = await worker.get(paths.restricted.breakGlass('case', ids.adeyemiCase));
    // The two pages agree: either both name it (break glass leads in) or neither does.
    expect(casePage.body.includes(reference)).toBe(glass.body.includes(reference));
  });

  it("a relative's page says \"a restricted record\" instead of naming the restricted parent", async () => {
    const worker = await as(demo('mash-worker'));
    const page = await worker.get(paths.people.person(ids.adeyemiChild));
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('Folake');
    expect(page.body).toContain('A restricted record');
  });
});

describe('hole 5: no more than the job needs', () => {
  it('a social worker with no caseload cannot read a victim’s record, checklists or Marac referral', async () => {
    const worker = await as(await newSocialWorker('no-caseload'));
    const person = await worker.get(paths.people.person(ids.roksana));
    expect(person.statusCode).toBe(403);
    expect(person.body).toContain('You do not work with this person');
    expect(person.body).not.toContain('41 Kestrel Road');
    expect((await worker.get(paths.people.risk(ids.roksana))).statusCode).toBeGreaterThanOrEqual(403);
    const checklist = await worker.get(paths.risk.checklist(ids.checklist));
    expect(checklist.statusCode).toBe(404);
    const referral = await worker.get(paths.marac.referral(ids.referral));
    expect([403, 404]).toContain(referral.statusCode);
    expect(referral.body).not.toContain('Roksana');
  });

  it('MASH workers and IROs cannot edit a case: no notes, no closing, no removing a must-not-receive entry', async () => {
    const entry = await owner().selectFrom('must_not_receive').select('id').where('case_id', '=', ids.hallamCase).where('removed_at', 'is', null).executeTakeFirstOrThrow();
    for (const role of ['mash-worker', 'iro']) {
      const v = await as(demo(role));
      await v.get('/');
      expect((await v.post(paths.cases.notes(ids.hallamCase), { body: 'Note from outside' })).statusCode).toBeGreaterThanOrEqual(403);
      expect((await v.post(paths.cases.status(ids.hallamCase), { change: 'closed', reason: 'Closing it' })).statusCode).toBeGreaterThanOrEqual(403);
      expect((await v.post(paths.cases.removeMustNotReceive(ids.hallamCase, entry.id))).statusCode).toBeGreaterThanOrEqual(403);
    }
    const still = await owner().selectFrom('must_not_receive').select('removed_at').where('id', '=', entry.id).executeTakeFirstOrThrow();
    expect(still.removed_at).toBeNull();
    const state = await owner().selectFrom('cases').select('status').where('id', '=', ids.hallamCase).executeTakeFirstOrThrow();
    expect(state.status).toBe('open');
    const notes = await owner().selectFrom('case_notes').select('body').where('case_id', '=', ids.hallamCase).execute();
    expect(notes.map((n) => n.body)).not.toContain('Note from outside');
  });

  it('restricting a record keeps its allocated worker; a manager can lift it with a reason; access given can be withdrawn', async () => {
    const manager = await as(demo('team-manager'));
    const restricted = await manager.post(paths.restricted.restrict('case', ids.hallamCase), { reason: 'A relative works in the team' });
    expect(restricted.statusCode).toBe(303);
    const access = await manager.get(paths.restricted.grant('case', ids.hallamCase));
    const workerName = (await owner().selectFrom('users').select('name').where('email', '=', demo('social-worker')).executeTakeFirstOrThrow()).name;
    expect(access.body).toContain(workerName);
    const worker = await as(demo('social-worker'));
    expect((await worker.get(paths.cases.overview(ids.hallamCase))).statusCode).toBe(200);

    const idva = (await owner().selectFrom('users').select('id').where('email', '=', demo('idva')).executeTakeFirstOrThrow()).id;
    expect((await manager.post(paths.restricted.grant('case', ids.hallamCase), { userId: idva, reason: 'Supporting the mother' })).statusCode).toBe(303);
    const grant = await owner().selectFrom('access_grants').select('id').where('subject_id', '=', ids.hallamCase).where('user_id', '=', idva).where('revoked_at', 'is', null).executeTakeFirstOrThrow();
    const noReason = await manager.post(paths.restricted.withdraw('case', ids.hallamCase), { grantId: grant.id, withdrawReason: '' });
    expect(noReason.statusCode).toBe(400);
    expect((await manager.post(paths.restricted.withdraw('case', ids.hallamCase), { grantId: grant.id, withdrawReason: 'No longer supporting' })).statusCode).toBe(303);
    const revoked = await owner().selectFrom('access_grants').select(['revoked_at', 'revoked_reason']).where('id', '=', grant.id).executeTakeFirstOrThrow();
    expect(revoked.revoked_reason).toBe('No longer supporting');

    expect((await manager.post(paths.restricted.lift('case', ids.hallamCase), { liftReason: '' })).statusCode).toBe(400);
    expect((await manager.post(paths.restricted.lift('case', ids.hallamCase), { liftReason: 'The relative has left the team' })).statusCode).toBe(303);
    const lifted = await owner().selectFrom('cases').select('restricted').where('id', '=', ids.hallamCase).executeTakeFirstOrThrow();
    expect(lifted.restricted).toBe(false);
    const events = await owner().selectFrom('audit_events').select('action').where('subject_id', '=', ids.hallamCase).execute();
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['case.restrict', 'restricted.withdraw', 'case.lift-restriction']));
  });
});

describe('administrators administer', () => {
  it('an administrator sees no case content', async () => {
    const admin = await as(demo('admin'));
    expect((await admin.get(paths.people.person(ids.roksana))).statusCode).toBe(403);
    expect((await admin.get(paths.cases.overview(ids.hallamCase))).statusCode).toBe(403);
    void adminService;
  });
});
