import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assessmentDue } from '../../src/domain/assessment/assessment.js';
import { addDays, londonDate, plainDate } from '../../src/domain/calendar/plain-date.js';
import { defaultCalendar } from '../../src/domain/calendar/working-days.js';
import { adminService } from '../../src/features/admin/service.js';
import { casesService } from '../../src/features/cases/service.js';
import { contactsService } from '../../src/features/contacts/service.js';
import { maracSetupService } from '../../src/features/marac/panels-service.js';
import { relationshipsService } from '../../src/features/people/relationships-service.js';
import { peopleService } from '../../src/features/people/service.js';
import { loadUser, type CurrentUser } from '../../src/platform/auth/current-user.js';
import { paths } from '../../src/platform/http/paths.js';
import { createTestTenant, signedIn, startTestApp, TEST_PASSWORD, type TestApp, type TestTenant, type Visitor } from '../helpers/app.js';
import { policeNotification } from '../helpers/contacts.js';
import { errorSummary } from '../helpers/pages.js';

/**
 * Issue 15, points 1 and 2: the child and family assessment as a task list, started from a child
 * protection decision's case, its sections saved one at a time (two people, one section, no lost edit),
 * the child's voice, submitting with the census factors, the team manager's decision; and requests for
 * information to the network, answered by a partner agency's representative and shown beside the sections.
 */

let t: TestApp;
let tenant: TestTenant;
let ada: Visitor;
let ben: Visitor;
let manager: Visitor;
let manager2: Visitor;
let policeRep: Visitor;
let housingRep: Visitor;
const ids = { team: '', case: '', contact: '', victim: '', child: '', police: '', housing: '', request: '', receivedOn: '' };

const user = async (id: string): Promise<CurrentUser> => (await t.db.tenant(tenant.id, (trx) => loadUser(trx, id)))!;
const dateFields = (prefix: string, date: string) => ({ [`${prefix}-day`]: String(Number(date.slice(8, 10))), [`${prefix}-month`]: String(Number(date.slice(5, 7))), [`${prefix}-year`]: date.slice(0, 4) });
const hiddenVersion = (body: string) => /name="version" value="(\d+)"/.exec(body)?.[1];
const assessmentRow = () => t.db.owner().selectFrom('assessments').selectAll().where('case_id', '=', ids.case).executeTakeFirstOrThrow();
const sectionRows = () => t.db.owner().selectFrom('assessment_sections').select(['section', 'part', 'version', 'completed']).where('tenant_id', '=', tenant.id).execute();
const section = (key: string, part = 'family') => paths.cases.assessmentSection(ids.case, key, part);

const DOMESTIC_ABUSE = {
  incidents: 'Four police call-outs this year, getting worse',
  minimises: 'partly',
  accepts: 'partly',
  impactOnVictim: 'Anxious, sleeping little; keeps the children quiet to avoid his anger',
  childrenWhere: 'Upstairs; they hear the shouting and see the damage after',
  childrenIntervene: 'no',
  protectedBefore: 'Took the children to her sister once',
  protectNow: 'Will call the police; agreed a safety plan',
  barriers: ['financial', 'housing'],
  support: 'Her sister; the school',
  extendedFamily: 'able-and-willing',
  completed: 'yes',
};

