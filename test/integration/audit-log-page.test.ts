import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminService } from '../../src/features/admin/service.js';
import { auditLogService, detailLines } from '../../src/features/audit-log/service.js';
import { recordAudit } from '../../src/platform/audit/audit-log.js';
import { loadUser } from '../../src/platform/auth/current-user.js';
import { paths, withQuery } from '../../src/platform/http/paths.js';
import { createTestTenant, signedIn, startTestApp, type TestApp, type TestTenant, type Visitor } from '../helpers/app.js';

let t: TestApp;
let tenant: TestTenant;
let auditor: Visitor;
let createdUserId: string;

interface Row {
  who: string;
  action: string;
  record: string;
  details: string[];
}

/** The rows of the audit table, as the auditor reads them. */
function rows(body: string): Row[] {
  const tbody = /<tbody class="govuk-table__body">([\s\S]*?)<\/tbody>/.exec(body)?.[1] ?? '';
  const text = (html: string) => html.replace(/<br>/g, ' ').replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim();
  return [...tbody.matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)].map((tr) => {
    const cells = [...tr[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => m[1]!);
    return {
      who: text(cells[1] ?? ''),
      action: /<strong data-action>([^<]+)<\/strong>/.exec(cells[2] ?? '')?.[1] ?? '',
      record: text(cells[3] ?? ''),
      details: [...(cells[2] ?? '').matchAll(/<li>([^<]*)<\/li>/g)].map((m) => m[1]!),
    };
  });
}

beforeAll(async () => {
  t = await startTestApp();
  tenant = await createTestTenant(t.db);
  // An administrator adds someone through the page, so the log holds a change made by a person.
  const admin = await signedIn(t.app, tenant.users.admin.email);
  await admin.get(paths.admin.newUser);
  const res = await admin.post(paths.admin.users, { name: 'Logged Newcomer', email: `newcomer@${tenant.slug}.test.invalid`, roles: ['analyst'] });
  expect(res.statusCode).toBe(200);
  createdUserId = /href="\/admin\/users\/([0-9a-f-]{36})"/.exec(res.body)![1]!;
  // Sixty events of one kind, from the system and an API client, to page through.
  await t.db.tenant(tenant.id, async (trx) => {
    for (let n = 1; n <= 60; n++) {
      await recordAudit(trx, tenant.id, {
        actorType: n % 2 === 0 ? 'system' : 'api-client',
        actorId: null,
        action: 'test.paging',
        subjectType: 'test',
        subjectId: `subject-${n}`,
        details: { n, ids: ['a', 'b'] },
      });
    }
  });
  auditor = await signedIn(t.app, tenant.users.auditor.email);
});
afterAll(() => t.close());

