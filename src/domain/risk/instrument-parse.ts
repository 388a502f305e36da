import {
  ANSWERS,
  isAnswer,
  type Answer,
  type Instrument,
  type InstrumentBands,
  type InstrumentQuestion,
  type InstrumentSection,
  type InstrumentTranslation,
} from './instrument.js';

/**
 * Instruments and translations arrive as files a person wrote, so everything is checked and every
 * problem is reported at once with where it is: whoever fixes the file should need one round, not ten.
 */

export class InstrumentError extends Error {
  constructor(readonly problems: string[]) {
    super(summarise(problems));
    this.name = 'InstrumentError';
  }
}

const SHOWN_IN_MESSAGE = 5;

function summarise(problems: string[]): string {
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  const more = problems.length > SHOWN_IN_MESSAGE ? `; and ${problems.length - SHOWN_IN_MESSAGE} more` : '';
  return `${count}: ${problems.slice(0, SHOWN_IN_MESSAGE).join('; ')}${more}`;
}

const ID = /^[a-z][a-z0-9-]{1,60}$/;
const SECTION_ID = /^[a-z][a-z0-9-]{0,60}$/;
const LANGUAGE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
const QUESTION_NUMBER = /^[1-9][0-9]{0,3}$/;
const MAX_TEXT = 2000;
const MAX_AGE = 120;

const INSTRUMENT_FIELDS = ['id', 'version', 'language', 'title', 'description', 'ages', 'bands', 'answerLabels', 'sections', 'questions', 'source'];
const TRANSLATION_FIELDS = ['instrument', 'version', 'language', 'title', 'description', 'answerLabels', 'sections', 'questions'];
const QUESTION_FIELDS = ['number', 'section', 'text', 'hint', 'options', 'counts', 'offers'];

type Fields = Record<string, unknown>;

const isObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);
const show = (value: unknown): string => JSON.stringify(value) ?? String(value);
const inWords = (items: readonly string[]): string => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`);
const ANY_ANSWER = inWords(ANSWERS);

class Problems {
  readonly list: string[] = [];

  add(path: string, message: string): void {
    this.list.push(path ? `${path}: ${message}` : message);
  }

  throwIfAny(): void {
    if (this.list.length > 0) throw new InstrumentError(this.list);
  }
}

const at = (path: string, key: string) => (path ? `${path}.${key}` : key);

function refuseUnknown(p: Problems, path: string, value: Fields, fields: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!fields.includes(key)) p.add(at(path, key), `is not a field here (use ${inWords(fields)})`);
  }
}

function text(p: Problems, path: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    p.add(path, 'write some text');
    return '';
  }
  if (value.length > MAX_TEXT) p.add(path, `is ${value.length} characters long; keep it to ${MAX_TEXT}`);
  return value.trim();
}

function optionalText(p: Problems, path: string, value: unknown): string | undefined {
  return value === undefined ? undefined : text(p, path, value);
}

function identifier(p: Problems, path: string, value: unknown, pattern = ID): string {
  if (typeof value === 'string' && pattern.test(value)) return value;
  p.add(path, `${show(value)} is not an id (lower-case letters, digits and hyphens, starting with a letter)`);
  return '';
}

function wholeNumber(p: Problems, path: string, value: unknown, from: number, to = Number.MAX_SAFE_INTEGER): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= from && value <= to) return value;
  p.add(path, to === Number.MAX_SAFE_INTEGER ? `${show(value)} is not a whole number from ${from}` : `${show(value)} is not a whole number from ${from} to ${to}`);
  return Number.NaN;
}

function languageTag(p: Problems, path: string, value: unknown): string {
  if (typeof value === 'string' && LANGUAGE.test(value)) return value;
  p.add(path, `${show(value)} is not a language tag (like en, cy or gd)`);
  return '';
}

function answerList(p: Problems, path: string, value: unknown, rule: { atLeastOne: boolean; within?: readonly Answer[] }): Answer[] {
  if (!Array.isArray(value)) {
    p.add(path, `list the answers (from ${ANY_ANSWER})`);
    return [];
  }
  const answers: Answer[] = [];
  for (const item of value) {
    if (!isAnswer(item)) p.add(path, `${show(item)} is not an answer (use ${ANY_ANSWER})`);
    else if (answers.includes(item)) p.add(path, `"${item}" is listed twice`);
    else if (rule.within && !rule.within.includes(item)) p.add(path, `"${item}" is not one of the question's options (${inWords(rule.within)})`);
    else answers.push(item);
  }
  if (rule.atLeastOne && value.length === 0) p.add(path, 'list at least one answer');
  return answers;
}

