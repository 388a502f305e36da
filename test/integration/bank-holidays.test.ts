import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarService } from '../../src/features/calendar/service.js';
import { plainDate } from '../../src/domain/calendar/plain-date.js';
import { createTestTenant, signedIn, startTestApp, type TestApp, type TestTenant } from '../helpers/app.js';

let t: TestApp;
let tenant: TestTenant;

const file2029 = JSON.stringify({
  'england-and-wales': {
    division: 'england-and-wales',
    events: [
      { title: "New Year's Day", date: '2029-01-01', notes: '' },
      { title: 'Good Friday', date: '2029-03-30', notes: '' },
    ],
  },
  scotland: { division: 'scotland', events: [{ title: 'St Andrew’s Day', date: '2029-11-30', notes: '' }] },
});

beforeAll(async () => {
  t = await startTestApp();
  tenant = await createTestTenant(t.db);
});
afterAll(() => t.close());

describe('importing bank holidays', () => {
  it('lets an administrator import later years, which then count in deadlines', async () => {
    const admin = await signedIn(t.app, tenant.users.admin.email);
    const page = await admin.get('/admin/bank-holidays');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('2024 to 2028');
    const before = await calendarService(t.db).calendarFor(tenant.id);
    expect(before.isWorkingDay(plainDate('2029-01-01'))).toBe(true);
    const res = await admin.post('/admin/bank-holidays', { json: file2029 });
    expect(res.statusCode).toBe(303);
    const after = await calendarService(t.db).calendarFor(tenant.id);
    expect(after.isWorkingDay(plainDate('2029-01-01'))).toBe(false);
    expect(after.isWorkingDay(plainDate('2029-11-30'))).toBe(true); // Scotland's list is not used
    expect(after.addWorkingDays(plainDate('2028-12-29'), 1)).toBe('2029-01-02');
    const shown = await admin.get('/admin/bank-holidays');
    expect(shown.body).toContain('2024 to 2029');
    expect(shown.body).toContain('30 March 2029');
  });

  it('refuses a broken file with a clear error and saves nothing', async () => {
    const admin = await signedIn(t.app, tenant.users.admin.email);
    const count = async () => (await t.db.tenant(tenant.id, (trx) => trx.selectFrom('bank_holidays').select('date').execute())).length;
    const before = await count();
    const notJson = await admin.post('/admin/bank-holidays', { json: '{ not json' });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.body).toContain('gov.uk/bank-holidays.json');
    const badDate = await admin.post('/admin/bank-holidays', { json: JSON.stringify({ 'england-and-wales': { events: [{ title: 'Fine', date: '2030-01-01' }, { title: 'Bad', date: '2030-02-30' }] } }) });
    expect(badDate.statusCode).toBe(400);
    expect(badDate.body).toContain('Event 2');
    const empty = await admin.post('/admin/bank-holidays', { json: '' });
    expect(empty.statusCode).toBe(400);
    expect(await count()).toBe(before);
  });

  it('is for administrators only', async () => {
    const worker = await signedIn(t.app, tenant.users['social-worker'].email);
    expect((await worker.get('/admin/bank-holidays')).statusCode).toBe(403);
    expect((await worker.post('/admin/bank-holidays', { json: file2029 })).statusCode).toBe(403);
  });
});
