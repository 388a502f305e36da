import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MARAC_SETTINGS } from '../../src/domain/marac/criteria.js';
import { maracSettingsOf, riskSettingsFor, type RiskSettings } from '../../src/features/risk-settings/service.js';
import { paths } from '../../src/platform/http/paths.js';
import { createTestTenant, signedIn, startTestApp, type TestApp, type TestTenant, type Visitor } from '../helpers/app.js';
import { errorSummary, h1s } from '../helpers/pages.js';

let t: TestApp;

const DEFAULTS: RiskSettings = { bands: { high: 14, medium: 10 }, reviewWeeks: 6, escalationIncidents: 3, escalationMonths: 12, repeatMonths: 12, instrumentVersions: {} };

const VALID = { highFrom: '16', mediumFrom: '9', reviewWeeks: '4', escalationIncidents: '4', escalationMonths: '6', repeatMonths: '18' };

const settingsOf = (tenant: TestTenant) => t.db.tenant(tenant.id, riskSettingsFor);
const savedRows = (tenant: TestTenant) => t.db.tenant(tenant.id, (trx) => trx.selectFrom('risk_settings').selectAll().execute());
const auditEvents = (tenant: TestTenant) =>
  t.db.owner().selectFrom('audit_events').selectAll().where('tenant_id', '=', tenant.id).where('action', '=', 'risk-settings.change').orderBy('seq').execute();

