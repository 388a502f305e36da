import { sql } from 'kysely';
import { matchScore, type Identity } from '../../domain/matching/score.js';
import type { Trx } from '../../platform/db/database.js';

/** A person arriving on a contact, as the sender described them. */
export interface IncomingPerson extends Identity {
  postcode?: string | null;
}

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
/** pg_trgm's similarity cut-off for the name branches of retrieval. */
const NAME_SIMILARITY = 0.4;

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
 * Records that may be this person, best first, with the reasons. Retrieval is by index in one
 * statement (NHS number; date of birth and its common slips; trigram similarity on the full name
 * either way round and on other names), then each record found is scored by the explainable rules
 * of the matching domain. Restricted records are found by name only and scored on it alone.
 */
export async function findCandidates(trx: Trx, incoming: IncomingPerson, limit = CANDIDATE_LIMIT): Promise<Candidate[]> {
  const full = `${incoming.givenName} ${incoming.familyName}`.toLowerCase().trim();
  const swapped = `${incoming.familyName} ${incoming.givenName}`.toLowerCase().trim();
  const dates = nearbyBirthDates(incoming.dateOfBirth);
  await sql`select set_config('pg_trgm.similarity_threshold', ${String(NAME_SIMILARITY)}, true)`.execute(trx);
  const found = await sql<{ id: string }>`
    select id from (
      (select id from people where ${incoming.nhsNumber ?? null}::text is not null and nhs_number = ${incoming.nhsNumber ?? null} and not restricted limit 5)
      union
      (select id from people where date_of_birth = any(${dates}::date[]) and not restricted limit 300)
      union
      (select id from people where lower(given_name || ' ' || family_name) % ${full} limit 40)
      union
      (select id from people where lower(given_name || ' ' || family_name) % ${swapped} limit 20)
      union
      (select id from people where cardinality(other_names) > 0 and person_other_names_text(other_names) % ${full} limit 20)
    ) found`.execute(trx);
  const ids = found.rows.map((r) => r.id);
  if (!ids.length) return [];
  const [people, addresses] = await Promise.all([
    trx.selectFrom('people').select(['id', 'given_name', 'family_name', 'other_names', 'date_of_birth', 'nhs_number', 'restricted']).where('id', 'in', ids).execute(),
    // Withheld addresses never take part: a match on one would tell the worker where the person is.
    trx.selectFrom('person_addresses').select(['person_id', 'postcode']).where('person_id', 'in', ids).where('withheld', '=', false).where('postcode', 'is not', null).execute(),
  ]);
  const postcodesOf = new Map<string, string[]>();
  for (const a of addresses) postcodesOf.set(a.person_id, [...(postcodesOf.get(a.person_id) ?? []), a.postcode!]);
  const incomingIdentity: Identity = { ...incoming, postcodes: incoming.postcode ? [incoming.postcode] : [] };
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
            postcodes: postcodesOf.get(p.id) ?? [],
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
