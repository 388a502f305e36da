import { describe, expect, it } from 'vitest';
import type { Instrument, InstrumentTranslation } from './instrument.js';
import { InstrumentError, isTranslationFile, parseInstrument, parseTranslation, translate } from './instrument-parse.js';

type Json = Record<string, unknown>;

const question = (number: number, section: string, more: Json = {}): Json => ({
  number,
  section,
  text: `Question ${number}?`,
  options: ['yes', 'no', 'dont-know'],
  counts: ['yes'],
  ...more,
});

const valid = (more: Json = {}): Json => ({
  id: 'safety-check',
  version: 1,
  language: 'en',
  title: 'Safety check',
  description: 'A short check.',
  answerLabels: { yes: 'Yes', no: 'No', 'dont-know': "Don't know" },
  sections: [
    { id: 'today', title: 'Today' },
    { id: 'home', title: 'At home' },
  ],
  questions: [question(1, 'today', { hint: 'Record what happened.' }), question(2, 'today'), question(3, 'home'), question(4, 'home', { offers: { instrument: 'stalking-screen', when: ['yes'] } })],
  ...more,
});

const withQuestion = (index: number, more: Json): Json => {
  const instrument = valid();
  const questions = [...(instrument.questions as Json[])];
  questions[index] = { ...questions[index], ...more };
  return { ...instrument, questions };
};

/** The problems a value is refused with. */
function problemsOf(parse: () => unknown): string[] {
  try {
    parse();
  } catch (error) {
    if (error instanceof InstrumentError) return error.problems;
    throw error;
  }
  throw new Error('expected the value to be refused');
}

const refused = (value: unknown) => problemsOf(() => parseInstrument(value));

