import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminService } from '../../src/features/admin/service.js';
import { casesService, type CasesService } from '../../src/features/cases/service.js';
import { peopleService } from '../../src/features/people/service.js';
import { safetyService } from '../../src/features/safety/service.js';
import type { Role } from '../../src/platform/access/roles.js';
import { loadUser, type CurrentUser } from '../../src/platform/auth/current-user.js';
import { paths } from '../../src/platform/http/paths.js';
import { createTestTenant, signedIn, startTestApp, TEST_PASSWORD, type TestApp, type TestTenant } from '../helpers/app.js';
import { errorSummary } from '../helpers/pages.js';

let t: TestApp;
let tenant: TestTenant;
let cases: CasesService;
let counter = 0;

interface Worker {
  id: string;
  email: string;
  name: string;
  user: CurrentUser;
}

let teamA: { id: string; name: string };
let manager: Worker;
let allocated: Worker;
let teamMate: Worker;
let duty: Worker; // social worker in team A, not allocated: the one who breaks glass
let outsider: Worker;
let kase: { id: string; reference: string };
let childId: string;

const system = () => ({ kind: 'system', tenantId: tenant.id }) as const;

async function makeWorker(roles: Role[], teamIds: string[]): Promise<Worker> {
  counter += 1;
  const email = `safety-${counter}@${tenant.slug}.test.invalid`;
  const name = `Safety worker ${counter}`;
  const { user } = await adminService(t.db).createUser(system(), { email, name, roles, teamIds, password: TEST_PASSWORD }, null);
  const current = await t.db.tenant(tenant.id, (trx) => loadUser(trx, user.id));
  return { id: user.id, email, name, user: current! };
}

async function auditActions(subjectId: string, actorId: string): Promise<string[]> {
  const rows = await t.db.tenant(tenant.id, (trx) =>
    trx.selectFrom('audit_events').select('action').where('subject_id', '=', subjectId).where('actor_id', '=', actorId).orderBy('seq').execute(),
  );
  return rows.map((r) => r.action);
}

const caseTabs = (id: string) => [paths.cases.overview(id), paths.cases.people(id), paths.cases.chronology(id), paths.cases.risk(id), paths.cases.plans(id), paths.cases.documents(id)];

beforeAll(async () => {
  t = await startTestApp();
  tenant = await createTestTenant(t.db);
  cases = casesService(t.db);
  const admin = adminService(t.db);
  teamA = await admin.createTeam(system(), 'Child protection East', null);
  const teamB = await admin.createTeam(system(), 'Child protection West', null);
  manager = await makeWorker(['team-manager'], [teamA.id]);
  allocated = await makeWorker(['social-worker'], [teamA.id]);
  teamMate = await makeWorker(['social-worker'], [teamA.id]);
  duty = await makeWorker(['social-worker'], [teamA.id]);
  outsider = await makeWorker(['social-worker'], [teamB.id]);
  childId = (await peopleService(t.db).create({ kind: 'user', user: manager.user }, { givenName: 'Poppy', familyName: 'Wrenfield', dateOfBirth: '2016-08-08' }, 'req')).id;
  kase = await cases.open(manager.user, { stage: 'child-protection', members: [{ personId: childId, role: 'child' }], workerId: allocated.id, teamId: teamA.id }, 'req');
});
afterAll(() => t.close());

