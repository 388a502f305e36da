import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminService } from '../../src/features/admin/service.js';
import { casesService, type CasesService } from '../../src/features/cases/service.js';
import { relationshipsService } from '../../src/features/people/relationships-service.js';
import { peopleService } from '../../src/features/people/service.js';
import type { Role } from '../../src/platform/access/roles.js';
import { loadUser, type CurrentUser } from '../../src/platform/auth/current-user.js';
import { paths } from '../../src/platform/http/paths.js';
import { createTestTenant, signedIn, startTestApp, TEST_PASSWORD, Visitor, type TestApp, type TestTenant } from '../helpers/app.js';
import { errorSummary } from '../helpers/pages.js';

const WITHHELD_LINE = 'Flat 9, Kestrel Refuge House';
const WITHHELD_POSTCODE = 'ZZ9 9ZZ';

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
let teamB: { id: string; name: string };
let manager: Worker; // team manager of team A
let allocated: Worker; // social worker in team A, allocated to the family's case
let teamMate: Worker; // social worker in team A, not allocated
let outsider: Worker; // social worker in team B
let family: { child: string; sibling: string; mother: string; father: string; caseId: string; reference: string };

const system = () => ({ kind: 'system', tenantId: tenant.id }) as const;

async function currentUser(id: string): Promise<CurrentUser> {
  const user = await t.db.tenant(tenant.id, (trx) => loadUser(trx, id));
  if (!user) throw new Error(`no user ${id}`);
  return user;
}

async function makeWorker(roles: Role[], teamIds: string[]): Promise<Worker> {
  counter += 1;
  const email = `worker-${counter}@${tenant.slug}.test.invalid`;
  const name = `Worker ${counter} ${roles[0]}`;
  const { user } = await adminService(t.db).createUser(system(), { email, name, roles, teamIds, password: TEST_PASSWORD }, null);
  return { id: user.id, email, name, user: await currentUser(user.id) };
}

async function person(by: CurrentUser, givenName: string, familyName: string, extra: Record<string, unknown> = {}): Promise<string> {
  const { id } = await peopleService(t.db).create({ kind: 'user', user: by }, { givenName, familyName, ...extra }, 'req');
  return id;
}

function banner(body: string): string {
  return /<section class="wa-case-banner"[\s\S]*?<\/section>/.exec(body)?.[0] ?? '';
}

const tabUrls = (id: string) => [
  paths.cases.overview(id),
  paths.cases.people(id),
  paths.cases.chronology(id),
  paths.cases.risk(id),
  paths.cases.plans(id),
  paths.cases.documents(id),
  paths.cases.status(id),
];

async function countCases(): Promise<number> {
  const row = await t.db.tenant(tenant.id, (trx) => trx.selectFrom('cases').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow());
  return Number(row.n);
}

beforeAll(async () => {
  t = await startTestApp();
  tenant = await createTestTenant(t.db);
  cases = casesService(t.db);
  const admin = adminService(t.db);
  teamA = await admin.createTeam(system(), 'Family safeguarding North', null);
  teamB = await admin.createTeam(system(), 'Family safeguarding South', null);
  manager = await makeWorker(['team-manager'], [teamA.id]);
  allocated = await makeWorker(['social-worker'], [teamA.id]);
  teamMate = await makeWorker(['social-worker'], [teamA.id]);
  outsider = await makeWorker(['social-worker'], [teamB.id]);

  const by = manager.user;
  const child = await person(by, 'Maisie', 'Thornbury', { dateOfBirth: '2017-04-12', send: true });
  const sibling = await person(by, 'Leo', 'Thornbury', { dateOfBirth: '2021-09-30' });
  const mother = await person(by, 'Hannah', 'Thornbury', {
    dateOfBirth: '1990-01-05',
    addresses: [{ line1: WITHHELD_LINE, town: 'Eastbridge', postcode: WITHHELD_POSTCODE, withheld: true, withheldReason: 'Fled to a refuge after a high-risk incident' }],
  });
  const father = await person(by, 'Craig', 'Thornbury', { dateOfBirth: '1988-07-21' });
  const rel = relationshipsService(t.db);
  const caller = { kind: 'user', user: by } as const;
  await rel.add(caller, mother, child, 'parent-of', 'req');
  await rel.add(caller, father, child, 'parent-of', 'req');
  await rel.add(caller, mother, father, 'formerly-married', 'req');
  const opened = await cases.open(
    by,
    {
      stage: 'child-protection',
      members: [
        { personId: child, role: 'child' },
        { personId: sibling, role: 'child' },
        { personId: mother, role: 'adult-victim' },
        { personId: father, role: 'person-causing-harm' },
      ],
      workerId: allocated.id,
      teamId: teamA.id,
    },
    'req',
  );
  family = { child, sibling, mother, father, caseId: opened.id, reference: opened.reference };
});
afterAll(() => t.close());

