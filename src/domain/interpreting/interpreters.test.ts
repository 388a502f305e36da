import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plainDate } from '../calendar/plain-date.js';
import { checkBooking, checkInterpreter, INTERPRETER_KINDS, isRefusedInterpreter, REFUSED_INTERPRETER_MESSAGE, type BookingInput } from './interpreters.js';

const today = plainDate('2026-12-06');
const booking: BookingInput = {
  personId: 'mother',
  language: 'Sylheti',
  dialect: '',
  on: plainDate('2026-12-10'),
  time: '10:30',
  purpose: 'home-visit',
  details: '',
  interpreterKind: 'professional',
  interpreterName: 'Ruksana Begum',
  agency: 'Eastbridge Language Line',
  interpreterSex: 'female',
};

describe('who may interpret', () => {
  it('refuses a family member, a friend of the family and a child, saying why, whatever name is given', () => {
    fc.assert(
      fc.property(fc.constantFrom('family-member', 'friend', 'child' as const), fc.string({ maxLength: 50 }), (kind, name) => {
        expect(checkInterpreter(kind, name)).toEqual({ field: 'interpreter', message: REFUSED_INTERPRETER_MESSAGE });
      }),
    );
    expect(REFUSED_INTERPRETER_MESSAGE).toMatch(/independent professional interpreter/);
  });

  it('takes only a named professional, or nobody', () => {
    expect(INTERPRETER_KINDS.filter((k) => !isRefusedInterpreter(k))).toEqual(['none', 'professional']);
    expect(checkInterpreter('professional', 'Ruksana Begum')).toBeNull();
    expect(checkInterpreter('professional', '  ')?.field).toBe('interpreterName');
    expect(checkInterpreter('none', '')).toBeNull();
  });
});

describe('an interpreter booking', () => {
  it('takes a professional booked for someone on the case', () => {
    expect(checkBooking(booking, today, ['mother'], 'female')).toBeNull();
  });

  it('refuses a family member, a friend or a child as the interpreter, with why', () => {
    for (const kind of ['family-member', 'friend', 'child'] as const) {
      expect(checkBooking({ ...booking, interpreterKind: kind }, today, ['mother'], null)).toEqual({ field: 'interpreterKind', message: REFUSED_INTERPRETER_MESSAGE });
    }
  });

  it('refuses someone not on the case, no language, a bad time, a date too far off, no agency, and the other sex than asked for, naming the field', () => {
    expect(checkBooking(booking, today, ['child'], null)?.field).toBe('personId');
    expect(checkBooking({ ...booking, language: ' ' }, today, ['mother'], null)?.field).toBe('language');
    expect(checkBooking({ ...booking, time: '25:00' }, today, ['mother'], null)?.field).toBe('time');
    expect(checkBooking({ ...booking, on: plainDate('2028-01-01') }, today, ['mother'], null)?.field).toBe('on');
    expect(checkBooking({ ...booking, on: plainDate('2026-01-01') }, today, ['mother'], null)?.field).toBe('on');
    expect(checkBooking({ ...booking, agency: '' }, today, ['mother'], null)?.field).toBe('agency');
    expect(checkBooking({ ...booking, interpreterKind: 'none' }, today, ['mother'], null)?.field).toBe('interpreterKind');
    expect(checkBooking({ ...booking, purpose: 'other' }, today, ['mother'], null)?.field).toBe('details');
    expect(checkBooking({ ...booking, interpreterSex: 'male' }, today, ['mother'], 'female')).toEqual({ field: 'interpreterSex', message: 'They asked for a female interpreter: book one' });
    expect(checkBooking({ ...booking, interpreterSex: 'male' }, today, ['mother'], 'no-preference')).toBeNull();
  });
});
