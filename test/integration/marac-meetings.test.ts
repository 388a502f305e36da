import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, londonDate } from '../../src/domain/calendar/plain-date.js';
import { adminService } from '../../src/features/admin/service.js';
import { maracService } from '../../src/features/marac/service.js';
import { peopleService } from '../../src/features/people/service.js';
import { relationshipsService } from '../../src/features/people/relationships-service.js';
import { loadUser, type CurrentUser } from '../../src/platform/auth/current-user.js';
import { paths } from '../../src/platform/http/paths.js';
import { createTestTenant, signedIn, startTestApp, TEST_PASSWORD, type TestApp, type TestTenant, type Visitor } from '../helpers/app.js';
import { errorSummary } from '../helpers/pages.js';
import { readPdf } from '../helpers/pdf-text.js';
import { startSmtpServer } from '../helpers/smtp-server.js';
import { emailSender } from '../../src/platform/mail/outbox.js';

/**
 * Issue 14, points 1 to 3: the coordinator sets up agencies and a panel, schedules meetings, takes
 * referrals onto them (or declines them), circulates the agenda; a representative sees only their
 * agency's meetings inside the window, and the victim's withheld address only when released to them.
 */

let t: TestApp;
let tenant: TestTenant;
let coordinator: Visitor;
let policeRep: Visitor;
let housingRep: Visitor;
let healthRep: Visitor;
let worker: CurrentUser;
const ids: { police: string; housing: string; health: string; panel: string; meetings: string[] } = { police: '', housing: '', health: '', panel: '', meetings: [] };
const WITHHELD_LINE = '7 Quietwater Mews';

beforeAll(async () => {
  t = await startTestApp();
  tenant = await createTestTenant(t.db);
  coordinator = await signedIn(t.app, tenant.users['marac-coordinator'].email);
  worker = (await t.db.tenant(tenant.id, (trx) => loadUser(trx, tenant.users['social-worker'].id)))!;
  // Two more representatives, for agencies other than the first one's.
  const admin = adminService(t.db);
  const system = { kind: 'system', tenantId: tenant.id } as const;
  for (const who of ['housing', 'health']) {
    await admin.createUser(system, { email: `${who}-rep@${tenant.slug}.test.invalid`, name: `Test ${who} rep`, roles: ['agency-rep'], teamIds: [], password: TEST_PASSWORD }, null);
  }
});
afterAll(() => t.close());

