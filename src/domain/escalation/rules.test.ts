import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, plainDate, type PlainDate } from '../calendar/plain-date.js';
import { RED_FLAG_CODES, type RedFlagCode } from './red-flags.js';
import { checkDiscussion, checkSettings, DEFAULT_ESCALATION_SETTINGS, escalationsDue, nonEngagementGroups, type EscalationFacts, type EscalationSettings } from './rules.js';

const d = plainDate;
const none: EscalationFacts = { missed: [], redFlags: [], incidents: [], raised: [] };
const s = DEFAULT_ESCALATION_SETTINGS;
const missed = (id: string, on: string) => ({ id, on: d(on) });

/** Raises what is due, as the service does: the next evaluation sees them as raised. */
const raise = (facts: EscalationFacts, settings: EscalationSettings) => {
  const due = escalationsDue(facts, settings);
  return { due, facts: { ...facts, raised: [...facts.raised, ...due.map((e) => ({ trigger: e.trigger, counted: e.counted }))] } };
};

const day = fc.integer({ min: 0, max: 200 }).map((n) => addDays(d('2026-01-01'), n));
const factsArb = fc.record({
  missed: fc.uniqueArray(fc.record({ id: fc.uuid(), on: day }), { selector: (m) => m.id, maxLength: 12 }),
  redFlags: fc.uniqueArray(fc.record({ id: fc.uuid(), flag: fc.constantFrom(...RED_FLAG_CODES), on: day }), { selector: (f) => f.id, maxLength: 5 }),
  incidents: fc.uniqueArray(fc.record({ id: fc.uuid(), on: day }), { selector: (i) => i.id, maxLength: 4 }),
  raised: fc.constant([] as EscalationFacts['raised']),
});
const settingsArb = fc.record({
  missedCount: fc.integer({ min: 1, max: 5 }),
  missedDays: fc.integer({ min: 1, max: 60 }),
  escalatingFlags: fc.subarray([...RED_FLAG_CODES] as RedFlagCode[]),
});

describe('non-engagement: missed appointments and visits with no access within a period', () => {
  it('escalates the second missed appointment within 28 days, by default', () => {
    const facts = { ...none, missed: [missed('a', '2026-03-01'), missed('b', '2026-03-28')] };
    expect(escalationsDue(facts, s)).toEqual([{ trigger: 'non-engagement:b', reason: 'non-engagement', counted: ['a', 'b'], flag: null, on: d('2026-03-28') }]);
  });

  it('does not escalate one missed appointment, or two more than 28 days apart', () => {
    expect(escalationsDue({ ...none, missed: [missed('a', '2026-03-01')] }, s)).toEqual([]);
    expect(escalationsDue({ ...none, missed: [missed('a', '2026-03-01'), missed('b', '2026-03-29')] }, s)).toEqual([]);
  });

  it('takes the area’s numbers: 3 within 10 days', () => {
    const three = { ...s, missedCount: 3, missedDays: 10 };
    const facts = { ...none, missed: [missed('a', '2026-03-01'), missed('b', '2026-03-05'), missed('c', '2026-03-10')] };
    expect(escalationsDue(facts, three).map((e) => e.counted)).toEqual([['a', 'b', 'c']]);
    expect(escalationsDue({ ...facts, missed: [...facts.missed.slice(0, 2), missed('c', '2026-03-11')] }, three)).toEqual([]);
  });

  it('counts each missed appointment towards one escalation only', () => {
    const first = raise({ ...none, missed: [missed('a', '2026-03-01'), missed('b', '2026-03-02')] }, s);
    expect(first.due).toHaveLength(1);
    const third = { ...first.facts, missed: [...first.facts.missed, missed('c', '2026-03-03')] };
    expect(escalationsDue(third, s)).toEqual([]);
    const fourth = { ...third, missed: [...third.missed, missed('d', '2026-03-20')] };
    expect(escalationsDue(fourth, s).map((e) => e.counted)).toEqual([['c', 'd']]);
  });

  it('groups are each within the period, of the set size, and never share a missed appointment', () => {
    fc.assert(
      fc.property(factsArb, settingsArb, (facts, settings) => {
        const groups = nonEngagementGroups(facts.missed, settings.missedCount, settings.missedDays);
        const ids = groups.flat().map((m) => m.id);
        expect(new Set(ids).size).toBe(ids.length);
        for (const g of groups) {
          expect(g).toHaveLength(settings.missedCount);
          expect(g[0]!.on >= addDays(g[g.length - 1]!.on, -(settings.missedDays - 1))).toBe(true);
        }
      }),
    );
  });

  it('escalates whenever enough missed appointments fall within one period (none are missed out)', () => {
    fc.assert(
      fc.property(factsArb, settingsArb, (facts, settings) => {
        const due = escalationsDue(facts, settings).filter((e) => e.reason === 'non-engagement');
        const counted = new Set(due.flatMap((e) => e.counted));
        const left = facts.missed.filter((m) => !counted.has(m.id));
        // What is left has no `missedCount` of its own within one period.
        for (const m of left) {
          const within = left.filter((o) => o.on >= m.on && o.on <= addDays(m.on, settings.missedDays - 1));
          expect(within.length).toBeLessThan(settings.missedCount);
        }
      }),
    );
  });
});