describe('restricted cases', () => {
  it('lets a team manager restrict a case with a reason', async () => {
    const v = await signedIn(t.app, manager.email);
    const summary = await v.get(paths.cases.overview(kase.id));
    expect(summary.body).toContain(`href="${paths.restricted.restrict('case', kase.id)}"`);
    const form = await v.get(paths.restricted.restrict('case', kase.id));
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain(`Case ${kase.reference}`);

    const empty = await v.post(paths.restricted.restrict('case', kase.id), { reason: '  ' });
    expect(empty.statusCode).toBe(400);
    expect(errorSummary(empty.body)).toEqual({ reason: 'Give the reason for restricting this record' });
    expect((await cases.overview(manager.user, kase.id)).restricted).toBe(false);

    const res = await v.post(paths.restricted.restrict('case', kase.id), { reason: 'The mother works in the council’s children’s services.' });
    expect(res.statusCode).toBe(303);
    // Restricting leads to "Who has access", which names who kept it: the manager and the allocated worker.
    expect(res.headers.location).toBe(`${paths.restricted.grant('case', kase.id)}?done=restricted`);
    const access = await v.get(res.headers.location!);
    expect(access.statusCode).toBe(200);
    expect(access.body).toContain('The record is now restricted. The people listed below keep access.');
    expect(access.body).toContain(`Case ${kase.reference}`);
    const kept = /Access to this restricted case[\s\S]*?<\/table>/.exec(access.body)?.[0] ?? '';
    expect(kept).toContain(manager.name);
    expect(kept).toContain(allocated.name);
    expect(kept).not.toContain(teamMate.name);
    expect(kept).not.toContain(duty.name);
    const page = await v.get(paths.cases.overview(kase.id));
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/data-warning="restricted"/);
    expect(page.body).toContain(`href="${paths.restricted.grant('case', kase.id)}"`);
    expect(await auditActions(kase.id, manager.id)).toContain('case.restrict');

    // Social workers cannot restrict or grant: the allocated worker sees who has access, but not the form to give it.
    const sw = await signedIn(t.app, allocated.email);
    expect((await sw.post(paths.restricted.restrict('case', kase.id), { reason: 'x' })).statusCode).toBe(403);
    const swAccess = await sw.get(paths.restricted.grant('case', kase.id));
    expect(swAccess.statusCode).toBe(200);
    expect(swAccess.body).not.toContain('Give someone access');
    expect(swAccess.body).not.toContain(`action="${paths.restricted.grant('case', kase.id)}"`);
    expect((await sw.post(paths.restricted.grant('case', kase.id), { userId: teamMate.id, reason: 'x' })).statusCode).toBe(403);
    expect(await auditActions(kase.id, allocated.id)).not.toContain('restricted.grant');
  });

  it('keeps the allocated worker in, and shows a team worker who is not allocated only the reference and a break-glass form', async () => {
    // The allocated worker kept access when the case was restricted.
    const mine = await (await signedIn(t.app, allocated.email)).get(paths.cases.overview(kase.id));
    expect(mine.statusCode).toBe(200);
    expect(mine.body).toContain('Poppy Wrenfield');

    const v = await signedIn(t.app, duty.email);
    for (const url of caseTabs(kase.id)) {
      const res = await v.get(url);
      expect(res.statusCode, url).toBe(403);
      expect(res.body, url).toContain('This case is restricted');
      expect(res.body, url).toContain(kase.reference);
      expect(res.body, url).toContain(`action="${paths.restricted.breakGlass('case', kase.id)}"`);
      expect(res.body, url).not.toContain('Poppy');
      expect(res.body, url).not.toContain(allocated.name);
    }
    // Their team's list shows the reference and "Restricted" only.
    const list = await v.get(`${paths.cases.list}?scope=team`);
    const row = new RegExp(`${kase.reference}[\\s\\S]*?</tr>`).exec(list.body)?.[0] ?? '';
    expect(row).toContain('Restricted');
    expect(list.body).not.toContain('Poppy');
    // Changes are refused the same way.
    expect((await v.post(paths.cases.notes(kase.id), { body: 'A note' })).statusCode).toBe(403);
    expect((await cases.overview(manager.user, kase.id)).notes).toEqual([]);
    // A worker outside the team, who could open it with access, is shown the same: the reference and a break-glass form, nothing of the family.
    const out = await signedIn(t.app, outsider.email);
    const res = await out.get(paths.cases.overview(kase.id));
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('This case is restricted');
    expect(res.body).toContain(`action="${paths.restricted.breakGlass('case', kase.id)}"`);
    expect(res.body).not.toContain('Poppy');
    expect(res.body).not.toContain(allocated.name);
    expect(res.body).not.toContain(teamA.name);
  });

  it('opens the case for 60 minutes after break-glass with a reason, audited and listed for the DPO', async () => {
    const v = await signedIn(t.app, duty.email);
    const empty = await v.post(paths.restricted.breakGlass('case', kase.id), { reason: '' });
    expect(empty.statusCode).toBe(400);
    expect(errorSummary(empty.body)).toEqual({ reason: 'Give the reason you need to open this record now' });
    expect((await v.get(paths.cases.overview(kase.id))).statusCode).toBe(403);
    expect(await auditActions(kase.id, duty.id)).not.toContain('restricted.break-glass');

    const reason = 'Police called at 11pm: new incident, need the safety plan now';
    const res = await v.post(paths.restricted.breakGlass('case', kase.id), { reason });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${paths.cases.overview(kase.id)}?done=break-glass`);
    const page = await v.get(res.headers.location!);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('You can open this restricted case for the next 60 minutes');
    expect(page.body).toContain('Poppy Wrenfield');
    expect(await auditActions(kase.id, duty.id)).toContain('restricted.break-glass');

    const auditor = await signedIn(t.app, tenant.users.auditor.email);
    const log = await auditor.get(paths.audit.breakGlass);
    expect(log.statusCode).toBe(200);
    const table = /data-break-glass-log[\s\S]*?<\/table>/.exec(log.body)?.[0] ?? '';
    expect(table).toContain(duty.name);
    expect(table).toContain(`Case ${kase.reference}`);
    expect(table).toContain(reason);
    expect(table).toContain('Still open');
    expect(table).not.toContain('Poppy');
    expect(log.body).toMatch(/govuk-service-navigation__item--active[\s\S]*?Break-glass use/);

    // When the hour is up, the case is closed to them again.
    await t.db.owner().updateTable('access_grants').set({ expires_at: new Date(Date.now() - 1000), granted_at: new Date(Date.now() - 61 * 60_000) }).where('user_id', '=', duty.id).where('kind', '=', 'break-glass').execute();
    expect((await v.get(paths.cases.overview(kase.id))).statusCode).toBe(403);
    expect((await auditor.get(paths.audit.breakGlass)).body).not.toContain('Still open');
  });

  it('lets the team manager give a named user access', async () => {
    const mate = await signedIn(t.app, teamMate.email);
    expect((await mate.get(paths.cases.overview(kase.id))).statusCode).toBe(403);

    const v = await signedIn(t.app, manager.email);
    const form = await v.get(paths.restricted.grant('case', kase.id));
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain(`<option value="${teamMate.id}">${teamMate.name}</option>`);
    expect(form.body).not.toContain(`value="${tenant.users.admin.id}"`);

    const empty = await v.post(paths.restricted.grant('case', kase.id), {});
    expect(empty.statusCode).toBe(400);
    expect(errorSummary(empty.body)).toEqual({ userId: 'Choose who to give access to', reason: 'Give the reason they need access' });
    const nobody = await v.post(paths.restricted.grant('case', kase.id), { userId: randomUUID(), reason: 'Cover' });
    expect(nobody.statusCode).toBe(400);
    expect(errorSummary(nobody.body)).toEqual({ userId: 'Choose an active user' });

    const res = await v.post(paths.restricted.grant('case', kase.id), { userId: teamMate.id, reason: 'Covering while the allocated worker is on leave' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${paths.restricted.grant('case', kase.id)}?done=granted`);
    const access = await v.get(res.headers.location!);
    expect(access.body).toContain('Access has been given');
    expect(/Access to this restricted case[\s\S]*?<\/table>/.exec(access.body)?.[0] ?? '').toContain(teamMate.name);
    expect(await auditActions(kase.id, manager.id)).toContain('restricted.grant');
    const page = await mate.get(paths.cases.overview(kase.id));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Poppy Wrenfield');
    // A grant is not break-glass: the DPO's list does not show it.
    const auditor = await signedIn(t.app, tenant.users.auditor.email);
    expect((await auditor.get(paths.audit.breakGlass)).body).not.toContain(teamMate.name);
  });
});

