import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDaServices } from '../../src/features/da-services/demo.js';
import { servicesForBand, type DaService } from '../../src/features/da-services/service.js';
import { paths } from '../../src/platform/http/paths.js';
import { createTestTenant, signedIn, startTestApp, type TestApp, type TestTenant, type Visitor } from '../helpers/app.js';
import { errorSummary, h1s } from '../helpers/pages.js';

let t: TestApp;
let tenant: TestTenant;
let admin: Visitor;
let counter = 0;

async function rows(tenantId = tenant.id) {
  return t.db.tenant(tenantId, (trx) => trx.selectFrom('da_services').selectAll().orderBy('created_at').orderBy('id').execute());
}

async function row(id: string) {
  return t.db.tenant(tenant.id, (trx) => trx.selectFrom('da_services').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
}

async function auditEvents(action: string, tenantId = tenant.id) {
  return t.db.owner().selectFrom('audit_events').selectAll().where('tenant_id', '=', tenantId).where('action', '=', action).orderBy('seq').execute();
}

const valid = () => {
  counter += 1;
  return { name: `Test IDSVA Service ${counter}`, offers: 'A named adviser and a safety plan reviewed every 6 weeks.', howToRefer: 'Secure email to referrals@idsva.test.invalid', band: 'high' };
};

/** Adds a service through the pages and gives its id. */
async function addThroughPage(v: Visitor, fields: Record<string, string>): Promise<string> {
  await v.get(paths.admin.newDaService);
  const res = await v.post(paths.admin.daServices, fields);
  expect(res.statusCode).toBe(303);
  const id = /added=([0-9a-f-]{36})/.exec(res.headers.location as string)?.[1];
  if (!id) throw new Error(`no service id in ${String(res.headers.location)}`);
  return id;
}

beforeAll(async () => {
  t = await startTestApp();
  tenant = await createTestTenant(t.db);
  admin = await signedIn(t.app, tenant.users.admin.email);
});
afterAll(() => t.close());

describe('the list of domestic abuse services', () => {
  it('shows the three levels of risk, and says when no service takes referrals for one', async () => {
    const other = await createTestTenant(t.db);
    const v = await signedIn(t.app, other.users.admin.email);
    const res = await v.get(paths.admin.daServices);
    expect(res.statusCode).toBe(200);
    expect(h1s(res.body)).toEqual(['Domestic abuse services']);
    expect(res.body).toContain('<title>Domestic abuse services – Wraparound</title>');
    for (const label of ['High risk', 'Medium risk', 'Standard risk']) expect(res.body).toContain(`>${label}</h2>`);
    expect(res.body).toContain('No service is taking referrals for high risk');
    expect(res.body).toContain(`href="${paths.admin.newDaService}"`);
  });
});

describe('adding a service', () => {
  it('adds a service, lists it under its level of risk and audits it without its text', async () => {
    const form = await admin.get(paths.admin.newDaService);
    expect(form.statusCode).toBe(200);
    expect(h1s(form.body)).toEqual(['Add a domestic abuse service']);
    expect(form.body).toContain('name="_csrf"');
    for (const field of ['name', 'offers', 'howToRefer', 'band']) expect(form.body).toContain(`id="${field}"`);
    expect(form.body).not.toContain('name="active"');

    const fields = { name: 'Northgate Floating Support', offers: 'Home visits for up to 6 months.\r\nHelp with housing.', howToRefer: 'Phone 01632 960111', band: 'medium' };
    const id = await addThroughPage(admin, fields);
    const saved = await row(id);
    expect(saved).toMatchObject({ name: fields.name, offers: 'Home visits for up to 6 months.\nHelp with housing.', how_to_refer: fields.howToRefer, band: 'medium', active: true, tenant_id: tenant.id });

    const list = await admin.get(`${paths.admin.daServices}?added=${id}`);
    expect(list.body).toContain('Service added: Northgate Floating Support');
    const medium = list.body.split('>Medium risk</h2>')[1]!.split('>Standard risk</h2>')[0]!;
    expect(medium).toContain('Northgate Floating Support');
    expect(medium).toContain('Home visits for up to 6 months.<br />');
    expect(medium).toContain(`href="${paths.admin.daService(id)}"`);
    expect(list.body).not.toContain('No service is taking referrals for medium risk');

    const [event] = (await auditEvents('da-service.add')).filter((e) => e.subject_id === id);
    expect(event).toMatchObject({ actor_type: 'user', actor_id: tenant.users.admin.id, subject_type: 'da-service' });
    expect(JSON.stringify(event!.details)).not.toContain('Northgate');
    expect(JSON.stringify(event!.details)).not.toContain('01632');
  });

  it('trims spaces from the ends of the name', async () => {
    const id = await addThroughPage(admin, { ...valid(), name: '  Spaced Service  ' });
    expect((await row(id)).name).toBe('Spaced Service');
  });

  const cases: { label: string; fields: Record<string, string | undefined>; field: string; message: string }[] = [
    { label: 'no name', fields: { name: '   ' }, field: 'name', message: 'Enter the service’s name' },
    { label: 'a missing name field', fields: { name: undefined }, field: 'name', message: 'Enter the service’s name' },
    { label: 'a name too long', fields: { name: 'N'.repeat(201) }, field: 'name', message: 'Enter a name of 200 characters or fewer' },
    { label: 'nothing on what it offers', fields: { offers: '' }, field: 'offers', message: 'Say what the service offers' },
    { label: 'an offer too long', fields: { offers: 'o'.repeat(2001) }, field: 'offers', message: 'Say what the service offers in 2000 characters or fewer' },
    { label: 'no way to refer', fields: { howToRefer: ' ' }, field: 'howToRefer', message: 'Say how to refer' },
    { label: 'a way to refer too long', fields: { howToRefer: 'r'.repeat(2001) }, field: 'howToRefer', message: 'Say how to refer in 2000 characters or fewer' },
    { label: 'no level of risk', fields: { band: undefined }, field: 'band', message: 'Choose the level of risk the service is for' },
    { label: 'an unknown level of risk', fields: { band: 'severe' }, field: 'band', message: 'Choose the level of risk the service is for' },
  ];
  for (const c of cases) {
    it(`refuses ${c.label} and adds nothing`, async () => {
      const before = await rows();
      const audits = (await auditEvents('da-service.add')).length;
      const fields = Object.fromEntries(Object.entries({ ...valid(), ...c.fields }).filter((e): e is [string, string] => e[1] !== undefined));
      const res = await admin.post(paths.admin.daServices, fields);
      expect(res.statusCode).toBe(400);
      expect(errorSummary(res.body)).toEqual({ [c.field]: c.message });
      expect(res.body).toContain(`<p id="${c.field}-error" class="govuk-error-message">`);
      expect(res.body).toContain('<title>Error: Add a domestic abuse service – Wraparound</title>');
      expect(h1s(res.body)).toEqual(['Add a domestic abuse service']);
      if (c.field !== 'name') expect(res.body).toContain(`value="${fields.name}"`);
      expect(await rows()).toEqual(before);
      expect(await auditEvents('da-service.add')).toHaveLength(audits);
    });
  }

  it('reports every problem at once', async () => {
    const res = await admin.post(paths.admin.daServices, { name: '', offers: '', howToRefer: '' });
    expect(res.statusCode).toBe(400);
    expect(Object.keys(errorSummary(res.body))).toEqual(['name', 'offers', 'howToRefer', 'band']);
  });

  it('refuses a form sent without the CSRF token', async () => {
    const before = await rows();
    const res = await admin.post(paths.admin.daServices, valid(), { csrf: false });
    expect(res.statusCode).toBe(403);
    expect(await rows()).toEqual(before);
  });
});

describe('changing a service', () => {
  it('changes a service and audits the names of the fields that changed', async () => {
    const id = await addThroughPage(admin, valid());
    const page = await admin.get(paths.admin.daService(id));
    expect(page.statusCode).toBe(200);
    const current = await row(id);
    expect(h1s(page.body)).toEqual([`Change ${current.name}`]);
    expect(page.body).toContain(`value="${current.name}"`);
    expect(page.body).toMatch(/value="high" checked/);
    expect(page.body).toMatch(/value="yes" checked/);

    const res = await admin.post(paths.admin.daService(id), { name: 'Renamed Service', offers: current.offers, howToRefer: 'Phone 01632 960999', band: 'standard', active: 'yes' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${paths.admin.daServices}?changed=${id}`);
    expect((await admin.get(res.headers.location as string)).body).toContain('Changes saved: Renamed Service');
    expect(await row(id)).toMatchObject({ name: 'Renamed Service', offers: current.offers, how_to_refer: 'Phone 01632 960999', band: 'standard', active: true });
    const [event] = (await auditEvents('da-service.change')).filter((e) => e.subject_id === id);
    expect(event).toMatchObject({ actor_id: tenant.users.admin.id, subject_type: 'da-service', details: { changed: ['name', 'howToRefer', 'band'], band: 'standard', active: true } });
  });

  it('deactivates a service: it stays listed but is no longer offered', async () => {
    const id = await addThroughPage(admin, { ...valid(), band: 'standard' });
    const current = await row(id);
    const res = await admin.post(paths.admin.daService(id), { name: current.name, offers: current.offers, howToRefer: current.how_to_refer, band: 'standard', active: 'no' });
    expect(res.statusCode).toBe(303);
    expect((await row(id)).active).toBe(false);
    const offered = await t.db.tenant(tenant.id, (trx) => servicesForBand(trx, 'standard'));
    expect(offered.map((s) => s.id)).not.toContain(id);
    const list = await admin.get(paths.admin.daServices);
    const card = new RegExp(`${current.name}[\\s\\S]*?</dl>`).exec(list.body)?.[0] ?? '';
    expect(card).toContain('No, not taking referrals');
    const events = (await auditEvents('da-service.change')).filter((e) => e.subject_id === id);
    expect(events.map((e) => e.details)).toEqual([{ changed: ['active'], band: 'standard', active: false }]);

    await admin.post(paths.admin.daService(id), { name: current.name, offers: current.offers, howToRefer: current.how_to_refer, band: 'standard', active: 'yes' });
    expect((await row(id)).active).toBe(true);
  });

  const editCases: { label: string; fields: Record<string, string | undefined>; field: string; message: string }[] = [
    { label: 'no name', fields: { name: '' }, field: 'name', message: 'Enter the service’s name' },
    { label: 'a name too long', fields: { name: 'x'.repeat(201) }, field: 'name', message: 'Enter a name of 200 characters or fewer' },
    { label: 'nothing on what it offers', fields: { offers: '\r\n' }, field: 'offers', message: 'Say what the service offers' },
    { label: 'an offer too long', fields: { offers: 'o'.repeat(2001) }, field: 'offers', message: 'Say what the service offers in 2000 characters or fewer' },
    { label: 'no way to refer', fields: { howToRefer: undefined }, field: 'howToRefer', message: 'Say how to refer' },
    { label: 'a way to refer too long', fields: { howToRefer: 'r'.repeat(2001) }, field: 'howToRefer', message: 'Say how to refer in 2000 characters or fewer' },
    { label: 'an unknown level of risk', fields: { band: 'HIGH' }, field: 'band', message: 'Choose the level of risk the service is for' },
    { label: 'no answer on taking referrals', fields: { active: undefined }, field: 'active', message: 'Say whether the service is taking referrals' },
    { label: 'a strange answer on taking referrals', fields: { active: 'maybe' }, field: 'active', message: 'Say whether the service is taking referrals' },
  ];
  for (const c of editCases) {
    it(`refuses a change with ${c.label} and changes nothing`, async () => {
      const id = await addThroughPage(admin, valid());
      const before = await row(id);
      const fields = Object.fromEntries(
        Object.entries({ name: 'Changed', offers: 'Changed offer', howToRefer: 'Changed route', band: 'medium', active: 'no', ...c.fields }).filter((e): e is [string, string] => e[1] !== undefined),
      );
      const res = await admin.post(paths.admin.daService(id), fields);
      expect(res.statusCode).toBe(400);
      expect(errorSummary(res.body)).toEqual({ [c.field]: c.message });
      expect(res.body).toContain(`<p id="${c.field}-error" class="govuk-error-message">`);
      expect(h1s(res.body)).toEqual([`Change ${before.name}`]);
      expect(await row(id)).toEqual(before);
      expect((await auditEvents('da-service.change')).filter((e) => e.subject_id === id)).toHaveLength(0);
    });
  }

  it('answers 404 for a service that does not exist or is not an id', async () => {
    const missing = randomUUID();
    expect((await admin.get(paths.admin.daService(missing))).statusCode).toBe(404);
    expect((await admin.get(paths.admin.daService('not-an-id'))).statusCode).toBe(404);
    expect((await admin.post(paths.admin.daService(missing), { ...valid(), active: 'yes' })).statusCode).toBe(404);
  });
});

describe('who may see and change services', () => {
  it('refuses a social worker every page (403) and changes nothing', async () => {
    const id = await addThroughPage(admin, valid());
    const before = await row(id);
    const worker = await signedIn(t.app, tenant.users['social-worker'].email);
    for (const url of [paths.admin.daServices, paths.admin.newDaService, paths.admin.daService(id)]) expect((await worker.get(url)).statusCode, url).toBe(403);
    const count = (await rows()).length;
    expect((await worker.post(paths.admin.daServices, valid())).statusCode).toBe(403);
    expect((await worker.post(paths.admin.daService(id), { ...valid(), active: 'no' })).statusCode).toBe(403);
    expect(await rows()).toHaveLength(count);
    expect(await row(id)).toEqual(before);
  });

  it("keeps each local authority's services apart", async () => {
    const other = await createTestTenant(t.db);
    const otherAdmin = await signedIn(t.app, other.users.admin.email);
    const fields = { ...valid(), name: 'Only In The First Council' };
    const id = await addThroughPage(admin, fields);
    const list = await otherAdmin.get(paths.admin.daServices);
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain('Only In The First Council');
    expect((await otherAdmin.get(paths.admin.daService(id))).statusCode).toBe(404);
    const before = await row(id);
    expect((await otherAdmin.post(paths.admin.daService(id), { ...valid(), active: 'no' })).statusCode).toBe(404);
    expect(await row(id)).toEqual(before);
    expect(await rows(other.id)).toEqual([]);
    expect(await t.db.tenant(other.id, (trx) => servicesForBand(trx, 'high'))).toEqual([]);
  });
});

describe('servicesForBand', () => {
  it('gives the active services of that level of risk only, by name', async () => {
    const other = await createTestTenant(t.db);
    const v = await signedIn(t.app, other.users.admin.email);
    const add = (name: string, band: string) => addThroughPage(v, { name, offers: 'Support', howToRefer: 'Email', band });
    const zeta = await add('zeta support', 'high');
    const alpha = await add('Alpha Advocacy', 'high');
    const gone = await add('Beta Closed', 'high');
    await add('Medium One', 'medium');
    await add('Standard One', 'standard');
    await v.post(paths.admin.daService(gone), { name: 'Beta Closed', offers: 'Support', howToRefer: 'Email', band: 'high', active: 'no' });

    const high = await t.db.tenant(other.id, (trx) => servicesForBand(trx, 'high'));
    expect(high).toEqual<DaService[]>([
      { id: alpha, name: 'Alpha Advocacy', offers: 'Support', howToRefer: 'Email', band: 'high', active: true },
      { id: zeta, name: 'zeta support', offers: 'Support', howToRefer: 'Email', band: 'high', active: true },
    ]);
    expect((await t.db.tenant(other.id, (trx) => servicesForBand(trx, 'medium'))).map((s) => s.name)).toEqual(['Medium One']);
    expect((await t.db.tenant(other.id, (trx) => servicesForBand(trx, 'standard'))).map((s) => s.name)).toEqual(['Standard One']);
  });

  it('finds the demo services, one for each level of risk, audited as the system', async () => {
    const other = await createTestTenant(t.db);
    await t.db.tenant(other.id, (trx) => seedDaServices(trx, other.id));
    const byBand = await t.db.tenant(other.id, async (trx) => ({
      high: await servicesForBand(trx, 'high'),
      medium: await servicesForBand(trx, 'medium'),
      standard: await servicesForBand(trx, 'standard'),
    }));
    expect(byBand.high.map((s) => s.name)).toEqual(['Northgate IDSVA Service']);
    expect(byBand.high[0]!.offers).toContain('reviewed every 6 weeks');
    expect(byBand.medium).toHaveLength(1);
    expect(byBand.standard).toHaveLength(1);
    for (const s of [...byBand.high, ...byBand.medium, ...byBand.standard]) {
      for (const phone of `${s.offers} ${s.howToRefer}`.match(/\b0\d{3,4} ?\d{3} ?\d{3,4}\b/g) ?? []) expect(phone.replace(/ /g, '')).toMatch(/^01632960\d{3}$/);
    }
    const events = await auditEvents('da-service.add', other.id);
    expect(events).toHaveLength(3);
    expect(events.every((e) => e.actor_type === 'system')).toBe(true);
  });
});
