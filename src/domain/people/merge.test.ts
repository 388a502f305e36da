import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergedFields, mergeRefusal, mergeWarnings, type MergeSide } from './merge.js';

const side = (over: Partial<MergeSide> = {}): MergeSide => ({
  id: 'a',
  givenName: 'Aisha',
  familyName: 'Sharma-Mahmood',
  otherNames: [],
  dateOfBirth: '1990-03-04',
  nhsNumber: null,
  restricted: false,
  restrictedReason: null,
  mergedInto: null,
  ...over,
});

describe('mergeRefusal', () => {
  it('allows two live records of one person', () => {
    expect(mergeRefusal(side(), side({ id: 'b', familyName: 'Mahmood' }))).toBeNull();
  });

  it('refuses a record merged with itself', () => {
    expect(mergeRefusal(side(), side())).toMatch(/itself/);
  });

  it('refuses when either record has already been merged', () => {
    expect(mergeRefusal(side(), side({ id: 'b', mergedInto: 'c' }))).toMatch(/already been merged/);
    expect(mergeRefusal(side({ mergedInto: 'c' }), side({ id: 'b' }))).toMatch(/already been merged/);
  });

  it('refuses two different NHS numbers, and allows one missing or both the same', () => {
    expect(mergeRefusal(side({ nhsNumber: '9434765919' }), side({ id: 'b', nhsNumber: '9434765870' }))).toMatch(/different NHS numbers/);
    expect(mergeRefusal(side({ nhsNumber: '9434765919' }), side({ id: 'b', nhsNumber: '9434765919' }))).toBeNull();
    expect(mergeRefusal(side({ nhsNumber: '9434765919' }), side({ id: 'b' }))).toBeNull();
    expect(mergeRefusal(side(), side({ id: 'b', nhsNumber: '9434765919' }))).toBeNull();
  });
});

describe('mergedFields', () => {
  it('keeps the kept record’s own facts and fills what it lacks from the other', () => {
    const kept = side({ dateOfBirth: null, nhsNumber: null });
    const merged = side({ id: 'b', dateOfBirth: '1990-04-03', nhsNumber: '9434765919' });
    expect(mergedFields(kept, merged)).toMatchObject({ dateOfBirth: '1990-04-03', nhsNumber: '9434765919' });
    expect(mergedFields(side(), merged)).toMatchObject({ dateOfBirth: '1990-03-04', nhsNumber: '9434765919' });
  });

  it('adds the other record’s name and other names as other names, once, ignoring case', () => {
    const kept = side({ otherNames: ['Aisha Sharma'] });
    const merged = side({ id: 'b', familyName: 'Mahmood', otherNames: ['AISHA SHARMA', 'Ash Mahmood'] });
    expect(mergedFields(kept, merged).otherNames).toEqual(['Aisha Sharma', 'Aisha Mahmood', 'Ash Mahmood']);
    expect(mergedFields(kept, side({ id: 'b', otherNames: [] })).otherNames).toEqual(['Aisha Sharma']);
  });

  it('is restricted when either record is, with that record’s reason', () => {
    const restricted = { restricted: true, restrictedReason: 'Fled to a refuge' };
    expect(mergedFields(side(), side({ id: 'b', ...restricted }))).toMatchObject(restricted);
    expect(mergedFields(side(restricted), side({ id: 'b' }))).toMatchObject(restricted);
    expect(mergedFields(side(), side({ id: 'b' }))).toMatchObject({ restricted: false, restrictedReason: null });
  });

  it('never makes a restricted record open, whatever the two records hold', () => {
    const arbitrary = fc.record({ restricted: fc.boolean(), dateOfBirth: fc.option(fc.constant('2001-02-03')), nhsNumber: fc.option(fc.constant('9434765919')) });
    fc.assert(
      fc.property(arbitrary, arbitrary, (a, b) => {
        const result = mergedFields(side({ ...a, restrictedReason: a.restricted ? 'r' : null }), side({ id: 'b', ...b, restrictedReason: b.restricted ? 'r' : null }));
        return result.restricted === (a.restricted || b.restricted) && (!result.restricted || result.restrictedReason !== null);
      }),
    );
  });
});

describe('mergeWarnings', () => {
  it('warns of different dates of birth and of a restriction the result takes on', () => {
    expect(mergeWarnings(side(), side({ id: 'b', dateOfBirth: '1991-03-04' }))).toEqual([expect.stringMatching(/dates of birth/)]);
    expect(mergeWarnings(side(), side({ id: 'b', restricted: true }))).toEqual([expect.stringMatching(/restricted/)]);
    expect(mergeWarnings(side(), side({ id: 'b', dateOfBirth: null }))).toEqual([]);
  });
});
