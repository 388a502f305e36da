import { describe, expect, it } from 'vitest';
import { failuresStill, FREE_FAILURES, MAX_WAIT_SECONDS, waitAfterFailures } from './throttle.js';

describe('waitAfterFailures', () => {
  it('lets the free failures through without a wait, for an account and for an address', () => {
    for (let n = 0; n <= FREE_FAILURES.account; n++) expect(waitAfterFailures('account', n)).toBe(0);
    for (let n = 0; n <= FREE_FAILURES.address; n++) expect(waitAfterFailures('address', n)).toBe(0);
  });

  it('doubles the wait with each failure after them: 2, 4, 8, 16, 32 seconds', () => {
    expect([6, 7, 8, 9, 10].map((n) => waitAfterFailures('account', n))).toEqual([2, 4, 8, 16, 32]);
    expect([21, 22, 23].map((n) => waitAfterFailures('address', n))).toEqual([2, 4, 8]);
  });

  it('never makes anyone wait more than a minute, however many failures (so nobody can be locked out)', () => {
    for (const n of [11, 12, 50, 1_000, 1_000_000]) expect(waitAfterFailures('account', n)).toBe(MAX_WAIT_SECONDS);
    for (let n = 0; n < 200; n++) expect(waitAfterFailures('address', n)).toBeLessThanOrEqual(MAX_WAIT_SECONDS);
  });
});

describe('failuresStill', () => {
  const now = new Date('2026-12-05T10:00:00Z');
  it('keeps the count within 15 minutes of the last failure, and forgets it after', () => {
    expect(failuresStill(7, new Date('2026-12-05T09:45:00Z'), now)).toBe(7);
    expect(failuresStill(7, new Date('2026-12-05T09:44:59Z'), now)).toBe(0);
  });
});