beforeAll(async () => {
  t = await startTestApp();
  tenant = await createTestTenant(t.db);
  const admin = adminService(t.db);
  const system = { kind: 'system', tenantId: tenant.id } as const;
  const team = await admin.createTeam(system, 'Assessment team', null);
  ids.team = team.id;
  const make = async (email: string, name: string, roles: ('social-worker' | 'team-manager' | 'agency-rep')[], teamIds: string[]) =>
    (await admin.createUser(system, { email, name, roles, teamIds, password: TEST_PASSWORD }, null)).user.id;
  const adaId = await make('ada@assess.test.invalid', 'Ada Worker', ['social-worker'], [team.id]);
  await make('ben@assess.test.invalid', 'Ben Worker', ['social-worker'], [team.id]);
  await make('tm@assess.test.invalid', 'Tess Manager', ['team-manager'], [team.id]);
  await make('tm2@assess.test.invalid', 'Uma Manager', ['team-manager'], [team.id]);
  const housingRepId = await make('housing@assess.test.invalid', 'Hal Housing', ['agency-rep'], []);
  // The partner agencies, with their representatives.
  const coordinator = await user(tenant.users['marac-coordinator'].id);
  const setup = maracSetupService(t.db);
  ids.police = await setup.addAgency(coordinator, { name: 'Northvale Police', sector: 'police' }, 'r');
  ids.housing = await setup.addAgency(coordinator, { name: 'Northvale Homes', sector: 'housing' }, 'r');
  await setup.setRepresentatives(coordinator, ids.police, [tenant.users['agency-rep'].id], 'r');
  await setup.setRepresentatives(coordinator, ids.housing, [housingRepId], 'r');
  // A police notification about a family, decided on the child protection pathway: a case for the child.
  const mash = await user(tenant.users['mash-manager'].id);
  const people = peopleService(t.db);
  const caller = { kind: 'user', user: mash } as const;
  ids.victim = (await people.create(caller, { givenName: 'Marisol', familyName: 'Quennell', dateOfBirth: '1991-03-14' }, 'r')).id;
  const harm = (await people.create(caller, { givenName: 'Dorian', familyName: 'Quennell', dateOfBirth: '1988-08-02' }, 'r')).id;
  ids.child = (await people.create(caller, { givenName: 'Tobiah', familyName: 'Quennell', dateOfBirth: '2019-05-09' }, 'r')).id;
  await relationshipsService(t.db).add(caller, ids.victim, ids.child, 'parent-of', 'r');
  const notification = policeNotification();
  const linked = notification.people.map((p) => ({ ...p, personId: { v: ids.victim, h: harm, c1: ids.child }[p.ref] }));
  const contacts = contactsService(t.db);
  const contact = await contacts.receive({ kind: 'system', tenantId: tenant.id }, { ...notification, people: linked }, null);
  ids.contact = contact.id;
  await contacts.decide({ kind: 'user', user: mash }, contact.id, { pathway: 'child-protection', reason: 'Escalating; children upstairs', daServiceReferral: null, checkMarac: false, teamId: team.id }, 'r');
  ids.case = (await t.db.owner().selectFrom('case_members').select('case_id').where('person_id', '=', ids.child).where('role', '=', 'child').executeTakeFirstOrThrow()).case_id;
  ids.receivedOn = (await t.db.owner().selectFrom('contacts').select('received_on').where('id', '=', contact.id).executeTakeFirstOrThrow()).received_on;
  await casesService(t.db).allocate(await user(tenant.users['mash-manager'].id), ids.case, adaId, team.id, 'r');
  ada = await signedIn(t.app, 'ada@assess.test.invalid');
  ben = await signedIn(t.app, 'ben@assess.test.invalid');
  manager = await signedIn(t.app, 'tm@assess.test.invalid');
  manager2 = await signedIn(t.app, 'tm2@assess.test.invalid');
  policeRep = await signedIn(t.app, tenant.users['agency-rep'].email);
  housingRep = await signedIn(t.app, 'housing@assess.test.invalid');
});
afterAll(() => t.close());

