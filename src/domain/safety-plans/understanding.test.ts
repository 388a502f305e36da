import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, plainDate } from '../calendar/plain-date.js';
import { checkUnderstanding, suggestUnderstanding, SUGGESTED_AGE } from './understanding.js';

const d = plainDate;
const today = d('2027-03-01');

describe('whether a child understands enough for a plan of their own', () => {
  it('is suggested from 5', () => {
    expect(SUGGESTED_AGE).toBe(5);
    expect(suggestUnderstanding(d('2022-03-01'), today)).toEqual({ suggestion: 'likely', age: 5 });
    expect(suggestUnderstanding(d('2022-03-02'), today)).toEqual({ suggestion: 'unlikely', age: 4 });
    expect(suggestUnderstanding(null, today)).toEqual({ suggestion: 'unknown', age: null });
  });

  it('always needs the worker to confirm it', () => {
    expect(checkUnderstanding({ confirmed: false, reason: '' }, d('2015-01-01'), today)).toMatchObject({ field: 'understanding' });
    expect(checkUnderstanding({ confirmed: true, reason: '' }, d('2015-01-01'), today)).toEqual({ reason: null });
  });

  it('needs a reason for a younger child, or one whose age is not known', () => {
    expect(checkUnderstanding({ confirmed: true, reason: '' }, d('2023-06-01'), today)).toEqual({ field: 'understandingReason', message: 'The child is 3: say why they understand enough for a plan of their own' });
    expect(checkUnderstanding({ confirmed: true, reason: '' }, null, today)).toMatchObject({ field: 'understandingReason' });
    expect(checkUnderstanding({ confirmed: true, reason: ' Talks about it clearly ' }, d('2023-06-01'), today)).toEqual({ reason: 'Talks about it clearly' });
  });

  it('never takes an unconfirmed answer, whatever the age', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 6500 }), fc.string(), (days, reason) => 'field' in checkUnderstanding({ confirmed: false, reason }, addDays(today, -days), today)));
  });
});