describe('audit log page', () => {
  it('shows the auditor events newest first: changes, page views, who did them', async () => {
    const res = await auditor.get(paths.audit.events);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1 class="govuk-heading-l">Audit log</h1>');
    const all = rows(res.body);
    expect(all).toHaveLength(50);
    // The newest event is the auditor opening this page.
    expect(all[0]).toMatchObject({ who: 'Test auditor', action: 'page.view', record: 'audit-log' });
    expect(all[0]!.details).toEqual(['route: /audit']);
    expect(all.map((r) => r.action)).toContain('test.paging');
    expect(all.find((r) => r.record === 'test subject-60')).toMatchObject({ who: 'The system', details: ['n: 60', 'ids: a, b'] });
    expect(all.find((r) => r.record === 'test subject-59')).toMatchObject({ who: 'A partner system' });
    // 2:05pm, or midnight and midday as GOV.UK words them (a run just after midnight sees "midnight").
    expect(res.body).toMatch(/<time datetime="[^"]+">\d{1,2} \w+ \d{4} at (\d{1,2}:\d{2}(am|pm)|midnight|midday)<\/time>/);
    expect(res.body).toContain('class="govuk-pagination');
  });

  it('filters by action, and finds the user an administrator added', async () => {
    const res = await auditor.get(withQuery(paths.audit.events, { action: 'user.create' }));
    expect(res.statusCode).toBe(200);
    const found = rows(res.body);
    expect(found.length).toBeGreaterThanOrEqual(12);
    expect(new Set(found.map((r) => r.action))).toEqual(new Set(['user.create']));
    expect(found[0]).toMatchObject({ who: 'Test admin', record: `user ${createdUserId}` });
    expect(found[0]!.details).toEqual(['roles: analyst', 'teams: 0']);
    expect(found.slice(1).every((r) => r.who === 'The system')).toBe(true);
    expect(res.body).toContain('<option value="user.create" selected>');
  });

  it('filters by person and by record', async () => {
    const byAdmin = rows((await auditor.get(withQuery(paths.audit.events, { user: tenant.users.admin.id }))).body);
    expect(byAdmin.length).toBeGreaterThanOrEqual(3);
    expect(new Set(byAdmin.map((r) => r.who))).toEqual(new Set(['Test admin']));
    expect(byAdmin.map((r) => r.action)).toEqual(expect.arrayContaining(['session.sign-in', 'page.view', 'user.create']));

    const byRecord = rows((await auditor.get(withQuery(paths.audit.events, { subject: createdUserId }))).body);
    expect(byRecord.map((r) => r.action)).toEqual(['user.password-link', 'user.create']);

    const both = rows((await auditor.get(withQuery(paths.audit.events, { action: 'page.view', user: tenant.users.admin.id }))).body);
    expect(both.length).toBeGreaterThanOrEqual(1);
    expect(both.every((r) => r.action === 'page.view' && r.who === 'Test admin')).toBe(true);

    const none = await auditor.get(withQuery(paths.audit.events, { action: 'no.such-action' }));
    expect(none.statusCode).toBe(200);
    expect(none.body).toContain('No events match these filters.');
  });

  it('pages 50 events at a time, keeping the filter in the page links', async () => {
    const first = await auditor.get(withQuery(paths.audit.events, { action: 'test.paging' }));
    expect(first.body).toContain('Showing 1 to 50 of 60 events matching the filters');
    expect(rows(first.body)[0]!.record).toBe('test subject-60');
    expect(first.body).toContain('href="/audit?action=test.paging&amp;page=2"');

    const second = await auditor.get(withQuery(paths.audit.events, { action: 'test.paging', page: 2 }));
    expect(second.body).toContain('Showing 51 to 60 of 60 events matching the filters');
    expect(rows(second.body).map((r) => r.record)).toEqual(Array.from({ length: 10 }, (_, i) => `test subject-${10 - i}`));

    for (const bad of ['abc', '0', '-3']) {
      expect(rows((await auditor.get(`${paths.audit.events}?action=test.paging&page=${bad}`)).body)[0]!.record).toBe('test subject-60');
    }
    const past = await auditor.get(withQuery(paths.audit.events, { action: 'test.paging', page: 40 }));
    expect(past.body).toContain('Showing 51 to 60 of 60 events');
  });

  it('explains a filter it cannot use', async () => {
    const res = await auditor.get(withQuery(paths.audit.events, { user: 'not-a-person' }));
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('<a href="#user">Choose a person from the list</a>');
    expect(rows(res.body)).toHaveLength(0);
  });

  it('refuses everyone but the auditor', async () => {
    for (const role of ['admin', 'social-worker', 'analyst', 'team-manager'] as const) {
      const v = await signedIn(t.app, tenant.users[role].email);
      const res = await v.get(paths.audit.events);
      expect(res.statusCode, role).toBe(403);
      expect(res.body).not.toContain('data-action');
    }
  });

  it('shows only events of the auditor’s own local authority', async () => {
    const other = await createTestTenant(t.db);
    await adminService(t.db).createTeam({ kind: 'system', tenantId: other.id }, 'Elsewhere team', null);
    const res = await auditor.get(withQuery(paths.audit.events, { action: 'team.create' }));
    expect(rows(res.body)).toHaveLength(0);
    expect(res.body).not.toContain(other.users.idva.id);
  });

  it('has the service check the permission too', async () => {
    const socialWorker = await t.db.tenant(tenant.id, (trx) => loadUser(trx, tenant.users['social-worker'].id));
    if (!socialWorker) throw new Error('the social worker should exist');
    await expect(auditLogService(t.db).listEvents(socialWorker, {}, 1)).rejects.toMatchObject({ statusCode: 403 });
  });

  it('writes details as key: value text', () => {
    expect(detailLines({ route: '/audit', roles: ['idva', 'admin'], teams: 2, nested: { a: 1 }, empty: null })).toEqual([
      'route: /audit',
      'roles: idva, admin',
      'teams: 2',
      'nested: {"a":1}',
      'empty: none',
    ]);
  });
});
