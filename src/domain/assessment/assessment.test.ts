import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plainDate } from '../calendar/plain-date.js';
import { defaultCalendar } from '../calendar/working-days.js';
import { bandForAge, indicatorsFor, IMPACT_INDICATORS } from './age-bands.js';
import { assessmentDue, decisionProblem, referralDate, stageTakesAssessment } from './assessment.js';
import { FACTOR_CODES, factorsProblem, proposeDomesticAbuseFactors } from './factors.js';
import { reminderEmail, requestDateProblems, returnDateProblem } from './information-requests.js';
import { changedFields } from './section-fields.js';
import { checkSection, FAMILY_PART, incompleteSlots, requiredSlots, sectionFields, statusOf } from './sections.js';

const d = plainDate;

describe('the CIN census factors', () => {
  it('holds exactly the DfE schema’s codes', () => {
    expect(FACTOR_CODES).toHaveLength(42);
    for (const code of ['1A', '3A', '3B', '3C', '7A', '8B', '8F', '9A', '18B', '19C', '20', '21', '22A', '23A', '24A']) expect(FACTOR_CODES).toContain(code);
    expect(FACTOR_CODES).not.toContain('8A');
    expect(FACTOR_CODES).not.toContain('18A');
  });

  it('refuses “no factors” with any other, an unknown code and none at all', () => {
    expect(factorsProblem(['21'])).toBeNull();
    expect(factorsProblem(['3B', '4B'])).toBeNull();
    expect(factorsProblem(['21', '3B'])).toBe('“No factors identified” cannot be chosen with any other factor');
    expect(factorsProblem(['3Z'])).toBe('Choose factors from the list');
    expect(factorsProblem([])).toMatch(/^Choose the factors/);
    fc.assert(
      fc.property(fc.uniqueArray(fc.constantFrom(...FACTOR_CODES.filter((c) => c !== '21')), { minLength: 1 }), (codes) => {
        expect(factorsProblem(codes)).toBeNull();
        expect(factorsProblem([...codes, '21'])).not.toBeNull();
      }),
    );
  });

  it('proposes 3A for a child victim, 3B for a victim who is a parent or carer, 3C for another household member', () => {
    const children = ['child'];
    expect(proposeDomesticAbuseFactors({ children, victims: ['child'], relationships: [] })).toEqual([{ code: '3A', victimId: 'child', why: 'child-is-victim' }]);
    expect(proposeDomesticAbuseFactors({ children, victims: ['mum'], relationships: [{ from: 'mum', to: 'child', kind: 'parent-of' }] })).toEqual([{ code: '3B', victimId: 'mum', why: 'parent-or-carer-is-victim' }]);
    expect(proposeDomesticAbuseFactors({ children, victims: ['gran'], relationships: [{ from: 'gran', to: 'child', kind: 'parental-responsibility-for' }] })[0]?.code).toBe('3B');
    // A child's parent the wrong way round is not their carer.
    expect(proposeDomesticAbuseFactors({ children, victims: ['aunt'], relationships: [{ from: 'child', to: 'aunt', kind: 'parent-of' }] })).toEqual([]);
    expect(proposeDomesticAbuseFactors({ children, victims: ['aunt'], relationships: [{ from: 'child', to: 'aunt', kind: 'household-member' }] })).toEqual([{ code: '3C', victimId: 'aunt', why: 'household-member-is-victim' }]);
    expect(proposeDomesticAbuseFactors({ children, victims: ['stranger'], relationships: [] })).toEqual([]);
    const both = proposeDomesticAbuseFactors({ children: ['child', 'teen'], victims: ['teen', 'mum'], relationships: [{ from: 'mum', to: 'child', kind: 'parent-of' }] });
    expect(both.map((p) => p.code)).toEqual(['3A', '3B']);
  });
});

