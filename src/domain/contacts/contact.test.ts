import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plainDate } from '../calendar/plain-date.js';
import { defaultCalendar } from '../calendar/working-days.js';
import { allocatedCaseFor, checkDecision, daysLeftText, DecisionError, PATHWAYS, timeliness, workingDaysLeft } from './contact.js';

const d = plainDate;

describe('timeliness of a threshold decision', () => {
  it('is on time when decided on or before the due day, late after it', () => {
    expect(timeliness(d('2026-11-24'), d('2026-11-23'), d('2026-11-30'))).toBe('on-time');
    expect(timeliness(d('2026-11-24'), d('2026-11-24'), d('2026-11-30'))).toBe('on-time');
    expect(timeliness(d('2026-11-24'), d('2026-11-25'), d('2026-11-30'))).toBe('late');
  });

  it('is due until the due day has passed, then overdue', () => {
    expect(timeliness(d('2026-11-24'), null, d('2026-11-23'))).toBe('due');
    expect(timeliness(d('2026-11-24'), null, d('2026-11-24'))).toBe('due');
    expect(timeliness(d('2026-11-24'), null, d('2026-11-25'))).toBe('overdue');
  });

  it('property: decided contacts are never due or overdue, undecided ones never on time or late', () => {
    const day = fc.integer({ min: 0, max: 3000 }).map((n) => d(new Date(Date.UTC(2020, 0, 1 + n)).toISOString().slice(0, 10)));
    fc.assert(
      fc.property(day, fc.option(day, { nil: null }), day, (due, decided, today) => {
        const state = timeliness(due, decided, today);
        expect(decided ? ['on-time', 'late'] : ['due', 'overdue']).toContain(state);
      }),
    );
  });
});

describe('days left', () => {
  it('counts working days, skipping weekends and bank holidays', () => {
    expect(workingDaysLeft(defaultCalendar, d('2026-11-20'), d('2026-11-23'))).toBe(1); // Friday to Monday
    expect(workingDaysLeft(defaultCalendar, d('2026-12-24'), d('2026-12-29'))).toBe(1); // across Christmas
    expect(workingDaysLeft(defaultCalendar, d('2026-11-23'), d('2026-11-23'))).toBe(0);
    expect(workingDaysLeft(defaultCalendar, d('2026-11-25'), d('2026-11-23'))).toBe(-2);
  });

  it('says it in plain words', () => {
    expect(daysLeftText(0, false)).toBe('Due today');
    expect(daysLeftText(1, false)).toBe('1 working day left');
    expect(daysLeftText(2, false)).toBe('2 working days left');
    expect(daysLeftText(-1, true)).toBe('Overdue by 1 working day');
    expect(daysLeftText(-3, true)).toBe('Overdue by 3 working days');
    // Overdue over a weekend: the due day was Friday, today is Saturday; still overdue by one.
    expect(daysLeftText(0, true)).toBe('Overdue by 1 working day');
  });
});

describe('the allocated-family route', () => {
  const at = (day: number) => new Date(Date.UTC(2026, 10, day));
  it('goes to the allocated case most recently worked on', () => {
    expect(
      allocatedCaseFor([
        { caseId: 'a', childPersonId: 'c1', workerId: 'w1', lastActivityAt: at(1) },
        { caseId: 'b', childPersonId: 'c2', workerId: 'w2', lastActivityAt: at(5) },
        { caseId: 'c', childPersonId: 'c2', workerId: null, lastActivityAt: at(9) },
      ])?.caseId,
    ).toBe('b');
  });

  it('does not route when no open case has an allocated worker', () => {
    expect(allocatedCaseFor([])).toBeNull();
    expect(allocatedCaseFor([{ caseId: 'c', childPersonId: 'c1', workerId: null, lastActivityAt: at(1) }])).toBeNull();
  });
});

describe('the manager’s decision', () => {
  const input = { pathway: 'child-in-need' as const, reason: 'Young child present', daServiceReferral: 'floating-support' as const, checkMarac: false, teamId: null };

  it('needs a reason, naming the recommendation when the decision differs from it', () => {
    expect(() => checkDecision('awaiting-decision', 'child-in-need', { ...input, reason: ' ' })).toThrow('Give the reason for the decision');
    expect(() => checkDecision('awaiting-decision', 'early-help', { ...input, reason: '' })).toThrow('Give the reason for deciding differently from the recommendation');
    expect(() => checkDecision('awaiting-decision', null, { ...input, reason: '' })).toThrow('Give the reason for the decision');
  });

  it('is made once, and not on a contact sent to an allocated worker', () => {
    expect(() => checkDecision('decided', null, input)).toThrow(DecisionError);
    expect(() => checkDecision('sent-to-allocated-worker', null, input)).toThrow(/allocated worker/);
  });

  it('may differ from the recommendation, with a reason', () => {
    for (const recommended of [null, ...PATHWAYS]) for (const pathway of PATHWAYS) expect(() => checkDecision('awaiting-decision', recommended, { ...input, pathway })).not.toThrow();
  });
});
