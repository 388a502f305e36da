import { beforeAll, describe, expect, it } from 'vitest';
import { applyCaseEvent, type CaseState } from '../domain/cases/case-events.js';
import { defaultCalendar } from '../domain/calendar/working-days.js';
import type { PlainDate } from '../domain/calendar/plain-date.js';
import { maracCriteria } from '../domain/marac/criteria.js';
import { RELATIONSHIP_KINDS } from '../domain/people/relationships.js';
import { DEFAULT_INDICATORS } from '../domain/triage/threshold.js';
import { ageOn, dateOf, dayOf, DAY_MS } from './days.js';
import { composeFamily, type GeneratorContext, type SyntheticFamily } from './family.js';
import { appendFamily } from './family-rows.js';
import { idKeyFor } from './synthetic-ids.js';
import { emptyBatch, TABLES } from './tables.js';

const TENANT = '5b8f0a3e-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
const user = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const TODAY = '2026-06-15';

function testContext(seed = 1): GeneratorContext {
  return {
    seed,
    ids: idKeyFor(TENANT, seed),
    today: dayOf(TODAY),
    repeatMonths: 12,
    staff: { workers: [{ id: user(1), teamId: user(100) }, { id: user(2), teamId: null }], teams: [user(100)], manager: user(3), mashWorker: user(4), mashManager: user(5), recorder: user(6) },
    indicators: DEFAULT_INDICATORS,
    bands: { high: 14, medium: 10 },
    decisionDueBy: (day) => dayOf(defaultCalendar.addWorkingDays(dateOf(day) as PlainDate, 1)),
  };
}

const FAMILIES = 2_000;
let families: SyntheticFamily[];
const share = (n: number, of: number) => n / of;

beforeAll(() => {
  const ctx = testContext();
  families = Array.from({ length: FAMILIES }, (_, serial) => composeFamily(ctx, serial));
});