describe('search terms kept out of addresses (issue 11, finding 10)', () => {
  it('seals the name searched on a case’s people tab and on adding a relationship, in the session that searched', async () => {
    const v = await signedIn(t.app, allocated.email);
    for (const page of [paths.cases.people(family.caseId), paths.people.relationships(family.mother)]) {
      const form = await v.get(page);
      expect(form.body).toContain(`action="${paths.search}"`);
      expect(form.body).toContain(`name="returnTo" value="${page}"`);
      const posted = await v.post(paths.search, { returnTo: page, name: 'Leo Thornbury' });
      const to = String(posted.headers.location);
      expect(to).toMatch(new RegExp(`^${page.replace(/[/]/g, '\\/')}\\?q=[A-Za-z0-9_-]+$`));
      expect(to).not.toMatch(/Leo|Thornbury/);
      const results = await v.get(to);
      expect(results.statusCode).toBe(200);
      expect(results.body).toContain('Leo Thornbury');
    }
  });

  it('sends a search back only to a page of this service', async () => {
    const v = await signedIn(t.app, allocated.email);
    const posted = await v.post(paths.search, { returnTo: 'https://elsewhere.example/steal', name: 'Leo' });
    expect(String(posted.headers.location)).toMatch(/^\/\?q=/);
    const noSession = await new Visitor(t.app).post(paths.search, { returnTo: '/', name: 'Leo' }, { csrf: false });
    expect([303, 403]).toContain(noSession.statusCode);
    expect(String(noSession.headers.location ?? '')).not.toContain('q=');
  });
});

describe('opening a case', () => {
  it('finds people by name, adds them with roles, and opens the case with the banner', async () => {
    const v = await signedIn(t.app, manager.email);
    await v.get(paths.cases.new);
    // The search form posts its terms, which come back sealed in ?q=: the name is never in an address.
    const posted = await v.post(paths.search, { returnTo: paths.cases.new, name: 'Thornbury' });
    expect(posted.statusCode).toBe(303);
    const resultsUrl = String(posted.headers.location);
    expect(resultsUrl).toMatch(/^\/cases\/new\?q=[A-Za-z0-9_-]+$/);
    expect(resultsUrl).not.toContain('Thornbury');
    const search = await v.get(resultsUrl);
    expect(search.statusCode).toBe(200);
    expect(search.body).toContain('People found for');
    expect(search.body).toContain(`name="add" value="${family.child}"`);
    const token = new URL(resultsUrl, 'http://x').searchParams.get('q') ?? '';
    expect(search.body).toContain(`name="q" value="${token}"`);

    const added = await v.get(`${paths.cases.new}?add=${family.child}&role=child&q=${token}`);
    expect(added.statusCode).toBe(303);
    expect(added.headers.location).toBe(`${paths.cases.new}?m=${family.child}.child&q=${token}`);
    // A sealed search opens only in the session that made it.
    const other = await signedIn(t.app, manager.email);
    expect((await other.get(resultsUrl)).body).not.toContain('People found for');
    const withChild = await v.get(added.headers.location!);
    expect(withChild.body).toMatch(/data-chosen-members[\s\S]*Maisie Thornbury[\s\S]*Child/);
    // The search stays on the page, the chosen child marked as added, adults offered as adults.
    const results = /data-search-results[\s\S]*?<\/table>/.exec(withChild.body)?.[0] ?? '';
    expect(results).toMatch(/Maisie Thornbury[\s\S]*?Added/);
    expect(results).toMatch(new RegExp(`role-${family.mother}"[\\s\\S]*?<option value="other-adult" selected>`));
    const two = await v.get(`${paths.cases.new}?m=${family.child}.child&add=${family.mother}&role=adult-victim`);
    expect(two.headers.location).toBe(`${paths.cases.new}?m=${family.child}.child&m=${family.mother}.adult-victim`);
    // The worker list offers active people who work on cases, never the manager themselves, and chooses nobody:
    // allocating is a decision, and nobody allocates a case to themselves.
    const form = await v.get(two.headers.location!);
    expect(form.body).toMatch(new RegExp(`<option value="${allocated.id}">`));
    expect(form.body).not.toContain(`<option value="${manager.id}"`);
    expect(form.body).toMatch(/<option value="" selected>Not allocated yet/);
    expect(form.body).not.toContain(`value="${tenant.users.admin.id}"`);

    const before = await countCases();
    const self = await v.post(paths.cases.new, { m: [`${family.child}.child`, `${family.mother}.adult-victim`], stage: 'assessment', workerId: manager.id, teamId: teamA.id });
    expect(self.statusCode).toBe(400);
    expect(errorSummary(self.body)).toEqual({ workerId: 'You cannot allocate a case to yourself: ask another manager' });
    expect(await countCases()).toBe(before);

    const res = await v.post(paths.cases.new, { m: [`${family.child}.child`, `${family.mother}.adult-victim`], stage: 'assessment', workerId: allocated.id, teamId: teamA.id });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(/^\/cases\/[0-9a-f-]{36}\?done=opened$/);
    expect(await countCases()).toBe(before + 1);
    const page = await v.get(res.headers.location!);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('The case has been opened');
    const bar = banner(page.body);
    expect(bar).toContain('Maisie Thornbury');
    expect(bar).toMatch(/age \d+/);
    expect(bar).toMatch(/WA-\d{6}/);
    expect(bar).toContain('Child and family assessment');
    expect(bar).toContain(allocated.name);
    expect(bar).toContain(teamA.name);
    expect(bar).toContain('Whereabouts withheld');
  });

  it('refuses a case without a child, with unknown people, or for a deactivated worker, saving nothing', async () => {
    const v = await signedIn(t.app, manager.email);
    const before = await countCases();

    const noChild = await v.post(paths.cases.new, { m: `${family.mother}.adult-victim`, stage: 'assessment' });
    expect(noChild.statusCode).toBe(400);
    expect(errorSummary(noChild.body)).toEqual({ members: 'Add at least one child to the case' });
    expect(noChild.body).toContain('Hannah Thornbury'); // the chosen people are kept

    const nothing = await v.post(paths.cases.new, {});
    expect(nothing.statusCode).toBe(400);
    expect(errorSummary(nothing.body)).toEqual({ members: 'Add at least one child to the case', stage: 'Choose the stage of the case' });

    const unknown = await v.post(paths.cases.new, { m: `${randomUUID()}.child`, stage: 'early-help' });
    expect(unknown.statusCode).toBe(400);
    expect(errorSummary(unknown.body)).toEqual({ members: 'Choose people who are on the system' });

    const garbled = await v.post(paths.cases.new, { m: 'not-an-id.child', stage: 'early-help' });
    expect(garbled.statusCode).toBe(400);
    expect(errorSummary(garbled.body).members).toBe('Choose people who are on the system');

    const leaver = await makeWorker(['social-worker'], [teamA.id]);
    await adminService(t.db).setActive(system(), leaver.id, false, null);
    const inactive = await v.post(paths.cases.new, { m: `${family.child}.child`, stage: 'early-help', workerId: leaver.id });
    expect(inactive.statusCode).toBe(400);
    expect(errorSummary(inactive.body)).toEqual({ workerId: 'This worker’s account is deactivated: choose someone else' });
    expect(inactive.body).not.toContain(`<option value="${leaver.id}"`);

    expect(await countCases()).toBe(before);
  });
});

