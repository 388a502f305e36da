import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendCaseEvents } from '../../src/features/cases/service.js';
import { raiseDueEscalations } from '../../src/features/escalations/service.js';
import { paths } from '../../src/platform/http/paths.js';
import { signedIn, startTestApp, type TestApp, type Visitor } from '../helpers/app.js';
import { errorSummary } from '../helpers/pages.js';
import { dateFields, daysAgo, escalationWorld, type EscalationWorld } from './escalation-fixture.js';

/**
 * Issue 16, point 10: red flags and non-engagement raise an escalation to the worker and their team
 * manager, once per trigger; the management discussion closes it.
 */

let t: TestApp;
let w: EscalationWorld;
let worker: Visitor;
let manager: Visitor;
let outsider: Visitor;

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;|&rsquo;|’/g, '’').replace(/\s+/g, ' ');
const api = (method: 'POST' | 'GET', url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: { authorization: `Bearer ${w.token}`, ...(payload ? { 'content-type': 'application/json' } : {}) }, ...(payload ? { payload: JSON.stringify(payload) } : {}) });
const missed = (daysBefore: number, agency = 'Community paediatrics') => api('POST', paths.api.caseVisits(w.caseId), { kind: 'missed-appointment', happenedOn: daysAgo(daysBefore), agency });

async function escalations() {
  return t.db.tenant(w.tenant.id, (trx) => trx.selectFrom('escalations').selectAll().where('case_id', '=', w.caseId).orderBy('raised_at').execute());
}
async function audits(action: string) {
  return t.db.tenant(w.tenant.id, (trx) => trx.selectFrom('audit_events').select(['actor_type', 'details']).where('action', '=', action).execute());
}

beforeAll(async () => {
  t = await startTestApp();
  w = await escalationWorld(t, 'Escalate-Rahman');
  worker = await signedIn(t.app, w.worker.email);
  manager = await signedIn(t.app, w.manager.email);
  outsider = await signedIn(t.app, w.outsider.email);
});
afterAll(() => t.close());

describe('non-engagement: missed appointments from a partner agency', () => {
  it('raises no escalation after one missed appointment, and one after the second within 28 days, through the API', async () => {
    expect((await missed(20)).statusCode).toBe(201);
    expect(await escalations()).toHaveLength(0);
    expect((await missed(5, 'Health visiting')).statusCode).toBe(201);
    const raised = await escalations();
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ reason: 'non-engagement', worker_id: w.worker.user.id, closed_at: null });
    expect(raised[0]!.counted).toHaveLength(2);
    const audited = await audits('case.escalation-raised');
    expect(audited).toHaveLength(1);
    expect(audited[0]!.actor_type).toBe('api-client');
  });

  it('does not raise it twice: a third missed appointment counts towards the next escalation only, and evaluating again raises nothing', async () => {
    expect((await missed(3)).statusCode).toBe(201);
    expect(await escalations()).toHaveLength(1);
    expect(await t.db.tenant(w.tenant.id, (trx) => raiseDueEscalations(trx, w.tenant.id, w.caseId, { kind: 'system', tenantId: w.tenant.id }, null))).toBe(0);
    expect(await escalations()).toHaveLength(1);
  });

  it('shows the escalation on the worker’s and the team manager’s home page, and not on an outsider’s', async () => {
    for (const v of [worker, manager]) {
      const home = await v.get(paths.home);
      expect(home.body).toContain('data-escalations');
      expect(text(home.body)).toContain('2 missed appointments or visits with no access');
      expect(home.body).toContain(paths.escalations.list(w.caseId));
    }
    expect((await manager.get(paths.home)).body).toContain('(your team)');
    expect((await outsider.get(paths.home)).body).not.toContain(paths.escalations.list(w.caseId));
  });

  it('shows it on the case summary and the case’s escalations page', async () => {
    const summary = await worker.get(paths.cases.overview(w.caseId));
    expect(summary.statusCode).toBe(200);
    expect(summary.body).toContain('data-escalations-open');
    const page = await worker.get(paths.escalations.list(w.caseId));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('data-escalation="open"');
  });
});

