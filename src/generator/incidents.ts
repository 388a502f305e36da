/**
 * A family's domestic abuse incidents over time, as the agencies reported them to the MASH: mostly
 * police notifications, some from schools, health and housing. A quarter of families have one
 * notification; the rest have more, and for most of those the abuse escalates: incidents come closer
 * together and grow more severe. A few families have a notification still waiting for its decision.
 */
import type { ContactSource } from '../domain/contacts/contact.js';
import { ageOn, DAY_MS, HOUR_MS, YEAR_DAYS } from './days.js';
import type { Household } from './family-members.js';
import type { Homes } from './homes.js';
import { referrerFor } from './places.js';
import { chance, exponential, pick, weighted, type Rng } from './random.js';

export interface Incident {
  index: number;
  source: ContactSource;
  reference: string | null;
  referrer: string | null;
  /** ms since 1970; every history ends before the day it is made for. */
  receivedAt: number;
  /** Day number of receipt (received between 07:00 and 21:00 UTC, so the same day in London). */
  receivedOn: number;
  /** ms; between 01:00 and 22:00 UTC, so its London day is its UTC day. */
  occurredAt: number;
  occurredOn: number;
  /** 0 (low-level) to 1 (severe). */
  severity: number;
  abuseTypes: string[];
  childrenPresent: boolean;
  childrenSaw: boolean;
  childrenHeard: boolean;
  injuries: boolean;
  weaponUsed: boolean;
  alcoholOrDrugs: boolean;
  place: string;
  summary: string;
  childVoice: string | null;
  schoolTold: boolean | null;
  /** Members (by index) on the notification: the victim, the person causing harm, the children born by then. */
  people: number[];
}

export interface IncidentHistory {
  incidents: Incident[];
  /** The latest notification is still waiting for the MASH decision. */
  awaiting: boolean;
  escalating: boolean;
}

/** Share of families with a notification awaiting its threshold decision: about 10,000 at 250,000 families. */
export const AWAITING_SHARE = 0.04;
/** Share of families with a single notification. */
export const SINGLE_SHARE = 0.25;
/** Mean number of notifications beyond the second in families with more than one (capped at 40 in all). */
export const EXTRA_MEAN = 4.5;
const MAX_INCIDENTS = 40;

const SOURCES: readonly (readonly [ContactSource, number])[] = [
  ['police', 0.7],
  ['health', 0.09],
  ['school', 0.08],
  ['housing', 0.05],
  ['other-agency', 0.04],
  ['family', 0.02],
  ['self', 0.015],
  ['anonymous', 0.005],
];

const PLACES_TOGETHER = ['At the family home', 'At the family home', 'At the family home', 'In the street outside the home', 'In a car', 'At a relative’s house'];
const PLACES_APART = ['At the victim’s home', 'On the doorstep of the victim’s home', 'Outside the children’s school', 'At a handover of the children', 'By phone and social media', 'In a supermarket car park'];

const CHILD_VOICES = [
  'The child said they went upstairs and turned the television up loud.',
  'The child told the officer they were scared and wanted it to stop.',
  'The child said this happens when there has been drinking.',
  'The child said they look after their younger brother or sister when the shouting starts.',
  'The child did not want to talk to the officer.',
];

function summaryOf(rng: Rng, source: ContactSource, i: Pick<Incident, 'injuries' | 'weaponUsed' | 'childrenPresent'>, apart: boolean): string {
  const opening: Record<ContactSource, string> = {
    police: pick(rng, ['Officers attended after a 999 call from a neighbour reporting shouting.', 'Officers attended after the victim called 999.', 'Officers attended after a call from a member of the public.']),
    school: 'A child told a teacher about arguments and violence at home.',
    health: pick(rng, ['The victim disclosed domestic abuse at an appointment.', 'The victim attended the emergency department with injuries.', 'The health visitor noticed signs of domestic abuse.']),
    housing: 'A housing officer visiting about repairs heard threats through the door.',
    'other-agency': 'A worker from another service reported concerns after a disclosure.',
    family: 'A relative called with concerns after the victim confided in them.',
    self: 'The victim called the front door asking for help.',
    anonymous: 'An anonymous caller reported repeated shouting and crying from the home.',
  };
  const parts = [opening[source]];
  if (apart) parts.push('The couple are separated; the person causing harm came to the home uninvited.');
  if (i.injuries) parts.push('The victim had visible injuries.');
  if (i.weaponUsed) parts.push('A weapon or object was used or threatened.');
  if (i.childrenPresent) parts.push('The children were in the home at the time.');
  return parts.join(' ');
}

/** How many notifications the family has. */
function countOf(rng: Rng, awaiting: boolean): number {
  if (!awaiting && chance(rng, SINGLE_SHARE)) return 1;
  return Math.min(MAX_INCIDENTS, 2 + Math.floor(exponential(rng, EXTRA_MEAN)));
}

