/**
 * Relationships between people. The first group are the Domestic Abuse Act 2021 s2 "personally
 * connected" kinds; the rest describe the family around a child.
 */
export const PERSONALLY_CONNECTED_KINDS = [
  'married',
  'formerly-married',
  'civil-partners',
  'former-civil-partners',
  'engaged',
  'intimate-partners',
  'former-intimate-partners',
  'co-parents',
  'relatives',
] as const;

export const FAMILY_KINDS = ['parent-of', 'parental-responsibility-for', 'household-member'] as const;

export const RELATIONSHIP_KINDS = [...PERSONALLY_CONNECTED_KINDS, ...FAMILY_KINDS] as const;

export type RelationshipKind = (typeof RELATIONSHIP_KINDS)[number];

/** Kinds that read the same both ways; the others go from `from` to `to` ("from is parent of to"). */
const DIRECTED: ReadonlySet<RelationshipKind> = new Set(['parent-of', 'parental-responsibility-for']);

export const RELATIONSHIP_LABELS: Record<RelationshipKind, string> = {
  married: 'Married',
  'formerly-married': 'Were married',
  'civil-partners': 'Civil partners',
  'former-civil-partners': 'Were civil partners',
  engaged: 'Agreed to marry or form a civil partnership (even if since ended)',
  'intimate-partners': 'In an intimate relationship',
  'former-intimate-partners': 'Were in an intimate relationship',
  'co-parents': 'Both parents of, or with parental responsibility for, the same child',
  relatives: 'Relatives',
  'parent-of': 'Parent of',
  'parental-responsibility-for': 'Has parental responsibility for',
  'household-member': 'Live in the same household',
};

export interface Relationship {
  from: string;
  to: string;
  kind: RelationshipKind;
}

export class RelationshipError extends Error {}

export function isDirected(kind: RelationshipKind): boolean {
  return DIRECTED.has(kind);
}

/** Refuses a relationship a person cannot have with themselves. */
export function checkRelationship(r: Relationship): void {
  if (r.from === r.to) throw new RelationshipError('A person cannot have a relationship with themselves');
}

function between(a: string, b: string, r: Relationship): boolean {
  return (r.from === a && r.to === b) || (r.from === b && r.to === a);
}

/** Children that a person is a parent of or has parental responsibility for. */
function childrenOf(person: string, relationships: readonly Relationship[]): Set<string> {
  return new Set(relationships.filter((r) => r.from === person && isDirected(r.kind)).map((r) => r.to));
}

export type ConnectionReason = { kind: RelationshipKind } | { kind: 'co-parents'; child: string };

/**
 * Why two people are personally connected under the Domestic Abuse Act 2021 s2, or an empty list
 * when they are not. Two people who are each a parent of, or hold parental responsibility for, the
 * same child are connected even if nobody recorded them as co-parents; a parent and their child
 * are relatives.
 */
export function personalConnection(a: string, b: string, relationships: readonly Relationship[]): ConnectionReason[] {
  if (a === b) return [];
  const reasons: ConnectionReason[] = [];
  for (const r of relationships) {
    if (!between(a, b, r)) continue;
    if ((PERSONALLY_CONNECTED_KINDS as readonly string[]).includes(r.kind)) reasons.push({ kind: r.kind });
    else if (r.kind === 'parent-of') reasons.push({ kind: 'relatives' });
  }
  const shared = [...childrenOf(a, relationships)].filter((child) => childrenOf(b, relationships).has(child));
  for (const child of shared) reasons.push({ kind: 'co-parents', child });
  return reasons;
}

export function arePersonallyConnected(a: string, b: string, relationships: readonly Relationship[]): boolean {
  return personalConnection(a, b, relationships).length > 0;
}

/**
 * Domestic Abuse Act 2021 s3: a child who sees, hears or experiences the effects of the abuse is a
 * victim in their own right when related to the victim or the person causing harm — a parent of the
 * child, someone with parental responsibility for the child, or a relative.
 */
export function isChildRelatedTo(child: string, adult: string, relationships: readonly Relationship[]): boolean {
  return relationships.some(
    (r) =>
      (r.from === adult && r.to === child && isDirected(r.kind)) ||
      (r.from === child && r.to === adult && r.kind === 'parent-of') ||
      (between(child, adult, r) && r.kind === 'relatives'),
  );
}

export function isChildVictimInOwnRight(child: string, victim: string, personCausingHarm: string, relationships: readonly Relationship[]): boolean {
  return isChildRelatedTo(child, victim, relationships) || isChildRelatedTo(child, personCausingHarm, relationships);
}
