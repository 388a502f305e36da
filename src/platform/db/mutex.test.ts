import { describe, expect, it } from 'vitest';
import { Mutex } from './mutex.js';

/** Lets every pending promise callback and a few macrotasks run. */
async function settle(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

describe('Mutex', () => {
  it('gives the lock to one holder at a time, then to waiters in the order they asked', async () => {
    const mutex = new Mutex();
    const order: string[] = [];
    const first = await mutex.lock();
    const waiters = ['a', 'b', 'c', 'd'].map(async (name) => {
      const release = await mutex.lock();
      order.push(`${name} in`);
      await settle(2);
      order.push(`${name} out`);
      release();
    });
    await settle();
    expect(order).toEqual([]);
    first();
    await Promise.all(waiters);
    expect(order).toEqual(['a in', 'a out', 'b in', 'b out', 'c in', 'c out', 'd in', 'd out']);
  });

  it('counts the callers waiting for the lock', async () => {
    const mutex = new Mutex();
    expect(mutex.waiting).toBe(0);
    const release = await mutex.lock();
    expect(mutex.waiting).toBe(0);
    const second = mutex.lock();
    const third = mutex.lock();
    await settle();
    expect(mutex.waiting).toBe(2);
    release();
    const releaseSecond = await second;
    expect(mutex.waiting).toBe(1);
    releaseSecond();
    const releaseThird = await third;
    expect(mutex.waiting).toBe(0);
    releaseThird();
  });

  it('ignores a second release, so a holder cannot free the lock for somebody else', async () => {
    const mutex = new Mutex();
    const releaseA = await mutex.lock();
    let bHolds = false;
    let cHolds = false;
    const b = mutex.lock().then((release) => {
      bHolds = true;
      return release;
    });
    const c = mutex.lock().then((release) => {
      cHolds = true;
      return release;
    });
    releaseA();
    const releaseB = await b;
    expect(bHolds).toBe(true);
    releaseA(); // a stale, repeated release must not let c in while b holds the lock
    await settle();
    expect(cHolds).toBe(false);
    releaseB();
    releaseB();
    const releaseC = await c;
    expect(cHolds).toBe(true);
    releaseC();
    // After everybody has gone, the lock is free again.
    const again = await mutex.lock();
    again();
    expect(mutex.waiting).toBe(0);
  });

  it('serves many concurrent callers exactly once each, in order', async () => {
    const mutex = new Mutex();
    const served: number[] = [];
    let inside = 0;
    let maxInside = 0;
    await Promise.all(
      Array.from({ length: 100 }, async (_, i) => {
        const release = await mutex.lock();
        inside++;
        maxInside = Math.max(maxInside, inside);
        if (i % 7 === 0) await settle(1);
        served.push(i);
        inside--;
        release();
      }),
    );
    expect(maxInside).toBe(1);
    expect(served).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(mutex.waiting).toBe(0);
  });
});
