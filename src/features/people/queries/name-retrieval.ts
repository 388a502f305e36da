import { sql, type RawBuilder } from 'kysely';
import { NICKNAME_GROUPS } from '../../../domain/matching/names.js';

/**
 * Finding people by name with index look-ups that still work under row-level security. PostgreSQL
 * uses only leakproof conditions as index conditions when a policy applies, so pg_trgm's `%`,
 * lower() and dmetaphone() on a column would make every look-up a scan of the whole table. These
 * conditions compare bare columns instead: names exactly as typed in their usual spellings, a name's
 * first two letters as a range (text_pattern_ops), the stored Double Metaphone keys, and each part of a
 * hyphenated or double-barrelled family name either way (person_name_parts, kept by a trigger, finds
 * "Sharma-Mahmood" for "Mahmood"; the parts of the name typed find "Mahmood" for "Sharma-Mahmood"). The few rows
 * found are then ranked or filtered with the fuzzy functions, which is cheap on a few hundred rows.
 * Contact matching builds its own look-ups with spellings, nicknamesOf and prefixRange, which it
 * reaches through people/service.ts.
 */

/** A name as typed, in Title Case, lower case and upper case: names are stored as typed, and look-ups compare them exactly. */
export function spellings(names: readonly string[]): string[] {
  const title = (n: string) => n.toLowerCase().replace(/(^|[-' ])([a-z])/g, (_m, sep: string, ch: string) => sep + ch.toUpperCase());
  return [...new Set(names.map((n) => n.trim()).filter(Boolean).flatMap((n) => [n, title(n), n.toLowerCase(), n.toUpperCase()]))];
}

/** The parts of a hyphenated or double-barrelled family name ("Sharma-Mahmood": sharma, mahmood), lower case; none for a name of one part. */
export function familyNameParts(name: string): string[] {
  const parts = name.trim().toLowerCase().split(/[-\s]+/).filter((p) => p.length > 1);
  return parts.length > 1 ? [...new Set(parts)] : [];
}

export function nicknamesOf(name: string): string[] {
  const lower = name.trim().toLowerCase();
  return NICKNAME_GROUPS.filter((g) => g.includes(lower)).flat();
}

/** The range of names that start with the first two letters of this one ("Sm" to "Sn"), in Title Case. */
export function prefixRange(name: string): [string, string] {
  const prefix = spellings([name])[1]?.slice(0, 2) ?? '';
  if (!prefix) return ['', '']; // no name: a range nothing is in
  return [prefix, prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1)];
}

/**
 * The ids of people who may have this given and family name: exactly (either way round, with short
 * forms), one name exactly with the other's first letters, or both names sounding the same.
 */
export function idsByName(given: string, family: string, perBranch = 200): RawBuilder<{ id: string }> {
  const nicknames = nicknamesOf(given);
  const [givenFrom, givenTo] = prefixRange(given);
  const [familyFrom, familyTo] = prefixRange(family);
  return sql<{ id: string }>`
    (select id from people where family_name = any(${spellings([family, given])}::text[]) and given_name = any(${spellings([given, family, ...nicknames])}::text[]) limit ${perBranch})
    union
    (select id from people where family_name = any(${spellings([family])}::text[]) and given_name ~>=~ ${givenFrom} and given_name ~<~ ${givenTo} limit ${perBranch})
    union
    (select id from people where given_name = any(${spellings([given])}::text[]) and family_name ~>=~ ${familyFrom} and family_name ~<~ ${familyTo} limit ${perBranch})
    union
    (select id from people where family_name_sound = dmetaphone(${family}) and given_name_sound = dmetaphone(${given}) limit ${perBranch})
    union
    (select people.id from person_name_parts join people on people.id = person_name_parts.person_id
      where person_name_parts.part = ${family.trim().toLowerCase()} and people.given_name = any(${spellings([given, ...nicknames])}::text[]) limit ${perBranch})
    union
    (select id from people where family_name = any(${spellings(familyNameParts(family))}::text[]) and given_name = any(${spellings([given, ...nicknames])}::text[]) limit ${perBranch})
    union
    (select id from people where family_name_sound = dmetaphone(${given}) and given_name_sound = dmetaphone(${family}) limit ${perBranch})`;
}

/**
 * The ids of people with one name that is or sounds like this word, or whose family name has it as one of
 * its parts: a search for "Kowalski" alone, or "Mahmood" for "Sharma-Mahmood".
 */
export function idsByOneName(word: string, perBranch = 1000): RawBuilder<{ id: string }> {
  return sql<{ id: string }>`
    (select id from people where family_name = any(${spellings([word])}::text[]) limit ${perBranch})
    union
    (select person_id as id from person_name_parts where part = ${word.trim().toLowerCase()} limit ${perBranch})
    union
    (select id from people where family_name = any(${spellings(familyNameParts(word))}::text[]) limit ${perBranch})
    union
    (select id from people where given_name = any(${spellings([word, ...nicknamesOf(word)])}::text[]) limit ${perBranch})
    union
    (select id from people where family_name_sound = dmetaphone(${word}) limit ${perBranch})`;
}