describe('a synthetic family', () => {
  it('is the same family every time for the same seed, and a different one for another seed', () => {
    expect(composeFamily(testContext(), 17)).toEqual(composeFamily(testContext(), 17));
    const other = composeFamily(testContext(2), 17);
    expect(other.ids.people[0]).not.toBe(families[17]!.ids.people[0]);
    const names = (f: SyntheticFamily) => f.household.members.map((m) => `${m.givenName} ${m.familyName} ${m.dateOfBirth}`);
    expect(names(other)).not.toEqual(names(families[17]!));
  });

  it('has one to five children of every age, teenagers among them, a victim and a person causing harm', () => {
    const childCounts = new Set<number>();
    const ages: number[] = [];
    const today = dayOf(TODAY);
    for (const f of families) {
      const members = f.household.members;
      const children = members.filter((m) => m.role === 'child');
      childCounts.add(children.length);
      for (const c of children) ages.push(ageOn(c.dateOfBirth, today));
      expect(members[0]!.role).toBe('victim');
      expect(members[1]!.role).toBe('person-causing-harm');
      expect(ageOn(members[0]!.dateOfBirth, today)).toBeGreaterThanOrEqual(18);
      for (const t of f.household.ties) {
        expect(RELATIONSHIP_KINDS).toContain(t.kind);
        expect(members[t.from]).toBeDefined();
        expect(members[t.to]).toBeDefined();
      }
      for (const c of children) expect(f.household.ties).toContainEqual({ from: 0, to: c.index, kind: 'parent-of' });
    }
    expect([...childCounts].sort()).toEqual([1, 2, 3, 4, 5]);
    expect(Math.min(...ages)).toBe(0);
    expect(Math.max(...ages)).toBe(17);
    const teenagers = share(ages.filter((a) => a >= 13).length, ages.length);
    expect(teenagers).toBeGreaterThan(0.2);
    expect(teenagers).toBeLessThan(0.35);
    const people = families.reduce((n, f) => n + f.household.members.length, 0);
    expect(people / FAMILIES).toBeGreaterThan(3.8);
    expect(people / FAMILIES).toBeLessThan(4.3);
    const roles = new Set(families.flatMap((f) => f.household.members.map((m) => m.role)));
    expect([...roles].sort()).toEqual(['child', 'grandparent', 'person-causing-harm', 'step-parent', 'victim']);
  });

  it('restricts well under 1% of people; gives everyone an address history, withholding a few percent of victims’ (and their children’s) with a reason', () => {
    const restricted = families.filter((f) => f.restricted).reduce((n, f) => n + f.household.members.length, 0);
    const people = families.reduce((n, f) => n + f.household.members.length, 0);
    expect(share(restricted, people)).toBeLessThan(0.01);
    const withheld = families.filter((f) => f.homes.withheld);
    expect(share(withheld.length, FAMILIES)).toBeGreaterThan(0.02);
    expect(share(withheld.length, FAMILIES)).toBeLessThan(0.07);
    for (const f of families) {
      for (const s of f.homes.spells) if (s.from !== null && s.to !== null) expect(s.to).toBeGreaterThanOrEqual(s.from);
      for (const m of f.household.members) expect(f.homes.spells.some((s) => s.member === m.index)).toBe(true);
      for (const s of f.homes.spells.filter((x) => x.withheld)) expect(['victim', 'child', 'step-parent']).toContain(f.household.members[s.member]!.role);
    }
    for (const f of withheld) {
      const spell = f.homes.spells.find((s) => s.member === 0 && s.withheld)!;
      expect(spell.withheldReason).toBeTruthy();
      expect(spell.withheldAt).not.toBeNull();
      expect(spell.to).toBeNull();
    }
  });

  it('has one notification in some families and many in others, a few still waiting for a decision due one working day after receipt', () => {
    const counts = families.map((f) => f.history.incidents.length);
    expect(share(counts.filter((n) => n === 1).length, FAMILIES)).toBeGreaterThan(0.15);
    expect(Math.max(...counts)).toBeGreaterThan(15);
    const ctx = testContext();
    const waiting = families.flatMap((f) => f.caseHistory.outcomes.map((o, i) => ({ o, incident: f.history.incidents[i]! })).filter(({ o }) => o.status === 'awaiting-decision'));
    expect(share(waiting.length, FAMILIES)).toBeGreaterThan(0.02);
    expect(share(waiting.length, FAMILIES)).toBeLessThan(0.07);
    for (const { incident } of waiting) {
      expect(incident.receivedOn).toBeGreaterThanOrEqual(dayOf(TODAY) - 5);
      expect(ctx.decisionDueBy(incident.receivedOn)).toBe(dayOf(defaultCalendar.addWorkingDays(dateOf(incident.receivedOn) as PlainDate, 1)));
    }
    const sources = new Set(families.flatMap((f) => f.history.incidents.map((i) => i.source)));
    expect([...sources]).toEqual(expect.arrayContaining(['police', 'school', 'health', 'housing']));
  });

  it('routes each notification as the service would: to the allocated worker while the case is open, otherwise to the MASH', () => {
    for (const f of families) {
      const { events, outcomes } = f.caseHistory;
      let opened = false;
      f.history.incidents.forEach((incident, i) => {
        const before = events.filter((e) => e.at.getTime() <= incident.receivedAt).reduce<CaseState | null>((s, e) => applyCaseEvent(s, e), null);
        const allocatedOpen = before !== null && before.status === 'open' && before.workerId !== null;
        const hasChildren = incident.people.length > 2;
        const outcome = outcomes[i]!;
        if (outcome.status === 'sent-to-allocated-worker') expect(allocatedOpen && hasChildren).toBe(true);
        else if (opened) expect(allocatedOpen && hasChildren).toBe(false);
        if (outcome.decidedAt !== null) {
          expect(outcome.decidedAt).toBeGreaterThan(incident.receivedAt);
          expect(outcome.decidedAt).toBeLessThan(dayOf(TODAY) * DAY_MS);
        }
        if (before !== null) opened = true;
      });
      expect(events[0]!.type).toBe('opened');
      expect(f.caseHistory.state.lastActivityAt.getTime()).toBeLessThan(dayOf(TODAY) * DAY_MS);
    }
    const stages = new Set(families.map((f) => `${f.caseHistory.state.status} ${f.caseHistory.state.stage}`));
    for (const stage of ['early-help', 'assessment', 'child-in-need', 'child-protection']) expect(stages).toContain(`open ${stage}`);
    const closed = families.filter((f) => f.caseHistory.state.status === 'closed').length;
    expect(share(closed, FAMILIES)).toBeGreaterThan(0.2);
    expect(share(closed, FAMILIES)).toBeLessThan(0.6);
  });

  it('scores checklists across the bands, and refers high-risk victims to the Marac, about a third of referrals repeats the rule agrees with', () => {
    const checklists = families.flatMap((f) => f.checklists);
    const bands = (b: string) => share(checklists.filter((c) => c.band === b).length, checklists.length);
    expect(bands('high')).toBeGreaterThan(0.08);
    expect(bands('medium')).toBeGreaterThan(0.15);
    expect(bands('standard')).toBeGreaterThan(0.4);
    for (const c of checklists) {
      const answers = Object.values(c.answers);
      expect(c.score).toBe(answers.filter((a) => a.answer === 'yes').length);
      expect(c.gaps).toEqual(Array.from({ length: 24 }, (_, i) => i + 1).filter((q) => !c.answers[q] || c.answers[q].answer === 'dont-know'));
    }
    const referrals = families.flatMap((f) => f.referrals.map((r) => ({ f, r })));
    const repeats = referrals.filter(({ r }) => r.repeat);
    expect(Math.abs(share(repeats.length, referrals.length) - 1 / 3)).toBeLessThan(0.1);
    for (const { f, r } of referrals) {
      const date = dateOf(r.referredOn) as PlainDate;
      const answer = maracCriteria({
        date,
        checklists: f.checklists.map((c) => ({ id: String(c.index), completedOn: dateOf(c.completedOn) as PlainDate, score: c.score, band: c.band })),
        incidents: f.history.incidents.map((i) => ({ id: String(i.index), occurredOn: dateOf(i.occurredOn) as PlainDate })),
        earlierReferrals: f.referrals.filter((e) => e.referredOn < r.referredOn).map((e) => ({ id: String(e.index), referredOn: dateOf(e.referredOn) as PlainDate })),
        judgement: null,
      });
      const criteria = answer.met.map((m) => m.criterion);
      if (r.repeat) expect(answer.met).toContainEqual(expect.objectContaining({ criterion: 'repeat', referralId: String(r.previous) }));
      else expect(criteria).toContain('visible-high-risk');
    }
  });

  it('records people on contacts slightly differently now and then, always linked to the true record', () => {
    const ctx = testContext();
    const batch = emptyBatch();
    for (const f of families.slice(0, 500)) appendFamily(batch, f, ctx);
    const col = (table: keyof typeof TABLES, name: string) => TABLES[table].columns.findIndex(([c]) => c === name);
    const people = new Map(batch.people.rows.map((r) => [r[col('people', 'id')] as string, r]));
    let differ = 0;
    const onContacts = batch.contact_people.rows;
    for (const row of onContacts) {
      const person = people.get(row[col('contact_people', 'person_id')] as string);
      expect(person).toBeDefined();
      const same =
        row[col('contact_people', 'given_name')] === person![col('people', 'given_name')] &&
        row[col('contact_people', 'family_name')] === person![col('people', 'family_name')] &&
        row[col('contact_people', 'date_of_birth')] === dateOf(person![col('people', 'date_of_birth')] as number);
      if (!same) differ++;
    }
    expect(share(differ, onContacts.length)).toBeGreaterThan(0.08);
    expect(share(differ, onContacts.length)).toBeLessThan(0.3);
    expect(onContacts.some((r) => r[col('contact_people', 'date_of_birth')] === null)).toBe(true);
  });

  it('makes nothing that looks real: ZZ postcodes, NHS numbers in the 999 test range, invented towns', () => {
    for (const f of families.slice(0, 300)) {
      for (const s of f.homes.spells) expect(s.home.postcode).toMatch(/^ZZ\d{1,2} \d[A-Z]{2}$/);
      for (const m of f.household.members) if (m.nhsNumber) expect(m.nhsNumber).toMatch(/^999\d{7}$/);
      if (f.phone) expect(f.phone).toMatch(/^07700 900\d{3}$/);
    }
    const nhs = families.flatMap((f) => f.household.members.flatMap((m) => (m.nhsNumber ? [m.nhsNumber] : [])));
    expect(new Set(nhs).size).toBe(nhs.length);
  });
});
