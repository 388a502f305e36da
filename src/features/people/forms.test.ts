import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { issuesToErrors } from '../../platform/http/form-page.js';
import { contactDetailForm, relationshipForm } from './detail-forms.js';
import { addressForm, editPersonForm, newPersonForm } from './forms.js';

const errorsOf = (result: { success: boolean; error?: z.ZodError }, dateInputs: string[] = []) => (result.error ? issuesToErrors(result.error, dateInputs).fields : {});

describe('the people forms', () => {
  it('adds a person with no address when the address boxes are left blank', () => {
    const parsed = newPersonForm.parse({ givenName: ' Amara ', familyName: 'Okon', 'address-line1': ' ', interpreterNeeded: 'no', interpreterSex: 'female' });
    expect(parsed.address).toBeNull();
    expect(parsed.person).toMatchObject({ givenName: 'Amara', familyName: 'Okon', otherNames: [], dateOfBirth: null, interpreterNeeded: false, interpreterSex: null });
  });

  it('names every mistake of the person and the address at once, an address mistake by its box', () => {
    const result = newPersonForm.safeParse({ givenName: '', familyName: 'X', 'dateOfBirth-day': '30', 'dateOfBirth-month': '2', 'dateOfBirth-year': '2001', 'address-from-day': '1', 'address-withheld': 'yes' });
    expect(errorsOf(result)).toEqual({
      givenName: 'Enter the given name',
      dateOfBirth: 'Date of birth must be a real date',
      'address-line1': 'Enter address line 1',
      'address-from': 'The date they moved in must include a month and year',
      'address-withheldReason': 'Give the reason the address is withheld',
    });
  });

  it('checks the dates of an address against each other, and gives the service the API shape', () => {
    const dates = { 'from-day': '1', 'from-month': '6', 'from-year': '2024', 'to-day': '1', 'to-month': '1', 'to-year': '2024' };
    expect(errorsOf(addressForm.safeParse({ line1: '4 Road', ...dates }))).toEqual({ to: 'The date they moved out must be after the date they moved in' });
    expect(addressForm.parse({ line1: ' 4 Road ', postcode: '', 'from-day': '1', 'from-month': '6', 'from-year': '2024' })).toEqual({
      line1: '4 Road',
      line2: undefined,
      town: undefined,
      postcode: undefined,
      from: '2024-06-01',
      to: undefined,
      withheld: false,
      withheldReason: undefined,
    });
  });

  it('reads the version the edit form was opened at, and a tampered one as 0', () => {
    expect(editPersonForm.parse({ givenName: 'A', familyName: 'B', version: '3' }).version).toBe(3);
    expect(editPersonForm.parse({ givenName: 'A', familyName: 'B', version: '3x' }).version).toBe(0);
  });

  it('asks for the reason to withhold a contact detail even when its kind is missing', () => {
    expect(errorsOf(contactDetailForm.safeParse({ value: '', withheld: 'yes' }))).toEqual({
      kind: 'Choose phone, email or other',
      value: 'Enter the phone number, email or other detail',
      withheldReason: 'Give the reason the contact detail is withheld',
    });
  });

  it('takes a relationship kind either way round', () => {
    const id = '6f1c2d3e-4a5b-4c6d-8e7f-8091a2b3c4d5';
    expect(relationshipForm.parse({ to: id, kind: 'child-of' }).kind).toMatchObject({ kind: 'parent-of', reversed: true });
    expect(errorsOf(relationshipForm.safeParse({ to: 'x', kind: 'nonsense' }))).toEqual({ to: 'Choose the person they are related to', kind: 'Choose how they are related' });
  });
});
