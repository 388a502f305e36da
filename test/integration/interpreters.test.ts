import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REFUSED_INTERPRETER_MESSAGE } from '../../src/domain/interpreting/interpreters.js';
import { addDays, londonDate } from '../../src/domain/calendar/plain-date.js';
import { paths } from '../../src/platform/http/paths.js';
import { signedIn, startTestApp, type TestApp, type Visitor } from '../helpers/app.js';
import { errorSummary } from '../helpers/pages.js';
import { dateFields, daysAgo, escalationWorld, type EscalationWorld } from './escalation-fixture.js';

/**
 * Issue 16, point 9: a person's language, dialect and the interpreter's preferred sex, shown on the person
 * and beside them on the case; interpreters booked for visits and meetings, never a family member, a
 * friend of the family or a child.
 */

let t: TestApp;
let w: EscalationWorld;
let worker: Visitor;
let outsider: Visitor;

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;|&rsquo;|’/g, '’').replace(/\s+/g, ' ');
const nextWeek = () => addDays(londonDate(new Date()), 7);
const bookings = () => t.db.tenant(w.tenant.id, (trx) => trx.selectFrom('interpreter_bookings').selectAll().execute());

beforeAll(async () => {
  t = await startTestApp();
  w = await escalationWorld(t, 'Interpret-Begum', { firstLanguage: 'Bengali', dialect: 'Sylheti', interpreterNeeded: true, interpreterSex: 'female' });
  worker = await signedIn(t.app, w.worker.email);
  outsider = await signedIn(t.app, w.outsider.email);
});
afterAll(() => t.close());

const booking = () => ({
  personId: w.mother,
  language: 'Bengali',
  dialect: 'Sylheti',
  ...dateFields('on', nextWeek()),
  time: '10:30',
  purpose: 'home-visit',
  details: '',
  interpreterKind: 'professional',
  interpreterName: 'Ruksana Example',
  agency: 'Northtown Language Service',
  interpreterSex: 'female',
});

describe('a person’s language and dialect', () => {
  it('are shown on the person page and beside them on the case’s people tab', async () => {
    const person = text((await worker.get(paths.people.person(w.mother))).body);
    expect(person).toContain('Dialect Sylheti');
    expect(person).toContain('Needs an interpreter (Bengali, Sylheti)');
    const people = await worker.get(paths.cases.people(w.caseId));
    expect(text(people.body)).toContain('Bengali (Sylheti), needs a female interpreter');
  });

  it('are changed on the person’s edit form, with the dialect counted as a change', async () => {
    const form = await worker.get(paths.people.edit(w.mother));
    expect(form.body).toContain('name="dialect"');
    const row = await t.db.tenant(w.tenant.id, (trx) => trx.selectFrom('people').select(['dialect', 'version']).where('id', '=', w.mother).executeTakeFirstOrThrow());
    expect(row.dialect).toBe('Sylheti');
  });
});

describe('booking an interpreter', () => {
  it('refuses a family member, a friend of the family and a child, saying why, and stores nothing', async () => {
    const url = paths.interpreters.book(w.caseId);
    for (const kind of ['family-member', 'friend', 'child']) {
      await worker.get(url);
      const refused = await worker.post(url, { ...booking(), interpreterKind: kind, interpreterName: 'Her eldest son' });
      expect(refused.statusCode).toBe(400);
      expect(errorSummary(refused.body)).toEqual({ interpreterKind: REFUSED_INTERPRETER_MESSAGE });
    }
    expect(await bookings()).toHaveLength(0);
  });

  it('refuses a male interpreter when she asked for a female one, a bad time, a missing agency and a date long past, naming the field', async () => {
    const url = paths.interpreters.book(w.caseId);
    const cases: [Record<string, string>, Record<string, string>][] = [
      [{ ...booking(), interpreterSex: 'male' }, { interpreterSex: 'They asked for a female interpreter: book one' }],
      [{ ...booking(), time: 'half ten' }, { time: 'Enter the time as hours and minutes, for example 14:30' }],
      [{ ...booking(), agency: ' ' }, { agency: 'Enter the interpreting agency or service' }],
      [{ ...booking(), ...dateFields('on', daysAgo(200)) }, { 'on-day': 'The date must be within the last 90 days or in the future' }],
      [{ ...booking(), personId: '00000000-0000-4000-8000-000000000000' }, { personId: 'Choose the person on this case the interpreter is for' }],
    ];
    for (const [fields, expected] of cases) {
      await worker.get(url);
      const refused = await worker.post(url, fields);
      expect(refused.statusCode).toBe(400);
      expect(errorSummary(refused.body)).toEqual(expected);
    }
    expect(await bookings()).toHaveLength(0);
  });

  it('refuses a worker outside the team, who cannot see or book', async () => {
    expect([403, 404]).toContain((await outsider.get(paths.interpreters.list(w.caseId))).statusCode);
    const posted = await outsider.post(paths.interpreters.book(w.caseId), booking());
    expect([403, 404]).toContain(posted.statusCode);
    expect(await bookings()).toHaveLength(0);
  });

  it('books a professional interpreter for a home visit, lists it on the case and audits it', async () => {
    const url = paths.interpreters.book(w.caseId);
    const form = await worker.get(`${url}?person=${w.mother}`);
    expect(form.body).toContain('value="Sylheti"');
    const saved = await worker.post(url, booking());
    expect(saved.statusCode).toBe(303);
    const page = await worker.get(String(saved.headers.location));
    expect(page.body).toContain('The interpreter booking has been recorded');
    expect(text(page.body)).toContain('Ruksana Example, Northtown Language Service');
    const [stored] = await bookings();
    expect(stored).toMatchObject({ person_id: w.mother, language: 'Bengali', dialect: 'Sylheti', interpreter_name: 'Ruksana Example', purpose: 'home-visit', booked_by: w.worker.user.id });
    const audit = await t.db.tenant(w.tenant.id, (trx) => trx.selectFrom('audit_events').select('action').where('action', '=', 'case.interpreter-booked').execute());
    expect(audit).toHaveLength(1);
  });

  it('a visit uses the same rule: a child as the interpreter is refused', async () => {
    const url = paths.cases.newVisit(w.caseId);
    await worker.get(url);
    const refused = await worker.post(url, { kind: 'visit', ...dateFields('happenedOn', daysAgo(0)), childId: w.child, seen: 'yes', seenAlone: 'no', othersPresent: 'Mother', interpreter: 'child', interpreterName: 'Her brother', agency: 'Children’s services' });
    expect(refused.statusCode).toBe(400);
    expect(Object.keys(errorSummary(refused.body))).toEqual(['interpreter']);
  });
});