describe('red flags and incidents', () => {
  it('escalates the family moving, going missing or a breach of an order, by default, and not the other flags', () => {
    const facts = { ...none, redFlags: (['family-moved', 'family-missing', 'order-breached', 'pressures-increased'] as const).map((flag, i) => ({ id: `f${i}`, flag, on: d('2026-04-01') })) };
    expect(escalationsDue(facts, s).map((e) => [e.trigger, e.flag])).toEqual([
      ['red-flag:f0', 'family-moved'],
      ['red-flag:f1', 'family-missing'],
      ['red-flag:f2', 'order-breached'],
    ]);
    expect(escalationsDue(facts, { ...s, escalatingFlags: ['pressures-increased'] }).map((e) => e.trigger)).toEqual(['red-flag:f3']);
  });

  it('escalates each new incident once', () => {
    const facts = { ...none, incidents: [{ id: 'contact-1', on: d('2026-04-02') }] };
    expect(escalationsDue(facts, s)).toEqual([{ trigger: 'incident:contact-1', reason: 'incident', counted: ['contact-1'], flag: null, on: d('2026-04-02') }]);
    expect(escalationsDue({ ...facts, raised: [{ trigger: 'incident:contact-1', counted: ['contact-1'] }] }, s)).toEqual([]);
  });
});

describe('the rules are idempotent', () => {
  it('never raises the same trigger twice: evaluating again after raising gives nothing', () => {
    fc.assert(
      fc.property(factsArb, settingsArb, (facts, settings) => {
        const once = raise(facts, settings);
        expect(escalationsDue(once.facts, settings)).toEqual([]);
        const triggers = once.due.map((e) => e.trigger);
        expect(new Set(triggers).size).toBe(triggers.length);
      }),
    );
  });

  it('does not depend on the order the facts are read in', () => {
    fc.assert(
      fc.property(factsArb, settingsArb, (facts, settings) => {
        const reversed = { ...facts, missed: [...facts.missed].reverse(), redFlags: [...facts.redFlags].reverse(), incidents: [...facts.incidents].reverse() };
        expect(escalationsDue(reversed, settings)).toEqual(escalationsDue(facts, settings));
      }),
    );
  });

  it('a new fact raises at most what it adds: one incident or red flag gives one escalation', () => {
    fc.assert(
      fc.property(factsArb, settingsArb, day, (facts, settings, on) => {
        const before = raise(facts, settings).facts;
        expect(escalationsDue({ ...before, incidents: [...before.incidents, { id: 'new-incident', on }] }, settings)).toHaveLength(1);
      }),
    );
  });
});

describe('the area’s numbers and the management discussion', () => {
  it('takes 1 to 10 missed appointments within 1 to 365 days, and refuses the rest naming the field', () => {
    expect(checkSettings(s)).toBeNull();
    expect(checkSettings({ ...s, missedCount: 0 })?.field).toBe('missedCount');
    expect(checkSettings({ ...s, missedCount: 2.5 })?.field).toBe('missedCount');
    expect(checkSettings({ ...s, missedDays: 366 })?.field).toBe('missedDays');
    expect(checkSettings({ ...s, escalatingFlags: ['not-a-flag' as RedFlagCode] })?.field).toBe('escalatingFlags');
  });

  it('wants what was decided, by whom, and a day between the escalation and today', () => {
    const ok = { decision: 'Visit jointly with police tomorrow', decidedBy: 'Pat Manager', decidedOn: d('2026-04-03') };
    const raised: PlainDate = d('2026-04-02');
    const today: PlainDate = d('2026-04-05');
    expect(checkDiscussion(ok, raised, today)).toBeNull();
    expect(checkDiscussion({ ...ok, decision: '  ' }, raised, today)?.field).toBe('decision');
    expect(checkDiscussion({ ...ok, decidedBy: '' }, raised, today)?.field).toBe('decidedBy');
    expect(checkDiscussion({ ...ok, decidedOn: d('2026-04-06') }, raised, today)?.field).toBe('decidedOn');
    expect(checkDiscussion({ ...ok, decidedOn: d('2026-04-01') }, raised, today)?.field).toBe('decidedOn');
  });
});
