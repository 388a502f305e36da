import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { peopleService } from '../../src/features/people/service.js';
import { riskService } from '../../src/features/risk/service.js';
import type { Role } from '../../src/platform/access/roles.js';
import { loadUser, type CurrentUser } from '../../src/platform/auth/current-user.js';
import { paths } from '../../src/platform/http/paths.js';
import { createTestTenant, signedIn, startTestApp, type TestApp, type TestTenant, type Visitor } from '../helpers/app.js';
import { errorSummary } from '../helpers/pages.js';

/**
 * An unfinished checklist: its forms, the audit of starting, saving and deleting it (issue 10), and
 * who may delete it.
 */

let t: TestApp;
let tenant: TestTenant;
let social: Visitor;

async function user(role: Role): Promise<CurrentUser> {
  const u = await t.db.tenant(tenant.id, (trx) => loadUser(trx, tenant.users[role].id));
  if (!u) throw new Error(`no ${role}`);
  return u;
}

/** A victim the social worker added (so works with), with no case. */
async function victim(familyName: string): Promise<string> {
  return (await peopleService(t.db).create({ kind: 'user', user: await user('social-worker') }, { givenName: 'Morwenna', familyName, dateOfBirth: '1990-09-09' }, 'r')).id;
}

const auditOf = (draftId: string) =>
  t.db
    .owner()
    .selectFrom('audit_events')
    .select(['action', 'actor_id', 'subject_id', 'request_id', 'details'])
    .where('tenant_id', '=', tenant.id)
    .where('action', 'like', 'risk-checklist.draft-%')
    .where(({ ref, eb }) => eb(eb.fn('jsonb_extract_path_text', [ref('details'), eb.val('draftId')]), '=', draftId))
    .orderBy('seq')
    .execute();

beforeAll(async () => {
  t = await startTestApp();
  tenant = await createTestTenant(t.db);
  social = await signedIn(t.app, tenant.users['social-worker'].email);
});
afterAll(() => t.close());

describe('an unfinished checklist', () => {
  it('is audited when started, saved and deleted, naming the draft, instrument and part but never an answer', async () => {
    const personId = await victim('Polglase');
    const started = await social.post(paths.risk.start(personId), { instrument: 'dash-ric:en', caseId: '', followsId: '' });
    expect(started.statusCode, started.body).toBe(303);
    const draftId = /\/risk\/drafts\/([^/]+)/.exec(started.headers.location as string)![1]!;
    expect(started.headers.location).toBe(paths.risk.section(draftId, 'incident'));
    const saved = await social.post(paths.risk.section(draftId, 'incident'), { q1: 'yes', 'q1-source': 'Her sister Tamsin', 'q1-comment': 'Bruising to the arms', q2: 'no' });
    expect(saved.statusCode, saved.body).toBe(303);
    const details = await social.post(paths.risk.details(draftId), {
      'completedOn-day': '3',
      'completedOn-month': '11',
      'completedOn-year': '2026',
      agency: 'Children’s social care',
      withVictim: 'no',
      victimView: 'She is frightened of him',
      judgement: 'none',
      judgementReason: '',
    });
    expect(details.statusCode, details.body).toBe(303);
    expect(details.headers.location).toBe(paths.risk.check(draftId));

    const deleted = await social.post(paths.risk.abandon(draftId));
    expect(deleted.statusCode, deleted.body).toBe(303);
    expect(deleted.headers.location).toBe(`${paths.people.risk(personId)}?done=abandoned`);
    expect((await social.get(deleted.headers.location as string)).body).toContain('The unfinished checklist has been deleted');
    expect((await social.get(paths.risk.check(draftId))).statusCode).toBe(404);

    const worker = tenant.users['social-worker'].id;
    const events = await auditOf(draftId);
    expect(events.map((e) => [e.action, e.details])).toEqual([
      ['risk-checklist.draft-start', { draftId, instrument: 'dash-ric', version: 1, caseId: null, followsId: null }],
      ['risk-checklist.draft-save', { draftId, instrument: 'dash-ric', version: 1, sectionId: 'incident' }],
      ['risk-checklist.draft-save', { draftId, instrument: 'dash-ric', version: 1, page: 'details' }],
      ['risk-checklist.draft-abandon', { draftId, instrument: 'dash-ric', version: 1 }],
    ]);
    for (const e of events) expect(e).toMatchObject({ actor_id: worker, subject_id: personId, request_id: expect.any(String) });
    const written = JSON.stringify(events);
    for (const said of ['Tamsin', 'Bruising', 'frightened', 'Children’s social care']) expect(written).not.toContain(said);
  });

  it('may be deleted only by whoever may record checklists, and only by its starter', async () => {
    const personId = await victim('Angwin');
    const risk = riskService(t.db);
    const draftId = await risk.startDraft(await user('social-worker'), { personId, caseId: null, instrument: 'dash-ric' });
    // A Marac coordinator may read risk but not record it.
    const coordinatorUser = await user('marac-coordinator');
    await expect((async () => risk.abandon(coordinatorUser, draftId))()).rejects.toMatchObject({ status: 403 });
    const idva = await user('idva');
    await expect((async () => risk.abandon(idva, draftId))()).rejects.toMatchObject({ status: 404 });
    const coordinator = await signedIn(t.app, tenant.users['marac-coordinator'].email);
    expect((await coordinator.post(paths.risk.abandon(draftId))).statusCode).toBe(403);
    expect(await t.db.tenant(tenant.id, (trx) => trx.selectFrom('risk_assessment_drafts').select('id').where('id', '=', draftId).execute())).toEqual([{ id: draftId }]);
    expect((await auditOf(draftId)).map((e) => e.action)).toEqual(['risk-checklist.draft-start']);
  });
});

