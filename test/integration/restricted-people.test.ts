import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { relationshipsService } from '../../src/features/people/relationships-service.js';
import { PeopleError, peopleService } from '../../src/features/people/service.js';
import { whereaboutsService } from '../../src/features/people/whereabouts-service.js';
import { safetyService } from '../../src/features/safety/service.js';
import { loadUser, type CurrentUser } from '../../src/platform/auth/current-user.js';
import { createTestTenant, startTestApp, type TestApp, type TestTenant } from '../helpers/app.js';

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
