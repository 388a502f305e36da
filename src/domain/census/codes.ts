import { addMonths, compareDates, type PlainDate } from '../calendar/plain-date.js';

/**
 * The DfE children in need census codes, derived from what the product already holds. Nobody types a
 * census code the product can work out: each function here maps one of our facts to the DfE's code
 * (CIN_schema_2024.xsd's enumerations). docs/census.md lists every mapping.
 */

/** GenderCurrent: 1 male, 2 female, 9 indeterminate, 0 not recorded. */
export function genderCode(sex: string | null): '0' | '1' | '2' | '9' {
  switch (sex) {
    case 'male':
      return '1';
    case 'female':
      return '2';
    case 'intersex':
      return '9';
    default:
      return '0';
  }
}

/** Our ethnic groups (the 2021 Census list in domain/people/ethnicity.ts) as the DfE's codes. */
const ETHNICITY: Record<string, string> = {
  'asian-bangladeshi': 'ABAN',
  'asian-chinese': 'CHNE',
  'asian-indian': 'AIND',
  'asian-pakistani': 'APKN',
  'asian-other': 'AOTH',
  'black-african': 'BAFR',
  'black-caribbean': 'BCRB',
  'black-other': 'BOTH',
  'mixed-white-asian': 'MWAS',
  'mixed-white-black-african': 'MWBA',
  'mixed-white-black-caribbean': 'MWBC',
  'mixed-other': 'MOTH',
  'white-british': 'WBRI',
  'white-irish': 'WIRI',
  'white-gypsy-irish-traveller': 'WIRT',
  'white-roma': 'WROM',
  'white-other': 'WOTH',
  'other-arab': 'OOTH',
  'other-any': 'OOTH',
  declined: 'REFU',
  'not-known': 'NOBT',
};

/** Ethnicity: refused when the family declined to say, "not yet obtained" when nothing is recorded. */
export function ethnicityCode(ethnicity: string | null): string {
  return (ethnicity && ETHNICITY[ethnicity]) ?? 'NOBT';
}

/** Words in the disability the worker recorded, and the DfE's code each points to. */
const DISABILITY_WORDS: readonly [RegExp, string][] = [
  [/autis|asperger|\basd\b/i, 'AUT'],
  [/learning|\bld\b|down'?s? syndrome/i, 'LD'],
  [/hearing|deaf/i, 'HEAR'],
  [/visual|vision|sight|blind/i, 'VIS'],
  [/mobility|wheelchair|cerebral palsy/i, 'MOB'],
  [/communicat|speech|language|non-verbal/i, 'COMM'],
  [/behaviou?r|adhd/i, 'BEH'],
  [/hand function|grip/i, 'HAND'],
  [/personal care/i, 'PC'],
  [/incontinen/i, 'INC'],
  [/epilep|seizure|conscious/i, 'CON'],
];

/**
 * Disabilities from the disability the worker described. Nothing recorded gives no Disabilities element
 * (an unrecorded disability is not "no disability"); words the list does not know give DDA (other).
 */
export function disabilityCodes(disability: string | null): string[] {
  const text = disability?.trim() ?? '';
  if (!text) return [];
  if (/^(none|no|n\/a|no disability)\.?$/i.test(text)) return ['NONE'];
  const codes = DISABILITY_WORDS.filter(([pattern]) => pattern.test(text)).map(([, code]) => code);
  return codes.length ? codes : ['DDA'];
}

/** ReferralSource from the contact's source (domain/contacts/contact.ts CONTACT_SOURCES). */
const REFERRAL_SOURCE: Record<string, string> = {
  police: '6',
  school: '2A',
  health: '3F',
  housing: '4',
  'other-agency': '8',
  family: '1A',
  self: '1C',
  anonymous: '9',
};

export function referralSourceCode(source: string | null): string {
  return (source && REFERRAL_SOURCE[source]) ?? '10';
}

/** Category of abuse on a child protection plan. */
const CATEGORY: Record<string, string> = { neglect: 'NEG', physical: 'PHY', sexual: 'SAB', emotional: 'EMO', multiple: 'MUL' };

export function categoryCode(category: string | null): string | null {
  return (category && CATEGORY[category]) ?? null;
}

/** The factors that say domestic abuse: the child (3A), a parent or carer (3B), another household member (3C). */
export const DOMESTIC_ABUSE_FACTORS: readonly string[] = ['3A', '3B', '3C'];
const ABUSE_OR_NEGLECT_FACTORS: readonly string[] = [...DOMESTIC_ABUSE_FACTORS, '16A', '17A', '18B', '18C', '19B', '19C'];

export function hasDomesticAbuseFactor(factors: readonly string[]): boolean {
  return factors.some((f) => DOMESTIC_ABUSE_FACTORS.includes(f));
}

/**
 * PrimaryNeedCode: N1 (abuse or neglect) when the episode is about domestic abuse or harm (a contact
 * reporting abuse, an abuse factor at assessment, or a child protection enquiry or plan); otherwise the
 * child's disability (N2) or a parent's (N3) from the factors; N0 (not stated) when nothing says.
 */
export function primaryNeedCode(facts: { abuseReported: boolean; childProtection: boolean; factors: readonly string[] }): string {
  if (facts.abuseReported || facts.childProtection || facts.factors.some((f) => ABUSE_OR_NEGLECT_FACTORS.includes(f))) return 'N1';
  if (facts.factors.some((f) => f === '5A' || f === '6A')) return 'N2';
  if (facts.factors.some((f) => ['4B', '5B', '6B'].includes(f))) return 'N3';
  return 'N0';
}

/**
 * ReasonForClosure: RC8 when the case closed after an assessment that recommended no further action
 * and no plan followed, RC9 when it recommended early help, RC7 (services ceased) otherwise.
 */
export function closureReasonCode(facts: { lastRecommendation: string | null; hadPlan: boolean }): string {
  if (!facts.hadPlan && facts.lastRecommendation === 'no-further-action') return 'RC8';
  if (!facts.hadPlan && facts.lastRecommendation === 'early-help') return 'RC9';
  return 'RC7';
}

const UPN_PATTERN = /^[A-Za-z](\d{12}|\d{11}[A-Za-z])$/;

/** A unique pupil number the schema accepts. */
export function isUpn(text: string): boolean {
  return UPN_PATTERN.test(text);
}

/** An identifier recorded against an agency whose name says it is a unique pupil number. */
export function looksLikeUpnAgency(agency: string): boolean {
  return /\bupn\b|unique pupil/i.test(agency);
}

/**
 * UPNunknown when the child has no UPN: UN6 under 6 and not yet at school, UN1 over compulsory school
 * age (16 or more on the census reference date), UN5 otherwise (the UPN has not been obtained).
 */
export function upnUnknownCode(dateOfBirth: PlainDate | null, referenceDate: PlainDate): string {
  if (dateOfBirth === null) return 'UN5';
  if (compareDates(addMonths(dateOfBirth, 6 * 12), referenceDate) > 0) return 'UN6';
  if (compareDates(addMonths(dateOfBirth, 16 * 12), referenceDate) <= 0) return 'UN1';
  return 'UN5';
}
