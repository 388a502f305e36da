import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { relationshipsService } from '../../src/features/people/relationships-service.js';
import { PeopleError, peopleService } from '../../src/features/people/service.js';
import { whereaboutsService } from '../../src/features/people/whereabouts-service.js';
import { safetyService } from '../../src/features/safety/service.js';
import { loadUser, type CurrentUser } from '../../src/platform/auth/current-user.js';
import { createTestTenant, startTestApp, TEST_PASSWORD, type TestApp, type TestTenant } from '../helpers/app.js';

let t: TestApp;
let tenant: TestTenant;
let manager: CurrentUser;
let worker: CurrentUser;
let personId: string;
let otherId: string;

const user = async (id: string) => (await t.db.tenant(tenant.id, (trx) => loadUser(trx, id)))!;

beforeAll(async () => {
  t = await startTestApp();
  tenant = await createTestTenant(t.db);
  manager = await user(tenant.users['team-manager'].id);
  worker = await user(tenant.users['social-worker'].id);
  const people = peopleService(t.db);
  personId = (await people.create({ kind: 'user', user: manager }, { givenName: 'Res', familyName: 'Tricted' }, 'r')).id;
  otherId = (await people.create({ kind: 'user', user: manager }, { givenName: 'Open', familyName: 'Record' }, 'r')).id;
  await safetyService(t.db).restrict(manager, 'person', personId, 'Staff relative', 'r');
});
afterAll(() => t.close());

describe('a restricted person', () => {
  const caller = () => ({ kind: 'user' as const, user: worker });

  it('cannot be changed by someone without a grant, through any people service', async () => {
    const whereabouts = whereaboutsService(t.db);
    const refused = (p: Promise<unknown>) => expect(p).rejects.toSatisfy((e) => e instanceof PeopleError && e.status === 403);
    await refused(whereabouts.addAddress(caller(), personId, { line1: '1 Any Road' }, 'r'));
    await refused(whereabouts.addContactDetail(caller(), personId, { kind: 'phone', value: '07700 900000' }, 'r'));
    await refused(whereabouts.setSafeContact(caller(), personId, { mayLeaveMessage: false, askIfAloneFirst: true, neutralLetters: true }, 'r'));
    await refused(relationshipsService(t.db).add(caller(), otherId, personId, 'relatives', 'r'));
    const addresses = await t.db.owner().selectFrom('person_addresses').select('id').where('person_id', '=', personId).execute();
    expect(addresses).toHaveLength(0);
  });

  it('can be changed after break-glass, which the DPO can see', async () => {
    await safetyService(t.db).breakGlass(worker, 'person', personId, 'Mother rang the duty line; need the record now', 'r');
    await whereaboutsService(t.db).addAddress(caller(), personId, { line1: '2 Any Road' }, 'r');
    const auditor = await user(tenant.users.auditor.id);
    const log = await safetyService(t.db).breakGlassLog(auditor, 1);
    expect(log.rows.map((r) => r.reason)).toContain('Mother rang the duty line; need the record now');
  });
});

describe('restricting, granting and break-glass act only on records the user could open', () => {
  it('refuses a manager of another team, a worker outside the team, and must-not-receive on a case they do not work on', async () => {
    const { adminService } = await import('../../src/features/admin/service.js');
    const { casesService } = await import('../../src/features/cases/service.js');
    const { SafetyError } = await import('../../src/features/safety/service.js');
    const { AccessRefused } = await import('../../src/platform/access/decide.js');
    const system = { kind: 'system', tenantId: tenant.id } as const;
    const admin = adminService(t.db);
    const north = (await admin.createTeam(system, 'North', null)).id;
    const south = (await admin.createTeam(system, 'South', null)).id;
    await admin.updateUser(system, manager.id, { name: 'Test team-manager', roles: ['team-manager'], teamIds: [south] }, null);
    const southManager = await user(manager.id);
    const created = await admin.createUser(system, { email: `north-manager@${tenant.slug}.test.invalid`, name: 'North manager', roles: ['team-manager'], teamIds: [north], password: TEST_PASSWORD }, null);
    const northManager = await user(created.user.id);
    const mashManager = await user(tenant.users['mash-manager'].id);
    const child = (await peopleService(t.db).create({ kind: 'user', user: mashManager }, { givenName: 'Kid', familyName: 'North' }, 'r')).id;
    const northCase = (await casesService(t.db).open(mashManager, { stage: 'assessment', members: [{ personId: child, role: 'child' }], teamId: north }, 'r')).id;
    const safety = safetyService(t.db);
    // The south manager may see cases at all, so they are told they do not work on this one (403), and nothing changes.
    const notTheirs = (p: Promise<unknown>) => expect(p).rejects.toSatisfy((e) => e instanceof AccessRefused && e.status === 403 && e.reason === 'no-relationship');
    await notTheirs(safety.restrict(southManager, 'case', northCase, 'Not my team', 'r'));
    await notTheirs(safety.grant(southManager, 'case', northCase, worker.id, 'Not my team', 'r'));
    await notTheirs(safety.addMustNotReceive(southManager, northCase, child, ['address'], 'Not my team', 'r'));
    const untouched = await t.db.owner().selectFrom('cases').select('restricted').where('id', '=', northCase).executeTakeFirstOrThrow();
    expect(untouched.restricted).toBe(false);
    expect(await t.db.owner().selectFrom('access_grants').select('id').where('subject_id', '=', northCase).execute()).toEqual([]);
    expect(await t.db.owner().selectFrom('must_not_receive').select('id').where('case_id', '=', northCase).execute()).toEqual([]);

    // The team's manager restricts it and keeps access; a worker outside the team is refused it, and may only break glass.
    await safety.restrict(northManager, 'case', northCase, 'Staff relative', 'r');
    await expect(casesService(t.db).overview(worker, northCase)).rejects.toSatisfy((e) => e instanceof AccessRefused && e.status === 403 && e.reason === 'restricted' && e.breakGlass);
    // Someone who could not open a case even with access (an agency representative) cannot break glass on it: it is not found.
    const agencyRep = await user(tenant.users['agency-rep'].id);
    await expect(safety.breakGlass(agencyRep, 'case', northCase, 'Curious', 'r')).rejects.toSatisfy((e) => e instanceof SafetyError && e.status === 404);
    const state = await t.db.owner().selectFrom('access_grants').select(['kind', 'user_id']).where('subject_id', '=', northCase).execute();
    expect(state).toEqual([{ kind: 'grant', user_id: northManager.id }]);
  });
});

describe('a restricted person and cases', () => {
  it('cannot be put on a case by someone without access', async () => {
    const { casesService, CaseError } = await import('../../src/features/cases/service.js');
    const stranger = await user(tenant.users['mash-manager'].id);
    const child = (await peopleService(t.db).create({ kind: 'user', user: stranger }, { givenName: 'Kid', familyName: 'Open' }, 'r')).id;
    const secret = (await peopleService(t.db).create({ kind: 'user', user: stranger }, { givenName: 'Hidden', familyName: 'Relative' }, 'r')).id;
    await t.db.owner().updateTable('people').set({ restricted: true }).where('id', '=', secret).execute();
    const open = casesService(t.db).open(stranger, { stage: 'assessment', members: [{ personId: child, role: 'child' }, { personId: secret, role: 'other-adult' }] }, 'r');
    await expect(open).rejects.toSatisfy((e) => e instanceof CaseError && e.status === 400 && /restricted/.test(e.message));
    const cases = await t.db.owner().selectFrom('case_members').select('case_id').where('person_id', '=', child).execute();
    expect(cases).toHaveLength(0);
  });
});
