import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, compareDates, plainDate, type PlainDate } from '../calendar/plain-date.js';
import {
  applyVariation,
  checkBreach,
  checkEnding,
  checkEndingSoonDays,
  checkOrder,
  conditionLines,
  endsWithin,
  hearingDueSoon,
  inForceOn,
  ORDER_KINDS,
  orderStatus,
  type OrderInput,
  type OrderState,
} from './orders.js';

const d = plainDate;
const people = [
  { id: 'mum', role: 'adult-victim' },
  { id: 'dad', role: 'person-causing-harm' },
  { id: 'kid', role: 'child' },
  { id: 'nan', role: 'supporter' },
];
const now = new Date('2026-09-10T12:00:00Z');
const order: OrderInput = { kind: 'non-molestation', protectedIds: ['mum', 'kid'], boundId: 'dad', conditions: ['Must not contact her'], startsOn: d('2026-09-01'), expiresOn: d('2027-03-01'), madeBy: 'Family Court at Huntshire', givenAt: null };
const dapn: OrderInput = { ...order, kind: 'dapn', expiresOn: null, madeBy: 'Huntshire Police', startsOn: d('2026-09-09'), givenAt: new Date('2026-09-09T09:00:00Z') };
const state = (o: Partial<OrderState> = {}): OrderState => ({ kind: 'non-molestation', startsOn: d('2026-09-01'), expiresOn: d('2026-12-01'), conditions: ['Must not contact her'], endedOn: null, ...o });

describe('a new order', () => {
  it('takes a complete order of every kind', () => {
    expect(checkOrder(order, people, now)).toBeNull();
    expect(checkOrder(dapn, people, now)).toBeNull();
    expect(checkOrder({ ...order, expiresOn: null }, people, now)).toBeNull();
    for (const kind of ORDER_KINDS.filter((k) => k !== 'dapn')) expect(checkOrder({ ...order, kind }, people, now)).toBeNull();
  });

  it('refuses an expiry on or before the start', () => {
    expect(checkOrder({ ...order, expiresOn: d('2026-09-01') }, people, now)).toEqual({ field: 'expiresOn', message: 'The expiry date must be after the start date' });
    expect(checkOrder({ ...order, expiresOn: d('2026-08-31') }, people, now)?.field).toBe('expiresOn');
    fc.assert(
      fc.property(fc.integer({ min: -400, max: 400 }), (n) => {
        const result = checkOrder({ ...order, expiresOn: addDays(order.startsOn, n) }, people, now);
        return n > 0 ? result === null : result?.field === 'expiresOn';
      }),
    );
  });

  it('refuses a bound person who is also protected, and people not on the case', () => {
    expect(checkOrder({ ...order, protectedIds: ['mum', 'dad'] }, people, now)).toEqual({ field: 'boundId', message: 'The person who must keep to the order cannot also be protected by it' });
    expect(checkOrder({ ...order, protectedIds: [] }, people, now)?.field).toBe('protectedIds');
    expect(checkOrder({ ...order, protectedIds: ['stranger'] }, people, now)?.field).toBe('protectedIds');
    expect(checkOrder({ ...order, boundId: '' }, people, now)?.field).toBe('boundId');
    expect(checkOrder({ ...order, boundId: 'stranger' }, people, now)?.field).toBe('boundId');
    fc.assert(
      fc.property(fc.subarray(people.map((p) => p.id), { minLength: 1 }), fc.constantFrom(...people.map((p) => p.id)), (protectedIds, boundId) => {
        const result = checkOrder({ ...order, protectedIds, boundId }, people, now);
        return protectedIds.includes(boundId) ? result?.field === 'boundId' : result === null;
      }),
    );
  });

  it('refuses a notice without the time it was given (no hearing deadline), given in the future, or with an expiry', () => {
    expect(checkOrder({ ...dapn, givenAt: null }, people, now)).toEqual({ field: 'givenTime', message: 'Enter the time the notice was given, so the hearing deadline can be worked out' });
    expect(checkOrder({ ...dapn, givenAt: new Date(now.getTime() + 60_000) }, people, now)?.field).toBe('startsOn');
    expect(checkOrder({ ...dapn, expiresOn: d('2026-09-12') }, people, now)?.field).toBe('expiresOn');
  });

  it('refuses a child arrangements order that names no child', () => {
    expect(checkOrder({ ...order, kind: 'child-arrangements', protectedIds: ['mum'] }, people, now)).toEqual({ field: 'protectedIds', message: 'A child arrangements order must name the children it is about' });
    expect(checkOrder({ ...order, kind: 'child-arrangements', protectedIds: [] }, people, now)?.message).toBe('Choose the children the order is about');
    expect(checkOrder({ ...order, kind: 'child-arrangements', protectedIds: ['kid'] }, people, now)).toBeNull();
  });

  it('needs the conditions and who made it, within their lengths', () => {
    expect(checkOrder({ ...order, conditions: [] }, people, now)?.field).toBe('conditions');
    expect(checkOrder({ ...order, conditions: ['x'.repeat(501)] }, people, now)?.message).toBe('Condition 1 is too long: write 500 characters or fewer on each line');
    expect(checkOrder({ ...order, conditions: Array.from({ length: 31 }, () => 'c') }, people, now)?.field).toBe('conditions');
    expect(checkOrder({ ...order, madeBy: ' ' }, people, now)).toEqual({ field: 'madeBy', message: 'Enter the court that made it' });
    expect(checkOrder({ ...dapn, madeBy: '' }, people, now)).toEqual({ field: 'madeBy', message: 'Enter the police force that gave it' });
  });

  it('reads conditions one a line, dropping blank lines', () => {
    expect(conditionLines('  Must not contact her \r\n\n Must not go to the school\n')).toEqual(['Must not contact her', 'Must not go to the school']);
  });
});

