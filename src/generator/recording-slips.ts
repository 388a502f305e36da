/**
 * How an agency records a person slightly differently from the record: a typo, the names swapped, a
 * nickname, another spelling, a changed surname, the day and month of birth swapped, the year out by
 * one, or no date of birth at all. The matching benchmark sends these to findCandidates; the
 * generator puts them on the people of its contacts, still linked to the true record.
 */
import { NICKNAME_GROUPS } from '../domain/matching/names.js';
import { spellingsOf } from './names.js';
import { familyNameOf, pickOrigin, titleCase } from './identities.js';
import { pick, type Rng } from './random.js';

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
  if (at.length === 0) return titleCase(`${text}${pick(rng, [...LETTERS])}`);
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
        const family = titleCase(familyNameOf(rng, pickOrigin(rng)));
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

/** The slips an agency makes on a contact: the benchmark's, and the ones only a family's record can explain. */
export const RECORDING_SLIPS = ['typo', 'swapped-names', 'nickname', 'spelling', 'former-name', 'changed-surname', 'day-month-swapped', 'year-off', 'no-date-of-birth'] as const;
export type RecordingSlip = (typeof RECORDING_SLIPS)[number];

/** A person as one agency recorded them on one contact. */
export interface RecordedIdentity {
  givenName: string;
  familyName: string;
  dateOfBirth: string | null;
}

export interface PersonOnRecord extends IdentityOnContact {
  /** Other names on the record ("Given Family"): a former surname, another spelling. */
  otherNames: readonly string[];
}

/**
 * The person with one slip of the given kind, or null when it cannot happen to them (no nickname, no
 * other spelling, no former name, a date that reads the same either way round).
 */
export function recordedWith(slip: RecordingSlip, person: PersonOnRecord, rng: Rng): RecordedIdentity | null {
  const identity: RecordedIdentity = { givenName: person.givenName, familyName: person.familyName, dateOfBirth: person.dateOfBirth };
  switch (slip) {
    case 'spelling': {
      const given = spellingsOf(person.givenName);
      const family = spellingsOf(person.familyName);
      if (given.length && (!family.length || rng() < 0.5)) return { ...identity, givenName: titleCase(pick(rng, given)) };
      return family.length ? { ...identity, familyName: titleCase(pick(rng, family)) } : null;
    }
    case 'former-name': {
      // An agency that knew them before still uses the surname on an earlier name.
      const former = person.otherNames.map((n) => n.split(' ')).find((parts) => parts.length >= 2 && parts[0] === person.givenName && parts.at(-1) !== person.familyName);
      return former ? { ...identity, familyName: former.slice(1).join(' ') } : null;
    }
    case 'no-date-of-birth':
      return { ...identity, dateOfBirth: null };
    default:
      return perturbAs(slip, person, rng);
  }
}

/** One slip chosen at random among those that can happen to this person, with which it was. */
export function recordedDifferently(person: PersonOnRecord, rng: Rng): { slip: RecordingSlip; identity: RecordedIdentity } {
  for (;;) {
    const slip = pick(rng, RECORDING_SLIPS);
    const identity = recordedWith(slip, person, rng);
    if (identity) return { slip, identity };
  }
}
