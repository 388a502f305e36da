import { bandFor, type RiskBand } from '../marac/criteria.js';
import type { Answer, Instrument, InstrumentBands } from './instrument.js';

/** A checklist's answers keyed by question number, with where the answer came from when not the victim. */
export type ChecklistAnswers = Record<number, { answer: Answer; source?: string; comment?: string }>;

export interface AnswerProblem {
  /** A JSON pointer into the request, like /answers/3. */
  path: string;
  message: string;
}

export interface ChecklistScore {
  score: number;
  /** Null when neither the tenant nor the instrument bands scores (the stalking screen). */
  band: RiskBand | null;
  /** Questions unanswered or answered don't know, lowest first: don't know is not no. */
  gaps: number[];
  /** Instruments the answers offer (Dash 8 yes: the stalking screen), in question order. */
  offered: string[];
}

const inWords = (items: readonly string[]): string => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`);
const pointer = (key: string) => `/answers/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;

/** What is wrong with answers sent as { "1": "yes", "2": "dont-know" }, each with where it is. */
export function answerProblems(instrument: Instrument, raw: Record<string, unknown>): AnswerProblem[] {
  const problems: AnswerProblem[] = [];
  for (const [key, value] of Object.entries(raw)) {
    const question = /^[1-9][0-9]*$/.test(key) ? instrument.questions.find((q) => q.number === Number(key)) : undefined;
    if (!question) problems.push({ path: pointer(key), message: `There is no question ${key} in ${instrument.title} (version ${instrument.version})` });
    else if (!question.options.some((option) => option === value)) problems.push({ path: pointer(key), message: `Answer question ${key} with ${inWords(question.options)}` });
  }
  return problems;
}

/**
 * The score (answers that count), the band, the gaps and the instruments offered. The tenant's bands,
 * when given, replace the instrument's. Answers must already be checked with answerProblems.
 */
export function scoreChecklist(instrument: Instrument, answers: ChecklistAnswers, bands?: InstrumentBands): ChecklistScore {
  const raw = Object.fromEntries(Object.entries(answers).map(([key, value]) => [key, value.answer]));
  const problems = answerProblems(instrument, raw);
  if (problems.length > 0) throw new RangeError(problems.map((p) => p.message).join('; '));

  let score = 0;
  const gaps: number[] = [];
  const offered: string[] = [];
  for (const question of instrument.questions) {
    const answer = answers[question.number]?.answer;
    if (answer === undefined || answer === 'dont-know') gaps.push(question.number);
    if (answer === undefined) continue;
    if (question.counts.includes(answer)) score++;
    const offer = question.offers;
    if (offer && offer.when.includes(answer) && !offered.includes(offer.instrument)) offered.push(offer.instrument);
  }
  const bandsInUse = bands ?? instrument.bands;
  return { score, band: bandsInUse ? bandFor(score, bandsInUse) : null, gaps, offered };
}