describe('in force, and ending soon', () => {
  it('is in force from its start to its expiry date (inclusive), and not from the day it ended', () => {
    const o = state();
    expect(inForceOn(o, d('2026-08-31'))).toBe(false);
    expect(inForceOn(o, d('2026-09-01'))).toBe(true);
    expect(inForceOn(o, d('2026-12-01'))).toBe(true);
    expect(inForceOn(o, d('2026-12-02'))).toBe(false);
    expect(inForceOn(state({ endedOn: d('2026-10-01') }), d('2026-09-30'))).toBe(true);
    expect(inForceOn(state({ endedOn: d('2026-10-01') }), d('2026-10-01'))).toBe(false);
    expect(inForceOn(state({ expiresOn: null }), d('2040-01-01'))).toBe(true);
  });

  it('agrees with its status on every date', () => {
    const dates = fc.integer({ min: -100, max: 300 }).map((n) => addDays(d('2026-09-01'), n));
    fc.assert(
      fc.property(dates, fc.option(dates, { nil: null }), fc.option(dates, { nil: null }), (on, expiresOn, endedOn) => {
        const o = state({ expiresOn: expiresOn && compareDates(expiresOn, d('2026-09-01')) > 0 ? expiresOn : null, endedOn });
        return inForceOn(o, on) === (orderStatus(o, on) === 'in-force');
      }),
    );
  });

  it('ends soon when in force and expiring within the days given (28 by default)', () => {
    const today = d('2026-11-10');
    expect(endsWithin(state(), today, 28)).toBe(true); // 1 December is 21 days away
    expect(endsWithin(state(), today, 14)).toBe(false);
    expect(endsWithin(state({ expiresOn: today }), today, 1)).toBe(true);
    expect(endsWithin(state({ expiresOn: null }), today, 365)).toBe(false);
    expect(endsWithin(state({ endedOn: d('2026-11-01') }), today, 28)).toBe(false);
    expect(endsWithin(state(), d('2026-12-02'), 28)).toBe(false); // already expired
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 1, max: 100 }), (n, days) => {
        const expiresOn = addDays(today, n);
        return endsWithin(state({ expiresOn }), today, days) === n <= days;
      }),
    );
  });

  it('puts a notice on the home page when its hearing is due within 2 days, or past, until it is ended', () => {
    const notice = { ...state({ kind: 'dapn', expiresOn: null }), hearingDeadline: new Date('2026-09-12T09:00:00Z') };
    expect(hearingDueSoon(notice, new Date('2026-09-10T09:00:00Z'))).toBe(true);
    expect(hearingDueSoon(notice, new Date('2026-09-10T08:59:00Z'))).toBe(false);
    expect(hearingDueSoon(notice, new Date('2026-09-20T09:00:00Z'))).toBe(true);
    expect(hearingDueSoon({ ...notice, endedOn: d('2026-09-11') }, new Date('2026-09-11T09:00:00Z'))).toBe(false);
    expect(hearingDueSoon({ ...notice, kind: 'dapo' }, new Date('2026-09-11T09:00:00Z'))).toBe(false);
  });

  it('takes a setting of 1 to 365 whole days', () => {
    expect(checkEndingSoonDays(28)).toBeNull();
    for (const bad of [0, -1, 366, 2.5, Number.NaN]) expect(checkEndingSoonDays(bad)?.field).toBe('days');
  });
});

