import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { londonInstant, readTimeOfDay } from './london-time.js';
import { londonDate, plainDate } from './plain-date.js';

const at = (date: string, time: string) => londonInstant(plainDate(date), readTimeOfDay(time)!).toISOString();

describe('londonInstant', () => {
  it('reads winter times as UTC and summer times an hour ahead', () => {
    expect(at('2026-12-04', '14:30')).toBe('2026-12-04T14:30:00.000Z');
    expect(at('2026-07-01', '14:30')).toBe('2026-07-01T13:30:00.000Z');
    expect(at('2026-07-01', '00:15')).toBe('2026-06-30T23:15:00.000Z');
  });

  it('takes the first of the hour that happens twice when the clocks go back, and reads a skipped time an hour later', () => {
    expect(at('2026-10-25', '01:30')).toBe('2026-10-25T00:30:00.000Z');
    expect(at('2026-10-25', '02:30')).toBe('2026-10-25T02:30:00.000Z');
    expect(at('2026-03-29', '01:30')).toBe('2026-03-29T01:30:00.000Z');
    expect(at('2026-03-29', '02:30')).toBe('2026-03-29T01:30:00.000Z');
  });

  it('always lands on the London date it was given', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), (day, hours, minutes) => {
        const date = plainDate(day.toISOString().slice(0, 10));
        return londonDate(londonInstant(date, { hours, minutes })) === date;
      }),
    );
  });
});

describe('readTimeOfDay', () => {
  it('reads hours and minutes with a colon or a full stop, and nothing else', () => {
    expect(readTimeOfDay('14:30')).toEqual({ hours: 14, minutes: 30 });
    expect(readTimeOfDay(' 9.05 ')).toEqual({ hours: 9, minutes: 5 });
    for (const bad of ['24:00', '12:60', '2pm', '1430', '', '12:3']) expect(readTimeOfDay(bad), bad).toBeNull();
  });
});
