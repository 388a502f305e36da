/**
 * Dash risk checklists (instrument 'dash-ric', version 1, English) completed with or about the victim
 * after some of the incidents: none for most low-level families, up to four as the abuse escalates.
 * The score follows the severity at the time, so the spread is mostly standard, a good share medium,
 * and about one in five high. Question 6 (separation in the last year) and 9 (a baby under 18 months)
 * follow the family's facts; the rest are drawn by how often each is answered yes.
 */
import { bandFor, type Bands, type RiskBand } from '../domain/marac/criteria.js';
import type { StoredAnswer } from '../platform/db/risk-schema.js';
import { DAY_MS, HOUR_MS } from './days.js';
import type { Household } from './family-members.js';
import type { Homes } from './homes.js';
import type { Incident } from './incidents.js';
import { chance, pick, type Rng } from './random.js';

export const CHECKLIST_INSTRUMENT = { id: 'dash-ric', version: 1, language: 'en', questions: 24 } as const;

export interface Checklist {
  index: number;
  /** The incident it followed. */
  incident: number;
  completedAt: number;
  completedOn: number;
  agency: string;
  withVictim: boolean | null;
  victimView: string | null;
  /** The answers as stored: { "1": { "answer": "yes" }, ... }. */
  answers: Record<string, StoredAnswer>;
  score: number;
  band: RiskBand;
  gaps: number[];
}

/** How often each question (1 to 24) is answered yes, roughly, among checklists completed. */
const YES_WEIGHT = [0.5, 0.8, 0.7, 0.5, 0.4, 0, 0.3, 0.35, 0, 0.5, 0.5, 0.7, 0.2, 0.3, 0.25, 0.15, 0.08, 0.2, 0.1, 0.35, 0.45, 0.2, 0.15, 0.4];
const AGENCIES = ['Police', 'Police', 'Police', 'IDVA service', 'IDVA service', 'Children’s social care', 'Children’s social care', 'Health'];
const SOURCES = ['Police records', 'Health records', 'A family member', 'Children’s social care records'];
const VIEWS = [
  'Most frightened when the person causing harm has been drinking.',
  'Worried about what will happen at the next handover of the children.',
  'Believes the threats and fears for the children.',
  'Feels safer since the injunction but is still being followed.',
];

/** The incidents after which a checklist was completed, at most four, more likely the more severe. */
function anchors(rng: Rng, incidents: readonly Incident[]): number[] {
  const chosen: number[] = [];
  for (const incident of incidents) {
    if (chosen.length === 4) break;
    if (incident.severity >= 0.2 && chance(rng, 0.12 + incident.severity * 0.5)) chosen.push(incident.index);
  }
  return chosen;
}

function binomial(rng: Rng, n: number, p: number): number {
  let k = 0;
  for (let i = 0; i < n; i++) if (rng() < p) k++;
  return k;
}

/** `count` question numbers drawn without replacement, each as likely as its weight (Efraimidis–Spirakis). */
function weightedQuestions(rng: Rng, eligible: readonly number[], count: number): Set<number> {
  const keyed = eligible.map((q) => ({ q, key: rng() ** (1 / YES_WEIGHT[q - 1]!) }));
  keyed.sort((a, b) => b.key - a.key);
  return new Set(keyed.slice(0, count).map((k) => k.q));
}

export function composeChecklists(rng: Rng, household: Household, homes: Homes, incidents: readonly Incident[], bands: Bands, today: number): Checklist[] {
  const out: Checklist[] = [];
  const children = household.members.filter((m) => m.role === 'child');
  let lastDay = -Infinity;
  for (const at of anchors(rng, incidents)) {
    const incident = incidents[at]!;
    const completedOn = Math.max(lastDay + 1, incident.receivedOn + Math.floor(rng() * 10));
    if (completedOn >= today) break;
    lastDay = completedOn;
    const separatedRecently = homes.separatedOn !== null && homes.separatedOn <= completedOn && completedOn - homes.separatedOn <= 365;
    const baby = children.some((c) => c.dateOfBirth <= completedOn && completedOn - c.dateOfBirth < 548) || chance(rng, 0.04);
    const forced = new Set<number>([...(separatedRecently ? [6] : []), ...(baby ? [9] : [])]);
    const wanted = binomial(rng, 24, 0.04 + 0.62 * incident.severity ** 1.2);
    const eligible = Array.from({ length: 24 }, (_, i) => i + 1).filter((q) => YES_WEIGHT[q - 1]! > 0);
    const yes = new Set([...forced, ...weightedQuestions(rng, eligible, Math.max(0, wanted - forced.size))]);
    const rest = Array.from({ length: 24 }, (_, i) => i + 1).filter((q) => !yes.has(q));
    const dontKnow = new Set(rest.filter(() => chance(rng, 0.06)));
    const unanswered = chance(rng, 0.04) ? rest.find((q) => !dontKnow.has(q)) : undefined;
    const withVictim = chance(rng, 0.8) ? true : chance(rng, 0.75) ? false : null;
    const source = withVictim === false ? pick(rng, SOURCES) : null;
    const answers: Record<string, StoredAnswer> = {};
    for (let q = 1; q <= 24; q++) {
      if (q === unanswered) continue;
      const answer = yes.has(q) ? 'yes' : dontKnow.has(q) ? 'dont-know' : 'no';
      answers[q] = source && answer === 'yes' ? { answer, source } : { answer };
    }
    const score = yes.size;
    out.push({
      index: out.length,
      incident: at,
      completedAt: completedOn * DAY_MS + Math.floor((9 + rng() * 8) * HOUR_MS),
      completedOn,
      agency: pick(rng, AGENCIES),
      withVictim,
      victimView: withVictim && chance(rng, 0.3) ? pick(rng, VIEWS) : null,
      answers,
      score,
      band: bandFor(score, bands),
      gaps: [...dontKnow, ...(unanswered ? [unanswered] : [])].sort((a, b) => a - b),
    });
  }
  return out;
}