/** The family's notifications, oldest first, all before the day `today`. */
export function composeIncidents(rng: Rng, seed: number, serial: number, household: Household, homes: Homes, today: number): IncidentHistory {
  const awaiting = chance(rng, AWAITING_SHARE);
  const n = countOf(rng, awaiting);
  const escalating = n > 1 && chance(rng, 0.6);
  const victim = household.members[0]!;

  // The last one: days ago for a family in the MASH queue, otherwise any time in the last three years.
  const last = today - 1 - (awaiting ? Math.floor(rng() * 4) : Math.min(1100, Math.floor(exponential(rng, 150))));
  const base = escalating ? 40 + rng() * 260 : 60 + rng() * 340;
  const ratio = escalating ? 0.8 + rng() * 0.17 : 0.95 + rng() * 0.1;
  const gaps = Array.from({ length: n - 1 }, (_, i) => base * ratio ** i * (0.5 + rng()));
  // A queued notification comes well after the one before, so the family's case had time to close.
  if (awaiting && gaps.length) gaps[gaps.length - 1] = Math.max(35, gaps.at(-1)!);
  const earliest = Math.max(victim.dateOfBirth + Math.ceil(16 * YEAR_DAYS), last - Math.floor(6 * YEAR_DAYS));
  const span = gaps.reduce((a, b) => a + b, 0);
  const scale = span > last - earliest ? (last - earliest) / span : 1;
  const days: number[] = [last];
  for (let i = gaps.length - 1; i >= 0; i--) days.unshift(days[0]! - Math.max(1, Math.round(gaps[i]! * scale)));

  const baseSeverity = rng() ** 1.3 * 0.7;
  const climb = escalating ? 0.2 + rng() * 0.45 : 0;
  const drinks = chance(rng, 0.35);
  const incidents: Incident[] = days.map((receivedOn, index) => {
    const progress = n > 1 ? index / (n - 1) : 0;
    const severity = Math.min(1, Math.max(0, baseSeverity + climb * progress + (rng() - 0.5) * 0.15));
    const occurredOn = receivedOn - (chance(rng, 0.4) ? 1 : 0);
    const receivedAt = receivedOn * DAY_MS + Math.floor((7 + rng() * 14) * HOUR_MS);
    const occurredAt = Math.min(occurredOn * DAY_MS + Math.floor((1 + rng() * 21) * HOUR_MS), receivedAt - HOUR_MS);
    const children = household.members.filter((m) => m.role === 'child' && m.dateOfBirth <= occurredOn);
    const schoolAge = children.some((c) => ageOn(c.dateOfBirth, receivedOn) >= 4);
    let source = weighted(rng, SOURCES);
    if (source === 'school' && !schoolAge) source = 'police';
    const apart = homes.separatedOn !== null && receivedOn >= homes.separatedOn;
    const physical = chance(rng, 0.15 + severity * 0.8);
    const types = [pick(rng, ['emotional-psychological', 'verbal'])];
    if (physical) types.push('physical');
    if (severity > 0.3 && chance(rng, 0.6)) types.push('controlling-coercive');
    if (chance(rng, 0.1 * severity)) types.push('sexual');
    if (chance(rng, 0.15)) types.push('economic');
    if (apart && chance(rng, 0.5)) types.push('harassment-stalking');
    if (chance(rng, apart ? 0.35 : 0.08)) types.push('technology-facilitated');
    const childrenPresent = children.length > 0 && chance(rng, 0.6);
    const facts = {
      injuries: physical && chance(rng, severity * 0.8),
      weaponUsed: chance(rng, severity * severity * 0.4),
      childrenPresent,
    };
    return {
      index,
      source,
      reference: source === 'police' ? `ZP-${seed}-${serial}-${index + 1}` : null,
      referrer: referrerFor(rng, source, homes.district),
      receivedAt,
      receivedOn,
      occurredAt,
      occurredOn,
      severity,
      abuseTypes: types,
      childrenSaw: childrenPresent && chance(rng, 0.5),
      childrenHeard: childrenPresent && chance(rng, 0.85),
      ...facts,
      alcoholOrDrugs: drinks ? chance(rng, 0.7) : chance(rng, 0.1),
      place: pick(rng, apart ? PLACES_APART : PLACES_TOGETHER),
      summary: summaryOf(rng, source, facts, apart),
      childVoice: childrenPresent && source === 'police' && chance(rng, 0.2) ? pick(rng, CHILD_VOICES) : null,
      schoolTold: source === 'police' && schoolAge ? chance(rng, 0.9) : null,
      people: [0, 1, ...children.map((c) => c.index)],
    };
  });
  return { incidents, awaiting, escalating };
}