describe('varying, ending and breaching an order', () => {
  const today = d('2026-10-01');
  it('takes a new expiry or new conditions, and refuses a variation that changes nothing', () => {
    expect(applyVariation(state(), { variedOn: today, expiresOn: d('2027-06-01'), noExpiry: false, conditions: null }, today)).toEqual({ expiresOn: '2027-06-01', conditions: ['Must not contact her'] });
    expect(applyVariation(state(), { variedOn: today, expiresOn: null, noExpiry: true, conditions: null }, today)).toEqual({ expiresOn: null, conditions: ['Must not contact her'] });
    expect(applyVariation(state(), { variedOn: today, expiresOn: null, noExpiry: false, conditions: ['New'] }, today)).toEqual({ expiresOn: '2026-12-01', conditions: ['New'] });
    expect(applyVariation(state(), { variedOn: today, expiresOn: null, noExpiry: false, conditions: ['Must not contact her'] }, today)).toEqual({ problem: { field: 'expiresOn', message: 'Change the expiry date or the conditions, or both' } });
  });

  it('refuses an expiry not after the date varied, a date in the future or before the start, an ended order and a notice', () => {
    const bad = (o: OrderState, variedOn: PlainDate, expiresOn: PlainDate | null) => applyVariation(o, { variedOn, expiresOn, noExpiry: false, conditions: null }, today);
    expect(bad(state(), today, today)).toEqual({ problem: { field: 'expiresOn', message: 'The new expiry date must be after the date it was varied' } });
    expect(bad(state(), addDays(today, 1), d('2027-01-01'))).toMatchObject({ problem: { field: 'variedOn' } });
    expect(bad(state(), d('2026-08-01'), d('2027-01-01'))).toMatchObject({ problem: { field: 'variedOn' } });
    expect(bad(state({ endedOn: d('2026-09-20') }), today, d('2027-01-01'))).toMatchObject({ problem: { field: 'variedOn' } });
    expect(bad(state({ kind: 'dapn', expiresOn: null }), today, d('2027-01-01'))).toMatchObject({ problem: { field: 'variedOn' } });
    expect(applyVariation(state(), { variedOn: today, expiresOn: null, noExpiry: false, conditions: [] }, today)).toMatchObject({ problem: { field: 'conditions' } });
  });

  it('ends once, on a date between its start and today, for a reason that fits', () => {
    expect(checkEnding(state(), today, 'discharged', today)).toBeNull();
    expect(checkEnding(state({ kind: 'dapn', expiresOn: null }), today, 'heard', today)).toBeNull();
    expect(checkEnding(state(), today, 'heard', today)?.field).toBe('reason');
    expect(checkEnding(state(), today, null, today)?.field).toBe('reason');
    expect(checkEnding(state(), addDays(today, 1), 'discharged', today)?.field).toBe('endedOn');
    expect(checkEnding(state(), d('2026-08-01'), 'discharged', today)?.field).toBe('endedOn');
    expect(checkEnding(state({ endedOn: d('2026-09-20') }), today, 'discharged', today)).toEqual({ field: 'endedOn', message: 'This order has already ended' });
  });

  it('takes a breach only while the order was in force, and never in the future', () => {
    const n = new Date('2026-10-01T12:00:00Z');
    expect(checkBreach(state(), new Date('2026-09-30T22:00:00Z'), d('2026-09-30'), n)).toBeNull();
    expect(checkBreach(state(), new Date('2026-08-30T22:00:00Z'), d('2026-08-30'), n)).toEqual({ field: 'occurredOn', message: 'The order was not in force on that date: check the date, or the order' });
    expect(checkBreach(state(), new Date('2026-10-01T12:01:00Z'), d('2026-10-01'), n)?.field).toBe('occurredOn');
    expect(checkBreach(state({ endedOn: d('2026-09-15') }), new Date('2026-09-20T12:00:00Z'), d('2026-09-20'), n)?.field).toBe('occurredOn');
  });
});