describe('parseInstrument', () => {
  it('accepts a valid instrument and returns a clean copy with only the known fields', () => {
    const parsed = parseInstrument(valid({ bands: { high: 3, medium: 2 }, ages: { from: 13, to: 17 }, source: ' Our own words ' }));
    expect(parsed.id).toBe('safety-check');
    expect(parsed.questions.map((q) => q.number)).toEqual([1, 2, 3, 4]);
    expect(parsed.questions[0]?.hint).toBe('Record what happened.');
    expect(parsed.questions[1]).not.toHaveProperty('hint');
    expect(parsed.questions[3]?.offers).toEqual({ instrument: 'stalking-screen', when: ['yes'] });
    expect(parsed.bands).toEqual({ high: 3, medium: 2 });
    expect(parsed.ages).toEqual({ from: 13, to: 17 });
    expect(parsed.source).toBe('Our own words');
    const bare = parseInstrument(valid());
    expect(bare).not.toHaveProperty('bands');
    expect(bare).not.toHaveProperty('ages');
    expect(bare).not.toHaveProperty('source');
  });

  it('refuses something that is not an object', () => {
    for (const value of [null, [], 'dash', 3]) expect(refused(value)).toEqual(['An instrument is a JSON object']);
  });

  it('refuses unknown fields, at the top and in a question, so typos surface', () => {
    const problems = refused({ ...withQuestion(1, { hnt: 'typo' }), titel: 'Typo' });
    expect(problems).toContainEqual(expect.stringMatching(/^titel: is not a field here \(use id, version, .*source\)$/));
    expect(problems).toContainEqual(expect.stringMatching(/^questions\[1\]\.hnt: is not a field here/));
    expect(problems).toHaveLength(2);
  });

  it('checks the id, version and language tag', () => {
    for (const id of ['Dash', '1dash', 'd', 'dash_ric', 'dash ric', '', 7, 'a'.repeat(62)]) expect(refused(valid({ id })), String(id)).toEqual([expect.stringMatching(/^id: .* is not an id/)]);
    for (const id of ['dr', 'dash-ric', 'dash2']) expect(parseInstrument(valid({ id })).id).toBe(id);
    for (const version of [0, -1, 1.5, '1', null]) expect(refused(valid({ version })), String(version)).toEqual([expect.stringMatching(/^version: .* is not a whole number from 1$/)]);
    for (const language of ['EN', 'english', 'e', 'en_GB', 'en-', 'en-a', '']) expect(refused(valid({ language })), language).toEqual([expect.stringMatching(/^language: .* is not a language tag/)]);
    for (const language of ['en', 'cy', 'gd', 'en-GB', 'sco-GB', 'zh-Hant-HK']) expect(parseInstrument(valid({ language })).language).toBe(language);
  });

  it('needs a title and description, with no more than 2000 characters of any text', () => {
    expect(refused(valid({ title: '  ', description: undefined }))).toEqual(['title: write some text', 'description: write some text']);
    expect(refused(valid({ title: 'x'.repeat(2001) }))).toEqual(['title: is 2001 characters long; keep it to 2000']);
    expect(parseInstrument(valid({ description: 'x'.repeat(2000) })).description).toHaveLength(2000);
    expect(refused(withQuestion(0, { hint: 'x'.repeat(2001) }))).toEqual(['questions[0].hint: is 2001 characters long; keep it to 2000']);
    expect(refused(withQuestion(0, { hint: '' }))).toEqual(['questions[0].hint: write some text']);
  });

  it('needs every answer label, and no others', () => {
    expect(refused(valid({ answerLabels: { yes: 'Yes', no: '' } }))).toEqual(['answerLabels.no: write some text', 'answerLabels.dont-know: write some text']);
    expect(refused(valid({ answerLabels: { yes: 'Yes', no: 'No', 'dont-know': '?', maybe: 'Maybe' } }))).toEqual([expect.stringMatching(/^answerLabels\.maybe: is not a field here/)]);
    expect(refused(valid({ answerLabels: ['Yes', 'No'] }))).toEqual([expect.stringMatching(/^answerLabels: give the words shown for each answer/)]);
  });

  it('needs sections with unique ids, each with at least one question', () => {
    expect(refused(valid({ sections: [] }))).toContain('sections: list at least one section');
    const twice = refused(valid({ sections: [{ id: 'today', title: 'Today' }, { id: 'home', title: 'Home' }, { id: 'today', title: 'Again' }] }));
    expect(twice).toEqual(['sections[2].id: "today" is used by an earlier section']);
    expect(refused(valid({ sections: [{ id: 'today', title: 'Today' }, { id: 'home', title: 'Home' }, { id: 'spare', title: 'Spare' }] }))).toEqual([
      'sections[2]: "spare" has no questions',
    ]);
    expect(refused(valid({ sections: [{ id: 'today', title: '' }, { id: 'Home Page', title: 'Home' }] }))).toEqual(
      expect.arrayContaining(['sections[0].title: write some text', expect.stringMatching(/^sections\[1\]\.id: "Home Page" is not an id/)]),
    );
  });

  it('needs questions numbered exactly 1 to n in order', () => {
    expect(refused(valid({ questions: [] }))).toContain('questions: list at least one question');
    expect(refused(withQuestion(2, { number: 4 }))).toEqual(['questions[2].number: is 4; questions are numbered 1 to 4 in order, so this one is 3']);
    expect(refused(withQuestion(0, { number: '1' }))).toEqual(['questions[0].number: is "1"; questions are numbered 1 to 4 in order, so this one is 1']);
    const instrument = valid();
    const [q1, q2, q3, q4] = instrument.questions as Json[];
    expect(refused({ ...instrument, questions: [q2, q1, q3, q4] })).toHaveLength(2);
  });

  it('needs each question in a section that exists', () => {
    expect(refused(withQuestion(1, { section: 'garden' }))).toEqual(['questions[1].section: "garden" is not a section (the sections are today or home)']);
  });

  it('needs options from yes, no and dont-know, at least one and none twice', () => {
    expect(refused(withQuestion(3, { options: ['yes', 'maybe'], counts: ['yes'], offers: undefined }))).toEqual([
      'questions[3].options: "maybe" is not an answer (use yes, no or dont-know)',
    ]);
    expect(refused(withQuestion(0, { options: [], counts: [] }))).toEqual(['questions[0].options: list at least one answer']);
    expect(refused(withQuestion(0, { options: ['yes', 'yes'] }))).toEqual(['questions[0].options: "yes" is listed twice']);
    expect(refused(withQuestion(0, { options: 'yes' }))).toEqual([expect.stringMatching(/^questions\[0\]\.options: list the answers/), expect.stringMatching(/^questions\[0\]\.counts: "yes" is not one of/)]);
    expect(parseInstrument(withQuestion(0, { options: ['yes', 'no'] })).questions[0]?.options).toEqual(['yes', 'no']);
  });

  it('needs counts within the options; a question may count nothing', () => {
    expect(refused(withQuestion(0, { options: ['yes', 'no'], counts: ['dont-know'] }))).toEqual(['questions[0].counts: "dont-know" is not one of the question\'s options (yes or no)']);
    expect(parseInstrument(withQuestion(0, { counts: [] })).questions[0]?.counts).toEqual([]);
    expect(parseInstrument(withQuestion(0, { counts: ['no'] })).questions[0]?.counts).toEqual(['no']);
  });

  it('needs an offer to name an instrument and answers within the options', () => {
    expect(refused(withQuestion(3, { offers: { instrument: 'Stalking Screen', when: ['yes'] } }))).toEqual([expect.stringMatching(/^questions\[3\]\.offers\.instrument: "Stalking Screen" is not an id/)]);
    expect(refused(withQuestion(3, { options: ['no', 'dont-know'], counts: [], offers: { instrument: 'stalking-screen', when: ['yes'] } }))).toEqual([
      'questions[3].offers.when: "yes" is not one of the question\'s options (no or dont-know)',
    ]);
    expect(refused(withQuestion(3, { offers: { instrument: 'stalking-screen', when: [] } }))).toEqual(['questions[3].offers.when: list at least one answer']);
    expect(refused(withQuestion(3, { offers: { instrument: 'safety-check', when: ['yes'] } }))).toEqual(['questions[3].offers.instrument: an instrument cannot offer itself']);
    expect(refused(withQuestion(3, { offers: 'stalking-screen' }))).toEqual([expect.stringMatching(/^questions\[3\]\.offers: give the instrument offered/)]);
  });

  it('needs whole-number bands with 0 < medium < high ≤ the number of questions', () => {
    expect(parseInstrument(valid({ bands: { high: 4, medium: 1 } })).bands).toEqual({ high: 4, medium: 1 });
    expect(refused(valid({ bands: { high: 5, medium: 2 } }))).toEqual(['bands.high: is 5, but the most an instrument of 4 questions can score is 4']);
    expect(refused(valid({ bands: { high: 3, medium: 3 } }))).toEqual(['bands: the medium band (from 3) must start below the high band (from 3)']);
    expect(refused(valid({ bands: { high: 2, medium: 3 } }))).toEqual(['bands: the medium band (from 3) must start below the high band (from 2)']);
    expect(refused(valid({ bands: { high: 3, medium: 0 } }))).toEqual(['bands.medium: 0 is not a whole number from 1']);
    expect(refused(valid({ bands: { high: 3.5, medium: 1 } }))).toEqual(['bands.high: 3.5 is not a whole number from 1']);
    expect(refused(valid({ bands: { high: 3, medium: 1, low: 0 } }))).toEqual([expect.stringMatching(/^bands\.low: is not a field here/)]);
    expect(refused(valid({ bands: 14 }))).toEqual([expect.stringMatching(/^bands: give the lowest score/)]);
  });

  it('checks ages when given', () => {
    expect(refused(valid({ ages: { from: 17, to: 13 } }))).toEqual(['ages: from 17 is older than to 13']);
    expect(refused(valid({ ages: { from: -1, to: 200 } }))).toEqual(['ages.from: -1 is not a whole number from 0 to 120', 'ages.to: 200 is not a whole number from 0 to 120']);
    expect(refused(valid({ ages: '13-17' }))).toEqual([expect.stringMatching(/^ages: give the youngest/)]);
  });

  it('collects every problem rather than stopping at the first, and summarises them in the message', () => {
    const error = (() => {
      try {
        parseInstrument({ ...valid({ id: 'X', version: 0, title: '' }), questions: [question(2, 'nowhere', { options: ['maybe'] })] });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InstrumentError);
    const problems = (error as InstrumentError).problems;
    expect(problems.length).toBeGreaterThanOrEqual(7);
    expect((error as InstrumentError).message).toMatch(new RegExp(`^${problems.length} problems: id: "X" is not an id.*; and ${problems.length - 5} more$`));
    expect(new InstrumentError(['one']).message).toBe('1 problem: one');
  });
});

const translationOf = (more: Json = {}): Json => ({
  instrument: 'safety-check',
  version: 1,
  language: 'cy',
  title: 'Gwiriad diogelwch',
  description: 'Gwiriad byr.',
  answerLabels: { yes: 'Ie', no: 'Na', 'dont-know': 'Ddim yn gwybod' },
  sections: { today: 'Heddiw', home: 'Gartref' },
  questions: { '1': { text: 'Cwestiwn 1?', hint: 'Nodwch beth ddigwyddodd.' }, '2': { text: 'Cwestiwn 2?' }, '3': { text: 'Cwestiwn 3?' }, '4': { text: 'Cwestiwn 4?' } },
  ...more,
});

describe('parseTranslation and isTranslationFile', () => {
  it('accepts a valid translation', () => {
    const t = parseTranslation(translationOf());
    expect(t.language).toBe('cy');
    expect(t.questions['1']).toEqual({ text: 'Cwestiwn 1?', hint: 'Nodwch beth ddigwyddodd.' });
    expect(t.questions['2']).toEqual({ text: 'Cwestiwn 2?' });
  });

  it('refuses unknown fields, bad keys and missing words, all at once', () => {
    const problems = problemsOf(() =>
      parseTranslation(translationOf({ id: 'x', version: 0, language: 'Welsh', sections: { today: '' }, questions: { '01': { text: 'a' }, one: 'b', '2': { text: 'c', hnt: 'd' } } })),
    );
    expect(problems).toEqual([
      expect.stringMatching(/^id: is not a field here/),
      'version: 0 is not a whole number from 1',
      expect.stringMatching(/^language: "Welsh" is not a language tag/),
      'sections.today: write some text',
      expect.stringMatching(/^questions\.2\.hnt: is not a field here \(use text or hint\)$/),
      'questions.01: "01" is not a question number',
      'questions.one: "one" is not a question number',
      'questions.one: give the text of the question, and its hint if it has one',
    ]);
    expect(problemsOf(() => parseTranslation(translationOf({ sections: {}, questions: [] })))).toEqual([
      'sections: give the title of each section, keyed by its id',
      'questions: give the words of each question, keyed by its number',
    ]);
    expect(problemsOf(() => parseTranslation('cy'))).toEqual(['A translation is a JSON object']);
  });

  it('tells a translation from an instrument: it names its instrument and keys questions by number', () => {
    expect(isTranslationFile(translationOf())).toBe(true);
    expect(isTranslationFile(valid())).toBe(false);
    expect(isTranslationFile({ ...valid(), instrument: 'safety-check' })).toBe(false);
    expect(isTranslationFile(translationOf({ instrument: 3 }))).toBe(false);
    expect(isTranslationFile(null)).toBe(false);
    expect(isTranslationFile([translationOf()])).toBe(false);
  });
});

describe('translate', () => {
  const original: Instrument = parseInstrument(valid({ bands: { high: 3, medium: 2 }, ages: { from: 13, to: 17 }, source: 'Our own words' }));
  const welsh = (more: Json = {}): InstrumentTranslation => parseTranslation(translationOf(more));
  const mismatch = (t: InstrumentTranslation) => problemsOf(() => translate(original, t));

  it('gives the instrument in the translation’s language and words, with the original’s structure', () => {
    const translated = translate(original, welsh());
    expect(translated.language).toBe('cy');
    expect(translated.title).toBe('Gwiriad diogelwch');
    expect(translated.answerLabels).toEqual({ yes: 'Ie', no: 'Na', 'dont-know': 'Ddim yn gwybod' });
    expect(translated.sections).toEqual([
      { id: 'today', title: 'Heddiw' },
      { id: 'home', title: 'Gartref' },
    ]);
    expect(translated.questions.map((q) => q.text)).toEqual(['Cwestiwn 1?', 'Cwestiwn 2?', 'Cwestiwn 3?', 'Cwestiwn 4?']);
    expect(translated.questions[0]?.hint).toBe('Nodwch beth ddigwyddodd.');
    const structure = (i: Instrument) => ({
      id: i.id,
      version: i.version,
      bands: i.bands,
      ages: i.ages,
      source: i.source,
      questions: i.questions.map(({ number, section, options, counts, offers }) => ({ number, section, options, counts, offers })),
    });
    expect(structure(translated)).toEqual(structure(original));
    expect(original.language).toBe('en');
    expect(original.questions[0]?.text).toBe('Question 1?');
  });

  it('refuses a translation of another instrument or version, or in the original’s own language', () => {
    expect(mismatch(welsh({ instrument: 'dash-ric' }))).toEqual(['instrument: the translation is of "dash-ric", not "safety-check"']);
    expect(mismatch(welsh({ version: 2 }))).toEqual(['version: the translation is of version 2, not version 1']);
    expect(mismatch(welsh({ language: 'en' }))).toEqual(['language: "en" is already the language of safety-check version 1']);
  });

  it('refuses a translation missing a section or a question, or with extra ones', () => {
    expect(mismatch(welsh({ sections: { today: 'Heddiw' } }))).toEqual(['sections.home: is missing; translate every section']);
    expect(mismatch(welsh({ sections: { today: 'Heddiw', home: 'Gartref', garden: 'Gardd' } }))).toEqual(['sections.garden: safety-check version 1 has no section "garden"']);
    const { '3': _three, ...withoutThree } = translationOf().questions as Json;
    expect(mismatch(welsh({ questions: withoutThree }))).toEqual(['questions.3: is missing; translate every question']);
    expect(mismatch(welsh({ questions: { ...(translationOf().questions as Json), '5': { text: 'Cwestiwn 5?' } } }))).toEqual(['questions.5: safety-check version 1 has no question 5']);
  });

  it('refuses a translation that drops a hint or adds one the original does not have', () => {
    const questions = translationOf().questions as Json;
    expect(mismatch(welsh({ questions: { ...questions, '1': { text: 'Cwestiwn 1?' } } }))).toEqual(['questions.1.hint: is missing; the original has a hint']);
    expect(mismatch(welsh({ questions: { ...questions, '2': { text: 'Cwestiwn 2?', hint: 'Awgrym' } } }))).toEqual(['questions.2.hint: the original has no hint to translate']);
  });
});