describe('the child and family assessment', () => {
  it('starts from the case summary, due 45 working days from the contact behind the threshold decision', async () => {
    const summary = await ada.get(paths.cases.overview(ids.case));
    expect(summary.body).toContain('Start the assessment');
    const started = await ada.post(paths.cases.startAssessment(ids.case));
    expect(started.statusCode).toBe(303);
    const list = await ada.get(started.headers.location as string);
    expect(list.body).toContain('The assessment has started');
    expect(list.body).toContain('govuk-task-list');
    expect(list.body).toContain('The child’s voice: Tobiah Quennell');
    const a = await assessmentRow();
    expect(a).toMatchObject({ status: 'in-progress', contact_id: ids.contact, referral_date: ids.receivedOn, due_on: assessmentDue(defaultCalendar, plainDate(ids.receivedOn)) });
    // The case summary and the worker's home page show the days left; only one assessment at a time.
    expect((await ada.get(paths.cases.overview(ids.case))).body).toMatch(/data-assessment-card="due"[^>]*>In progress\. Due [^:]+: <strong>\d+ working days left<\/strong>/);
    expect((await ada.get('/')).body).toMatch(/data-assessments-due[\s\S]*Case WA-\d+<\/a>: due/);
    const again = await ada.post(paths.cases.startAssessment(ids.case));
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('This case already has an assessment in progress');
  });

  it('saves a section on its own, refusing bad answers by name and changing nothing', async () => {
    expect(hiddenVersion((await ada.get(section('domestic-abuse'))).body)).toBe('0');
    const bad = await ada.post(section('domestic-abuse'), { version: '0', ...DOMESTIC_ABUSE, incidents: 'x'.repeat(5001), minimises: 'sometimes' });
    expect(bad.statusCode).toBe(400);
    expect(errorSummary(bad.body)).toEqual({ incidents: 'How many incidents, how often, and how serious must be 5000 characters or fewer', minimises: 'Choose an answer from the list for “does she play down the abuse or its effect on the children?”' });
    const missing = await ada.post(section('domestic-abuse'), { version: '0', incidents: 'Four', completed: 'yes' });
    expect(Object.keys(errorSummary(missing.body))).toEqual(['minimises', 'accepts', 'impactOnVictim', 'childrenWhere', 'childrenIntervene', 'protectedBefore', 'protectNow', 'support', 'extendedFamily']);
    expect(await sectionRows()).toEqual([]);
    expect((await ada.get(paths.cases.assessmentSection(ids.case, 'nonsense', 'family'))).statusCode).toBe(404);
    expect((await ada.get(paths.cases.assessmentSection(ids.case, 'childs-voice', ids.victim))).statusCode).toBe(404);
    const saved = await ada.post(section('domestic-abuse'), { version: '0', ...DOMESTIC_ABUSE });
    expect(saved.statusCode).toBe(303);
    expect((await ada.get(saved.headers.location as string)).body).toContain('The section is marked complete');
  });

  it('never loses an edit when two people save the same section: the later is told who changed what', async () => {
    const first = await ada.get(section('parenting'));
    const second = await ben.get(section('parenting'));
    expect([hiddenVersion(first.body), hiddenVersion(second.body)]).toEqual(['0', '0']);
    const adaSaves = await ada.post(section('parenting'), { version: '0', victimCapacity: 'Warm and attentive when he is away', harmerBehaviour: 'Controls the money and checks her phone', completed: 'no' });
    expect(adaSaves.statusCode).toBe(303);
    const benSaves = await ben.post(section('parenting'), { version: '0', harmerCapacity: 'Little involvement in care', harmerBehaviour: 'Shouts and breaks things', completed: 'no' });
    expect(benSaves.statusCode).toBe(409);
    expect(benSaves.body).toContain('This section was changed by someone else since you opened it');
    expect(benSaves.body).toMatch(/data-conflict[\s\S]*<li>Ada Worker, [^<]*(am|pm): The person causing harm’s behaviour; The adult victim’s capacity to meet the children’s needs, with the abuse going on<\/li>/);
    // His typed answers stay in the form; the saved ones are shown beside them; the form is now at the new version.
    expect(benSaves.body).toContain('Shouts and breaks things</textarea>');
    expect(benSaves.body).toMatch(/data-saved-answers[\s\S]*Controls the money and checks her phone/);
    expect(hiddenVersion(benSaves.body)).toBe('1');
    expect((await ben.post(section('parenting'), { version: '1', victimCapacity: 'Warm and attentive when he is away', harmerCapacity: 'Little involvement in care', harmerBehaviour: 'Controls the money, checks her phone, shouts and breaks things', harmerEffect: 'The children are on edge', controlPattern: ['money', 'monitoring'], completed: 'yes' })).statusCode).toBe(303);
    const changes = await t.db.owner().selectFrom('assessment_section_changes').select(['version', 'fields']).where('section', '=', 'parenting').orderBy('version').execute();
    expect(changes).toEqual([
      { version: 1, fields: ['harmerBehaviour', 'victimCapacity'] },
      { version: 2, fields: ['controlPattern', 'harmerBehaviour', 'harmerCapacity', 'harmerEffect', 'completed'] },
    ]);
  });

  it('hears the child’s voice: seen alone means nobody else is named', async () => {
    const page = await ada.get(section('childs-voice', ids.child));
    expect(page.body).toMatch(/data-child-age>Tobiah Quennell, born 9 May 2019, aged \d+: school age/i);
    const voice = { version: '0', sawHeardDid: 'Heard Dad shouting and a door bang', feelings: 'Scared at night', ownWords: '“I put my pillow over my ears”', seenWhere: 'At school, in the quiet room', understanding: 'Knows it is wrong; thinks it is her fault', completed: 'yes' };
    const named = await ada.post(section('childs-voice', ids.child), { ...voice, seenAlone: 'yes', othersPresent: 'Her mother' });
    expect(named.statusCode).toBe(400);
    expect(errorSummary(named.body)).toEqual({ othersPresent: 'You said the child was seen on their own: leave “who else was there” empty, or say they were not seen on their own' });
    expect(errorSummary((await ada.post(section('childs-voice', ids.child), { ...voice, seenAlone: 'no' })).body)).toEqual({ othersPresent: 'Say who else was there when you saw the child' });
    expect((await sectionRows()).some((s) => s.section === 'childs-voice')).toBe(false);
    expect((await ada.post(section('childs-voice', ids.child), { ...voice, seenAlone: 'yes' })).statusCode).toBe(303);
  });

  it('offers the impact checklist of the child’s age band only', async () => {
    const page = await ada.get(section('impact', ids.child));
    expect(page.body).toContain('Signs seen: school age (5 to 11)');
    expect(page.body).not.toContain('value="developmental-delay"');
    const impact = { version: '0', indicatorNotes: 'Teacher reports he is tired', development: 'On track physically', school: 'Late most days', completed: 'yes' };
    const wrong = await ada.post(section('impact', ids.child), { ...impact, indicators: 'developmental-delay' });
    expect(Object.keys(errorSummary(wrong.body))).toEqual(['indicators']);
    expect((await ada.post(section('impact', ids.child), { ...impact, indicators: ['school-attendance', 'conduct'] })).statusCode).toBe(303);
  });
});

