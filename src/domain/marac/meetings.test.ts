import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, plainDate } from '../calendar/plain-date.js';
import { defaultCalendar } from '../calendar/working-days.js';
import { acceptRefusal, agendaOrder, meetingDeadlines, nextMeetingWithRoom, overCap, partnerWindow, seriesDays, windowClosesAt, type AgendaEntry, type MeetingSlot } from './meetings.js';

const cal = defaultCalendar;
const d = plainDate;
const day = fc.integer({ min: 0, max: 365 * 3 }).map((n) => addDays(d('2026-01-01'), n));

describe('a series of meetings', () => {
  it('falls every 14 days, fortnightly, moved to the next working day from a weekend or bank holiday', () => {
    expect(seriesDays(d('2026-12-01'), 'fortnightly', 3, cal)).toEqual(['2026-12-01', '2026-12-15', '2026-12-29']);
    // 25 December 2026 is a Friday and a bank holiday: the meeting moves to Tuesday 29th (28th is the Boxing Day substitute).
    expect(seriesDays(d('2026-12-11'), 'fortnightly', 2, cal)).toEqual(['2026-12-11', '2026-12-29']);
  });

  it('falls monthly on the same week and weekday: the second Tuesday stays the second Tuesday', () => {
    expect(seriesDays(d('2026-12-08'), 'monthly', 4, cal)).toEqual(['2026-12-08', '2027-01-12', '2027-02-09', '2027-03-09']);
    // The fifth Thursday of a month without one is its last Thursday.
    expect(seriesDays(d('2026-10-29'), 'monthly', 2, cal)).toEqual(['2026-10-29', '2026-11-26']);
  });

  it('is one meeting when single, and refuses a series of none or more than 26', () => {
    expect(seriesDays(d('2026-12-08'), 'single', 5, cal)).toEqual(['2026-12-08']);
    expect(() => seriesDays(d('2026-12-08'), 'monthly', 0, cal)).toThrow(RangeError);
    expect(() => seriesDays(d('2026-12-08'), 'monthly', 27, cal)).toThrow(RangeError);
  });

  it('always gives working days, in order, as many as asked', () => {
    fc.assert(
      fc.property(day, fc.constantFrom('fortnightly' as const, 'monthly' as const), fc.integer({ min: 1, max: 26 }), (first, cadence, count) => {
        const days = seriesDays(first, cadence, count, cal);
        expect(days).toHaveLength(count);
        for (const x of days) expect(cal.isWorkingDay(x)).toBe(true);
        for (let i = 1; i < days.length; i++) expect(days[i]! > days[i - 1]!).toBe(true);
      }),
    );
  });
});

describe('the agenda and research deadlines', () => {
  it('counts back in working days: 5 for the agenda, 2 for research', () => {
    // Tuesday 29 December 2026: back over the Christmas bank holidays.
    expect(meetingDeadlines(d('2026-12-29'), { circulateDays: 5, researchDays: 2 }, cal)).toEqual({ circulateOn: '2026-12-18', researchDueOn: '2026-12-23' });
    expect(meetingDeadlines(d('2026-12-08'), { circulateDays: 5, researchDays: 2 }, cal)).toEqual({ circulateOn: '2026-12-01', researchDueOn: '2026-12-04' });
  });

  it('puts both on working days before the meeting, the agenda no later than research', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 20 }), (held, circulateDays, researchDays) => {
        const { circulateOn, researchDueOn } = meetingDeadlines(held, { circulateDays, researchDays }, cal);
        expect(cal.isWorkingDay(circulateOn)).toBe(true);
        expect(cal.workingDaysBetween(circulateOn, held)).toBe(cal.isWorkingDay(held) ? circulateDays : circulateDays - 1);
        if (researchDays <= circulateDays) expect(circulateOn <= researchDueOn).toBe(true);
      }),
    );
  });
});

