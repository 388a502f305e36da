/**
 * Deterministic synthetic people for benchmarks, and the slips a contact makes in an identity.
 * Person number `serial` of a seed is always the same person, so a run can load a million people
 * without keeping them, and pick any of them again later. Everything is made up: names are random
 * combinations of common names, NHS numbers are in the 999 range the NHS keeps for testing, and
 * postcodes start with ZZ, which no real postcode does.
 */
import { NICKNAME_GROUPS } from '../../src/domain/matching/names.js';
import { ORIGINS, PLACE_ENDINGS, PLACE_STEMS, type Origin } from './synthetic-names.js';

export type Rng = () => number;

/** mulberry32: a small, fast 32-bit PRNG, good enough for test data. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An independent generator for item `serial` of a seed. */
export function rngFor(seed: number, serial: number): Rng {
  return mulberry32(Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(serial + 1, 0xc2b2ae35));
}

export const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
/** Favours the front of a list (the commoner names): the first of 60 comes about one time in 19. */
const skewed = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() ** 1.4 * items.length)]!;

function pickOrigin(rng: Rng): Origin {
  let r = rng() * ORIGINS.reduce((sum, o) => sum + o.share, 0);
  for (const origin of ORIGINS) if ((r -= origin.share) < 0) return origin;
  return ORIGINS[0]!;
}

