import { sql } from 'kysely';
import type { Trx } from '../../../platform/db/database.js';
import { familyNameParts, nicknamesOf, prefixRange, spellings } from '../../people/service.js';

export interface CandidateRow {
  id: string;
  given_name: string;
  family_name: string;
  other_names: string[];
  date_of_birth: string | null;
  nhs_number: string | null;
  restricted: boolean;
}

/** A person on a contact as the retrieval looks them up: names trimmed, the dates of birth worth looking under (the one given first). */
export interface CandidateSearch {
  givenName: string;
  familyName: string;
  dates: readonly string[];
  nhsNumber: string | null;
}

/**
 * Records that may be this person, in one statement of index look-ups (blocking), ranked on a cheap
 * likeness; at most `limit` of them. One part of a hyphenated family name ("Mahmood") finds the whole
 * ("Sharma-Mahmood") through person_name_parts. See findCandidates (matching.ts) for why every branch compares
 * a bare column with a leakproof operator. Restricted records are found by name only, and ranked on it.
 */
export async function candidatesByIndex(trx: Trx, search: CandidateSearch, limit: number): Promise<CandidateRow[]> {
  const { givenName: given, familyName: family, dates, nhsNumber: nhs } = search;
  const full = `${given} ${family}`.toLowerCase();
  const swapped = `${family} ${given}`.toLowerCase();
  const dateOfBirth = dates[0] ?? null;
  const nicknames = nicknamesOf(given);
  const [givenFrom, givenTo] = prefixRange(given);
  const [familyFrom, familyTo] = prefixRange(family);
  const columns = sql`id, given_name, family_name, other_names, date_of_birth, nhs_number, restricted`;
  const chosen = sql`${columns}, merged_into`;
  const found = await sql<CandidateRow>`
    with found as (
      (select ${chosen} from people where ${nhs}::text is not null and nhs_number = ${nhs} and not restricted limit 5)
      union
      (select ${chosen} from people where date_of_birth = any(${dates}::date[]) and not restricted limit 1000)
      union
      (select ${chosen} from people
        where family_name = any(${spellings([family, given])}::text[]) and given_name = any(${spellings([given, family, ...nicknames])}::text[]) limit 200)
      union
      (select ${chosen} from people
        where family_name = any(${spellings([family])}::text[]) and given_name ~>=~ ${givenFrom} and given_name ~<~ ${givenTo} limit 100)
      union
      (select ${chosen} from people
        where given_name = any(${spellings([given])}::text[]) and family_name ~>=~ ${familyFrom} and family_name ~<~ ${familyTo} limit 100)
      union
      (select ${chosen} from people where family_name_sound = dmetaphone(${family}) and given_name_sound = dmetaphone(${given}) limit 200)
      union
      (select ${chosen} from people where family_name_sound = dmetaphone(${given}) and given_name_sound = dmetaphone(${family}) limit 50)
      union
      (select ${chosen} from people
        where id in (select person_id from person_name_parts where part = ${family.toLowerCase()}) and given_name = any(${spellings([given, ...nicknames])}::text[]) limit 50)
      union
      (select ${chosen} from people
        where family_name = any(${spellings(familyNameParts(family))}::text[]) and given_name = any(${spellings([given, ...nicknames])}::text[]) limit 50)
    )
    select ${columns} from found
    -- A record merged into another is proposed as the record it was merged into, which the look-ups find on its own.
    where merged_into is null
    order by
      0.4 * greatest(
        similarity(lower(given_name || ' ' || family_name), ${full}),
        similarity(lower(given_name || ' ' || family_name), ${swapped}),
        case when restricted then 0 else similarity(lower(array_to_string(other_names, ' ')), ${full}) end)
      + case when lower(given_name) = ${given.toLowerCase()} then 0.1 when lower(given_name) = any(${nicknames}::text[]) then 0.15 else 0 end
      + case when restricted or date_of_birth is null or ${dateOfBirth}::date is null then 0
             when date_of_birth = ${dateOfBirth}::date then 0.3
             when date_of_birth = any(${dates}::date[]) then 0.2 else -0.2 end
      + case when not restricted and nhs_number = ${nhs} then 0.6 else 0 end desc,
      id
    limit ${limit}`.execute(trx);
  return found.rows;
}