describe('requests for information to the network', () => {
  it('refuses dates out of order, an unknown agency and changes nothing', async () => {
    const today = londonDate(new Date());
    const base = { source: 'police', method: 'in-product', agencyId: ids.police, recipient: 'Public protection unit', question: 'Previous call-outs to the family?', informs: 'domestic-abuse', ...dateFields('askedOn', today) };
    const early = await ada.post(paths.cases.newInformationRequest(ids.case), { ...base, ...dateFields('dueOn', addDays(today, -1)) });
    expect(errorSummary(early.body)).toEqual({ 'dueOn-day': 'The date the answer is due must be on or after the date you asked' });
    const noAgency = await ada.post(paths.cases.newInformationRequest(ids.case), { ...base, agencyId: '00000000-0000-4000-8000-000000000000', ...dateFields('dueOn', addDays(today, 10)) });
    expect(errorSummary(noAgency.body)).toEqual({ agencyId: 'Choose the partner agency whose representatives will answer' });
    const unknownSection = await ada.post(paths.cases.newInformationRequest(ids.case), { ...base, informs: 'horoscope', ...dateFields('dueOn', addDays(today, 10)) });
    expect(errorSummary(unknownSection.body)).toEqual({ informs: 'Choose only sections of the assessment from the list' });
    expect(await t.db.owner().selectFrom('information_requests').select('id').where('case_id', '=', ids.case).execute()).toEqual([]);
    const asked = await ada.post(paths.cases.newInformationRequest(ids.case), { ...base, ...dateFields('dueOn', addDays(today, 10)) });
    expect(asked.statusCode).toBe(303);
    ids.request = (await t.db.owner().selectFrom('information_requests').select('id').where('case_id', '=', ids.case).executeTakeFirstOrThrow()).id;
  });

  it('reminds the agency by an email that names nobody', async () => {
    const reminded = await ada.post(paths.cases.remindInformationRequest(ids.case, ids.request));
    expect(reminded.statusCode).toBe(303);
    const emails = await t.db.owner().selectFrom('emails').select(['to_address', 'subject', 'body', 'kind']).where('tenant_id', '=', tenant.id).where('kind', '=', 'information-request-reminder').execute();
    expect(emails.map((e) => e.to_address)).toEqual([tenant.users['agency-rep'].email]);
    const text = emails[0]!.subject + emails[0]!.body;
    for (const word of ['Quennell', 'Tobiah', 'Marisol', 'Dorian', 'call-outs', '2019']) expect(text).not.toContain(word);
    expect(text).toContain(paths.agencyRequests.answer(ids.request));
  });

  it('is answered by the agency’s representative; another agency’s gets not found', async () => {
    const list = await policeRep.get(paths.agencyRequests.list);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Tobiah Quennell (born 9 May 2019)');
    expect(list.body).toContain('Previous call-outs to the family?');
    expect(list.body).not.toContain('Marisol');
    expect((await housingRep.get(paths.agencyRequests.list)).body).not.toContain(ids.request);
    expect((await housingRep.get(paths.agencyRequests.answer(ids.request))).statusCode).toBe(404);
    expect((await housingRep.post(paths.agencyRequests.answer(ids.request), { answer: 'Not ours' })).statusCode).toBe(404);
    const refused = await t.db.owner().selectFrom('audit_events').select('action').where('tenant_id', '=', tenant.id).where('action', '=', 'information-request.refused').execute();
    expect(refused).toHaveLength(2);
    expect((await ada.get(paths.agencyRequests.list)).statusCode).toBe(403);
    expect(errorSummary((await policeRep.post(paths.agencyRequests.answer(ids.request), { answer: ' ' })).body)).toEqual({ answer: 'Enter your agency’s answer' });
    const answered = await policeRep.post(paths.agencyRequests.answer(ids.request), { answer: 'Four call-outs since January; one arrest in March' });
    expect(answered.statusCode).toBe(303);
    // Answered, the request is closed to the agency.
    expect((await policeRep.get(paths.agencyRequests.answer(ids.request))).statusCode).toBe(404);
    const beside = await ada.get(section('domestic-abuse'));
    expect(beside.body).toMatch(new RegExp(`data-return="${ids.request}">Four call-outs since January; one arrest in March`));
    expect((await ada.get(section('parenting'))).body).not.toContain('Four call-outs since January');
  });

  it('records an answer that came by phone, refusing a date before the asking', async () => {
    const today = londonDate(new Date());
    await ada.post(paths.cases.newInformationRequest(ids.case), { source: 'school', method: 'phone', recipient: 'Designated safeguarding lead', question: 'Attendance and presentation?', informs: 'impact', ...dateFields('askedOn', today), ...dateFields('dueOn', addDays(today, 5)) });
    const schoolId = (await t.db.owner().selectFrom('information_requests').select('id').where('source', '=', 'school').executeTakeFirstOrThrow()).id;
    const early = await ada.post(paths.cases.informationReturn(ids.case, schoolId), { answer: 'Late most days', ...dateFields('returnedOn', addDays(today, -3)) });
    expect(errorSummary(early.body)).toEqual({ 'returnedOn-day': 'The date of the answer must be on or after the date you asked' });
    expect((await ada.post(paths.cases.informationReturn(ids.case, schoolId), { answer: 'Late most days; tired', ...dateFields('returnedOn', today) })).statusCode).toBe(303);
    expect((await ada.get(paths.cases.assessment(ids.case))).body).toContain('Late most days; tired');
  });
});