function answerLabels(p: Problems, path: string, value: unknown): Record<Answer, string> {
  const labels = { yes: '', no: '', 'dont-know': '' } satisfies Record<Answer, string>;
  if (!isObject(value)) {
    p.add(path, `give the words shown for each answer (${ANY_ANSWER})`);
    return labels;
  }
  refuseUnknown(p, path, value, ANSWERS);
  for (const answer of ANSWERS) labels[answer] = text(p, at(path, answer), value[answer]);
  return labels;
}

function sections(p: Problems, value: unknown): InstrumentSection[] {
  if (!Array.isArray(value) || value.length === 0) {
    p.add('sections', 'list at least one section');
    return [];
  }
  const parsed: InstrumentSection[] = [];
  value.forEach((section: unknown, i) => {
    const path = `sections[${i}]`;
    if (!isObject(section)) return p.add(path, 'a section has an id and a title');
    refuseUnknown(p, path, section, ['id', 'title']);
    const id = identifier(p, `${path}.id`, section.id, SECTION_ID);
    if (id && parsed.some((s) => s.id === id)) p.add(`${path}.id`, `"${id}" is used by an earlier section`);
    parsed.push({ id, title: text(p, `${path}.title`, section.title) });
  });
  return parsed;
}

function offers(p: Problems, path: string, value: unknown, options: readonly Answer[], ownId: string): InstrumentQuestion['offers'] {
  if (!isObject(value)) {
    p.add(path, 'give the instrument offered and the answers that offer it (when)');
    return undefined;
  }
  refuseUnknown(p, path, value, ['instrument', 'when']);
  const instrument = identifier(p, `${path}.instrument`, value.instrument);
  if (instrument && instrument === ownId) p.add(`${path}.instrument`, 'an instrument cannot offer itself');
  return { instrument, when: answerList(p, `${path}.when`, value.when, { atLeastOne: true, within: options }) };
}

function question(p: Problems, i: number, value: unknown, count: number, sectionIds: readonly string[], ownId: string): InstrumentQuestion | null {
  const path = `questions[${i}]`;
  if (!isObject(value)) {
    p.add(path, 'a question has a number, section, text, options and counts');
    return null;
  }
  refuseUnknown(p, path, value, QUESTION_FIELDS);
  if (value.number !== i + 1) p.add(`${path}.number`, `is ${show(value.number)}; questions are numbered 1 to ${count} in order, so this one is ${i + 1}`);
  let section = '';
  if (typeof value.section === 'string' && sectionIds.includes(value.section)) section = value.section;
  else p.add(`${path}.section`, `${show(value.section)} is not a section (the sections are ${inWords(sectionIds)})`);
  const options = answerList(p, `${path}.options`, value.options, { atLeastOne: true });
  const parsed: InstrumentQuestion = {
    number: i + 1,
    section,
    text: text(p, `${path}.text`, value.text),
    options,
    counts: answerList(p, `${path}.counts`, value.counts, { atLeastOne: false, within: options }),
  };
  const hint = optionalText(p, `${path}.hint`, value.hint);
  if (hint !== undefined) parsed.hint = hint;
  if (value.offers !== undefined) parsed.offers = offers(p, `${path}.offers`, value.offers, options, ownId);
  return parsed;
}

