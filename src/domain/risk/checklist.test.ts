import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { answerProblems, scoreChecklist, type ChecklistAnswers } from './checklist.js';
import { ANSWERS, type Answer, type Instrument, type InstrumentQuestion } from './instrument.js';

const ask = (number: number, more: Partial<InstrumentQuestion> = {}): InstrumentQuestion => ({
  number,
  section: 'all',
  text: `Question ${number}?`,
  options: ['yes', 'no', 'dont-know'],
  counts: ['yes'],
  ...more,
});

/** 24 questions like the Dash: 8 offers the stalking screen on yes; 20 is yes/no only. */
const dash: Instrument = {
  id: 'dash-ric',
  version: 1,
  language: 'en',
  title: 'Domestic abuse risk checklist (Dash)',
  description: 'Test double.',
  bands: { high: 14, medium: 10 },
  answerLabels: { yes: 'Yes', no: 'No', 'dont-know': "Don't know" },
  sections: [{ id: 'all', title: 'All' }],
  questions: Array.from({ length: 24 }, (_, i) =>
    ask(i + 1, i + 1 === 8 ? { offers: { instrument: 'stalking-screen', when: ['yes'] } } : i + 1 === 20 ? { options: ['yes', 'no'] } : {}),
  ),
};

const answered = (entries: Record<number, Answer>): ChecklistAnswers => Object.fromEntries(Object.entries(entries).map(([n, answer]) => [n, { answer }]));
const yesTo = (count: number): ChecklistAnswers => answered(Object.fromEntries(Array.from({ length: 24 }, (_, i) => [i + 1, i < count ? 'yes' : 'no'])));

describe('answerProblems', () => {
  it('accepts answers to questions of the instrument with their options, and an empty set', () => {
    expect(answerProblems(dash, { '1': 'yes', '2': 'dont-know', '20': 'no', '24': 'no' })).toEqual([]);
    expect(answerProblems(dash, {})).toEqual([]);
  });

  it('refuses a number that is not a question of this instrument, naming it and the version', () => {
    for (const key of ['25', '0', '-1', '01', '1.0', 'one', ' 3']) {
      expect(answerProblems(dash, { [key]: 'yes' }), key).toEqual([{ path: `/answers/${key}`, message: `There is no question ${key} in Domestic abuse risk checklist (Dash) (version 1)` }]);
    }
  });

  it('escapes the key in the JSON pointer', () => {
    expect(answerProblems(dash, { 'a/b~c': 'yes' })[0]?.path).toBe('/answers/a~1b~0c');
  });

  it('refuses a value that is not one of that question’s options, listing them', () => {
    expect(answerProblems(dash, { '3': 'maybe' })).toEqual([{ path: '/answers/3', message: 'Answer question 3 with yes, no or dont-know' }]);
    expect(answerProblems(dash, { '20': 'dont-know' })).toEqual([{ path: '/answers/20', message: 'Answer question 20 with yes or no' }]);
    for (const value of [null, true, 1, 'Yes', ['yes'], { answer: 'yes' }]) expect(answerProblems(dash, { '3': value }), JSON.stringify(value)).toHaveLength(1);
  });

  it('reports every problem', () => {
    expect(answerProblems(dash, { '1': 'yes', '3': 'maybe', '25': 'yes', '20': 'dont-know' }).map((p) => p.path)).toEqual(['/answers/3', '/answers/20', '/answers/25']);
  });
});

