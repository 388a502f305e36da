import { areNicknames, soundex, trigramSimilarity } from './names.js';

/** What is known of a person: the one arriving on a contact, or a record already held. */
export interface Identity {
  givenName: string;
  familyName: string;
  otherNames?: readonly string[];
  dateOfBirth?: string | null;
  nhsNumber?: string | null;
  postcodes?: readonly string[];
}

export interface MatchScore {
  /** From 0 (nothing in common) to 1. */
  score: number;
  /** Each piece of evidence in plain words, strongest first, so a worker can judge the match. */
  reasons: string[];
}

interface Evidence {
  weight: number;
  reason: string;
}

function nameEvidence(incoming: Identity, held: Identity): Evidence[] {
  const given = trigramSimilarity(incoming.givenName, held.givenName);
  const family = trigramSimilarity(incoming.familyName, held.familyName);
  const straight = (given + family) / 2;
  const crossed = (trigramSimilarity(incoming.givenName, held.familyName) + trigramSimilarity(incoming.familyName, held.givenName)) / 2;
  const full = trigramSimilarity(`${incoming.givenName} ${incoming.familyName}`, `${held.givenName} ${held.familyName}`);
  const incomingFull = `${incoming.givenName} ${incoming.familyName}`;
  const bestAlias = (held.otherNames ?? [])
    .map((alias) => ({ alias, similarity: trigramSimilarity(incomingFull, alias) }))
    .sort((a, b) => b.similarity - a.similarity)[0];
  const evidence: Evidence[] = [];
  if (straight >= 0.99) evidence.push({ weight: 0.4, reason: 'Same name' });
  else if (crossed > straight + 0.2) evidence.push({ weight: 0.35 * crossed, reason: 'Given and family names swapped' });
  else if (bestAlias && bestAlias.similarity > full && bestAlias.similarity >= 0.5) {
    evidence.push({ weight: 0.35 * bestAlias.similarity, reason: `Matches another name they are known by (${bestAlias.alias})` });
  } else if (full >= 0.3) evidence.push({ weight: 0.4 * full, reason: `Similar name (${Math.round(full * 100)}% alike)` });
  // A changed family name (marriage, a new partner's name) leaves the given name: without this, a
  // short given name with a new family name scores no better than a stranger born the same day.
  if (straight < 0.99 && given >= 0.99) evidence.push({ weight: 0.1, reason: 'Same given name' });
  const familySound = soundex(incoming.familyName);
  if (familySound !== '' && familySound === soundex(held.familyName) && family < 0.99) evidence.push({ weight: 0.1, reason: 'Family name sounds the same' });
  if (areNicknames(incoming.givenName, held.givenName)) evidence.push({ weight: 0.15, reason: `${incoming.givenName} is a short form of ${held.givenName}` });
  return evidence;
}

function dateEvidence(a: string | null | undefined, b: string | null | undefined): Evidence[] {
  if (!a || !b) return [];
  if (a === b) return [{ weight: 0.3, reason: 'Same date of birth' }];
  const [ay, am, ad] = a.split('-');
  const [by, bm, bd] = b.split('-');
  if (ay === by && am === bd && ad === bm) return [{ weight: 0.2, reason: 'Date of birth with day and month swapped' }];
  if (am === bm && ad === bd && Math.abs(Number(ay) - Number(by)) === 1) return [{ weight: 0.15, reason: 'Date of birth a year out' }];
  return [{ weight: -0.2, reason: 'Different date of birth' }];
}

/**
 * How likely a held record is the person on a contact, with the reasons. The weights are judgement,
 * chosen so that an NHS number or a name with a date of birth ranks a record first, and a different
 * date of birth pulls it down; the benchmark measures recall on perturbed identities.
 */
export function matchScore(incoming: Identity, held: Identity): MatchScore {
  const evidence: Evidence[] = [...nameEvidence(incoming, held), ...dateEvidence(incoming.dateOfBirth, held.dateOfBirth)];
  if (incoming.nhsNumber && held.nhsNumber) {
    evidence.push(incoming.nhsNumber === held.nhsNumber ? { weight: 0.6, reason: 'Same NHS number' } : { weight: -0.4, reason: 'Different NHS number' });
  }
  const sharedPostcode = (incoming.postcodes ?? []).find((p) => (held.postcodes ?? []).some((q) => q.replace(/\s/g, '').toUpperCase() === p.replace(/\s/g, '').toUpperCase()));
  if (sharedPostcode) evidence.push({ weight: 0.1, reason: 'Has lived at the same postcode' });
  const total = evidence.reduce((sum, e) => sum + e.weight, 0);
  return {
    score: Math.round(Math.min(1, Math.max(0, total)) * 1000) / 1000,
    reasons: evidence.sort((a, b) => b.weight - a.weight).map((e) => e.reason),
  };
}
