import type { PlainDate } from '../calendar/plain-date.js';
import { ageOn } from '../people/age.js';

/**
 * MASH threshold triage (London thresholds, Barnardo's scales): indicators point to a level; the
 * worst indicator sets the contact's scale; a young or SEND child's scale goes up by one. The
 * system recommends, the manager decides. Indicators are data, so an area can change them.
 */
export type Scale = 0 | 1 | 2 | 3 | 4;
export type Rag = 'none' | 'green' | 'amber' | 'red';
export type Pathway = 'no-further-action' | 'early-help' | 'child-in-need' | 'child-protection';

export interface ThresholdIndicator {
  code: string;
  level: 1 | 2 | 3 | 4;
  meaning: string;
}

export const DEFAULT_INDICATORS: readonly ThresholdIndicator[] = [
  { code: 'eh-low-nonphysical', level: 1, meaning: 'Low-level abuse with no physical violence' },
  { code: 'eh-low-coercive-control', level: 2, meaning: 'Some evidence of low-level coercive control' },
  { code: 'eh-known-perpetrator-in-household', level: 2, meaning: 'A known perpetrator of domestic abuse lives with the family' },
  { code: 'cin-repeat-victim-low-nonphysical', level: 3, meaning: 'Low-level non-physical abuse where the victim has been abused before' },
  { code: 'cin-child-harm-from-coercive-control', level: 3, meaning: 'Children show harm from living with coercive control, and the person causing harm does not accept its impact' },
  { code: 'cin-perpetrator-in-household-victim-minimises', level: 3, meaning: 'A known perpetrator lives with the family and the victim plays down the risk' },
  { code: 'cp-multiple-incidents', level: 4, meaning: 'A number of domestic abuse incidents' },
  { code: 'cp-child-subjected-coercive-control', level: 4, meaning: 'Children directly subjected to coercive control or threats, and harmed' },
  { code: 'cp-escalating-coercive-control', level: 4, meaning: 'Coercive control rising in frequency, severity or duration' },
  { code: 'cp-serious-risk-physical-harm', level: 4, meaning: 'The victim and children are at serious risk of physical harm' },
  { code: 'cp-child-injured', level: 4, meaning: 'A child injured as a result of domestic abuse' },
  { code: 'cp-child-neglected-traumatised', level: 4, meaning: 'A child neglected or traumatised as a result of domestic abuse' },
];

/** The age below which a child's scale is raised by one. */
export const YOUNG_CHILD_AGE = 7;

export class UnknownIndicatorError extends Error {
  constructor(readonly codes: string[]) {
    super(`Unknown threshold indicator${codes.length === 1 ? '' : 's'}: ${codes.join(', ')}`);
  }
}

export function ragFor(scale: Scale): Rag {
  return scale === 0 ? 'none' : scale <= 2 ? 'green' : scale === 3 ? 'amber' : 'red';
}

export function pathwayFor(scale: Scale): Pathway {
  return scale === 0 ? 'no-further-action' : scale <= 2 ? 'early-help' : scale === 3 ? 'child-in-need' : 'child-protection';
}

/** The scale the ticked indicators point to: the highest level among them, 0 when none are ticked. */
export function recommendedScale(codes: readonly string[], indicators: readonly ThresholdIndicator[] = DEFAULT_INDICATORS): Scale {
  const byCode = new Map(indicators.map((i) => [i.code, i]));
  const unknown = codes.filter((c) => !byCode.has(c));
  if (unknown.length) throw new UnknownIndicatorError([...new Set(unknown)]);
  return codes.reduce<Scale>((max, c) => Math.max(max, byCode.get(c)!.level) as Scale, 0);
}

export interface TriageChild {
  personId: string;
  dateOfBirth: PlainDate | null;
  send: boolean;
}

export interface ChildTriage {
  personId: string;
  scale: Scale;
  /** Raised by one because the child is under 7 on the contact date, or has SEND. */
  modifierApplied: boolean;
  rag: Rag;
  pathway: Pathway;
}

/** A child's scale: raised by one (to at most 4) when under 7 on the contact date or with SEND. No indicator, no raise. */
export function triageChild(base: Scale, child: TriageChild, contactDate: PlainDate): ChildTriage {
  const young = child.dateOfBirth !== null && ageOn(child.dateOfBirth, contactDate) < YOUNG_CHILD_AGE;
  const modifierApplied = base > 0 && base < 4 && (young || child.send);
  const scale = (modifierApplied ? base + 1 : base) as Scale;
  return { personId: child.personId, scale, modifierApplied, rag: ragFor(scale), pathway: pathwayFor(scale) };
}

export interface ContactTriage {
  indicators: string[];
  children: ChildTriage[];
  /** The contact's scale: the highest child's, or the indicators' own when no child is recorded. */
  scale: Scale;
  rag: Rag;
  pathway: Pathway;
}

export function triageContact(
  codes: readonly string[],
  children: readonly TriageChild[],
  contactDate: PlainDate,
  indicators: readonly ThresholdIndicator[] = DEFAULT_INDICATORS,
): ContactTriage {
  const base = recommendedScale(codes, indicators);
  const perChild = children.map((c) => triageChild(base, c, contactDate));
  const scale = perChild.reduce<Scale>((max, c) => Math.max(max, c.scale) as Scale, children.length ? 0 : base);
  return { indicators: [...new Set(codes)], children: perChild, scale, rag: ragFor(scale), pathway: pathwayFor(scale) };
}
