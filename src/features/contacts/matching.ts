import { matchScore, type Identity } from '../../domain/matching/score.js';
import type { Confidential } from '../../domain/redaction/confidential.js';
import type { Trx } from '../../platform/db/database.js';
import { candidatesByIndex } from './queries/candidates.js';
import { peopleAtPostcode } from './queries.js';

/** A person arriving on a contact, as the sender described them. The postcode stays Confidential: it is compared in the database. */
export interface IncomingPerson extends Omit<Identity, 'postcodes'> {
  postcode?: Confidential | null;
}

/**
 * Postcodes are compared in the database (peopleAtPostcode), so none reaches this module as text;
 * matchScore is told of a shared postcode by this same stand-in on both sides.
 */
const SHARED_POSTCODE = 'shared';

export interface Candidate {
  personId: string;
  score: number;
  reasons: string[];
  /** Restricted records are proposed on their name alone, and need access to open. */
  restricted: boolean;
  givenName: string;
  familyName: string;
  /** Null for a restricted record: only its name takes part. */
  dateOfBirth: string | null;
}

/** How many candidates a person on a contact is shown. */
export const CANDIDATE_LIMIT = 5;
/** Below this a record is not proposed at all. */
const MINIMUM_SCORE = 0.25;
/** How many of the records retrieved, ranked in SQL on a cheap likeness, are scored by the explainable rules. */
const SCORED = 40;

function swapDayMonth(date: string): string | null {
  const [y, m, d] = date.split('-');
  if (!y || !m || !d || m === d || Number(d) > 12) return null;
  return `${y}-${d}-${m}`;
}

function yearOff(date: string, years: number): string | null {
  const [y, m, d] = date.split('-');
  if (m === '02' && d === '29') return null;
  return `${Number(y) + years}-${m}-${d}`;
}

/** The dates of birth worth looking under: the one given, day and month swapped, and a year either side. */
export function nearbyBirthDates(date: string | null | undefined): string[] {
  if (!date) return [];
  return [date, swapDayMonth(date), yearOff(date, -1), yearOff(date, 1)].filter((d): d is string => d !== null);
}

/**
 * Records that may be this person, best first, with the reasons.
 *
 * Retrieval (candidatesByIndex in queries/candidates.ts) is one statement of index look-ups
 * (blocking): the NHS number; the date of birth and its common slips (day and month swapped, a year
 * either side); the name exactly, either way round and with the given name's short forms; one name
 * exactly with the other's first two letters (a slip later in a name); and both names by how they
 * sound (stored Double Metaphone keys), either way round. Every condition compares a bare column
 * with a leakproof operator, because under row-level security PostgreSQL uses only leakproof
 * conditions as index conditions: pg_trgm's `%` and functions such as dmetaphone() or lower()
 * would make each branch a scan of the whole table. The records found are ranked in SQL on a cheap
 * likeness (trigram similarity of the name, the date of birth, short forms, NHS number) and the
 * best SCORED of them are scored by the explainable rules of the matching domain. Restricted
 * records are found by name only, and ranked and scored on it alone.
 */
export async function findCandidates(trx: Trx, incoming: IncomingPerson, limit = CANDIDATE_LIMIT): Promise<Candidate[]> {
  const given = incoming.givenName.trim();
  const family = incoming.familyName.trim();
  if (!given && !family) return [];
  const people = await candidatesByIndex(trx, { givenName: given, familyName: family, dates: nearbyBirthDates(incoming.dateOfBirth), nhsNumber: incoming.nhsNumber ?? null }, SCORED);
  if (!people.length) return [];
  // Withheld addresses, and people with withheld whereabouts, never take part: see peopleAtPostcode.
  const { postcode, ...identity } = incoming;
  const open = people.filter((p) => !p.restricted).map((p) => p.id);
  const atPostcode = postcode ? await peopleAtPostcode(trx, open, postcode) : new Set<string>();
  const incomingIdentity: Identity = { ...identity, postcodes: atPostcode.size ? [SHARED_POSTCODE] : [] };
  return people
    .map((p): Candidate => {
      const { score, reasons } = p.restricted
        ? matchScore({ givenName: incoming.givenName, familyName: incoming.familyName }, { givenName: p.given_name, familyName: p.family_name })
        : matchScore(incomingIdentity, {
            givenName: p.given_name,
            familyName: p.family_name,
            otherNames: p.other_names,
            dateOfBirth: p.date_of_birth,
            nhsNumber: p.nhs_number,
            postcodes: atPostcode.has(p.id) ? [SHARED_POSTCODE] : [],
          });
      return {
        personId: p.id,
        score,
        reasons,
        restricted: p.restricted,
        givenName: p.given_name,
        familyName: p.family_name,
        dateOfBirth: p.restricted ? null : p.date_of_birth,
      };
    })
    .filter((c) => c.score >= MINIMUM_SCORE)
    .sort((a, b) => b.score - a.score || a.familyName.localeCompare(b.familyName) || a.personId.localeCompare(b.personId))
    .slice(0, limit);
}
