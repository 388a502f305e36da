import { describe, expect, it } from 'vitest';
import { parseServerTiming, RequestTimings, runWithTimings, timed, timedSync } from './request-timings.js';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function measured(work: () => Promise<void>): Promise<RequestTimings> {
  const timings = new RequestTimings();
  return new Promise((resolve, reject) => runWithTimings(timings, () => void work().then(() => resolve(timings), reject)));
}

describe('request timings', () => {
  it('still times the render after look-ups that ran side by side and ended out of order', async () => {
    const timings = await measured(async () => {
      await Promise.all([timed('db', () => pause(5)), timed('db', () => pause(20)), timed('db', () => pause(10))]);
      timedSync('render', () => {
        const until = Date.now() + 5;
        while (Date.now() < until);
      });
    });
    expect(timings.active).toBe(0);
    expect(timings.spent.render).toBeGreaterThan(0);
    expect(timings.spent.db).toBeGreaterThanOrEqual(4);
  });

  it('adds each phase’s time to it, and database work inside a phase to that phase', async () => {
    const timings = await measured(async () => {
      await timed('session', async () => {
        await timed('db', () => pause(15));
      });
      await timed('db', () => pause(15));
      timedSync('render', () => {
        const until = Date.now() + 5;
        while (Date.now() < until);
      });
    });
    expect(timings.spent.session).toBeGreaterThanOrEqual(14);
    expect(timings.spent.db).toBeGreaterThanOrEqual(14);
    expect(timings.spent.db).toBeLessThan(timings.spent.session + 15);
    expect(timings.spent.render).toBeGreaterThanOrEqual(4);
    expect(timings.spent.audit).toBe(0);
    const parsed = parseServerTiming(timings.header());
    expect(Object.keys(parsed)).toEqual(['session', 'access', 'audit', 'db', 'render', 'total']);
    expect(parsed.total).toBeGreaterThanOrEqual(parsed.session! + parsed.db! + parsed.render! - 0.05);
  });

  it('measures nothing outside a request, and still runs the work', async () => {
    expect(await timed('db', async () => 7)).toBe(7);
    expect(timedSync('render', () => 'page')).toBe('page');
  });

  it('passes a failure through and still counts the time', async () => {
    const timings = new RequestTimings();
    await new Promise<void>((resolve) =>
      runWithTimings(timings, () => {
        timed('audit', async () => {
          await pause(5);
          throw new Error('no audit');
        }).catch((error: Error) => {
          expect(error.message).toBe('no audit');
          resolve();
        });
      }),
    );
    expect(timings.spent.audit).toBeGreaterThanOrEqual(4);
  });

  it('reads a Server-Timing header, ignoring parts without a duration', () => {
    expect(parseServerTiming('session;dur=1.25, cache;desc="hit", total;dur=10')).toEqual({ session: 1.25, total: 10 });
  });
});