describe('the management discussion', () => {
  it('refuses a discussion without a decision, without a name, or dated in the future, naming the field, and leaves the escalation open', async () => {
    const [e] = await escalations();
    const url = paths.escalations.discussion(w.caseId, e!.id);
    const good = { decision: 'Joint visit with the health visitor this week; ask school to tell us of absences', decidedBy: 'Manager Example, team manager', ...dateFields('decidedOn', daysAgo(0)) };
    const cases: [Record<string, string>, Record<string, string>][] = [
      [{ ...good, decision: '  ' }, { decision: 'Say what was decided, and what happens next' }],
      [{ ...good, decidedBy: '' }, { decidedBy: 'Name who made the decision' }],
      [{ ...good, ...dateFields('decidedOn', '2099-01-01') }, { 'decidedOn-day': 'The date of the decision must be today or in the past' }],
      [{ ...good, ...dateFields('decidedOn', daysAgo(40)) }, { 'decidedOn-day': 'The date must be on or after the day the escalation was raised' }],
    ];
    for (const [fields, expected] of cases) {
      await manager.get(url);
      const refused = await manager.post(url, fields);
      expect(refused.statusCode).toBe(400);
      expect(errorSummary(refused.body)).toEqual(expected);
    }
    expect((await escalations())[0]!.closed_at).toBeNull();
  });

  it('refuses a worker outside the team: no page, no discussion, no red flag, nothing changed', async () => {
    const [e] = await escalations();
    const list = await outsider.get(paths.escalations.list(w.caseId));
    expect([403, 404]).toContain(list.statusCode);
    expect(list.body).not.toContain('data-escalation=');
    expect([403, 404]).toContain((await outsider.get(paths.escalations.discussion(w.caseId, e!.id))).statusCode);
    const posted = await outsider.post(paths.escalations.discussion(w.caseId, e!.id), { decision: 'Close it', decidedBy: 'Someone', ...dateFields('decidedOn', daysAgo(0)) });
    expect([403, 404]).toContain(posted.statusCode);
    const flag = await outsider.post(paths.escalations.newRedFlag(w.caseId), { flag: 'family-moved', ...dateFields('noticedOn', daysAgo(0)) });
    expect([403, 404]).toContain(flag.statusCode);
    expect((await escalations())[0]!.closed_at).toBeNull();
    expect(await t.db.tenant(w.tenant.id, (trx) => trx.selectFrom('red_flags').select('id').execute())).toHaveLength(0);
  });

  it('records what was decided, by whom and when, and closes the escalation; the chronology shows both', async () => {
    const [e] = await escalations();
    const url = paths.escalations.discussion(w.caseId, e!.id);
    await manager.get(url);
    const saved = await manager.post(url, { decision: 'Joint visit with the health visitor this week', decidedBy: 'Manager Example, team manager', ...dateFields('decidedOn', daysAgo(0)) });
    expect(saved.statusCode).toBe(303);
    const page = await manager.get(String(saved.headers.location));
    expect(page.body).toContain('The management discussion has been recorded and the escalation closed');
    const [closed] = await escalations();
    expect(closed).toMatchObject({ decision: 'Joint visit with the health visitor this week', decided_by: 'Manager Example, team manager', decided_on: daysAgo(0), discussed_by: w.manager.user.id });
    expect(closed!.closed_at).not.toBeNull();
    expect(await audits('case.escalation-discussed')).toHaveLength(1);
    const chronology = text((await worker.get(paths.cases.chronology(w.caseId))).body);
    expect(chronology).toContain('Escalated to the worker and team manager: 2 missed appointments or visits with no access');
    expect(chronology).toContain('Management discussion recorded; escalation closed');
    expect((await worker.get(paths.home)).body).not.toContain('data-escalations');
    // Closed: its form is gone, and a second discussion is refused.
    expect((await manager.get(url)).statusCode).toBe(404);
  });
});