/** A fresh local authority and its signed-in administrator. */
async function freshAdmin(): Promise<{ tenant: TestTenant; admin: Visitor }> {
  const tenant = await createTestTenant(t.db);
  return { tenant, admin: await signedIn(t.app, tenant.users.admin.email) };
}

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('risk settings', () => {
  it('shows the defaults when the local authority has saved none', async () => {
    const { tenant, admin } = await freshAdmin();
    expect(await settingsOf(tenant)).toEqual(DEFAULTS);
    expect(maracSettingsOf(await settingsOf(tenant))).toEqual(DEFAULT_MARAC_SETTINGS);
    const page = await admin.get(paths.admin.riskSettings);
    expect(page.statusCode).toBe(200);
    expect(h1s(page.body)).toEqual(['Risk settings']);
    expect(page.body).toContain('<title>Risk settings – Wraparound</title>');
    expect(page.body).toContain('has not changed these settings');
    expect(page.body).toContain('name="_csrf"');
    for (const [field, value] of Object.entries({ highFrom: 14, mediumFrom: 10, reviewWeeks: 6, escalationIncidents: 3, escalationMonths: 12, repeatMonths: 12 })) {
      expect(page.body).toMatch(new RegExp(`id="${field}" name="${field}" type="text"[^>]*value="${value}"`));
    }
  });

  it('saves the settings, shows them, and audits the numbers that changed', async () => {
    const { tenant, admin } = await freshAdmin();
    await admin.get(paths.admin.riskSettings);
    const res = await admin.post(paths.admin.riskSettings, VALID);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${paths.admin.riskSettings}?saved=1`);
    const saved = await settingsOf(tenant);
    expect(saved).toEqual({ bands: { high: 16, medium: 9 }, reviewWeeks: 4, escalationIncidents: 4, escalationMonths: 6, repeatMonths: 18, instrumentVersions: {} });
    expect(maracSettingsOf(saved)).toEqual({
      bands: { high: 16, medium: 9 },
      escalationIncidents: 4,
      escalationMonths: 6,
      repeatMonths: 18,
      reReferralsWithoutProgress: DEFAULT_MARAC_SETTINGS.reReferralsWithoutProgress,
      longTermMonths: DEFAULT_MARAC_SETTINGS.longTermMonths,
    });
    const page = await admin.get(res.headers.location as string);
    expect(page.body).toContain('Risk settings saved');
    expect(page.body).not.toContain('has not changed these settings');
    expect(page.body).toMatch(/id="highFrom" name="highFrom" type="text"[^>]*value="16"/);

    const [event] = await auditEvents(tenant);
    expect(event).toMatchObject({ actor_type: 'user', actor_id: tenant.users.admin.id, subject_type: 'risk-settings' });
    expect(event!.details).toEqual({
      changed: ['highFrom', 'mediumFrom', 'reviewWeeks', 'escalationIncidents', 'escalationMonths', 'repeatMonths'],
      from: { highFrom: 14, mediumFrom: 10, reviewWeeks: 6, escalationIncidents: 3, escalationMonths: 12, repeatMonths: 12 },
      to: { highFrom: 16, mediumFrom: 9, reviewWeeks: 4, escalationIncidents: 4, escalationMonths: 6, repeatMonths: 18 },
    });

    // Saving again updates the one row, and keeps the instrument versions set elsewhere.
    await t.db.tenant(tenant.id, (trx) => trx.updateTable('risk_settings').set({ instrument_versions: JSON.stringify({ 'dash-ric': 1 }) }).execute());
    expect((await admin.post(paths.admin.riskSettings, { ...VALID, highFrom: ' 17 ' })).statusCode).toBe(303);
    expect(await savedRows(tenant)).toHaveLength(1);
    expect(await settingsOf(tenant)).toMatchObject({ bands: { high: 17, medium: 9 }, instrumentVersions: { 'dash-ric': 1 } });
    const events = await auditEvents(tenant);
    expect(events).toHaveLength(2);
    expect(events[1]!.details).toEqual({ changed: ['highFrom'], from: { highFrom: 16 }, to: { highFrom: 17 } });
  });

  it('refuses a lowest score for medium risk at or above the one for high risk, and changes nothing', async () => {
    const { tenant, admin } = await freshAdmin();
    await admin.get(paths.admin.riskSettings);
    for (const [high, medium] of [
      ['12', '12'],
      ['12', '13'],
    ] as const) {
      const res = await admin.post(paths.admin.riskSettings, { ...VALID, highFrom: high, mediumFrom: medium });
      expect(res.statusCode).toBe(400);
      expect(errorSummary(res.body)).toEqual({ mediumFrom: 'The lowest score for medium risk must be less than the lowest score for high risk' });
      expect(res.body).toContain('<p id="mediumFrom-error" class="govuk-error-message">');
      expect(res.body).toContain('<title>Error: Risk settings – Wraparound</title>');
      expect(h1s(res.body)).toEqual(['Risk settings']);
      expect(res.body).toMatch(new RegExp(`id="mediumFrom" name="mediumFrom" type="text"[^>]*value="${medium}"`));
    }
    expect(await savedRows(tenant)).toEqual([]);
    expect(await auditEvents(tenant)).toEqual([]);
  });

  const cases: { label: string; fields: Record<string, string>; field: string; message: string }[] = [
    { label: 'an empty high score', fields: { highFrom: '' }, field: 'highFrom', message: 'Enter the lowest score for high risk' },
    { label: 'a decimal high score', fields: { highFrom: '14.5' }, field: 'highFrom', message: 'The lowest score for high risk must be a whole number, like 14' },
    { label: 'a high score of 1', fields: { highFrom: '1' }, field: 'highFrom', message: 'The lowest score for high risk must be between 2 and 999' },
    { label: 'a medium score in words', fields: { mediumFrom: 'ten' }, field: 'mediumFrom', message: 'The lowest score for medium risk must be a whole number, like 10' },
    { label: 'a medium score of 0', fields: { mediumFrom: '0' }, field: 'mediumFrom', message: 'The lowest score for medium risk must be between 1 and 998' },
    { label: 'a negative medium score', fields: { mediumFrom: '-3' }, field: 'mediumFrom', message: 'The lowest score for medium risk must be between 1 and 998' },
    { label: 'no review weeks', fields: { reviewWeeks: ' ' }, field: 'reviewWeeks', message: 'Enter how many weeks until a review' },
    { label: '53 review weeks', fields: { reviewWeeks: '53' }, field: 'reviewWeeks', message: 'The weeks until a review must be between 1 and 52' },
    { label: 'review weeks as 1e1', fields: { reviewWeeks: '1e1' }, field: 'reviewWeeks', message: 'The weeks until a review must be a whole number, like 6' },
    { label: '51 incidents', fields: { escalationIncidents: '51' }, field: 'escalationIncidents', message: 'The incidents for potential escalation must be between 1 and 50' },
    { label: 'no incidents', fields: { escalationIncidents: '0' }, field: 'escalationIncidents', message: 'The incidents for potential escalation must be between 1 and 50' },
    { label: '61 escalation months', fields: { escalationMonths: '61' }, field: 'escalationMonths', message: 'The months for potential escalation must be between 1 and 60' },
    { label: 'escalation months as text', fields: { escalationMonths: 'a year' }, field: 'escalationMonths', message: 'The months for potential escalation must be a whole number, like 12' },
    { label: 'no repeat months', fields: { repeatMonths: '' }, field: 'repeatMonths', message: 'Enter how many months after a referral an incident makes a repeat' },
    { label: 'a huge number of repeat months', fields: { repeatMonths: '99999999999999999999' }, field: 'repeatMonths', message: 'The months for a repeat referral must be between 1 and 60' },
  ];
  for (const c of cases) {
    it(`refuses ${c.label} and changes nothing`, async () => {
      const { tenant, admin } = await freshAdmin();
      await admin.get(paths.admin.riskSettings);
      expect((await admin.post(paths.admin.riskSettings, VALID)).statusCode).toBe(303);
      const before = await savedRows(tenant);
      const res = await admin.post(paths.admin.riskSettings, { ...VALID, ...c.fields });
      expect(res.statusCode).toBe(400);
      expect(errorSummary(res.body)).toEqual({ [c.field]: c.message });
      expect(res.body).toContain(`<p id="${c.field}-error" class="govuk-error-message">`);
      expect(await savedRows(tenant)).toEqual(before);
      expect(await auditEvents(tenant)).toHaveLength(1);
    });
  }

  it('reports every problem at once, and a missing field as empty', async () => {
    const { admin } = await freshAdmin();
    await admin.get(paths.admin.riskSettings);
    const res = await admin.post(paths.admin.riskSettings, { highFrom: 'x', mediumFrom: '' });
    expect(res.statusCode).toBe(400);
    expect(Object.keys(errorSummary(res.body))).toEqual(['highFrom', 'mediumFrom', 'reviewWeeks', 'escalationIncidents', 'escalationMonths', 'repeatMonths']);
  });

  it('is for administrators only (403 for a social worker), and nothing changes', async () => {
    const { tenant } = await freshAdmin();
    const worker = await signedIn(t.app, tenant.users['social-worker'].email);
    expect((await worker.get(paths.admin.riskSettings)).statusCode).toBe(403);
    expect((await worker.post(paths.admin.riskSettings, VALID)).statusCode).toBe(403);
    expect(await savedRows(tenant)).toEqual([]);
  });

  it("keeps each local authority's settings apart", async () => {
    const a = await freshAdmin();
    const b = await freshAdmin();
    await a.admin.get(paths.admin.riskSettings);
    expect((await a.admin.post(paths.admin.riskSettings, VALID)).statusCode).toBe(303);
    expect((await settingsOf(a.tenant)).bands).toEqual({ high: 16, medium: 9 });
    expect(await settingsOf(b.tenant)).toEqual(DEFAULTS);
    const page = await b.admin.get(paths.admin.riskSettings);
    expect(page.body).toMatch(/id="highFrom" name="highFrom" type="text"[^>]*value="14"/);
  });
});
