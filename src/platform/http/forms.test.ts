import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { asList, formErrors, parseForm } from './forms.js';

const schema = z.object({
  name: z.string().trim().min(1, 'Enter the full name'),
  email: z.string().email('Enter an email address in the correct format, like name@example.com'),
  password: z.string().min(12, 'Enter a password that is at least 12 characters long').regex(/\d/, 'Include at least one number'),
});

describe('parseForm', () => {
  it('returns the parsed data when the form is valid', () => {
    const result = parseForm(schema, { name: '  Sam Jones ', email: 'sam@example.gov.uk', password: 'correct horse 1' });
    expect(result).toEqual({ ok: true, data: { name: 'Sam Jones', email: 'sam@example.gov.uk', password: 'correct horse 1' } });
  });

  it('gives one message per invalid field, in field order, each linking to its field', () => {
    const result = parseForm(schema, { name: ' ', email: 'not-an-email', password: 'correct horse 1' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.fields).toEqual({
      name: 'Enter the full name',
      email: 'Enter an email address in the correct format, like name@example.com',
    });
    expect(result.errors.summary).toEqual([
      { text: 'Enter the full name', href: '#name' },
      { text: 'Enter an email address in the correct format, like name@example.com', href: '#email' },
    ]);
  });

  it('keeps the first message when a field fails several checks', () => {
    const result = parseForm(schema, { name: 'Sam', email: 'sam@example.gov.uk', password: 'short' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.fields).toEqual({ password: 'Enter a password that is at least 12 characters long' });
    expect(result.errors.summary).toEqual([{ text: 'Enter a password that is at least 12 characters long', href: '#password' }]);
  });

  it('treats a missing body as an empty form', () => {
    const result = parseForm(z.object({ name: z.string('Enter the full name') }), undefined);
    expect(result).toEqual({
      ok: false,
      errors: { fields: { name: 'Enter the full name' }, summary: [{ text: 'Enter the full name', href: '#name' }] },
    });
  });

  it('puts a whole-form problem under "form"', () => {
    const matching = z
      .object({ password: z.string(), confirm: z.string() })
      .refine((v) => v.password === v.confirm, { message: 'The passwords do not match' });
    const result = parseForm(matching, { password: 'a', confirm: 'b' });
    expect(result).toEqual({
      ok: false,
      errors: { fields: { form: 'The passwords do not match' }, summary: [{ text: 'The passwords do not match', href: '#form' }] },
    });
  });

  it('names a nested field by its top-level name', () => {
    const nested = z.object({ address: z.object({ postcode: z.string().min(1, 'Enter the postcode') }) });
    const result = parseForm(nested, { address: { postcode: '' } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.summary).toEqual([{ text: 'Enter the postcode', href: '#address' }]);
  });
});

describe('formErrors', () => {
  it('builds the summary from messages found after parsing, in order', () => {
    expect(formErrors({ email: 'Another account already uses this email address', password: 'Wrong' })).toEqual({
      fields: { email: 'Another account already uses this email address', password: 'Wrong' },
      summary: [
        { text: 'Another account already uses this email address', href: '#email' },
        { text: 'Wrong', href: '#password' },
      ],
    });
    expect(formErrors({})).toEqual({ fields: {}, summary: [] });
  });
});

describe('asList', () => {
  it('gives an empty list for nothing sent', () => {
    expect(asList(undefined)).toEqual([]);
    expect(asList(null)).toEqual([]);
    expect(asList('')).toEqual([]);
    expect(asList([])).toEqual([]);
  });

  it('wraps a single value', () => {
    expect(asList('admin')).toEqual(['admin']);
    expect(asList(3)).toEqual(['3']);
  });

  it('keeps several values in order, as strings, without empty ones', () => {
    expect(asList(['admin', '', 'auditor'])).toEqual(['admin', 'auditor']);
    expect(asList([1, 'b'])).toEqual(['1', 'b']);
  });
});