const idAfter = (location: string | undefined, path: string) => new RegExp(`${path}/([0-9a-f-]{36})`).exec(location ?? '')?.[1] ?? '';
const userId = async (email: string) => (await t.db.owner().selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
const inFuture = (days: number) => addDays(londonDate(new Date()), days);
const dateFields = (prefix: string, date: string) => ({ [`${prefix}-day`]: String(Number(date.slice(8, 10))), [`${prefix}-month`]: String(Number(date.slice(5, 7))), [`${prefix}-year`]: date.slice(0, 4) });

/** A victim with a withheld address, the person causing harm and a child, referred to the Marac by the social worker. */
async function referredFamily(familyName: string): Promise<{ victim: string; referralId: string }> {
  const caller = { kind: 'user' as const, user: worker };
  const people = peopleService(t.db);
  const victim = (await people.create(caller, { givenName: 'Marisol', familyName, dateOfBirth: '1990-04-12', addresses: [{ line1: WITHHELD_LINE, town: 'Eastwick', withheld: true, withheldReason: 'Fled to a refuge' }] }, 'r')).id;
  const harm = (await people.create(caller, { givenName: 'Declan', familyName, dateOfBirth: '1987-09-30' }, 'r')).id;
  const child = (await people.create(caller, { givenName: 'Pip', familyName, dateOfBirth: '2019-02-03' }, 'r')).id;
  const rel = relationshipsService(t.db);
  await rel.add(caller, victim, harm, 'former-intimate-partners', 'r');
  await rel.add(caller, victim, child, 'parent-of', 'r');
  const referred = await maracService(t.db).refer(
    caller,
    { victimPersonId: victim, referredAt: londonDate(new Date()), referringAgency: 'Children’s social care', criteria: ['professional-judgement'], judgementReason: 'He has found the refuge', personCausingHarmId: harm, childIds: [child], consent: 'given', risks: 'Threats to kill; stalking' },
    'r',
  );
  return { victim, referralId: referred.id };
}

describe('setting up the Marac', () => {
  it('adds agencies with their starting offers, names representatives, and refuses a name twice', async () => {
    for (const [key, name, sector] of [['police', 'Eastwick Police', 'police'], ['housing', 'Eastwick Homes', 'housing'], ['health', 'Eastwick Mental Health', 'mental-health']] as const) {
      const added = await coordinator.post(paths.marac.newAgency, { name, sector });
      expect(added.statusCode, added.body).toBe(303);
      ids[key] = idAfter(added.headers.location, '/marac/agencies');
    }
    const page = await coordinator.get(paths.marac.agency(ids.police));
    expect(page.body).toContain('Flag the address for an urgent response');
    const again = await coordinator.post(paths.marac.newAgency, { name: 'eastwick police', sector: 'police' });
    expect(again.statusCode).toBe(400);
    expect(errorSummary(again.body)).toEqual({ name: 'There is already an agency with this name' });
    const noSector = await coordinator.post(paths.marac.newAgency, { name: 'Someone' });
    expect(errorSummary(noSector.body)).toEqual({ sector: 'Choose what kind of agency it is' });

    for (const [agency, email] of [[ids.police, tenant.users['agency-rep'].email], [ids.housing, `housing-rep@${tenant.slug}.test.invalid`], [ids.health, `health-rep@${tenant.slug}.test.invalid`]] as const) {
      const named = await coordinator.post(paths.marac.representatives(agency), { userIds: await userId(email) });
      expect(named.statusCode, named.body).toBe(303);
    }
    // Only accounts with the representative role can be named.
    const notRep = await coordinator.post(paths.marac.representatives(ids.police), { userIds: tenant.users['social-worker'].id });
    expect(errorSummary(notRep.body)).toEqual({ userIds: 'Choose representatives from the list of accounts with the agency representative role' });
    const offers = await coordinator.post(paths.marac.agency(ids.housing), { name: 'Eastwick Homes', offers: 'Flag the tenancy\n\nflag the tenancy\nA management move' });
    expect(offers.statusCode).toBe(303);
    expect((await t.db.owner().selectFrom('partner_agencies').select('offers').where('id', '=', ids.housing).executeTakeFirstOrThrow()).offers).toEqual(['Flag the tenancy', 'A management move']);
  });

  it('adds a panel with police and housing, and refuses research due before the agenda goes out', async () => {
    const fields = { name: 'Eastwick Marac', meetingCap: '2', circulateDays: '5', researchDays: '2', windowDays: '30', agencyIds: [ids.police, ids.housing] };
    const bad = await coordinator.post(paths.marac.newPanel, { ...fields, researchDays: '6' });
    expect(errorSummary(bad.body)).toEqual({ researchDays: 'Research must be due after the agenda goes out: no more working days before the meeting than the agenda' });
    const notNumber = await coordinator.post(paths.marac.newPanel, { ...fields, meetingCap: 'sixteen' });
    expect(errorSummary(notNumber.body)).toEqual({ meetingCap: 'Enter how many cases a meeting takes as a whole number, like 16' });
    const added = await coordinator.post(paths.marac.newPanel, fields);
    expect(added.statusCode, added.body).toBe(303);
    ids.panel = (await t.db.owner().selectFrom('marac_panels').select('id').where('name', '=', 'Eastwick Marac').executeTakeFirstOrThrow()).id;
    expect((await coordinator.get(paths.marac.setup)).body).toContain('Eastwick Marac');
  });
});

describe('meetings', () => {
  it('schedules a fortnightly series on working days, with the agenda and research dates counted back', async () => {
    const base = { panelId: ids.panel, time: '10:00', cadence: 'fortnightly', count: '3', venue: 'Eastwick Civic Centre', onlineLink: '', chair: 'DI Okafor' };
    const past = await coordinator.post(paths.marac.newMeetings, { ...base, ...dateFields('firstDay', inFuture(-7)) });
    expect(errorSummary(past.body)).toEqual({ 'firstDay-day': 'The first meeting must be in the future' });
    const nowhere = await coordinator.post(paths.marac.newMeetings, { ...base, venue: '', ...dateFields('firstDay', inFuture(21)) });
    expect(errorSummary(nowhere.body)).toEqual({ venue: 'Enter the venue or the online link' });
    const link = await coordinator.post(paths.marac.newMeetings, { ...base, venue: '', onlineLink: 'http://example.invalid/meet', ...dateFields('firstDay', inFuture(21)) });
    expect(errorSummary(link.body)).toEqual({ onlineLink: 'Enter the online link as a web address starting https://' });
    const scheduled = await coordinator.post(paths.marac.newMeetings, { ...base, ...dateFields('firstDay', inFuture(21)) });
    expect(scheduled.statusCode, scheduled.body).toBe(303);
    const rows = await t.db.owner().selectFrom('marac_meetings').select(['id', 'held_at', 'circulate_on', 'research_due_on']).where('panel_id', '=', ids.panel).orderBy('held_at').execute();
    expect(rows).toHaveLength(3);
    ids.meetings = rows.map((r) => r.id);
    for (const r of rows) {
      expect(r.circulate_on < r.research_due_on).toBe(true);
      expect(r.research_due_on < londonDate(r.held_at)).toBe(true);
    }
    const list = await coordinator.get(scheduled.headers.location!);
    expect(list.body).toContain('Meetings scheduled');
    for (const id of ids.meetings) expect(list.body).toContain(paths.marac.meeting(id));
    // The month calendar of the first meeting shows it on its day; a month asked for wrongly is this month.
    const first = rows[0]!.held_at;
    const month = londonDate(first).slice(0, 7);
    const calendar = await coordinator.get(`${paths.marac.meetingsCalendar}?month=${month}`);
    expect(calendar.statusCode).toBe(200);
    expect(calendar.body).toMatch(new RegExp(`>${Number(londonDate(first).slice(8, 10))}</span><a class="govuk-link govuk-body-s govuk-!-display-block" href="${paths.marac.meeting(ids.meetings[0]!)}"`));
    expect((await coordinator.get(`${paths.marac.meetingsCalendar}?month=2026-13`)).statusCode).toBe(200);
  });
});

describe('from referral to agenda, and what representatives see', () => {
  let first: { victim: string; referralId: string };
  let meetingCaseId = '';

  it('offers the next meeting with room and puts the referral on its agenda; a decided referral cannot be decided again', async () => {
    first = await referredFamily('Ashdown');
    const page = await coordinator.get(paths.marac.referral(first.referralId));
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(new RegExp(`value="${ids.meetings[0]}"[^>]*checked`));
    const accepted = await coordinator.post(paths.marac.accept(first.referralId), { meetingId: ids.meetings[0]! });
    expect(accepted.statusCode, accepted.body).toBe(303);
    expect(accepted.headers.location).toBe(`${paths.marac.meeting(ids.meetings[0]!)}?done=accepted`);
    const again = await coordinator.post(paths.marac.accept(first.referralId), { meetingId: ids.meetings[1]! });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('This referral has already been decided');
    meetingCaseId = (await t.db.owner().selectFrom('marac_meeting_cases').select('id').where('referral_id', '=', first.referralId).executeTakeFirstOrThrow()).id;
    const meeting = await coordinator.get(paths.marac.meeting(ids.meetings[0]!));
    expect(meeting.body).toContain('Marisol Ashdown');
  });

  it('declines a referral only with the reason and where the victim went instead', async () => {
    const other = await referredFamily('Brackley');
    const bare = await coordinator.post(paths.marac.decline(other.referralId), { reason: '', routedTo: '' });
    expect(bare.statusCode).toBe(400);
    expect(errorSummary(bare.body)).toEqual({ reason: 'Say why the referral is declined' });
    const noRoute = await coordinator.post(paths.marac.decline(other.referralId), { reason: 'Below the threshold', routedTo: '' });
    expect(errorSummary(noRoute.body)).toEqual({ routedTo: 'Say where the victim was referred instead, for example the IDVA service' });
    const declined = await coordinator.post(paths.marac.decline(other.referralId), { reason: 'Below the threshold for this Marac.', routedTo: 'Eastwick IDVA service' });
    expect(declined.statusCode).toBe(303);
    const page = await coordinator.get(paths.marac.referral(other.referralId));
    expect(page.body).toContain('Referred instead to Eastwick IDVA service');
  });

  it('before the agenda goes out, a representative sees nothing of it: not found, and the attempt is audited', async () => {
    policeRep = await signedIn(t.app, tenant.users['agency-rep'].email);
    housingRep = await signedIn(t.app, `housing-rep@${tenant.slug}.test.invalid`);
    healthRep = await signedIn(t.app, `health-rep@${tenant.slug}.test.invalid`);
    expect((await policeRep.get(paths.marac.myMeetings)).body).not.toContain('Marisol');
    expect((await policeRep.get(paths.marac.sharedCase(meetingCaseId))).statusCode).toBe(404);
    const refused = await t.db.owner().selectFrom('audit_events').select(['actor_id', 'subject_id']).where('action', '=', 'marac-case.refused').execute();
    expect(refused).toContainEqual({ actor_id: tenant.users['agency-rep'].id, subject_id: meetingCaseId });
  });

  it('circulates the agenda: member agencies see the shared summary, without the withheld address; an agency not on the panel gets not found', async () => {
    const circulated = await coordinator.post(paths.marac.circulate(ids.meetings[0]!));
    expect(circulated.statusCode, circulated.body).toBe(303);
    const twice = await coordinator.post(paths.marac.circulate(ids.meetings[0]!));
    expect(twice.statusCode).toBe(409);
    const mine = await policeRep.get(paths.marac.myMeetings);
    expect(mine.body).toContain(paths.marac.sharedCase(meetingCaseId));
    for (const rep of [policeRep, housingRep]) {
      const shared = await rep.get(paths.marac.sharedCase(meetingCaseId));
      expect(shared.statusCode).toBe(200);
      expect(shared.body).toContain('Marisol Ashdown, born 12 April 1990');
      expect(shared.body).toContain('Declan Ashdown, born 30 September 1987. Were in an intimate relationship');
      expect(shared.body).toContain('Pip Ashdown, born 3 February 2019. The victim’s child');
      expect(shared.body).toContain('Threats to kill; stalking');
      expect(shared.body).not.toContain(WITHHELD_LINE);
      expect(shared.body).not.toContain('Eastwick</p>');
    }
    expect((await healthRep.get(paths.marac.sharedCase(meetingCaseId))).statusCode).toBe(404);
    expect((await healthRep.get(paths.marac.myMeetings)).body).not.toContain('Marisol');
    // A representative reaches nothing else of the record.
    expect((await policeRep.get(paths.people.person(first.victim))).statusCode).toBe(403);
    expect((await policeRep.get(paths.marac.referral(first.referralId))).statusCode).toBe(403);
    expect((await policeRep.get(paths.marac.meeting(ids.meetings[0]!))).statusCode).toBe(403);
  });

  it('adds a referral after circulation as a late addition, and warns over the cap', async () => {
    const late = await referredFamily('Colbourne');
    const accepted = await coordinator.post(paths.marac.accept(late.referralId), { meetingId: ids.meetings[0]! });
    expect(accepted.headers.location).toBe(`${paths.marac.meeting(ids.meetings[0]!)}?done=accepted-late`);
    const third = await referredFamily('Dunmore');
    // The panel takes 2 a meeting: a third is put on, with a warning.
    const over = await coordinator.post(paths.marac.accept(third.referralId), { meetingId: ids.meetings[0]! });
    expect(over.headers.location).toBe(`${paths.marac.meeting(ids.meetings[0]!)}?done=accepted-over-cap`);
    const page = await coordinator.get(`${paths.marac.meeting(ids.meetings[0]!)}?done=accepted-over-cap`);
    expect(page.body).toContain('This meeting has 3 cases, more than the 2 it takes');
    expect(page.body.match(/data-late/g)).toHaveLength(2);
    // The agenda keeps its order: the case there when it went out first, late additions after it.
    expect([...page.body.matchAll(/data-meeting-case="[^"]+">[\s\S]*?<a class="govuk-link" href="\/marac\/referrals\/[^"]+">([^<]+)</g)].map((m) => m[1])).toEqual(['Marisol Ashdown', 'Marisol Colbourne', 'Marisol Dunmore']);
  });

  it('releases the withheld address to the police alone, with the reason and lawful basis in the sharing history', async () => {
    const toHealth = await coordinator.post(paths.marac.sharing(meetingCaseId), { agencyId: ids.health, reason: 'Flag it', lawfulBasis: 'Safeguarding' });
    expect(errorSummary(toHealth.body)).toEqual({ agencyId: 'Choose one of the agencies on this meeting’s panel' });
    const noBasis = await coordinator.post(paths.marac.sharing(meetingCaseId), { agencyId: ids.police, reason: 'Flag it', lawfulBasis: '' });
    expect(errorSummary(noBasis.body)).toEqual({ lawfulBasis: 'Enter the lawful basis for sharing it' });
    const released = await coordinator.post(paths.marac.sharing(meetingCaseId), { agencyId: ids.police, reason: 'To flag the address for an urgent response', lawfulBasis: 'Safeguarding: Data Protection Act 2018, Schedule 8' });
    expect(released.statusCode, released.body).toBe(303);
    const history = await coordinator.get(paths.marac.sharing(meetingCaseId));
    expect(history.body).toContain('To flag the address for an urgent response');
    expect(history.body).toContain('Safeguarding: Data Protection Act 2018, Schedule 8');
    expect(history.body).not.toContain(WITHHELD_LINE);
    expect((await policeRep.get(paths.marac.sharedCase(meetingCaseId))).body).toContain(WITHHELD_LINE);
    expect((await housingRep.get(paths.marac.sharedCase(meetingCaseId))).body).not.toContain(WITHHELD_LINE);
    // The coordinator's own view of the summary is what the agencies see: no address.
    expect((await coordinator.get(paths.marac.sharedCase(meetingCaseId))).body).not.toContain(WITHHELD_LINE);
    // Papers never carry an address, even to the agency it was released to: their text is extracted and hunted.
    for (const url of [paths.marac.paperPdf(ids.meetings[0]!, 'agenda'), paths.marac.researchPack(meetingCaseId)]) {
      const res = await policeRep.request({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      const text = (await readPdf(res.rawPayload)).text;
      expect(text.replace(/\s+/g, ' ')).toContain('Marisol Ashdown');
      expect(text).not.toContain(WITHHELD_LINE);
      expect(text).not.toContain('Eastwick,');
    }
    // Every view by a representative is in the audit log.
    const views = await t.db.owner().selectFrom('audit_events').select(['actor_id', 'details']).where('action', '=', 'page.view').where('subject_id', '=', meetingCaseId).execute();
    expect(views.map((v) => v.actor_id)).toContain(tenant.users['agency-rep'].id);
  });

  it('takes each member agency’s research, naming every person left unanswered, and shows the grid by agency', async () => {
    const page = await policeRep.get(paths.marac.research(meetingCaseId));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Person causing harm: Declan Ashdown');
    const folks = await t.db.owner().selectFrom('people').select(['id', 'given_name']).where('family_name', '=', 'Ashdown').execute();
    const id = (name: string) => folks.find((p) => p.given_name === name)!.id;
    const partial = await policeRep.post(paths.marac.research(meetingCaseId), { [`known-${id('Marisol')}`]: 'yes', [`involvement-${id('Marisol')}`]: 'Two call-outs this month' });
    expect(partial.statusCode).toBe(400);
    expect(errorSummary(partial.body)).toEqual({ [`known-${id('Declan')}`]: 'Say whether your agency knows Declan Ashdown', [`known-${id('Pip')}`]: 'Say whether your agency knows Pip Ashdown' });
    const offMenu = await policeRep.post(paths.marac.research(meetingCaseId), { [`known-${id('Marisol')}`]: 'no', [`known-${id('Declan')}`]: 'no', [`known-${id('Pip')}`]: 'no', offers: 'Buy her a house' });
    expect(errorSummary(offMenu.body)).toEqual({ offers: 'Choose offers from your agency’s list, or describe another offer in your own words' });
    const returned = await policeRep.post(paths.marac.research(meetingCaseId), {
      [`known-${id('Marisol')}`]: 'yes',
      [`involvement-${id('Marisol')}`]: 'Two call-outs this month',
      [`known-${id('Declan')}`]: 'yes',
      [`history-${id('Declan')}`]: 'Convicted of assault in 2021',
      [`known-${id('Pip')}`]: 'no',
      offers: 'Flag the address for an urgent response',
    });
    expect(returned.statusCode, returned.body).toBe(303);
    expect((await policeRep.get(returned.headers.location!)).body).toContain('Research returned');
    const nothing = await housingRep.post(paths.marac.research(meetingCaseId), { [`known-${id('Marisol')}`]: 'no', [`known-${id('Declan')}`]: 'no', [`known-${id('Pip')}`]: 'no' });
    expect(nothing.statusCode).toBe(303);
    expect((await healthRep.get(paths.marac.research(meetingCaseId))).statusCode).toBe(404);
    expect((await healthRep.post(paths.marac.research(meetingCaseId), { [`known-${id('Marisol')}`]: 'no' })).statusCode).toBe(404);

    const grid = await coordinator.get(paths.marac.researchGrid(ids.meetings[0]!));
    const row = (caseId: string) => new RegExp(`data-grid-case="${caseId}"[\\s\\S]*?</tr>`).exec(grid.body)?.[0] ?? '';
    expect([...row(meetingCaseId).matchAll(/data-state="([a-z-]+)"/g)].map((m) => m[1])).toEqual(['nothing-known', 'returned']); // Eastwick Homes, then Eastwick Police
    const others = await t.db.owner().selectFrom('marac_meeting_cases').select('id').where('meeting_id', '=', ids.meetings[0]!).where('id', '<>', meetingCaseId).execute();
    for (const o of others) expect([...row(o.id).matchAll(/data-state="([a-z-]+)"/g)].map((m) => m[1])).toEqual(['not-returned', 'not-returned']);
    // The coordinator reads the returns with the case.
    const withReturns = await coordinator.get(paths.marac.sharedCase(meetingCaseId));
    expect(withReturns.body).toContain('Convicted of assault in 2021');
    expect(withReturns.body).toContain('Eastwick Homes: nothing known');
  });

  it('chases the agencies still to return by email, which reaches the SMTP server and says nothing about the people', async () => {
    const smtp = await startSmtpServer();
    try {
      const reminded = await coordinator.post(paths.marac.remind(ids.meetings[0]!));
      expect(reminded.statusCode, reminded.body).toBe(303);
      expect(reminded.headers.location).toContain('done=reminded-2');
      expect(await emailSender(t.db, { url: smtp.url, from: 'Wraparound <no-reply@test.invalid>' }).sendWaiting()).toBeGreaterThanOrEqual(4);
      const reminders = smtp.received.filter((m) => m.text.includes('Reminder: Marac research due'));
      expect(reminders.flatMap((m) => m.to).sort()).toEqual([`housing-rep@${tenant.slug}.test.invalid`, tenant.users['agency-rep'].email].sort());
      const notices = smtp.received.filter((m) => m.text.includes('Marac agenda: Eastwick Marac'));
      expect(notices.flatMap((m) => m.to).sort()).toEqual([`housing-rep@${tenant.slug}.test.invalid`, tenant.users['agency-rep'].email].sort());
      for (const mail of smtp.received) {
        for (const name of ['Marisol', 'Ashdown', 'Declan', 'Colbourne', 'Dunmore', WITHHELD_LINE]) expect(mail.text).not.toContain(name);
        expect(mail.text).toContain(paths.marac.myMeetings);
      }
    } finally {
      await smtp.close();
    }
    const admin = await signedIn(t.app, tenant.users.admin.email);
    const outbox = await admin.get(paths.admin.outbox);
    expect(outbox.body).toContain('Marac research reminder');
    expect(outbox.body).toContain('Marac agenda circulated');
  });

  it('closes the window the set number of days after the meeting', async () => {
    await t.db.owner().updateTable('marac_meetings').set({ held_at: new Date(Date.now() - 31 * 86_400_000) }).where('id', '=', ids.meetings[0]!).execute();
    expect((await policeRep.get(paths.marac.sharedCase(meetingCaseId))).statusCode).toBe(404);
    expect((await policeRep.get(paths.marac.myMeetings)).body).not.toContain('Marisol');
    await t.db.owner().updateTable('marac_meetings').set({ held_at: new Date(Date.now() - 29 * 86_400_000) }).where('id', '=', ids.meetings[0]!).execute();
    expect((await policeRep.get(paths.marac.sharedCase(meetingCaseId))).statusCode).toBe(200);
    // Research is for before the meeting.
    const late = await policeRep.post(paths.marac.research(meetingCaseId), {});
    expect(late.statusCode).toBe(409);
    expect(late.body).toContain('The meeting has taken place: research can no longer be returned for it');
  });

  it('refuses a referral onto a meeting already held or cancelled, saying which', async () => {
    const next = await referredFamily('Elsworth');
    const held = await coordinator.post(paths.marac.accept(next.referralId), { meetingId: ids.meetings[0]! });
    expect(errorSummary(held.body)).toEqual({ meetingId: 'This meeting has already taken place: choose a later one' });
    const put = await coordinator.post(paths.marac.accept(next.referralId), { meetingId: ids.meetings[2]! });
    expect(put.statusCode).toBe(303);
    const noReason = await coordinator.post(paths.marac.cancelMeeting(ids.meetings[2]!), { reason: ' ' });
    expect(errorSummary(noReason.body)).toEqual({ reason: 'Say why the meeting is cancelled' });
    const cancelled = await coordinator.post(paths.marac.cancelMeeting(ids.meetings[2]!), { reason: 'The venue is closed' });
    expect(cancelled.statusCode).toBe(303);
    // Its case went back to wait for a meeting.
    const back = await t.db.owner().selectFrom('marac_referrals').select('decision').where('id', '=', next.referralId).executeTakeFirstOrThrow();
    expect(back.decision).toBeNull();
    const onCancelled = await coordinator.post(paths.marac.accept(next.referralId), { meetingId: ids.meetings[2]! });
    expect(errorSummary(onCancelled.body)).toEqual({ meetingId: 'This meeting has been cancelled: choose another' });
  });

  it('moves a meeting with a reason, and its agenda and research dates move with it', async () => {
    const day = inFuture(60);
    const noReason = await coordinator.post(paths.marac.moveMeeting(ids.meetings[1]!), { ...dateFields('day', day), time: '14:30', reason: '' });
    expect(errorSummary(noReason.body)).toEqual({ reason: 'Say why the meeting is moving' });
    const moved = await coordinator.post(paths.marac.moveMeeting(ids.meetings[1]!), { ...dateFields('day', day), time: '14:30', reason: 'The chair is at court' });
    expect(moved.statusCode, moved.body).toBe(303);
    const row = await t.db.owner().selectFrom('marac_meetings').select(['held_at', 'research_due_on', 'moved_reason']).where('id', '=', ids.meetings[1]!).executeTakeFirstOrThrow();
    expect(londonDate(row.held_at)).toBe(day);
    expect(row.research_due_on < day).toBe(true);
    expect(row.moved_reason).toBe('The chair is at court');
  });

  it('is the coordinator’s alone: other roles are refused the coordinator’s pages', async () => {
    const social = await signedIn(t.app, tenant.users['social-worker'].email);
    for (const url of [paths.marac.meetings, paths.marac.setup, paths.marac.meeting(ids.meetings[1]!), paths.marac.sharing(meetingCaseId)]) {
      expect((await social.get(url)).statusCode, url).toBe(403);
      expect((await policeRep.get(url)).statusCode, url).toBe(403);
    }
  });
});