describe('the case banner and tabs', () => {
  it('shows the warnings on every page of the case, and never the withheld address', async () => {
    for (const worker of [teamMate, allocated, manager]) {
      const v = await signedIn(t.app, worker.email);
      for (const url of tabUrls(family.caseId)) {
        const res = await v.get(url);
        expect(res.statusCode, `${url} as ${worker.name}`).toBe(200);
        const bar = banner(res.body);
        expect(bar, url).toContain('Whereabouts withheld');
        expect(bar, url).toContain(family.reference);
        expect(bar, url).toContain('Maisie Thornbury');
        expect(bar, url).toContain('Leo Thornbury');
        expect(bar, url).toContain(allocated.name);
        expect(res.body, url).toContain('class="moj-sub-navigation');
        expect(res.body, url).not.toContain(WITHHELD_LINE);
        expect(res.body, url).not.toContain(WITHHELD_POSTCODE);
        expect(res.body, url).not.toContain('Fled to a refuge');
      }
    }
  });

  it('marks the current tab and says when nothing is recorded yet', async () => {
    const v = await signedIn(t.app, allocated.email);
    const plans = await v.get(paths.cases.plans(family.caseId));
    expect(plans.body).toMatch(new RegExp(`aria-current="page" href="${paths.cases.plans(family.caseId)}"`));
    expect(plans.body).toContain('No strategy discussion has been recorded.');
    const documents = await v.get(paths.cases.documents(family.caseId));
    expect(documents.body).toMatch(new RegExp(`aria-current="page" href="${paths.cases.documents(family.caseId)}"`));
    expect(documents.body).toContain('Nothing made yet.');
    const risk = await v.get(paths.cases.risk(family.caseId));
    expect(risk.body).toMatch(new RegExp(`aria-current="page" href="${paths.cases.risk(family.caseId)}"`));
    expect(risk.body).toContain('No risk checklist has been completed yet');
  });

  it('lists people by role with relationships, SEND, and children who are victims in their own right', async () => {
    const v = await signedIn(t.app, allocated.email);
    const res = await v.get(paths.cases.people(family.caseId));
    expect(res.statusCode).toBe(200);
    const children = /data-role="child"[\s\S]*?<\/table>/.exec(res.body)?.[0] ?? '';
    expect(children).toContain(`href="${paths.people.person(family.child)}"`);
    const maisieRow = /Maisie Thornbury[\s\S]*?<\/tr>/.exec(children)?.[0] ?? '';
    const leoRow = /Leo Thornbury[\s\S]*?<\/tr>/.exec(children)?.[0] ?? '';
    expect(maisieRow).toContain('Victim in their own right');
    expect(maisieRow).toContain('SEND');
    expect(leoRow).not.toContain('Victim in their own right'); // no relationship recorded for Leo
    expect(res.body).toMatch(/data-role="adult-victim"[\s\S]*Hannah Thornbury/);
    expect(res.body).toMatch(/data-role="person-causing-harm"[\s\S]*Craig Thornbury/);
    const rels = /data-relationships[\s\S]*?<\/table>/.exec(res.body)?.[0] ?? '';
    expect(rels).toContain('Parent of');
    expect(rels).toContain('Were married');
    expect(res.body).toMatch(/Hannah Thornbury and Craig Thornbury:\s*personally connected – Were married/);
  });

  it('shows a social worker only cases of theirs or their team (a break-glass page naming only the reference otherwise), and refuses admins every case page', async () => {
    const v = await signedIn(t.app, outsider.email);
    for (const url of tabUrls(family.caseId)) {
      const res = await v.get(url);
      expect(res.statusCode, url).toBe(403);
      expect(res.body, url).toContain('You do not work on this case');
      expect(res.body, url).toContain(`Case ${family.reference}`);
      expect(res.body, url).toContain(`action="${paths.restricted.breakGlass('case', family.caseId)}"`);
      expect(res.body, url).not.toContain('Thornbury');
      expect(res.body, url).not.toContain(WITHHELD_LINE);
      expect(res.body, url).not.toContain(allocated.name);
      expect(res.body, url).not.toContain('class="moj-sub-navigation');
    }
    for (const url of [paths.cases.overview(randomUUID()), paths.cases.overview('not-a-uuid')]) {
      const res = await v.get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.body, url).not.toContain('Break glass');
    }
    const post = await v.post(paths.cases.notes(family.caseId), { kind: 'phone-call', 'occurredOn-day': '1', 'occurredOn-month': '12', 'occurredOn-year': '2026', occurredTime: '10:00', body: 'Should not land' });
    expect(post.statusCode).toBe(403);
    expect(post.body).not.toContain('Thornbury');
    expect((await cases.overview(manager.user, family.caseId)).notes.map((n) => n.body)).not.toContain('Should not land');

    const admin = await signedIn(t.app, tenant.users.admin.email);
    for (const url of [paths.cases.list, paths.cases.new, ...tabUrls(family.caseId)]) {
      const res = await admin.get(url);
      expect(res.statusCode, url).toBe(403);
      expect(res.body, url).not.toContain('Thornbury');
    }
    expect((await admin.post(paths.cases.notes(family.caseId), { body: 'x' })).statusCode).toBe(403);
    const home = await admin.get(paths.home);
    expect(home.body).not.toContain(`href="${paths.cases.list}"`);
  });
});

