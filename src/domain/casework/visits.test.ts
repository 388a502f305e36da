import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plainDate } from '../calendar/plain-date.js';
import { defaultCalendar } from '../calendar/working-days.js';
import { checkVisit, childVisits, type VisitInput } from './visits.js';

const d = plainDate;
const cal = defaultCalendar;
const visit: VisitInput = { kind: 'visit', happenedOn: d('2027-01-12'), childId: 'c1', seen: true, seenAlone: true, othersPresent: '', interpreter: 'none', interpreterName: '' };

describe('recording a visit', () => {
  it('takes a child seen alone with nobody else named', () => {
    expect(checkVisit(visit, d('2027-01-12'), ['c1'])).toBeNull();
    expect(checkVisit({ ...visit, seenAlone: false, othersPresent: 'Mother' }, d('2027-01-12'), ['c1'])).toBeNull();
  });

  it('refuses someone named as present when the child was seen alone, naming the field', () => {
    expect(checkVisit({ ...visit, othersPresent: 'Her father' }, d('2027-01-12'), ['c1'])?.field).toBe('othersPresent');
    fc.assert(fc.property(fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== ''), (someone) => checkVisit({ ...visit, othersPresent: someone }, d('2027-01-12'), ['c1']) !== null));
  });

  it('refuses a future date, a child not on the case, a child not seen but seen alone, and seen-or-not on a missed appointment', () => {
    expect(checkVisit(visit, d('2027-01-11'), ['c1'])?.field).toBe('happenedOn');
    expect(checkVisit(visit, d('2027-01-12'), ['c2'])?.field).toBe('childId');
    expect(checkVisit({ ...visit, seen: false, seenAlone: true }, d('2027-01-12'), ['c1'])?.field).toBe('seenAlone');
    expect(checkVisit({ ...visit, seen: null }, d('2027-01-12'), ['c1'])?.field).toBe('seen');
    expect(checkVisit({ ...visit, kind: 'missed-appointment' }, d('2027-01-12'), ['c1'])?.field).toBe('seen');
    expect(checkVisit({ ...visit, kind: 'missed-appointment', seen: null, seenAlone: null, childId: null }, d('2027-01-12'), ['c1'])).toBeNull();
  });
});

describe('interpreters at a visit', () => {
  it('takes a professional interpreter, named, and refuses a family member, a friend or a child, naming the field', () => {
    expect(checkVisit({ ...visit, interpreter: 'professional', interpreterName: 'Booking 4471, Sylheti' }, d('2027-01-12'), ['c1'])).toBeNull();
    expect(checkVisit({ ...visit, interpreter: 'professional', interpreterName: ' ' }, d('2027-01-12'), ['c1'])?.field).toBe('interpreterName');
    for (const kind of ['family-member', 'friend', 'child'] as const) {
      expect(checkVisit({ ...visit, interpreter: kind, interpreterName: 'Her brother' }, d('2027-01-12'), ['c1'])?.field).toBe('interpreter');
      expect(checkVisit({ ...visit, kind: 'missed-appointment', seen: null, seenAlone: null, interpreter: kind, interpreterName: '' }, d('2027-01-12'), ['c1'])?.field).toBe('interpreter');
    }
  });
});

describe('visits due', () => {
  it('are due every 10 working days from the plan’s start, then from the last time the child was seen', () => {
    const start = d('2026-12-14');
    // Ten working days after 14 December 2026, skipping Christmas and Boxing Day's substitute: 30 December.
    expect(childVisits('c1', start, 10, [], cal, d('2026-12-20')).next.dueOn).toBe('2026-12-30');
    const visits = [
      { childId: 'c1', kind: 'visit' as const, happenedOn: d('2027-01-04'), seen: true },
      { childId: 'c1', kind: 'visit' as const, happenedOn: d('2027-01-11'), seen: false },
      { childId: 'c1', kind: 'no-access' as const, happenedOn: d('2027-01-13'), seen: null },
      { childId: null, kind: 'missed-appointment' as const, happenedOn: d('2027-01-14'), seen: null },
    ];
    const status = childVisits('c1', start, 10, visits, cal, d('2027-01-20'));
    expect(status.lastSeenOn).toBe('2027-01-04');
    expect(status.next.dueOn).toBe('2027-01-18');
    expect(status.next.state).toBe('overdue');
    expect(status.missedLately).toBe(2);
  });
});
