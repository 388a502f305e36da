import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plainDate } from '../calendar/plain-date.js';
import {
  DEFAULT_INDICATORS,
  pathwayFor,
  ragFor,
  recommendedScale,
  triageChild,
  triageContact,
  UnknownIndicatorError,
  type Scale,
} from './threshold.js';

const contactDay = plainDate('2026-11-23');
const child = (personId: string, dateOfBirth: string | null, send = false) => ({ personId, dateOfBirth: dateOfBirth ? plainDate(dateOfBirth) : null, send });

describe('threshold indicators', () => {
  it('has the twelve default codes with their levels', () => {
    expect(DEFAULT_INDICATORS).toHaveLength(12);
    expect(DEFAULT_INDICATORS.filter((i) => i.level === 4).map((i) => i.code)).toHaveLength(6);
    expect(new Set(DEFAULT_INDICATORS.map((i) => i.code)).size).toBe(12);
    for (const i of DEFAULT_INDICATORS) expect(i.code.startsWith(i.level === 4 ? 'cp-' : i.level === 3 ? 'cin-' : 'eh-')).toBe(true);
  });

  it('maps every scale to its RAG and pathway', () => {
    const table: [Scale, string, string][] = [
      [0, 'none', 'no-further-action'],
      [1, 'green', 'early-help'],
      [2, 'green', 'early-help'],
      [3, 'amber', 'child-in-need'],
      [4, 'red', 'child-protection'],
    ];
    for (const [scale, rag, pathway] of table) {
      expect(ragFor(scale)).toBe(rag);
      expect(pathwayFor(scale)).toBe(pathway);
    }
  });

  it('takes the highest level ticked, 0 for none, and refuses unknown codes', () => {
    expect(recommendedScale([])).toBe(0);
    expect(recommendedScale(['eh-low-nonphysical'])).toBe(1);
    expect(recommendedScale(['eh-low-nonphysical', 'cin-repeat-victim-low-nonphysical', 'eh-low-coercive-control'])).toBe(3);
    expect(recommendedScale(['cp-child-injured', 'eh-low-nonphysical'])).toBe(4);
    expect(() => recommendedScale(['eh-low-nonphysical', 'made-up', 'made-up'])).toThrow(UnknownIndicatorError);
    expect(() => recommendedScale(['made-up'])).toThrow(/made-up/);
  });

  it('uses an area’s own indicators when given', () => {
    const local = [{ code: 'local-honour-based-risk', level: 4 as const, meaning: 'Risk of honour-based abuse' }];
    expect(recommendedScale(['local-honour-based-risk'], local)).toBe(4);
    expect(() => recommendedScale(['cp-child-injured'], local)).toThrow(UnknownIndicatorError);
  });
});

describe('the young child and SEND modifier', () => {
  it('raises a child under 7 on the contact date by one', () => {
    expect(triageChild(2, child('a', '2020-01-01'), contactDay)).toMatchObject({ scale: 3, modifierApplied: true, rag: 'amber', pathway: 'child-in-need' });
    expect(triageChild(3, child('a', '2020-01-01'), contactDay)).toMatchObject({ scale: 4, rag: 'red' });
  });

  it('turns on the seventh birthday: the day before is under 7, the day itself is not', () => {
    expect(triageChild(2, child('a', '2019-11-24'), contactDay).modifierApplied).toBe(true);
    expect(triageChild(2, child('a', '2019-11-23'), contactDay).modifierApplied).toBe(false);
  });

  it('raises a child with SEND of any age', () => {
    expect(triageChild(1, child('a', '2010-05-05', true), contactDay)).toMatchObject({ scale: 2, modifierApplied: true, rag: 'green' });
  });

  it('never goes past 4, never raises a contact with no indicator, and does not guess an unknown age', () => {
    expect(triageChild(4, child('a', '2024-01-01', true), contactDay)).toMatchObject({ scale: 4, modifierApplied: false });
    expect(triageChild(0, child('a', '2024-01-01', true), contactDay)).toMatchObject({ scale: 0, modifierApplied: false, pathway: 'no-further-action' });
    expect(triageChild(2, child('a', null), contactDay)).toMatchObject({ scale: 2, modifierApplied: false });
  });

  it('for any base and child: the scale is base or base+1, at most 4, raised exactly when young or SEND', () => {
    fc.assert(
      fc.property(fc.constantFrom<Scale>(0, 1, 2, 3, 4), fc.integer({ min: 0, max: 17 * 365 }), fc.boolean(), (base, ageDays, send) => {
        const dob = new Date(Date.UTC(2026, 10, 23) - ageDays * 86_400_000).toISOString().slice(0, 10);
        const result = triageChild(base, child('c', dob, send), contactDay);
        const young = ageDays < 7 * 365 - 2 ? true : ageDays > 7 * 365 + 2 ? false : result.modifierApplied;
        const shouldRaise = base > 0 && base < 4 && (young || send);
        expect(result.modifierApplied).toBe(shouldRaise);
        expect(result.scale).toBe(shouldRaise ? base + 1 : base);
        expect(result.rag).toBe(ragFor(result.scale));
      }),
    );
  });
});

describe('triaging a contact', () => {
  it('gives each child a scale and the contact the highest', () => {
    const result = triageContact(['eh-low-coercive-control'], [child('baby', '2025-06-01'), child('teen', '2011-02-02')], contactDay);
    expect(result.children).toEqual([
      { personId: 'baby', scale: 3, modifierApplied: true, rag: 'amber', pathway: 'child-in-need' },
      { personId: 'teen', scale: 2, modifierApplied: false, rag: 'green', pathway: 'early-help' },
    ]);
    expect(result).toMatchObject({ scale: 3, rag: 'amber', pathway: 'child-in-need', indicators: ['eh-low-coercive-control'] });
  });

  it('says no further action when nothing is ticked, and uses the indicators when no child is recorded', () => {
    expect(triageContact([], [child('a', '2015-01-01')], contactDay)).toMatchObject({ scale: 0, rag: 'none', pathway: 'no-further-action' });
    expect(triageContact(['cp-multiple-incidents'], [], contactDay)).toMatchObject({ scale: 4, pathway: 'child-protection' });
  });
});
