/**
 * Who is in a synthetic family and how they are related: a victim parent, a person causing harm (a
 * partner, an ex-partner, or the victim's own father or brother), one to five children of all ages,
 * sometimes the victim's new partner (a step-parent), sometimes a grandparent who supports them.
 */
import type { RelationshipKind } from '../domain/people/relationships.js';
import { YEAR_DAYS } from './days.js';
import { familyNameOf, givenNameOf, nhsNumberFrom, nicknamesOf, pickOrigin, titleCase, type Sex } from './identities.js';
import { ORIGIN_DETAILS, spellingsOf, type Origin } from './names.js';
import { chance, pick, weighted, type Rng } from './random.js';

export type FamilyRole = 'victim' | 'person-causing-harm' | 'child' | 'step-parent' | 'grandparent';

/** How the person causing harm is connected to the victim. */
export type HarmConnection = 'intimate-partners' | 'married' | 'former-intimate-partners' | 'formerly-married' | 'relatives';

export interface FamilyMember {
  /** Its number within the family: 0 the victim, 1 the person causing harm, then the children, then the others. */
  index: number;
  role: FamilyRole;
  givenName: string;
  familyName: string;
  otherNames: string[];
  /** Day number (days since 1970-01-01). */
  dateOfBirth: number;
  sex: Sex;
  ethnicity: string | null;
  firstLanguage: string | null;
  interpreterNeeded: boolean;
  interpreterSex: 'female' | 'male' | 'no-preference' | null;
  send: boolean;
  nhsNumber: string | null;
  /** For a child: the person causing harm is their parent. */
  childOfHarm: boolean;
}

export interface FamilyTie {
  from: number;
  to: number;
  kind: RelationshipKind;
}

export interface Household {
  origin: Origin;
  connection: HarmConnection;
  /** The victim and the person causing harm live apart (separated, or a relative living elsewhere). */
  apart: boolean;
  members: FamilyMember[];
  ties: FamilyTie[];
}

/** Children in a family: one is commonest, five is rare (a mean of about 1.9). */
const CHILDREN: readonly (readonly [number, number])[] = [
  [1, 0.48],
  [2, 0.3],
  [3, 0.13],
  [4, 0.06],
  [5, 0.03],
];

const CONNECTIONS: readonly (readonly [HarmConnection, number])[] = [
  ['intimate-partners', 0.26],
  ['married', 0.22],
  ['former-intimate-partners', 0.28],
  ['formerly-married', 0.17],
  ['relatives', 0.07],
];

/** How likely the person causing harm is the parent of each child, by how they are connected to the victim. */
const PARENT_SHARE: Record<HarmConnection, number> = { 'intimate-partners': 0.65, married: 0.85, 'former-intimate-partners': 0.85, 'formerly-married': 0.9, relatives: 0 };

const STEP_PARENT_SHARE = 0.18;
const GRANDPARENT_SHARE = 0.12;
const SEND_SHARE = 0.15;

/** NHS numbers are handed out in blocks of four per family: distinct for the first 250,000 families of a seed. */
const NHS_BLOCK = 4;

/** The day of birth of someone `ageYears` old (a fraction: 7.5 is seven and a half) on the day. */
const born = (today: number, ageYears: number) => Math.floor(today - ageYears * YEAR_DAYS);
const opposite = (sex: Sex): Sex => (sex === 'female' ? 'male' : 'female');

interface Draft extends Omit<FamilyMember, 'index' | 'givenName' | 'familyName' | 'otherNames'> {
  given: string;
  family: string;
  others: string[];
  origin: Origin;
}

function adultDetails(rng: Rng, origin: Origin, sex: Sex): Pick<Draft, 'ethnicity' | 'firstLanguage' | 'interpreterNeeded' | 'interpreterSex'> {
  const details = ORIGIN_DETAILS[origin.name] ?? ORIGIN_DETAILS.English!;
  const language = details.languages.length && chance(rng, details.otherLanguageShare) ? pick(rng, details.languages) : null;
  const interpreterNeeded = language !== null && chance(rng, 0.4);
  return {
    ethnicity: chance(rng, 0.9) ? pick(rng, details.ethnicities) : null,
    firstLanguage: language,
    interpreterNeeded,
    interpreterSex: interpreterNeeded ? (sex === 'female' && chance(rng, 0.7) ? 'female' : 'no-preference') : null,
  };
}

function adult(rng: Rng, role: FamilyRole, origin: Origin, sex: Sex, dateOfBirth: number, family: string): Draft {
  return { role, origin, sex, dateOfBirth, given: givenNameOf(rng, origin, sex), family, others: [], send: false, nhsNumber: null, childOfHarm: false, ...adultDetails(rng, origin, sex) };
}

/** Other names a person is known by: a nickname, another spelling of their name. */
function aliases(rng: Rng, d: Draft): void {
  const spellings = spellingsOf(d.given);
  if (spellings.length && chance(rng, 0.5)) d.others.push(`${pick(rng, spellings)} ${d.family}`);
  const nicknames = nicknamesOf(d.given);
  if (nicknames.length && chance(rng, 0.08)) d.others.push(`${pick(rng, nicknames)} ${d.family}`);
}