/** smith → Smith, o'brien → O'Brien, al-sayed → Al-Sayed, mcleod → McLeod. */
export function titleCase(name: string): string {
  return name.replace(/(^|[-' ])(mc)?([a-z])/g, (_m, sep: string, mc: string | undefined, ch: string) => `${sep}${mc ? 'Mc' : ''}${ch.toUpperCase()}`);
}

export type Sex = 'female' | 'male' | 'not-known';

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

function familyName(rng: Rng, origin: Origin): string {
  if (origin.name === 'English' && rng() < 0.3) return pick(rng, PLACE_STEMS) + pick(rng, PLACE_ENDINGS);
  return skewed(rng, origin.family);
}

function givenName(rng: Rng, origin: Origin, sex: Sex): string {
  return skewed(rng, sex === 'female' || (sex === 'not-known' && rng() < 0.5) ? origin.female : origin.male);
}

const DAY = 86_400_000;
function dateBetween(rng: Rng, from: string, to: string): string {
  const start = Date.parse(`${from}T00:00:00Z`);
  const days = Math.round((Date.parse(`${to}T00:00:00Z`) - start) / DAY);
  return new Date(start + Math.floor(rng() * (days + 1)) * DAY).toISOString().slice(0, 10);
}

/** A valid NHS number in the test range 999 000 0000 to 999 999 9999, distinct for each serial below a million; null when the check digit would be 10. */
export function syntheticNhsNumber(serial: number): string | null {
  const nine = `999${String((serial * 7919 + 12345) % 1_000_000).padStart(6, '0')}`;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(nine[i]) * (10 - i);
  const check = 11 - (sum % 11);
  return check === 10 ? null : `${nine}${check === 11 ? 0 : check}`;
}

function syntheticPostcode(rng: Rng): string {
  const letters = 'ABDEFGHJLNPQRSTUWXYZ';
  return `ZZ${1 + Math.floor(rng() * 99)} ${Math.floor(rng() * 10)}${pick(rng, [...letters])}${pick(rng, [...letters])}`;
}

function alias(rng: Rng, origin: Origin, given: string, family: string): string {
  const nicknames = NICKNAME_GROUPS.find((g) => g.includes(given))?.filter((n) => n !== given) ?? [];
  const r = rng();
  if (r < 0.6) return `${given} ${familyName(rng, origin)}`; // a former family name
  if (r < 0.8 && nicknames.length) return `${pick(rng, nicknames)} ${family}`;
  return `${givenName(rng, origin, rng() < 0.5 ? 'female' : 'male')} ${family}`;
}

/** Person number `serial` of `seed`. */
export function syntheticPerson(seed: number, serial: number): SyntheticPerson {
  const rng = rngFor(seed, serial);
  const origin = pickOrigin(rng);
  const r = rng();
  const sex: Sex = r < 0.49 ? 'female' : r < 0.99 ? 'male' : 'not-known';
  const given = givenName(rng, origin, sex);
  const family = familyName(rng, rng() < 0.92 ? origin : pickOrigin(rng));
  const child = rng() < 0.45;
  const hasAddress = rng() < 0.6;
  return {
    givenName: titleCase(given),
    familyName: titleCase(rng() < 0.02 ? `${family}-${familyName(rng, origin)}` : family),
    otherNames: rng() < 0.1 ? [titleCase(alias(rng, origin, given, family))] : [],
    sex,
    dateOfBirth: child ? dateBetween(rng, '2007-01-01', '2025-12-31') : dateBetween(rng, '1940-01-01', '2006-12-31'),
    nhsNumber: rng() < (child ? 0.8 : 0.5) ? syntheticNhsNumber(serial) : null,
    postcode: hasAddress ? syntheticPostcode(rng) : null,
    addressWithheld: hasAddress && rng() < 0.05,
    restricted: rng() < 0.005,
  };
}


/** The slips a contact makes in an identity, one at a time. */
export const PERTURBATIONS = ['typo', 'swapped-names', 'nickname', 'day-month-swapped', 'year-off', 'changed-surname'] as const;
export type PerturbationKind = (typeof PERTURBATIONS)[number];

/** A person as a contact describes them. */
export interface IdentityOnContact {
  givenName: string;
  familyName: string;
  dateOfBirth: string;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** One letter swapped with the next, dropped, doubled or replaced. */
function typo(rng: Rng, name: string): string {
  const text = name.toLowerCase();
  const at = [...text].flatMap((ch, i) => (LETTERS.includes(ch) ? [i] : []));
  for (;;) {
    const i = pick(rng, at);
    const op = Math.floor(rng() * 4);
    let out = text;
    if (op === 0 && LETTERS.includes(text[i + 1] ?? '-')) out = text.slice(0, i) + text[i + 1] + text[i] + text.slice(i + 2);
    else if (op === 1 && at.length > 3) out = text.slice(0, i) + text.slice(i + 1);
    else if (op === 2) out = text.slice(0, i + 1) + text.slice(i);
    else if (op === 3) out = text.slice(0, i) + pick(rng, [...LETTERS]) + text.slice(i + 1);
    if (out !== text) return titleCase(out);
  }
}

/** `identity` with a slip of the given kind, or null when that slip cannot happen to it (no nickname, day above 12, 29 February). */
export function perturbAs(kind: PerturbationKind, person: IdentityOnContact, rng: Rng): IdentityOnContact | null {
  const identity: IdentityOnContact = { givenName: person.givenName, familyName: person.familyName, dateOfBirth: person.dateOfBirth };
  const [y, m, d] = identity.dateOfBirth.split('-') as [string, string, string];
  switch (kind) {
    case 'typo':
      return rng() < 0.5 ? { ...identity, givenName: typo(rng, identity.givenName) } : { ...identity, familyName: typo(rng, identity.familyName) };
    case 'swapped-names':
      return { ...identity, givenName: identity.familyName, familyName: identity.givenName };
    case 'nickname': {
      const given = identity.givenName.toLowerCase();
      const others = NICKNAME_GROUPS.filter((g) => g.includes(given)).flatMap((g) => g.filter((n) => n !== given));
      return others.length ? { ...identity, givenName: titleCase(pick(rng, others)) } : null;
    }
    case 'day-month-swapped':
      return Number(d) <= 12 && d !== m ? { ...identity, dateOfBirth: `${y}-${d}-${m}` } : null;
    case 'year-off':
      return m === '02' && d === '29' ? null : { ...identity, dateOfBirth: `${Number(y) + (rng() < 0.5 ? -1 : 1)}-${m}-${d}` };
    case 'changed-surname': {
      for (;;) {
        const family = titleCase(familyName(rng, pickOrigin(rng)));
        if (family !== identity.familyName) return { ...identity, familyName: family };
      }
    }
  }
}

export interface PerturbedIdentity {
  kind: PerturbationKind;
  identity: IdentityOnContact;
}

/** One slip, chosen at random among those that can happen to this identity. */
export function perturb(identity: IdentityOnContact, rng: Rng): PerturbedIdentity {
  for (;;) {
    const kind = pick(rng, PERTURBATIONS);
    const changed = perturbAs(kind, identity, rng);
    if (changed) return { kind, identity: changed };
  }
}
