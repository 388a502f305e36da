import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { peopleService } from '../../src/features/people/service.js';
import { loadUser } from '../../src/platform/auth/current-user.js';
import { paths } from '../../src/platform/http/paths.js';
import { createTestTenant, signedIn, startTestApp, type TestApp, type TestTenant } from '../helpers/app.js';

let t: TestApp;
let tenant: TestTenant;
let personId: string;

beforeAll(async () => {
  t = await startTestApp();
  tenant = await createTestTenant(t.db);
  const user = (await t.db.tenant(tenant.id, (trx) => loadUser(trx, tenant.users['mash-worker'].id)))!;
  personId = (await peopleService(t.db).create({ kind: 'user', user }, { givenName: 'Idris', familyName: 'Identified' }, 'r')).id;
});
afterAll(() => t.close());

const identifiers = () => t.db.owner().selectFrom('person_identifiers').select(['agency', 'identifier']).where('person_id', '=', personId).execute();

describe('identifiers from other agencies', () => {
  it('adds an identifier from the person page and shows it there, audited', async () => {
    const v = await signedIn(t.app, tenant.users['mash-worker'].email);
    const page = await v.get(paths.people.person(personId));
    expect(page.body).toContain(paths.people.addIdentifier(personId));
    expect((await v.get(paths.people.addIdentifier(personId))).statusCode).toBe(200);
    const res = await v.post(paths.people.addIdentifier(personId), { agency: 'Police', identifier: 'PNC-00/123456Z' });
    expect(res.statusCode).toBe(303);
    expect(await identifiers()).toEqual([{ agency: 'Police', identifier: 'PNC-00/123456Z' }]);
    const after = await v.get(res.headers.location as string);
    expect(after.body).toContain('PNC-00/123456Z');
    expect(after.body).toContain('The identifier has been added');
    const events = await t.db.owner().selectFrom('audit_events').select('action').where('subject_id', '=', personId).where('action', '=', 'person.add-identifier').execute();
    expect(events).toHaveLength(1);
  });

  it('refuses an empty or overlong form with field errors, saving nothing', async () => {
    const v = await signedIn(t.app, tenant.users['mash-worker'].email);
    await v.get(paths.people.addIdentifier(personId));
    const before = (await identifiers()).length;
    const empty = await v.post(paths.people.addIdentifier(personId), { agency: '', identifier: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('<a href="#agency">Enter the agency</a>');
    expect(empty.body).toContain('<a href="#identifier">Enter the identifier</a>');
    const long = await v.post(paths.people.addIdentifier(personId), { agency: 'School', identifier: 'x'.repeat(101) });
    expect(long.statusCode).toBe(400);
    expect((await identifiers()).length).toBe(before);
  });

  it('is refused to roles that cannot edit people', async () => {
    const v = await signedIn(t.app, tenant.users['marac-coordinator'].email);
    expect((await v.get(paths.people.addIdentifier(personId))).statusCode).toBe(403);
    expect((await v.post(paths.people.addIdentifier(personId), { agency: 'Police', identifier: 'X' })).statusCode).toBe(403);
  });
});