describe('completing the assessment', () => {
  it('is submitted once every section is complete, with the factors the case suggests', async () => {
    const early = await ada.post(paths.cases.submitAssessment(ids.case), { factors: '3B' });
    expect(early.statusCode).toBe(409);
    expect(early.body).toContain('Complete every section first: 1 is not marked complete');
    const analysis = { version: '0', strengths: 'Mother engages; school is supportive', safetyNetwork: 'Her sister and the head teacher', analysis: 'Escalating coercive control', recommendation: 'strategy-discussion', completed: 'yes' };
    expect((await ada.post(section('analysis'), analysis)).statusCode).toBe(303);
    const page = await ada.get(paths.cases.submitAssessment(ids.case));
    // The victim is the child's parent: 3B is suggested, ticked, with why.
    expect(page.body).toMatch(/value="3B" checked/);
    expect(page.body).toContain('Suggested because Marisol Quennell is recorded as a victim and is a parent or carer of a child on this case');
    expect(page.body).not.toMatch(/value="3A" checked/);
    const both = await ada.post(paths.cases.submitAssessment(ids.case), { factors: ['21', '3B'] });
    expect(both.statusCode).toBe(400);
    expect(errorSummary(both.body)).toEqual({ factors: '“No factors identified” cannot be chosen with any other factor' });
    expect((await assessmentRow()).status).toBe('in-progress');
    const submitted = await ada.post(paths.cases.submitAssessment(ids.case), { factors: ['3B', '4B'] });
    expect(submitted.statusCode).toBe(303);
    expect(await assessmentRow()).toMatchObject({ status: 'submitted', factors: ['3B', '4B'], recommendation: 'strategy-discussion' });
    // Submitted, the sections no longer change.
    expect((await ada.post(section('analysis'), { ...analysis, version: '1', analysis: 'Changed' })).statusCode).toBe(409);
    expect((await ada.get(paths.cases.assessmentDecision(ids.case))).statusCode).toBe(403);
  });

  it('is returned with comments, and never authorised by the manager who submitted it', async () => {
    const blank = await manager.post(paths.cases.assessmentDecision(ids.case), { decision: 'return', comment: '' });
    expect(errorSummary(blank.body)).toEqual({ comment: 'Say what the worker should change before you return the assessment' });
    expect((await manager.post(paths.cases.assessmentDecision(ids.case), { decision: 'return', comment: 'Say more about the father’s control of money' })).statusCode).toBe(303);
    const returned = await ada.get(paths.cases.assessment(ids.case));
    expect(returned.body).toMatch(/data-returned-comment>Say more about the father’s control of money/);
    // The manager submits it this time, and may not authorise it.
    expect((await manager.post(paths.cases.submitAssessment(ids.case), { factors: ['3B', '4B'] })).statusCode).toBe(303);
    const own = await manager.post(paths.cases.assessmentDecision(ids.case), { decision: 'authorise' });
    expect(own.statusCode).toBe(422);
    expect(errorSummary(own.body)).toEqual({ decision: 'You submitted this assessment, so another team manager must authorise it' });
    expect((await assessmentRow()).status).toBe('submitted');
  });

  it('is authorised by another manager of the team, leading on to the recommended next step', async () => {
    const done = await manager2.post(paths.cases.assessmentDecision(ids.case), { decision: 'authorise' });
    expect(done.statusCode).toBe(303);
    const page = await ada.get(done.headers.location as string);
    expect(page.body).toContain('data-assessment-status="authorised"');
    expect(page.body).toMatch(new RegExp(`data-next-step[\\s\\S]*href="${paths.cases.plans(ids.case)}">Hold a strategy discussion`));
    expect(await assessmentRow()).toMatchObject({ status: 'authorised', authorised_on: londonDate(new Date()) });
    const actions = await t.db.owner().selectFrom('audit_events').select('action').where('tenant_id', '=', tenant.id).where('action', 'like', 'assessment.%').orderBy('id').execute();
    expect(new Set(actions.map((a) => a.action))).toEqual(new Set(['assessment.start', 'assessment.section-save', 'assessment.submit', 'assessment.return', 'assessment.authorise']));
    expect((await ada.get('/')).body).not.toContain('data-assessments-due');
  });
});
