import { isDirected, type Relationship } from '../people/relationships.js';

/**
 * The factors identified at a child and family assessment, as the DfE's children in need census codes
 * them (the `assessmentfactorstype` list of the 2024 schema), grouped as the DfE groups them. The labels
 * are our own plain words; the codes are the DfE's.
 */
export interface Factor {
  code: string;
  label: string;
}

export interface FactorGroup {
  heading: string;
  factors: readonly Factor[];
}

const three = (n: number, topic: string): Factor[] => [
  { code: `${n}A`, label: `${topic}: the child` },
  { code: `${n}B`, label: `${topic}: a parent or carer` },
  { code: `${n}C`, label: `${topic}: someone else in the household` },
];

export const FACTOR_GROUPS: readonly FactorGroup[] = [
  { heading: 'Alcohol misuse', factors: three(1, 'Misuses alcohol') },
  { heading: 'Drug misuse', factors: three(2, 'Misuses drugs') },
  {
    heading: 'Domestic abuse',
    factors: [
      { code: '3A', label: 'The child is a victim of domestic abuse' },
      { code: '3B', label: 'A parent or carer of the child is a victim of domestic abuse' },
      { code: '3C', label: 'Someone else in the household is a victim of domestic abuse' },
    ],
  },
  { heading: 'Mental health', factors: three(4, 'Mental health concerns') },
  { heading: 'Learning disability', factors: three(5, 'Has a learning disability') },
  { heading: 'Physical disability or illness', factors: three(6, 'Has a physical disability or illness') },
  { heading: 'Young carer', factors: [{ code: '7A', label: 'The child’s caring for someone may harm their health or development' }] },
  {
    heading: 'Private fostering',
    factors: [
      { code: '8B', label: 'Privately fostered: a child from overseas who means to go back' },
      { code: '8C', label: 'Privately fostered: a child from overseas who means to stay' },
      { code: '8D', label: 'Privately fostered: a child from the UK placed for their education' },
      { code: '8E', label: 'Privately fostered: a child from the UK living with others by family arrangement' },
      { code: '8F', label: 'Privately fostered: another arrangement' },
    ],
  },
  { heading: 'Unaccompanied asylum-seeking child', factors: [{ code: '9A', label: 'The child is seeking asylum without a parent or carer' }] },
  { heading: 'Going missing', factors: [{ code: '10A', label: 'The child goes missing, or is missing' }] },
  { heading: 'Child sexual exploitation', factors: [{ code: '11A', label: 'The child is at risk of sexual exploitation' }] },
  { heading: 'Trafficking', factors: [{ code: '12A', label: 'The child is at risk of being trafficked' }] },
  { heading: 'Gangs', factors: [{ code: '13A', label: 'The child is involved with gangs' }] },
  { heading: 'Socially unacceptable behaviour', factors: [{ code: '14A', label: 'The child’s behaviour puts them at risk' }] },
  { heading: 'Self-harm', factors: [{ code: '15A', label: 'The child harms themselves, or is thought to' }] },
  {
    heading: 'Abuse or neglect',
    factors: [
      { code: '16A', label: 'Neglect' },
      { code: '17A', label: 'Emotional abuse' },
      { code: '18B', label: 'Physical abuse by another child' },
      { code: '18C', label: 'Physical abuse by an adult' },
      { code: '19B', label: 'Sexual abuse by another child' },
      { code: '19C', label: 'Sexual abuse by an adult' },
    ],
  },
  { heading: 'Female genital mutilation', factors: [{ code: '22A', label: 'The child is at risk of female genital mutilation' }] },
  { heading: 'Abuse linked to faith or belief', factors: [{ code: '23A', label: 'The child is at risk of abuse linked to faith or belief' }] },
  { heading: 'Child criminal exploitation', factors: [{ code: '24A', label: 'The child is at risk of criminal exploitation' }] },
  { heading: 'Other', factors: [{ code: '20', label: 'Another factor not listed here' }] },
  { heading: 'No factors', factors: [{ code: '21', label: 'No factors identified: only when none of the above applies and no further action follows' }] },
];

export const FACTOR_CODES: readonly string[] = FACTOR_GROUPS.flatMap((g) => g.factors.map((f) => f.code));

export const NO_FACTORS = '21';

export function factorLabel(code: string): string {
  return FACTOR_GROUPS.flatMap((g) => g.factors).find((f) => f.code === code)?.label ?? code;
}

/** Why a set of factors cannot be recorded (null when it can): unknown codes, none at all, or "no factors" with others. */
export function factorsProblem(codes: readonly string[]): string | null {
  if (codes.length === 0) return 'Choose the factors the assessment identified, or “No factors identified”';
  const unknown = codes.filter((c) => !FACTOR_CODES.includes(c));
  if (unknown.length) return 'Choose factors from the list';
  if (codes.includes(NO_FACTORS) && codes.length > 1) return '“No factors identified” cannot be chosen with any other factor';
  return null;
}

/** The domestic abuse factor proposed from the case's facts, and why. */
export interface FactorProposal {
  code: '3A' | '3B' | '3C';
  victimId: string;
  why: 'child-is-victim' | 'parent-or-carer-is-victim' | 'household-member-is-victim';
}

export interface CaseFacts {
  /** The children on the case. */
  children: readonly string[];
  /** Everyone recorded on the case as a victim of the abuse. */
  victims: readonly string[];
  relationships: readonly Relationship[];
}

function caresFor(adult: string, child: string, relationships: readonly Relationship[]): boolean {
  return relationships.some((r) => r.from === adult && r.to === child && isDirected(r.kind));
}

function livesWith(a: string, b: string, relationships: readonly Relationship[]): boolean {
  return relationships.some((r) => r.kind === 'household-member' && ((r.from === a && r.to === b) || (r.from === b && r.to === a)));
}

/**
 * 3A when a child on the case is recorded as a victim; 3B when a victim is a parent or carer of a child
 * on the case; 3C when a victim lives in a child's household without being their parent or carer. One
 * proposal per code, the first victim it was found for.
 */
export function proposeDomesticAbuseFactors(facts: CaseFacts): FactorProposal[] {
  const proposals: FactorProposal[] = [];
  const add = (p: FactorProposal) => {
    if (!proposals.some((x) => x.code === p.code)) proposals.push(p);
  };
  for (const victim of facts.victims) {
    if (facts.children.includes(victim)) add({ code: '3A', victimId: victim, why: 'child-is-victim' });
    else if (facts.children.some((c) => caresFor(victim, c, facts.relationships))) add({ code: '3B', victimId: victim, why: 'parent-or-carer-is-victim' });
    else if (facts.children.some((c) => livesWith(victim, c, facts.relationships))) add({ code: '3C', victimId: victim, why: 'household-member-is-victim' });
  }
  return proposals.sort((a, b) => a.code.localeCompare(b.code));
}