describe('scoreChecklist', () => {
  it('bands with the instrument’s own bands: 13 is medium and 14 high, 9 standard and 10 medium', () => {
    expect(scoreChecklist(dash, yesTo(14))).toMatchObject({ score: 14, band: 'high' });
    expect(scoreChecklist(dash, yesTo(13))).toMatchObject({ score: 13, band: 'medium' });
    expect(scoreChecklist(dash, yesTo(10))).toMatchObject({ score: 10, band: 'medium' });
    expect(scoreChecklist(dash, yesTo(9))).toMatchObject({ score: 9, band: 'standard' });
    expect(scoreChecklist(dash, yesTo(0))).toMatchObject({ score: 0, band: 'standard' });
    expect(scoreChecklist(dash, yesTo(24))).toMatchObject({ score: 24, band: 'high' });
  });

  it('uses the tenant’s bands instead of the instrument’s when given', () => {
    expect(scoreChecklist(dash, yesTo(12), { high: 12, medium: 8 }).band).toBe('high');
    expect(scoreChecklist(dash, yesTo(11), { high: 12, medium: 8 }).band).toBe('medium');
    expect(scoreChecklist(dash, yesTo(7), { high: 12, medium: 8 }).band).toBe('standard');
  });

  it('has no band when neither the tenant nor the instrument bands scores', () => {
    const { bands: _bands, ...unbanded } = dash;
    expect(scoreChecklist(unbanded, yesTo(20)).band).toBeNull();
    expect(scoreChecklist(unbanded, yesTo(20), { high: 14, medium: 10 }).band).toBe('high');
  });

  it('counts only the answers in each question’s counts', () => {
    const counting: Instrument = { ...dash, questions: dash.questions.map((q) => (q.number === 1 ? { ...q, counts: ['no'] } : q.number === 2 ? { ...q, counts: [] } : q)) };
    expect(scoreChecklist(counting, answered({ 1: 'no', 2: 'yes', 3: 'yes', 4: 'no' })).score).toBe(2);
    expect(scoreChecklist(counting, answered({ 1: 'yes' })).score).toBe(0);
  });

  it('shows unanswered and don’t-know questions as gaps, lowest first: don’t know is not no', () => {
    const answers = answered({ 24: 'dont-know', 1: 'yes', 2: 'no', 3: 'dont-know' });
    const result = scoreChecklist(dash, answers);
    expect(result.score).toBe(1);
    expect(result.gaps).toEqual([3, ...Array.from({ length: 20 }, (_, i) => i + 4), 24]);
    expect(scoreChecklist(dash, yesTo(5)).gaps).toEqual([]);
    expect(scoreChecklist(dash, {}).gaps).toHaveLength(24);
    expect(scoreChecklist(dash, {})).toMatchObject({ score: 0, band: 'standard', offered: [] });
  });

  it('keeps an answer’s source and comment out of the score', () => {
    expect(scoreChecklist(dash, { 1: { answer: 'yes', source: 'Police report', comment: 'Bruising to the arm' } })).toMatchObject({ score: 1 });
  });

  it('offers the instruments the answers call for, once each, in question order', () => {
    expect(scoreChecklist(dash, answered({ 8: 'yes' })).offered).toEqual(['stalking-screen']);
    expect(scoreChecklist(dash, answered({ 8: 'no' })).offered).toEqual([]);
    expect(scoreChecklist(dash, answered({ 8: 'dont-know' })).offered).toEqual([]);
    const twoOffers: Instrument = {
      ...dash,
      questions: dash.questions.map((q) =>
        q.number === 2 ? { ...q, offers: { instrument: 'young-people', when: ['yes', 'dont-know'] } } : q.number === 9 ? { ...q, offers: { instrument: 'stalking-screen', when: ['yes'] } } : q,
      ),
    };
    expect(scoreChecklist(twoOffers, answered({ 9: 'yes', 8: 'yes', 2: 'dont-know' })).offered).toEqual(['young-people', 'stalking-screen']);
  });

  it('refuses answers that answerProblems would refuse', () => {
    expect(() => scoreChecklist(dash, answered({ 25: 'yes' }))).toThrow(RangeError);
    expect(() => scoreChecklist(dash, answered({ 20: 'dont-know' }))).toThrow('Answer question 20 with yes or no');
  });

  it('always scores the yes answers, with every question either answered or a gap', () => {
    const answer = fc.constantFrom(...ANSWERS);
    fc.assert(
      fc.property(fc.array(fc.option(answer, { nil: undefined }), { minLength: 24, maxLength: 24 }), (list) => {
        const entries: Record<number, Answer> = {};
        list.forEach((a, i) => {
          if (a !== undefined && !(i + 1 === 20 && a === 'dont-know')) entries[i + 1] = a;
        });
        const result = scoreChecklist(dash, answered(entries));
        expect(result.score).toBe(Object.values(entries).filter((a) => a === 'yes').length);
        expect(result.gaps).toEqual(dash.questions.map((q) => q.number).filter((n) => entries[n] === undefined || entries[n] === 'dont-know'));
        expect(result.band).toBe(result.score >= 14 ? 'high' : result.score >= 10 ? 'medium' : 'standard');
      }),
    );
  });
});
