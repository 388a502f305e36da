/**
 * Made-up identities: names from the origins in names.ts, dates of birth, NHS numbers and postcodes.
 * Everything is invented: names are random combinations of common names, NHS numbers are in the 999
 * range the NHS keeps for testing, and postcodes start with ZZ, which no real postcode does.
 * `syntheticPerson` is one unrelated person (the matching and import benchmarks load a million of them);
 * families are made in family.ts from the same parts.
 */
import { NICKNAME_GROUPS } from '../domain/matching/names.js';
import { ORIGINS, PLACE_ENDINGS, PLACE_STEMS, type Origin } from './names.js';
import { pick, rngFor, skewed, type Rng } from './random.js';

export function pickOrigin(rng: Rng): Origin {
  let r = rng() * ORIGINS.reduce((sum, o) => sum + o.share, 0);
  for (const origin of ORIGINS) if ((r -= origin.share) < 0) return origin;
  return ORIGINS[0]!;
}

/** smith → Smith, o'brien → O'Brien, al-sayed → Al-Sayed, mcleod → McLeod. */
export function titleCase(name: string): string {
  return name.replace(/(^|[-' ])(mc)?(\p{Ll})/gu, (_m, sep: string, mc: string | undefined, ch: string) => `${sep}${mc ? 'Mc' : ''}${ch.toUpperCase()}`);
}

export type Sex = 'female' | 'male' | 'not-known';

/** A family name of the origin, lower case (English ones include made-up place names: Ashford, Brackley). */
export function familyNameOf(rng: Rng, origin: Origin): string {
  if (origin.name === 'English' && rng() < 0.3) return pick(rng, PLACE_STEMS) + pick(rng, PLACE_ENDINGS);
  return skewed(rng, origin.family);
}

/** A given name of the origin for the sex, lower case. */
export function givenNameOf(rng: Rng, origin: Origin, sex: Sex): string {
  return skewed(rng, sex === 'female' || (sex === 'not-known' && rng() < 0.5) ? origin.female : origin.male);
}

/** Other forms of a given name (lower case): Katherine → Kate, Kathy. */
export function nicknamesOf(given: string): readonly string[] {
  const lower = given.toLowerCase();
  return NICKNAME_GROUPS.find((g) => g.includes(lower))?.filter((n) => n !== lower) ?? [];
}

const DAY = 86_400_000;
function dateBetween(rng: Rng, from: string, to: string): string {
  const start = Date.parse(`${from}T00:00:00Z`);
  const days = Math.round((Date.parse(`${to}T00:00:00Z`) - start) / DAY);
  return new Date(start + Math.floor(rng() * (days + 1)) * DAY).toISOString().slice(0, 10);
}

/** The valid NHS number (999 test range) of a number from 0 to 999,999; null when the check digit would be 10. */
export function nhsNumberFrom(n: number): string | null {
  const nine = `999${String(n % 1_000_000).padStart(6, '0')}`;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (nine.charCodeAt(i) - 48) * (10 - i);
  const check = 11 - (sum % 11);
  return check === 10 ? null : `${nine}${check === 11 ? 0 : check}`;
}

/** A valid NHS number in the test range 999 000 0000 to 999 999 9999, distinct for each serial below a million; null when the check digit would be 10. */
export function syntheticNhsNumber(serial: number): string | null {
  return nhsNumberFrom((serial * 7919 + 12345) % 1_000_000);
}

const POSTCODE_LETTERS = [...'ABDEFGHJLNPQRSTUWXYZ'];

/** A postcode in the ZZ area, which the Royal Mail never issues; `district` from 1 to 99 when given. */
export function syntheticPostcode(rng: Rng, district?: number): string {
  return `ZZ${district ?? 1 + Math.floor(rng() * 99)} ${Math.floor(rng() * 10)}${pick(rng, POSTCODE_LETTERS)}${pick(rng, POSTCODE_LETTERS)}`;
}

export interface SyntheticPerson {
  givenName: string;
  familyName: string;
  /** Other full names they are known by (about one person in ten has one). */
  otherNames: string[];
  sex: Sex;
  dateOfBirth: string;
  nhsNumber: string | null;
  /** Where they live, for about three people in five. */
  postcode: string | null;
  /** The address is withheld (one in twenty of those with one). */
  addressWithheld: boolean;
  /** One person in two hundred has a restricted record. */
  restricted: boolean;
}

function alias(rng: Rng, origin: Origin, given: string, family: string): string {
  const nicknames = nicknamesOf(given);
  const r = rng();
  if (r < 0.6) return `${given} ${familyNameOf(rng, origin)}`; // a former family name
  if (r < 0.8 && nicknames.length) return `${pick(rng, nicknames)} ${family}`;
  return `${givenNameOf(rng, origin, rng() < 0.5 ? 'female' : 'male')} ${family}`;
}

/** Person number `serial` of `seed`: one person with no family, as the matching benchmark loads them. */
export function syntheticPerson(seed: number, serial: number): SyntheticPerson {
  const rng = rngFor(seed, serial);
  const origin = pickOrigin(rng);
  const r = rng();
  const sex: Sex = r < 0.49 ? 'female' : r < 0.99 ? 'male' : 'not-known';
  const given = givenNameOf(rng, origin, sex);
  const family = familyNameOf(rng, rng() < 0.92 ? origin : pickOrigin(rng));
  const child = rng() < 0.45;
  const hasAddress = rng() < 0.6;
  return {
    givenName: titleCase(given),
    familyName: titleCase(rng() < 0.02 ? `${family}-${familyNameOf(rng, origin)}` : family),
    otherNames: rng() < 0.1 ? [titleCase(alias(rng, origin, given, family))] : [],
    sex,
    dateOfBirth: child ? dateBetween(rng, '2007-01-01', '2025-12-31') : dateBetween(rng, '1940-01-01', '2006-12-31'),
    nhsNumber: rng() < (child ? 0.8 : 0.5) ? syntheticNhsNumber(serial) : null,
    postcode: hasAddress ? syntheticPostcode(rng) : null,
    addressWithheld: hasAddress && rng() < 0.05,
    restricted: rng() < 0.005,
  };
}