describe('restricted people and bad addresses', () => {
  it('restricts a person and breaks glass to their page', async () => {
    const personId = (await peopleService(t.db).create({ kind: 'user', user: manager.user }, { givenName: 'Oskar', familyName: 'Brindle' }, 'req')).id;
    const v = await signedIn(t.app, manager.email);
    const res = await v.post(paths.restricted.restrict('person', personId), { reason: 'Known to staff' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${paths.restricted.grant('person', personId)}?done=restricted`);
    const access = await v.get(res.headers.location!);
    expect(access.body).toContain('The record is now restricted. The people listed below keep access.');
    expect(/Access to this restricted record[\s\S]*?<\/table>/.exec(access.body)?.[0] ?? '').toContain(manager.name);

    const sw = await signedIn(t.app, allocated.email);
    const form = await sw.get(paths.restricted.breakGlass('person', personId));
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('This record is restricted');
    const opened = await sw.post(paths.restricted.breakGlass('person', personId), { reason: 'Strategy discussion in ten minutes' });
    expect(opened.statusCode).toBe(303);
    expect(opened.headers.location).toBe(`${paths.people.person(personId)}?done=break-glass`);
    expect(await auditActions(personId, allocated.id)).toContain('restricted.break-glass');
    const log = await (await signedIn(t.app, tenant.users.auditor.email)).get(paths.audit.breakGlass);
    expect(log.body).toContain(`Person ${personId}`);
    expect(log.body).toContain('Strategy discussion in ten minutes');
  });

  it('answers 404 for a subject that is not person or case, a bad id, or a record that does not exist', async () => {
    const v = await signedIn(t.app, manager.email);
    for (const url of [
      paths.restricted.breakGlass('thing', kase.id),
      paths.restricted.breakGlass('case', 'not-a-uuid'),
      paths.restricted.breakGlass('case', randomUUID()),
      paths.restricted.grant('person', randomUUID()),
      paths.restricted.restrict('case', '1; drop table cases'),
    ]) {
      expect((await v.get(url)).statusCode, url).toBe(404);
      expect((await v.post(url, { reason: 'x', userId: teamMate.id })).statusCode, url).toBe(404);
    }
  });

  it('does not break glass on a record the user can already open, and offers it on an unrestricted case they do not work on', async () => {
    const open = await cases.open(manager.user, { stage: 'early-help', members: [{ personId: childId, role: 'child' }], workerId: allocated.id, teamId: teamA.id }, 'req');
    const v = await signedIn(t.app, allocated.email);
    const res = await v.post(paths.restricted.breakGlass('case', open.id), { reason: 'Curious' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(paths.cases.overview(open.id));
    expect(await auditActions(open.id, allocated.id)).not.toContain('restricted.break-glass');

    // A worker in another team does not work on it: the case is refused, with the way on, and names nothing of the family.
    const out = await signedIn(t.app, outsider.email);
    const refused = await out.get(paths.cases.overview(open.id));
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('You do not work on this case');
    expect(refused.body).not.toContain('Poppy');
    const form = await out.get(paths.restricted.breakGlass('case', open.id));
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('You do not work on this case');
    expect(form.body).toContain(`Case ${open.reference}`);
    expect(form.body).not.toContain('Poppy');
  });
});

describe('the DPO’s list of break-glass use', () => {
  it('is only for the auditor, and pages 50 at a time', async () => {
    for (const email of [tenant.users.admin.email, manager.email, allocated.email]) {
      expect((await (await signedIn(t.app, email)).get(paths.audit.breakGlass)).statusCode, email).toBe(403);
    }
    const restricted = await cases.open(manager.user, { stage: 'early-help', members: [{ personId: childId, role: 'child' }], workerId: allocated.id, teamId: teamA.id }, 'req');
    const safety = safetyService(t.db);
    await safety.restrict(manager.user, 'case', restricted.id, 'Test', 'req');
    // The allocated worker keeps access, so has no glass to break; a worker outside the team breaks it.
    await expect(safety.breakGlass(allocated.user, 'case', restricted.id, 'Already open to me', 'req')).rejects.toMatchObject({ status: 404 });
    // Glass is broken again only once the last hour is up, so each use is ended before the next.
    for (let i = 0; i < 50; i++) {
      await safety.breakGlass(outsider.user, 'case', restricted.id, `Reason number ${i}`, 'req');
      await t.db.owner().updateTable('access_grants').set({ expires_at: new Date(Date.now() - 1000) }).where('subject_id', '=', restricted.id).where('user_id', '=', outsider.id).where('kind', '=', 'break-glass').execute();
    }
    const total = Number(
      (await t.db.tenant(tenant.id, (trx) => trx.selectFrom('access_grants').select((eb) => eb.fn.countAll<string>().as('n')).where('kind', '=', 'break-glass').executeTakeFirstOrThrow())).n,
    );
    const auditor = await signedIn(t.app, tenant.users.auditor.email);
    const first = await auditor.get(paths.audit.breakGlass);
    expect(first.body).toContain(`Showing 1 to 50 of ${total} uses`);
    expect(first.body).toContain(`href="${paths.audit.breakGlass}?page=2"`);
    const second = await auditor.get(`${paths.audit.breakGlass}?page=2`);
    expect(second.body).toContain(`Showing 51 to ${total} of ${total} uses`);
    const past = await auditor.get(`${paths.audit.breakGlass}?page=40`);
    expect(past.body).toContain(`Showing 51 to ${total} of ${total} uses`);
  });
});