describe('red flags and new incidents', () => {
  it('refuses a red flag that is not on the list or dated in the future, recording nothing', async () => {
    const url = paths.escalations.newRedFlag(w.caseId);
    await worker.get(url);
    const none = await worker.post(url, { flag: 'made-up', ...dateFields('noticedOn', daysAgo(0)) });
    expect(none.statusCode).toBe(400);
    expect(errorSummary(none.body)).toEqual({ flag: 'Choose the red flag' });
    const future = await worker.post(url, { flag: 'family-moved', ...dateFields('noticedOn', '2099-02-02') });
    expect(errorSummary(future.body)).toEqual({ 'noticedOn-day': 'The date must be today or in the past' });
    expect(await t.db.tenant(w.tenant.id, (trx) => trx.selectFrom('red_flags').select('id').execute())).toHaveLength(0);
  });

  it('escalates the family moving, and not new money worries, which are only recorded', async () => {
    const url = paths.escalations.newRedFlag(w.caseId);
    await worker.get(url);
    const pressures = await worker.post(url, { flag: 'pressures-increased', ...dateFields('noticedOn', daysAgo(1)), note: 'Lost his job' });
    expect(pressures.statusCode).toBe(303);
    expect(String(pressures.headers.location)).toContain('done=red-flag');
    expect(await escalations()).toHaveLength(1);
    const moved = await worker.post(url, { flag: 'family-moved', ...dateFields('noticedOn', daysAgo(0)) });
    expect(String(moved.headers.location)).toContain('done=red-flag-escalated');
    const all = await escalations();
    expect(all).toHaveLength(2);
    expect(all[1]).toMatchObject({ reason: 'red-flag', flag: 'family-moved' });
    const chronology = text((await worker.get(paths.cases.chronology(w.caseId))).body);
    expect(chronology).toContain('Red flag: The family has moved, or is about to');
  });

  it('escalates a new incident on the case once, however often the rules run again', async () => {
    const contactId = '6f1d1c3e-5b1a-4c59-9a57-0c0f0d5e2a11';
    await t.db.tenant(w.tenant.id, (trx) => appendCaseEvents(trx, w.tenant.id, w.caseId, [{ type: 'incident-reported', at: new Date(), by: '', contactId }]));
    const incident = (await escalations()).filter((e) => e.reason === 'incident');
    expect(incident).toHaveLength(1);
    expect(incident[0]!.trigger).toBe(`incident:${contactId}`);
    expect(await t.db.tenant(w.tenant.id, (trx) => raiseDueEscalations(trx, w.tenant.id, w.caseId, { kind: 'system', tenantId: w.tenant.id }, null))).toBe(0);
    expect((await escalations()).filter((e) => e.reason === 'incident')).toHaveLength(1);
  });
});

describe('the area’s numbers', () => {
  it('refuses numbers out of range naming the field, keeps the old ones, and uses the new ones once saved', async () => {
    const admin = await signedIn(t.app, w.tenant.users.admin.email);
    const url = paths.admin.escalations;
    const form = await admin.get(url);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('value="2"');
    const refused = await admin.post(url, { missedCount: '0', missedDays: '28', escalatingFlags: ['family-moved'] });
    expect(refused.statusCode).toBe(400);
    expect(errorSummary(refused.body)).toEqual({ missedCount: 'Enter a whole number of missed appointments from 1 to 10' });
    expect(await t.db.tenant(w.tenant.id, (trx) => trx.selectFrom('escalation_settings').selectAll().execute())).toHaveLength(0);
    const saved = await admin.post(url, { missedCount: '1', missedDays: '7', escalatingFlags: ['family-missing'] });
    expect(saved.statusCode).toBe(303);
    expect((await admin.get(String(saved.headers.location))).body).toContain('The escalation rules have been saved');
    expect((await worker.get(url)).statusCode).toBe(403);
    // One missed appointment now escalates on its own: the one left over from before (3 days ago) and a new one.
    const before = (await escalations()).length;
    expect((await missed(0)).statusCode).toBe(201);
    expect(await escalations()).toHaveLength(before + 2);
  });
});