function questions(p: Problems, value: unknown, sectionList: readonly InstrumentSection[], ownId: string): InstrumentQuestion[] {
  if (!Array.isArray(value) || value.length === 0) {
    p.add('questions', 'list at least one question');
    return [];
  }
  const sectionIds = sectionList.map((s) => s.id);
  const parsed = value.map((q: unknown, i) => question(p, i, q, value.length, sectionIds, ownId)).filter((q): q is InstrumentQuestion => q !== null);
  sectionList.forEach((s, i) => {
    if (s.id && !value.some((q: unknown) => isObject(q) && q.section === s.id)) p.add(`sections[${i}]`, `"${s.id}" has no questions`);
  });
  return parsed;
}

function bands(p: Problems, value: unknown, questionCount: number): InstrumentBands {
  if (!isObject(value)) {
    p.add('bands', 'give the lowest score of the high and the medium band');
    return { high: Number.NaN, medium: Number.NaN };
  }
  refuseUnknown(p, 'bands', value, ['high', 'medium']);
  const high = wholeNumber(p, 'bands.high', value.high, 1);
  const medium = wholeNumber(p, 'bands.medium', value.medium, 1);
  if (medium >= high) p.add('bands', `the medium band (from ${medium}) must start below the high band (from ${high})`);
  if (high > questionCount) p.add('bands.high', `is ${high}, but the most an instrument of ${questionCount} questions can score is ${questionCount}`);
  return { high, medium };
}

function ages(p: Problems, value: unknown): Instrument['ages'] {
  if (!isObject(value)) {
    p.add('ages', 'give the youngest and the oldest age the instrument is for (from, to)');
    return undefined;
  }
  refuseUnknown(p, 'ages', value, ['from', 'to']);
  const from = wholeNumber(p, 'ages.from', value.from, 0, MAX_AGE);
  const to = wholeNumber(p, 'ages.to', value.to, 0, MAX_AGE);
  if (from > to) p.add('ages', `from ${from} is older than to ${to}`);
  return { from, to };
}

/** Checks an instrument file's content and returns a clean copy of it, or throws every problem found. */
export function parseInstrument(value: unknown): Instrument {
  if (!isObject(value)) throw new InstrumentError(['An instrument is a JSON object']);
  const p = new Problems();
  refuseUnknown(p, '', value, INSTRUMENT_FIELDS);
  const id = identifier(p, 'id', value.id);
  const sectionList = sections(p, value.sections);
  const instrument: Instrument = {
    id,
    version: wholeNumber(p, 'version', value.version, 1),
    language: languageTag(p, 'language', value.language),
    title: text(p, 'title', value.title),
    description: text(p, 'description', value.description),
    answerLabels: answerLabels(p, 'answerLabels', value.answerLabels),
    sections: sectionList,
    questions: questions(p, value.questions, sectionList, id),
  };
  if (value.ages !== undefined) instrument.ages = ages(p, value.ages);
  if (value.bands !== undefined) instrument.bands = bands(p, value.bands, Array.isArray(value.questions) ? value.questions.length : 0);
  const source = optionalText(p, 'source', value.source);
  if (source !== undefined) instrument.source = source;
  p.throwIfAny();
  return instrument;
}

function translatedSections(p: Problems, value: unknown): Record<string, string> {
  const parsed: Record<string, string> = {};
  if (!isObject(value) || Object.keys(value).length === 0) {
    p.add('sections', 'give the title of each section, keyed by its id');
    return parsed;
  }
  for (const [id, title] of Object.entries(value)) {
    if (!SECTION_ID.test(id)) p.add(`sections.${id}`, `"${id}" is not a section id`);
    parsed[id] = text(p, `sections.${id}`, title);
  }
  return parsed;
}

function translatedQuestions(p: Problems, value: unknown): InstrumentTranslation['questions'] {
  const parsed: InstrumentTranslation['questions'] = {};
  if (!isObject(value) || Object.keys(value).length === 0) {
    p.add('questions', 'give the words of each question, keyed by its number');
    return parsed;
  }
  for (const [key, words] of Object.entries(value)) {
    const path = `questions.${key}`;
    if (!QUESTION_NUMBER.test(key)) p.add(path, `"${key}" is not a question number`);
    if (!isObject(words)) {
      p.add(path, 'give the text of the question, and its hint if it has one');
      continue;
    }
    refuseUnknown(p, path, words, ['text', 'hint']);
    const question: { text: string; hint?: string } = { text: text(p, `${path}.text`, words.text) };
    const hint = optionalText(p, `${path}.hint`, words.hint);
    if (hint !== undefined) question.hint = hint;
    parsed[key] = question;
  }
  return parsed;
}

