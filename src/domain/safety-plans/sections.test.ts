import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { changedSections, checkSections, CHILD_SECTIONS, SECTION_MAX, sectionLabel, VICTIM_SECTIONS } from './sections.js';

describe('the victim’s safety plan', () => {
  it('has the sections of issue 16 point 2, in order', () => {
    expect(VICTIM_SECTIONS.map((s) => s.key)).toEqual(['triggers', 'safePlaces', 'emergencyPeople', 'numbers', 'bag', 'routes', 'technology', 'childContact', 'workSchool', 'ourActions']);
  });

  it('keeps the sections written, trimmed, and leaves out the empty ones', () => {
    expect(checkSections('victim', { triggers: '  Drinking at weekends ', bag: '' })).toEqual({ sections: { triggers: 'Drinking at weekends' } });
  });

  it('refuses a plan with nothing written', () => {
    expect(checkSections('victim', { triggers: ' ' })).toEqual({ problems: [{ field: 'triggers', message: 'Write at least one part of the safety plan' }] });
  });

  it('refuses a section of another kind of plan', () => {
    const result = checkSections('victim', { safeAdult: 'Nan' });
    expect('problems' in result && result.problems[0]?.field).toBe('safeAdult');
  });

  it('refuses a section over the limit, naming it', () => {
    const result = checkSections('victim', { bag: 'x'.repeat(SECTION_MAX + 1) });
    expect('problems' in result && result.problems[0]).toMatchObject({ field: 'bag', message: expect.stringContaining('A bag ready to go') });
  });
});

describe('a child’s own safety plan', () => {
  it('has the sections of issue 16 point 3', () => {
    expect(CHILD_SECTIONS.map((s) => s.key)).toEqual(['safePlaceInside', 'safePlaceOutside', 'safeAdult', 'call999', 'talkAfter', 'helpYounger']);
  });

  it('needs a safe place and a safe adult', () => {
    const result = checkSections('child', { talkAfter: 'Miss Jones' });
    expect('problems' in result && result.problems.map((p) => p.field)).toEqual(['safePlaceInside', 'safeAdult']);
    expect(checkSections('child', { safePlaceOutside: 'Next door', safeAdult: 'Nan' })).toEqual({ sections: { safePlaceOutside: 'Next door', safeAdult: 'Nan' } });
  });
});

describe('what changed between versions', () => {
  it('names the sections whose text differs, in the plan’s order', () => {
    expect(changedSections('victim', { bag: 'a', triggers: 'b' }, { bag: 'a2', triggers: 'b', routes: 'c' })).toEqual(['bag', 'routes']);
    expect(sectionLabel('victim', 'bag')).toBe('A bag ready to go');
  });

  it('finds nothing changed between a version and itself, and every key that differs otherwise', () => {
    const keys = VICTIM_SECTIONS.map((s) => s.key);
    const sections = fc.dictionary(fc.constantFrom(...keys), fc.string({ maxLength: 5 }));
    fc.assert(
      fc.property(sections, sections, (a, b) => {
        expect(changedSections('victim', a, a)).toEqual([]);
        const changed = changedSections('victim', a, b);
        return keys.every((k) => changed.includes(k) === ((a[k] ?? '') !== (b[k] ?? '')));
      }),
    );
  });
});