describe('the age bands', () => {
  it('chooses the band from the age in whole years', () => {
    expect([0, 4, 5, 11, 12, 17].map(bandForAge)).toEqual(['early-years', 'early-years', 'school-age', 'school-age', 'adolescence', 'adolescence']);
    expect(bandForAge(null)).toBeNull();
    expect(bandForAge(-1)).toBeNull();
  });

  it('offers the band’s indicators, or every band’s once when the age is not known', () => {
    expect(indicatorsFor('school-age')).toBe(IMPACT_INDICATORS['school-age']);
    const all = indicatorsFor(null).map((i) => i.code);
    expect(new Set(all).size).toBe(all.length);
    expect(all).toContain('developmental-delay');
    expect(all).toContain('own-relationships');
  });
});

describe('sections', () => {
  const voice = (answers: Record<string, string>) => checkSection('childs-voice', null, answers, true).problems;
  const complete = { sawHeardDid: 'Heard shouting', feelings: 'Scared', ownWords: '“Dad shouts”', seenWhere: 'At school', understanding: 'Good for a 9-year-old' };

  it('refuses anyone named as there when the child was seen alone, and needs who was there when not', () => {
    expect(voice({ ...complete, seenAlone: 'yes' })).toEqual([]);
    expect(voice({ ...complete, seenAlone: 'yes', othersPresent: 'Her mother' }).map((p) => p.field)).toEqual(['othersPresent']);
    expect(voice({ ...complete, seenAlone: 'no' })).toEqual([{ field: 'othersPresent', message: 'Say who else was there when you saw the child' }]);
    expect(voice({ ...complete, seenAlone: 'no', othersPresent: 'Class teacher' })).toEqual([]);
    // Still in progress, a missing answer is fine; naming someone beside "seen alone" is not.
    expect(checkSection('childs-voice', null, { seenAlone: 'yes', othersPresent: 'Him' }, false).problems.map((p) => p.field)).toEqual(['othersPresent']);
  });

  it('names each unanswered question when marked complete, and nothing while in progress', () => {
    const empty = checkSection('analysis', null, {}, true).problems.map((p) => p.field);
    expect(empty).toEqual(['strengths', 'safetyNetwork', 'analysis', 'recommendation']);
    expect(checkSection('analysis', null, {}, false).problems).toEqual([]);
  });

  it('refuses over-long text, choices and boxes not offered', () => {
    const long = checkSection('domestic-abuse', null, { incidents: 'x'.repeat(5001), minimises: 'maybe', barriers: ['housing', 'moon'] }, false).problems;
    expect(long.map((p) => p.field)).toEqual(['incidents', 'minimises', 'barriers']);
    expect(long[0]?.message).toBe('How many incidents, how often, and how serious must be 5000 characters or fewer');
    // The impact checklist is the band’s: an adolescent's sign is not offered for a baby.
    expect(checkSection('impact', 'early-years', { indicators: 'own-relationships' }, false).problems.map((p) => p.field)).toEqual(['indicators']);
    expect(checkSection('impact', 'adolescence', { indicators: 'own-relationships' }, false).problems).toEqual([]);
  });

  it('every required question of every section is named when missing (property)', () => {
    for (const key of ['domestic-abuse', 'childs-voice', 'impact', 'parenting', 'analysis'] as const) {
      const required = sectionFields(key, 'school-age').filter((f) => f.required).map((f) => f.name);
      expect(checkSection(key, 'school-age', {}, true).problems.map((p) => p.field)).toEqual(required);
    }
  });

  it('says which answers changed between saves, lists regardless of order', () => {
    expect(changedFields({ a: 'x', b: ['1', '2'] }, { a: 'x', b: ['2', '1'] })).toEqual([]);
    expect(changedFields({ a: 'x' }, { a: 'y', c: '' })).toEqual(['a']);
    expect(changedFields({}, { b: ['1'], a: 'z' })).toEqual(['a', 'b']);
    fc.assert(fc.property(fc.dictionary(fc.stringMatching(/^[a-z]{1,8}$/), fc.string()), (answers) => changedFields(answers, { ...answers }).length === 0));
  });

  it('is complete only when every family section and every child’s sections are marked complete', () => {
    const children = ['c1', 'c2'];
    expect(requiredSlots(children)).toHaveLength(3 + 2 * 2);
    const saved = requiredSlots(children).map((s) => ({ ...s, completed: true }));
    expect(incompleteSlots(children, saved)).toEqual([]);
    const oneLeft = saved.map((s) => (s.section === 'impact' && s.part === 'c2' ? { ...s, completed: false } : s));
    expect(incompleteSlots(children, oneLeft)).toEqual([{ section: 'impact', part: 'c2' }]);
    expect(incompleteSlots([], [])).toEqual(requiredSlots([]));
    expect(incompleteSlots(children, saved.filter((s) => s.part === FAMILY_PART)).map((s) => s.section)).toEqual(['childs-voice', 'childs-voice', 'impact', 'impact']);
    expect([statusOf(undefined), statusOf({ completed: false }), statusOf({ completed: true })]).toEqual(['not-started', 'in-progress', 'completed']);
  });
});

