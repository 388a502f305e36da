import { describe, expect, it } from 'vitest';
import { isReplicaRefusal, lsnBytes, ReplicaLag } from './read-replica.js';

describe('lsnBytes', () => {
  it('reads a WAL position as bytes, the high part above 2^32', () => {
    expect(lsnBytes('0/0')).toBe(0);
    expect(lsnBytes('0/16B3748')).toBe(0x16b3748);
    expect(lsnBytes('1/0')).toBe(2 ** 32);
    expect(lsnBytes('16/B374D848')).toBe(0x16 * 2 ** 32 + 0xb374d848);
    expect(lsnBytes('16/B374D848')).toBeGreaterThan(lsnBytes('16/B374D847'));
  });
});

describe('ReplicaLag', () => {
  it('is not known until the first comparison', () => {
    expect(new ReplicaLag().lag).toBe(Number.POSITIVE_INFINITY);
  });

  it('is 0 while the replica has replayed all the primary has written', () => {
    const lag = new ReplicaLag();
    lag.observe(1000, 500, 500);
    expect(lag.lag).toBe(0);
    lag.observe(2000, 900, 950); // replayed more than the primary had when asked a moment before: caught up
    expect(lag.lag).toBe(0);
  });

  it('is the age of the newest primary position the replica has reached', () => {
    const lag = new ReplicaLag();
    lag.observe(1000, 500, 500);
    lag.observe(2000, 600, 500); // behind since the sample at 1000
    expect(lag.lag).toBe(1000);
    lag.observe(3000, 700, 500);
    expect(lag.lag).toBe(2000);
    lag.observe(4000, 800, 650); // has reached what the primary had at 2000 (600), not at 3000 (700)
    expect(lag.lag).toBe(2000);
    lag.observe(5000, 800, 800);
    expect(lag.lag).toBe(0);
  });

  it('is not known while the replica has reached none of the positions sampled (behind at the first look)', () => {
    const lag = new ReplicaLag();
    lag.observe(1000, 500, 100);
    expect(lag.lag).toBe(Number.POSITIVE_INFINITY);
    lag.observe(2000, 600, 100);
    expect(lag.lag).toBe(Number.POSITIVE_INFINITY);
    lag.observe(3000, 600, 550); // has reached the first sample (500)
    expect(lag.lag).toBe(2000);
  });

  it('is not known when the replica could not say (a primary, or not answering), until it is asked again', () => {
    const lag = new ReplicaLag();
    lag.observe(1000, 500, 500);
    lag.observe(2000, 500, null);
    expect(lag.lag).toBe(Number.POSITIVE_INFINITY);
    lag.unknown();
    expect(lag.lag).toBe(Number.POSITIVE_INFINITY);
    lag.observe(3000, 500, 500);
    expect(lag.lag).toBe(0);
  });
});

describe('isReplicaRefusal', () => {
  it('is a write refused in a read-only transaction, a conflict with recovery, or the replica unreachable; nothing else', () => {
    for (const code of ['25006', '40001', 'ECONNREFUSED', '57P01', '57P03']) expect(isReplicaRefusal({ code }), code).toBe(true);
    expect(isReplicaRefusal(new Error('timeout exceeded when trying to connect'))).toBe(true);
    for (const code of ['23505', '42P01', '22P02']) expect(isReplicaRefusal({ code }), code).toBe(false);
    expect(isReplicaRefusal(null)).toBe(false);
    expect(isReplicaRefusal(new Error('something else'))).toBe(false);
  });
});