describe('working on a case', () => {
  let v: Visitor;
  let caseId: string;

  beforeAll(async () => {
    const child = await person(manager.user, 'Ruby', 'Ashcombe', { dateOfBirth: '2015-02-03' });
    const harm = await person(manager.user, 'Dean', 'Ashcombe', { dateOfBirth: '1980-02-03' });
    caseId = (await cases.open(manager.user, { stage: 'early-help', members: [{ personId: child, role: 'child' }, { personId: harm, role: 'person-causing-harm' }], workerId: allocated.id, teamId: teamA.id }, 'req')).id;
    v = await signedIn(t.app, manager.email);
  });

  it('adds a note with its kind, when it happened, who was there and each child seen, on the summary and the chronology', async () => {
    const page = await v.get(paths.cases.notes(caseId));
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toMatch(/name="kind"[^>]*checked/);
    const empty = await v.post(paths.cases.notes(caseId), { body: '   ', 'occurredOn-day': '', 'occurredOn-month': '', 'occurredOn-year': '', occurredTime: '' });
    expect(empty.statusCode).toBe(400);
    expect(errorSummary(empty.body)).toEqual({ kind: 'Choose what kind of contact this was', 'occurredOn-day': 'Enter the date it happened', occurredTime: 'Enter the time it happened, like 14:30' });
    const visit = { kind: 'home-visit', 'occurredOn-day': '2', 'occurredOn-month': '12', 'occurredOn-year': '2026', occurredTime: '16:05', present: 'Ruby, her mother', body: 'Home visit: Ruby said <dad> shouted at mum last night.' };
    const child = (await cases.overview(manager.user, caseId)).members.find((m) => m.role === 'child')!;
    const unseen = await v.post(paths.cases.notes(caseId), visit);
    expect(unseen.statusCode).toBe(400);
    expect(errorSummary(unseen.body)).toEqual({ [`seen-${child.id}`]: 'Say whether Ruby Ashcombe was seen, and seen alone' });
    const future = await v.post(paths.cases.notes(caseId), { ...visit, 'occurredOn-year': '2099', [`seen-${child.id}`]: 'alone' });
    expect(future.statusCode).toBe(400);
    expect((await cases.overview(manager.user, caseId)).notes).toEqual([]);
    const res = await v.post(paths.cases.notes(caseId), { ...visit, [`seen-${child.id}`]: 'alone' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${paths.cases.overview(caseId)}?done=note`);
    const summary = await v.get(res.headers.location!);
    expect(summary.body).toContain('Your note has been added');
    expect(summary.body).toContain('Ruby said &lt;dad&gt; shouted at mum last night.');
    expect(summary.body).toContain('<strong>Home visit</strong>, 2 December 2026 at 4:05pm');
    const chronology = await v.get(paths.cases.chronology(caseId));
    const timeline = /<div class="moj-timeline[\s\S]*/.exec(chronology.body)?.[0] ?? '';
    expect(timeline).toContain('Ruby said &lt;dad&gt; shouted at mum last night.');
    expect(timeline).toContain('Ruby Ashcombe: seen alone');
    expect(timeline).toContain('Present: Ruby, her mother');
    expect(timeline).not.toContain('<dad>');

    // A correction keeps the first version: both are on the chronology; the summary shows the correction and why.
    const noteId = (await cases.overview(manager.user, caseId)).notes[0]!.id;
    const noReason = await v.post(paths.cases.amendNote(caseId, noteId), { body: 'Home visit: Ruby said her dad shouted at her mum last night.', reason: '' });
    expect(noReason.statusCode).toBe(400);
    expect(errorSummary(noReason.body)).toEqual({ reason: 'Say why the note is being corrected' });
    const corrected = await v.post(paths.cases.amendNote(caseId, noteId), { body: 'Home visit: Ruby said her dad shouted at her mum last night.', reason: 'Wrote her words out in full' });
    expect(corrected.headers.location).toBe(`${paths.cases.overview(caseId)}?done=note-corrected`);
    const after = await v.get(paths.cases.overview(caseId));
    expect(after.body).toContain('Ruby said her dad shouted at her mum last night.');
    expect(after.body).toMatch(/data-corrected>Corrected by [^<]+: Wrote her words out in full/);
    const both = await v.get(paths.cases.chronology(caseId));
    expect(both.body).toContain('Ruby said &lt;dad&gt; shouted at mum last night.');
    expect(both.body).toContain('Home visit corrected');
    // The first version may not be corrected again: only the latest.
    expect((await v.post(paths.cases.amendNote(caseId, noteId), { body: 'Again', reason: 'Again' })).statusCode).toBe(409);
    expect(timeline).toContain(`by ${manager.name}`);
    // Newest first: the note comes before the opening.
    expect(timeline.indexOf('Note')).toBeLessThan(timeline.indexOf('Case opened'));
    expect(timeline).toMatch(/\d{1,2} \w+ \d{4} at \d{1,2}(:\d{2})?(am|pm)|midday|midnight/);
  });

  it('allocates to an active worker and team, and refuses a deactivated one', async () => {
    const res = await v.post(paths.cases.allocate(caseId), { workerId: teamMate.id, teamId: teamA.id });
    expect(res.statusCode).toBe(303);
    const page = await v.get(res.headers.location!);
    expect(page.body).toContain('The allocation has been saved');
    expect(banner(page.body)).toContain(teamMate.name);
    const chronology = await v.get(paths.cases.chronology(caseId));
    expect(chronology.body).toContain(`Allocated to ${teamMate.name}, ${teamA.name}`);

    const leaver = await makeWorker(['social-worker'], []);
    await adminService(t.db).setActive(system(), leaver.id, false, null);
    const refused = await v.post(paths.cases.allocate(caseId), { workerId: leaver.id, teamId: teamA.id });
    expect(refused.statusCode).toBe(400);
    expect(errorSummary(refused.body)).toEqual({ workerId: 'This worker’s account is deactivated: choose someone else' });
    expect(refused.body).toMatch(/<details class="govuk-details[^"]*" open/);
    const after = await v.get(paths.cases.overview(caseId));
    expect(banner(after.body)).toContain(teamMate.name);

    // A social worker cannot allocate.
    const sw = await signedIn(t.app, teamMate.email);
    expect((await sw.post(paths.cases.allocate(caseId), { workerId: teamMate.id })).statusCode).toBe(403);
    expect((await sw.get(paths.cases.overview(caseId))).body).not.toContain('Allocate this case');
  });

  it('changes the stage, closes with a reason and reopens', async () => {
    const sameStage = await v.post(paths.cases.status(caseId), { change: 'stage', stage: 'early-help', reason: 'Same' });
    expect(sameStage.statusCode).toBe(400);
    const noStageReason = await v.post(paths.cases.status(caseId), { change: 'stage', stage: 'child-in-need', reason: '' });
    expect(errorSummary(noStageReason.body)).toEqual({ 'stage-reason': 'Give the reason for changing the stage' });
    const stage = await v.post(paths.cases.status(caseId), { change: 'stage', stage: 'child-in-need', reason: 'Assessment found needs under s17' });
    expect(stage.statusCode).toBe(303);
    expect(banner((await v.get(paths.cases.overview(caseId))).body)).toContain('Child in need (s17)');

    const noReason = await v.post(paths.cases.status(caseId), { change: 'close', reason: ' ' });
    expect(noReason.statusCode).toBe(400);
    expect(errorSummary(noReason.body)).toEqual({ reason: 'Give the reason for closing the case' });

    const closed = await v.post(paths.cases.status(caseId), { change: 'close', reason: 'Family moved out of area; case transferred.' });
    expect(closed.statusCode).toBe(303);
    const page = await v.get(closed.headers.location!);
    expect(page.body).toContain('The case has been closed');
    expect(banner(page.body)).toMatch(/govuk-tag--grey">Closed/);
    const chronology = await v.get(paths.cases.chronology(caseId));
    expect(chronology.body).toContain('Reason: Family moved out of area; case transferred.');

    const statusPage = await v.get(paths.cases.status(caseId));
    expect(statusPage.body).toContain('Reopen the case');
    const reopened = await v.post(paths.cases.status(caseId), { change: 'reopen', reason: 'Family returned; new police notification.' });
    expect(reopened.statusCode).toBe(303);
    expect(banner((await v.get(paths.cases.overview(caseId))).body)).toMatch(/govuk-tag--green">Open/);
    expect((await v.get(paths.cases.chronology(caseId))).body).toContain('Case reopened');
  });

  it('sends a worker’s step-down or closure to the team manager, who approves or returns it; nothing changes until then', async () => {
    const kase = (await cases.open(manager.user, { stage: 'child-protection', members: [{ personId: await person(manager.user, 'Wren', 'Castellane', { dateOfBirth: '2017-04-04' }), role: 'child' }], workerId: allocated.id, teamId: teamA.id }, 'req')).id;
    const worker = await signedIn(t.app, allocated.email);
    const asked = await worker.post(paths.cases.status(kase), { change: 'stage', stage: 'child-in-need', reason: 'Core group agrees the plan is working' });
    expect(asked.statusCode).toBe(303);
    const waiting = await worker.get(asked.headers.location!);
    expect(waiting.body).toContain('Your request has been sent to the team manager');
    expect(waiting.body).toContain('asked the team manager to step the case down to child in need (s17)');
    expect(waiting.body).not.toContain('Do you approve this change?');
    expect(banner(waiting.body)).toContain('Child protection (s47)');
    // One request at a time, and the worker cannot answer their own.
    expect((await worker.post(paths.cases.status(kase), { change: 'close', reason: 'Also close' })).statusCode).toBe(409);
    expect((await worker.post(paths.cases.changeDecision(kase), { decision: 'approve' })).statusCode).toBe(403);

    const v = await signedIn(t.app, manager.email);
    const reference = (await cases.overview(manager.user, kase)).reference;
    expect((await v.get('/')).body).toMatch(new RegExp(`data-changes-waiting[\\s\\S]*Case ${reference}`));
    expect((await worker.get('/')).body).not.toContain('data-changes-waiting');
    const seen = await v.get(paths.cases.overview(kase));
    expect(seen.body).toContain('Do you approve this change?');
    const blank = await v.post(paths.cases.changeDecision(kase), { decision: 'return', comment: '' });
    expect(errorSummary(blank.body)).toEqual({ 'change-comment': 'Say why you are returning the change, so the worker knows what to do' });
    expect((await v.post(paths.cases.changeDecision(kase), { decision: 'return', comment: 'Wait for the review conference' })).statusCode).toBe(303);
    expect(banner((await v.get(paths.cases.overview(kase))).body)).toContain('Child protection (s47)');

    expect((await worker.post(paths.cases.status(kase), { change: 'close', reason: 'Family moved to Wales; transferred' })).statusCode).toBe(303);
    const approved = await v.post(paths.cases.changeDecision(kase), { decision: 'approve', comment: 'Transfer confirmed' });
    expect(approved.statusCode).toBe(303);
    expect((await v.get(approved.headers.location!)).body).toContain('You approved the change, and it has been made');
    expect((await v.get('/')).body).not.toContain(`Case ${reference}`);
    const chronology = (await v.get(paths.cases.chronology(kase))).body;
    for (const text of ['Asked the team manager to step the case down to child in need (s17)', 'Team manager returned the change', 'Wait for the review conference', 'Asked the team manager to close the case', 'Team manager approved the change', 'Reason: Family moved to Wales; transferred']) expect(chronology).toContain(text);
    const audit = await t.db.owner().selectFrom('audit_events').select('action').where('subject_id', '=', kase).where('action', 'like', 'case.change-%').orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['case.change-requested', 'case.change-returned', 'case.change-requested', 'case.change-approved']);
    expect(banner((await worker.get(paths.cases.overview(kase))).body)).toMatch(/govuk-tag--grey">Closed/);
    // Stepping up needs nobody's approval.
    expect((await worker.post(paths.cases.status(caseId), { change: 'stage', stage: 'child-protection', reason: 'Strategy discussion held' })).statusCode).toBe(303);
  });

  it('keeps a must-not-receive list with validation, shown as a banner warning', async () => {
    const overview = await cases.overview(manager.user, caseId);
    const harm = overview.members.find((m) => m.role === 'person-causing-harm')!;
    expect(banner((await v.get(paths.cases.overview(caseId))).body)).not.toContain('Must-not-receive list in place');

    const bad = await v.post(paths.cases.mustNotReceive(caseId), { personId: randomUUID(), reason: '' });
    expect(bad.statusCode).toBe(400);
    expect(errorSummary(bad.body)).toEqual({
      'mnr-person': 'Choose the person from the people on this case',
      'mnr-information': 'Choose what they must not receive',
      'mnr-reason': 'Give the reason',
    });
    expect(bad.body).toContain('id="mnr-information"');

    const junk = await v.post(paths.cases.mustNotReceive(caseId), { personId: harm.id, information: ['address', 'bank-details'], reason: 'x' });
    expect(errorSummary(junk.body)).toEqual({ 'mnr-information': 'Choose what they must not receive' });

    const ok = await v.post(paths.cases.mustNotReceive(caseId), { personId: harm.id, information: ['address', 'contact-details'], reason: 'Person causing harm; victim in refuge' });
    expect(ok.statusCode).toBe(303);
    for (const url of tabUrls(caseId)) {
      expect(banner((await v.get(url)).body), url).toContain('Must-not-receive list in place');
    }
    const summary = await v.get(paths.cases.overview(caseId));
    const list = /data-must-not-receive[\s\S]*?<\/table>/.exec(summary.body)?.[0] ?? '';
    expect(list).toContain('Dean Ashcombe');
    expect(list).toContain('Addresses, Contact details');
    expect(list).toContain('Person causing harm; victim in refuge');

    const entry = (await cases.overview(manager.user, caseId)).mustNotReceive[0]!;
    expect((await v.post(paths.cases.removeMustNotReceive(caseId, randomUUID()))).statusCode).toBe(404);
    // Confirmed on a page of its own, with the reason; without one nothing changes.
    const confirm = await v.get(paths.cases.removeMustNotReceive(caseId, entry.id));
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Remove Dean Ashcombe from the must-not-receive list?');
    const unexplained = await v.post(paths.cases.removeMustNotReceive(caseId, entry.id), { reason: ' ' });
    expect(unexplained.statusCode).toBe(400);
    expect(errorSummary(unexplained.body)).toEqual({ reason: 'Say why they may now receive this information' });
    expect((await cases.overview(manager.user, caseId)).mustNotReceive).toHaveLength(1);
    const removed = await v.post(paths.cases.removeMustNotReceive(caseId, entry.id), { reason: 'Court order ended; contact arranged through the family court' });
    expect(removed.statusCode).toBe(303);
    const kept = await t.db.owner().selectFrom('must_not_receive').select(['removed_reason', 'removed_by']).where('id', '=', entry.id).executeTakeFirstOrThrow();
    expect(kept).toEqual({ removed_reason: 'Court order ended; contact arranged through the family court', removed_by: manager.user.id });
    const after = await v.get(removed.headers.location!);
    expect(after.body).toContain('Removed from the must-not-receive list');
    expect(banner(after.body)).not.toContain('Must-not-receive list in place');
  });

  it('adds a person to the case from the People tab', async () => {
    const aunt = await person(manager.user, 'Gwen', 'Pelletier', { dateOfBirth: '1975-06-01' });
    const found = await v.get(`${paths.cases.people(caseId)}?name=Gwen+Pelletier`);
    expect(found.body).toContain(`name="personId" value="${aunt}"`);
    const res = await v.post(paths.cases.members(caseId), { personId: aunt, role: 'supporter' });
    expect(res.statusCode).toBe(303);
    const page = await v.get(res.headers.location!);
    expect(page.body).toContain('The person has been added to the case');
    expect(page.body).toMatch(/data-role="supporter"[\s\S]*Gwen Pelletier/);
    const bad = await v.post(paths.cases.members(caseId), { personId: aunt, role: 'cousin' });
    expect(bad.statusCode).toBe(400);
  });
});

describe('case lists', () => {
  let listWorker: Worker;
  let listTeam: { id: string; name: string };

  beforeAll(async () => {
    listTeam = await adminService(t.db).createTeam(system(), 'Listing team', null);
    listWorker = await makeWorker(['social-worker'], [listTeam.id]);
    // The MASH manager opens and allocates cases for any team; the team's manager closes them (editing a case
    // needs it to be the actor's or their team's).
    const mash = await currentUser(tenant.users['mash-manager'].id);
    const listManager = await makeWorker(['team-manager'], [listTeam.id]);
    const child = await person(mash, 'Ivy', 'Listerman', { dateOfBirth: '2019-01-01' });
    for (let i = 0; i < 30; i++) {
      const stage = i < 6 ? 'child-protection' : 'child-in-need';
      const { id } = await cases.open(mash, { stage, members: [{ personId: child, role: 'child' }], workerId: i < 27 ? listWorker.id : null, teamId: listTeam.id }, 'req');
      if (i === 0) await expect(cases.changeStatus(mash, id, { type: 'closed', reason: 'Done' }, 'req')).rejects.toMatchObject({ status: 403 });
      if (i < 2) await cases.changeStatus(listManager.user, id, { type: 'closed', reason: 'Done' }, 'req');
    }
  });

  it('shows my cases 25 a page, with filters that keep to the list', async () => {
    const v = await signedIn(t.app, listWorker.email);
    const first = await v.get(paths.cases.list);
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('Showing 1 to 25 of 27 cases');
    expect(first.body.match(/href="\/cases\/[0-9a-f-]{36}"/g)).toHaveLength(25);
    expect(first.body).toContain('href="/cases?page=2"');
    expect(first.body).toContain('Ivy Listerman');
    expect(first.body).toContain('Child in need (s17)');
    const second = await v.get(`${paths.cases.list}?page=2`);
    expect(second.body).toContain('Showing 26 to 27 of 27 cases');
    const past = await v.get(`${paths.cases.list}?page=9`);
    expect(past.body).toContain('Showing 26 to 27 of 27 cases');

    const cp = await v.get(`${paths.cases.list}?stage=child-protection`);
    expect(cp.body).toContain('Showing 1 to 6 of 6 cases');
    expect(cp.body).toContain('Clear filters');
    const closed = await v.get(`${paths.cases.list}?status=closed&stage=child-protection`);
    expect(closed.body).toContain('Showing 1 to 2 of 2 cases');
    expect(closed.body).toMatch(/govuk-tag--grey">Closed/);
    const nonsense = await v.get(`${paths.cases.list}?status=maybe&stage=whatever`);
    expect(nonsense.body).toContain('Showing 1 to 25 of 27 cases');
  });

  it('shows team cases, with filters and pages carried in the address', async () => {
    const v = await signedIn(t.app, listWorker.email);
    const team = await v.get(`${paths.cases.list}?scope=team`);
    expect(team.body).toContain('Showing 1 to 25 of 30 cases');
    expect(team.body).toContain('href="/cases?scope=team&amp;page=2"');
    expect(team.body).toMatch(/aria-current="page" href="\/cases\?scope=team"/);
    const filtered = await v.get(`${paths.cases.list}?scope=team&status=open`);
    expect(filtered.body).toContain('Showing 1 to 25 of 28 cases');
    expect(filtered.body).toContain('href="/cases?scope=team&amp;status=open&amp;page=2"');

    // The family's case is in team A's list, not in this worker's.
    expect(team.body).not.toContain(family.reference);
    const mate = await signedIn(t.app, teamMate.email);
    const theirs = await mate.get(`${paths.cases.list}?scope=team`);
    expect(theirs.body).toContain(family.reference);
    const mine = await mate.get(paths.cases.list);
    expect(mine.body).not.toContain(family.reference);
    const allocatedList = await (await signedIn(t.app, allocated.email)).get(paths.cases.list);
    expect(allocatedList.body).toContain(family.reference);
  });
});
