import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayOfWeek, type PlainDate } from './plain-date.js';
import { monthGrid, otherMonth } from './month-grid.js';

describe('a month as weeks', () => {
  it('starts on Monday: December 2026 begins on a Tuesday and ends on a Thursday', () => {
    const weeks = monthGrid('2026-12');
    expect(weeks[0]).toEqual([null, '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05', '2026-12-06']);
    expect(weeks.at(-1)).toEqual(['2026-12-28', '2026-12-29', '2026-12-30', '2026-12-31', null, null, null]);
  });

  it('holds every day of the month once, each in its weekday’s column, for any month', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2000, max: 2100 }), fc.integer({ min: 1, max: 12 }), (y, m) => {
        const month = `${y}-${String(m).padStart(2, '0')}`;
        const weeks = monthGrid(month);
        const days = weeks.flat().filter((d): d is PlainDate => d !== null);
        const length = new Date(Date.UTC(y, m, 0)).getUTCDate();
        expect(days).toHaveLength(length);
        for (const week of weeks) {
          expect(week).toHaveLength(7);
          week.forEach((d, i) => d && expect((dayOfWeek(d) + 6) % 7).toBe(i));
        }
      }),
    );
  });

  it('steps between months across years, and refuses what is not a month', () => {
    expect(otherMonth('2026-12', 1)).toBe('2027-01');
    expect(otherMonth('2027-01', -1)).toBe('2026-12');
    expect(() => monthGrid('2026-13')).toThrow(RangeError);
  });
});