/** Checks a translation file's content and returns a clean copy of it, or throws every problem found. */
export function parseTranslation(value: unknown): InstrumentTranslation {
  if (!isObject(value)) throw new InstrumentError(['A translation is a JSON object']);
  const p = new Problems();
  refuseUnknown(p, '', value, TRANSLATION_FIELDS);
  const translation: InstrumentTranslation = {
    instrument: identifier(p, 'instrument', value.instrument),
    version: wholeNumber(p, 'version', value.version, 1),
    language: languageTag(p, 'language', value.language),
    title: text(p, 'title', value.title),
    description: text(p, 'description', value.description),
    answerLabels: answerLabels(p, 'answerLabels', value.answerLabels),
    sections: translatedSections(p, value.sections),
    questions: translatedQuestions(p, value.questions),
  };
  p.throwIfAny();
  return translation;
}

/** A translation names the instrument it translates and keys its questions by number; an instrument lists them. */
export function isTranslationFile(value: unknown): boolean {
  return isObject(value) && typeof value.instrument === 'string' && isObject(value.questions);
}

/** The instrument in the translation's language: the words are the translation's, the structure always the original's. */
export function translate(instrument: Instrument, t: InstrumentTranslation): Instrument {
  const p = new Problems();
  if (t.instrument !== instrument.id) p.add('instrument', `the translation is of "${t.instrument}", not "${instrument.id}"`);
  if (t.version !== instrument.version) p.add('version', `the translation is of version ${t.version}, not version ${instrument.version}`);
  if (t.language === instrument.language) p.add('language', `"${t.language}" is already the language of ${instrument.id} version ${instrument.version}`);

  const sectionIds = instrument.sections.map((s) => s.id);
  for (const id of sectionIds) if (!(id in t.sections)) p.add(`sections.${id}`, 'is missing; translate every section');
  for (const id of Object.keys(t.sections)) if (!sectionIds.includes(id)) p.add(`sections.${id}`, `${instrument.id} version ${instrument.version} has no section "${id}"`);

  const numbers = instrument.questions.map((q) => String(q.number));
  for (const q of instrument.questions) {
    const words = t.questions[String(q.number)];
    if (!words) p.add(`questions.${q.number}`, 'is missing; translate every question');
    else if (q.hint !== undefined && words.hint === undefined) p.add(`questions.${q.number}.hint`, 'is missing; the original has a hint');
    else if (q.hint === undefined && words.hint !== undefined) p.add(`questions.${q.number}.hint`, 'the original has no hint to translate');
  }
  for (const key of Object.keys(t.questions)) if (!numbers.includes(key)) p.add(`questions.${key}`, `${instrument.id} version ${instrument.version} has no question ${key}`);
  p.throwIfAny();

  const translated: Instrument = {
    ...instrument,
    language: t.language,
    title: t.title,
    description: t.description,
    answerLabels: { ...t.answerLabels },
    sections: instrument.sections.map((s) => ({ id: s.id, title: t.sections[s.id] ?? s.title })),
    questions: instrument.questions.map((q) => {
      const words = t.questions[String(q.number)];
      const { hint: _hint, ...structure } = q;
      const question: InstrumentQuestion = { ...structure, text: words?.text ?? q.text, options: [...q.options], counts: [...q.counts] };
      if (words?.hint !== undefined) question.hint = words.hint;
      if (q.offers) question.offers = { instrument: q.offers.instrument, when: [...q.offers.when] };
      return question;
    }),
  };
  if (instrument.ages) translated.ages = { ...instrument.ages };
  if (instrument.bands) translated.bands = { ...instrument.bands };
  return translated;
}