describe('the assessment', () => {
  it('is due 45 working days from the referral, across Christmas and New Year', () => {
    // Friday 18 December 2026: Christmas Day, the Boxing Day substitute and New Year’s Day push it 3 working days on.
    expect(assessmentDue(defaultCalendar, d('2026-12-18'))).toBe('2027-02-24');
    expect(assessmentDue(defaultCalendar, d('2026-06-01'))).toBe('2026-08-03');
  });

  it('counts from the latest threshold decision’s contact, else the case’s opening, never after today', () => {
    expect(referralDate(d('2026-03-02'), d('2026-01-05'), d('2026-04-01'))).toBe('2026-03-02');
    expect(referralDate(null, d('2026-01-05'), d('2026-04-01'))).toBe('2026-01-05');
    expect(referralDate(null, d('2026-05-05'), d('2026-04-01'))).toBe('2026-04-01');
  });

  it('starts only at assessment, child in need or child protection', () => {
    expect(['early-help', 'assessment', 'child-in-need', 'child-protection'].map(stageTakesAssessment)).toEqual([false, true, true, true]);
  });

  it('is authorised by someone other than who submitted it, only when submitted', () => {
    expect(decisionProblem('submitted', 'a', 'b')).toBeNull();
    expect(decisionProblem('submitted', 'a', 'a')).toMatch(/You submitted this assessment/);
    expect(decisionProblem('in-progress', 'a', 'b')).toMatch(/not waiting/);
  });
});

describe('information requests', () => {
  it('refuses a due date before the asking, and an asking in the future', () => {
    expect(requestDateProblems(d('2026-03-02'), d('2026-03-16'), d('2026-03-05'))).toEqual([]);
    expect(requestDateProblems(d('2026-03-02'), d('2026-03-01'), d('2026-03-05')).map((p) => p.field)).toEqual(['dueOn']);
    expect(requestDateProblems(d('2026-03-09'), d('2026-03-16'), d('2026-03-05')).map((p) => p.field)).toEqual(['askedOn']);
    expect(returnDateProblem(d('2026-03-02'), d('2026-03-01'), d('2026-03-05'))).toMatch(/on or after/);
    expect(returnDateProblem(d('2026-03-02'), d('2026-03-06'), d('2026-03-05'))).toMatch(/today or in the past/);
    expect(returnDateProblem(d('2026-03-02'), d('2026-03-05'), d('2026-03-05'))).toBeNull();
  });

  it('writes a reminder that says nothing about the people', () => {
    const email = reminderEmail({ council: 'Northvale', dueOn: '16 March 2026', link: 'https://wa.example/information-requests/x' });
    expect(email.body).toContain('https://wa.example/information-requests/x');
    expect(email.body).toContain('does not say who the request is about');
  });
});
