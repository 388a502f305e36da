import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { govukDate, readDate, requiredGovukDate, withDateInputs } from './govuk-date.js';
import { issuesToErrors } from './form-page.js';

const schema = withDateInputs(['completedOn'], z.object({ completedOn: requiredGovukDate('The date completed', { past: true }), note: z.string().optional() }));

describe('the GOV.UK date input as one zod field', () => {
  it('gathers the three boxes into YYYY-MM-DD', () => {
    expect(schema.parse({ 'completedOn-day': '3', 'completedOn-month': '2', 'completedOn-year': '2025' })).toEqual({ completedOn: '2025-02-03' });
  });

  it('names what is missing or wrong, and links the error to the day box', () => {
    const missing = schema.safeParse({ 'completedOn-day': '3', 'completedOn-year': '2025' });
    expect(missing.success).toBe(false);
    if (!missing.success) {
      expect(missing.error.issues[0]?.message).toBe('The date completed must include a month');
      expect(issuesToErrors(missing.error, ['completedOn']).summary).toEqual([{ text: 'The date completed must include a month', href: '#completedOn-day' }]);
    }
    const unreal = schema.safeParse({ 'completedOn-day': '31', 'completedOn-month': '2', 'completedOn-year': '2025' });
    expect(unreal.success || unreal.error.issues[0]?.message).toBe('The date completed must be a real date');
    const future = schema.safeParse({ 'completedOn-day': '1', 'completedOn-month': '1', 'completedOn-year': '2999' });
    expect(future.success || future.error.issues[0]?.message).toBe('The date completed must be today or in the past');
    const blank = schema.safeParse({});
    expect(blank.success || blank.error.issues[0]?.message).toBe('Enter the date completed');
  });

  it('an optional date left blank is null', () => {
    const optional = withDateInputs(['from'], z.object({ from: govukDate('The date they moved in') }));
    expect(optional.parse({ 'from-day': '', 'from-month': ' ', 'from-year': '' })).toEqual({ from: null });
  });

  it('property: any real date typed in the boxes comes back as itself, and readDate agrees', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }), (d) => {
        const iso = d.toISOString().slice(0, 10);
        const [y, m, day] = iso.split('-');
        const boxes = { 'x-day': String(Number(day)), 'x-month': String(Number(m)), 'x-year': y! };
        expect(readDate(boxes, 'x', 'The date').value).toBe(iso);
        expect(withDateInputs(['x'], z.object({ x: govukDate('The date') })).parse(boxes)).toEqual({ x: iso });
      }),
    );
  });
});