describe('which meeting a referral goes onto', () => {
  const now = new Date('2026-12-04T12:00:00Z');
  const slot = (id: string, heldAt: string, cases: number, status: MeetingSlot['status'] = 'scheduled', cap = 16): MeetingSlot => ({ id, heldAt: new Date(heldAt), cases, status, cap });

  it('is the next to come with room under the cap', () => {
    const meetings = [slot('later', '2026-12-22T10:00:00Z', 3), slot('full', '2026-12-08T10:00:00Z', 16), slot('past', '2026-12-01T10:00:00Z', 0), slot('cancelled', '2026-12-06T10:00:00Z', 0, 'cancelled')];
    expect(nextMeetingWithRoom(meetings, now)?.id).toBe('later');
    // Each meeting's own cap: a panel taking 20 has room at 16.
    expect(nextMeetingWithRoom(meetings.map((x) => ({ ...x, cap: 20 })), now)?.id).toBe('full');
  });

  it('is the next to come when all are full, and none when none is to come', () => {
    expect(nextMeetingWithRoom([slot('b', '2026-12-22T10:00:00Z', 16), slot('a', '2026-12-08T10:00:00Z', 17)], now)?.id).toBe('a');
    expect(nextMeetingWithRoom([slot('past', '2026-12-01T10:00:00Z', 0)], now)).toBeNull();
  });

  it('refuses a cancelled meeting and one already held, saying which', () => {
    expect(acceptRefusal({ heldAt: new Date('2026-12-08T10:00:00Z'), status: 'cancelled' }, now)).toMatch(/cancelled/);
    expect(acceptRefusal({ heldAt: new Date('2026-12-04T11:59:00Z'), status: 'scheduled' }, now)).toMatch(/already taken place/);
    expect(acceptRefusal({ heldAt: new Date('2026-12-04T12:01:00Z'), status: 'scheduled' }, now)).toBeNull();
  });

  it('warns over the cap: the 17th case of 16', () => {
    expect(overCap(15, 16)).toBe(false);
    expect(overCap(16, 16)).toBe(true);
  });
});

describe('the agenda’s order', () => {
  const entry = (id: string, e: Partial<AgendaEntry>): AgendaEntry => ({ id, repeat: false, score: null, visibleHighRisk: false, referredOn: d('2026-12-01'), ...e });

  it('puts repeats first, then visible high risk and the highest score, then the longest waiting', () => {
    const order = agendaOrder([
      entry('new-low', { score: 9 }),
      entry('new-high', { score: 18, visibleHighRisk: true }),
      entry('repeat', { repeat: true, score: 5 }),
      entry('judgement-older', { referredOn: d('2026-11-20') }),
      entry('judgement', {}),
      entry('new-higher', { score: 20, visibleHighRisk: true }),
    ]);
    expect(order.map((e) => e.id)).toEqual(['repeat', 'new-higher', 'new-high', 'new-low', 'judgement-older', 'judgement']);
  });

  it('is a total order: the same however the entries arrive', () => {
    const arb = fc.uniqueArray(
      fc.record({ id: fc.uuid(), repeat: fc.boolean(), score: fc.option(fc.integer({ min: 0, max: 24 })), visibleHighRisk: fc.boolean(), referredOn: day }),
      { maxLength: 20, selector: (e) => e.id },
    );
    fc.assert(
      fc.property(arb, (entries) => {
        expect(agendaOrder([...entries].reverse())).toEqual(agendaOrder(entries));
      }),
    );
  });
});

describe('what a representative may see, and for how long', () => {
  const held = new Date('2026-12-08T10:00:00Z');
  const circulatedAt = new Date('2026-12-01T09:00:00Z');

  it('opens when the agenda goes out and closes the set number of days after the meeting', () => {
    const at = (iso: string) => partnerWindow(new Date(iso), { heldAt: held, circulatedAt, status: 'scheduled' }, 30);
    expect(at('2026-12-01T08:59:00Z')).toBe('not-yet-circulated');
    expect(at('2026-12-01T09:00:00Z')).toBe('open');
    expect(at('2027-01-07T09:59:00Z')).toBe('open');
    expect(at('2027-01-07T10:00:00Z')).toBe('closed');
    expect(windowClosesAt(held, 30).toISOString()).toBe('2027-01-07T10:00:00.000Z');
  });

  it('shows nothing before circulation or of a cancelled meeting', () => {
    expect(partnerWindow(new Date('2026-12-08T10:00:00Z'), { heldAt: held, circulatedAt: null, status: 'scheduled' }, 30)).toBe('not-yet-circulated');
    expect(partnerWindow(new Date('2026-12-05T10:00:00Z'), { heldAt: held, circulatedAt, status: 'cancelled' }, 30)).toBe('closed');
  });

  it('never opens before circulation or after the window, for any times', () => {
    fc.assert(
      fc.property(fc.integer({ min: -60, max: 90 }), fc.integer({ min: 1, max: 365 }), (offsetDays, windowDays) => {
        const now = new Date(held.getTime() + offsetDays * 86_400_000);
        const w = partnerWindow(now, { heldAt: held, circulatedAt, status: 'scheduled' }, windowDays);
        const expected = now < circulatedAt ? 'not-yet-circulated' : now < windowClosesAt(held, windowDays) ? 'open' : 'closed';
        expect(w).toBe(expected);
      }),
    );
  });
});

