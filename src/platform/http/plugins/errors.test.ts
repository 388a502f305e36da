import { describe, expect, it } from 'vitest';
import { EmbeddedDatabaseRestarted, EmbeddedDatabaseStalled } from '../../db/embedded-client.js';
import { isDatabaseOutage } from './errors.js';

describe('isDatabaseOutage', () => {
  it('takes the embedded database stalled, or reopened after a trap more often than a transaction is tried, as an outage (503, not 500)', () => {
    expect(isDatabaseOutage(new EmbeddedDatabaseStalled('stalled'))).toBe(true);
    expect(isDatabaseOutage(new EmbeddedDatabaseRestarted('trapped five times'))).toBe(true);
  });

  it('takes PostgreSQL unreachable or shutting down as an outage', () => {
    expect(isDatabaseOutage(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isDatabaseOutage(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(true);
    expect(isDatabaseOutage(new Error('timeout exceeded when trying to connect'))).toBe(true);
  });

  it('does not take a fault in the query or the code as an outage', () => {
    expect(isDatabaseOutage(Object.assign(new Error('duplicate key value'), { code: '23505' }))).toBe(false);
    expect(isDatabaseOutage(new TypeError('cannot read properties of undefined'))).toBe(false);
    expect(isDatabaseOutage(null)).toBe(false);
  });
});