/** The household of family `serial`, as of the day `today` (day number). */
export function composeHousehold(rng: Rng, seed: number, serial: number, today: number): Household {
  const origin = pickOrigin(rng);
  const connection = weighted(rng, CONNECTIONS);
  const childCount = weighted(rng, CHILDREN);
  const childAges = Array.from({ length: childCount }, () => rng() * 18);
  const oldest = Math.max(...childAges);

  const victimSex: Sex = chance(rng, connection === 'relatives' ? 0.95 : 0.9) ? 'female' : 'male';
  const victimAge = Math.min(55, Math.max(18, oldest + 16) + rng() * rng() * 20);
  const birthFamily = familyNameOf(rng, origin);
  const victim = adult(rng, 'victim', origin, victimSex, born(today, victimAge), birthFamily);

  let harm: Draft;
  let apart: boolean;
  if (connection === 'relatives') {
    const father = chance(rng, 0.55);
    const age = father ? victimAge + 20 + rng() * 14 : Math.max(18, victimAge - 6 + rng() * 12);
    harm = adult(rng, 'person-causing-harm', origin, 'male', born(today, age), birthFamily);
    apart = chance(rng, 0.5);
  } else {
    const harmOrigin = chance(rng, 0.8) ? origin : pickOrigin(rng);
    const harmSex = chance(rng, 0.96) ? opposite(victimSex) : victimSex;
    const age = Math.min(70, Math.max(18, oldest + 16, victimAge + (rng() - 0.3) * 12));
    harm = adult(rng, 'person-causing-harm', harmOrigin, harmSex, born(today, age), familyNameOf(rng, harmOrigin));
    apart = connection === 'former-intimate-partners' || connection === 'formerly-married';
    if ((connection === 'married' || connection === 'formerly-married') && victimSex === 'female' && harmSex === 'male' && chance(rng, 0.7)) {
      // She took his surname; after a divorce some go back to their own.
      if (connection === 'formerly-married' && chance(rng, 0.4)) victim.others.push(`${victim.given} ${harm.family}`);
      else {
        victim.others.push(`${victim.given} ${victim.family}`);
        victim.family = harm.family;
      }
    }
  }

  const children: Draft[] = childAges
    .sort((a, b) => b - a)
    .map((age) => {
      const sex: Sex = chance(rng, 0.5) ? 'female' : 'male';
      const ofHarm = chance(rng, PARENT_SHARE[connection]);
      const r = rng();
      const family = ofHarm ? (r < 0.55 ? harm.family : r < 0.9 ? victim.family : `${birthFamily}-${harm.family}`) : r < 0.7 ? victim.family : familyNameOf(rng, origin);
      const mixed = ofHarm && harm.origin !== origin;
      return {
        role: 'child',
        origin,
        sex,
        dateOfBirth: born(today, age),
        given: givenNameOf(rng, ofHarm && chance(rng, 0.5) ? harm.origin : origin, sex),
        family,
        others: [],
        ethnicity: mixed ? 'mixed-other' : victim.ethnicity,
        firstLanguage: null,
        interpreterNeeded: false,
        interpreterSex: null,
        send: chance(rng, SEND_SHARE),
        nhsNumber: null,
        childOfHarm: ofHarm,
      } satisfies Draft;
    });

  const drafts: Draft[] = [victim, harm, ...children];
  const ties: FamilyTie[] = [{ from: 0, to: 1, kind: connection }];
  children.forEach((child, i) => {
    ties.push({ from: 0, to: 2 + i, kind: 'parent-of' });
    if (child.childOfHarm) ties.push({ from: 1, to: 2 + i, kind: 'parent-of' });
    else if (!apart && connection !== 'relatives') ties.push({ from: 1, to: 2 + i, kind: 'household-member' });
  });
  if (apart && connection !== 'relatives' && chance(rng, STEP_PARENT_SHARE)) {
    const step = adult(rng, 'step-parent', chance(rng, 0.7) ? origin : pickOrigin(rng), chance(rng, 0.96) ? opposite(victimSex) : victimSex, born(today, Math.max(20, victimAge + (rng() - 0.4) * 12)), '');
    step.family = familyNameOf(rng, step.origin);
    const at = drafts.push(step) - 1;
    ties.push({ from: 0, to: at, kind: 'intimate-partners' });
    children.forEach((_, i) => ties.push({ from: at, to: 2 + i, kind: 'household-member' }));
  }
  if (chance(rng, GRANDPARENT_SHARE)) {
    const grandmother = chance(rng, 0.8);
    const g = adult(rng, 'grandparent', origin, grandmother ? 'female' : 'male', born(today, victimAge + 18 + rng() * 16), birthFamily);
    const at = drafts.push(g) - 1;
    ties.push({ from: at, to: 0, kind: 'relatives' });
  }

  // NHS numbers: children first (most have one on record), then the adults, four a family at most.
  const nhsOrder = [...drafts.keys()].sort((a, b) => Number(drafts[b]!.role === 'child') - Number(drafts[a]!.role === 'child'));
  let slot = 0;
  const offset = Math.imul(seed, 7919) >>> 0;
  for (const i of nhsOrder) {
    const d = drafts[i]!;
    if (slot < NHS_BLOCK && chance(rng, d.role === 'child' ? 0.85 : 0.45)) {
      d.nhsNumber = nhsNumberFrom((((serial * NHS_BLOCK + slot) * 7919) % 1_000_000 + offset) % 1_000_000);
      slot++;
    }
  }
  for (const d of drafts) aliases(rng, d);

  const members = drafts.map(
    (d, index): FamilyMember => ({
      index,
      role: d.role,
      givenName: titleCase(d.given),
      familyName: titleCase(d.family),
      otherNames: d.others.map(titleCase),
      dateOfBirth: d.dateOfBirth,
      sex: d.sex,
      ethnicity: d.ethnicity,
      firstLanguage: d.firstLanguage,
      interpreterNeeded: d.interpreterNeeded,
      interpreterSex: d.interpreterSex,
      send: d.send,
      nhsNumber: d.nhsNumber,
      childOfHarm: d.childOfHarm,
    }),
  );
  return { origin, connection, apart, members, ties };
}