describe('the checklist forms', () => {
  it('names the person when no checklist is chosen', async () => {
    const personId = await victim('Rosewarne');
    const res = await social.post(paths.risk.start(personId), { instrument: '', caseId: '', followsId: '' });
    expect(res.statusCode).toBe(400);
    expect(errorSummary(res.body)).toEqual({ instrument: 'Choose a checklist' });
    expect(res.body).toContain('Morwenna Rosewarne');
  });

  it('keeps what was typed on a section when an answer is missing, and sends the check page back to the details until they are given', async () => {
    const personId = await victim('Chenoweth');
    const started = await social.post(paths.risk.start(personId), { instrument: 'dash-ric:en' });
    const section = started.headers.location as string;
    const draftId = /\/risk\/drafts\/([^/]+)/.exec(section)![1]!;
    const res = await social.post(section, { q1: '', 'q1-source': 'Her neighbour', q2: 'yes' });
    expect(res.statusCode).toBe(400);
    expect(errorSummary(res.body)).toEqual({ q1: 'Answer question 1, or clear its source and comment' });
    expect(res.body).toContain('value="Her neighbour"');
    expect(res.body).toMatch(/name="q2" type="radio" value="yes" checked/);

    const check = await social.get(paths.risk.check(draftId));
    expect(check.statusCode).toBe(303);
    expect(check.headers.location).toBe(paths.risk.details(draftId));
    const details = await social.get(paths.risk.details(draftId));
    expect(details.statusCode).toBe(200);
    // A year alone is wrong in the day and month boxes only.
    const wrong = await social.post(paths.risk.details(draftId), { 'completedOn-day': '', 'completedOn-month': '', 'completedOn-year': '2026', agency: 'Police', withVictim: 'yes', judgement: 'none' });
    expect(wrong.statusCode).toBe(400);
    expect(errorSummary(wrong.body)).toEqual({ 'completedOn-day': 'The date completed must include a day and month' });
    expect([...wrong.body.matchAll(/class="govuk-input govuk-date-input__input ([^"]*)" id="completedOn-(\w+)"/g)].map((m) => [m[2], m[1]!.includes('govuk-input--error')])).toEqual([
      ['day', true],
      ['month', true],
      ['year', false],
    ]);
  });
});
