import { ROLES, type Role } from '../../platform/access/roles.js';

/**
 * What a council's groups give in Wraparound: pure rules, no I/O. The groups come from the claim the
 * tenant named (default `groups`); each mapping gives one role, and a team when it names one.
 */

export interface GroupMapping {
  groupId: string;
  role: Role;
  teamId: string | null;
}

/**
 * The groups claim as it arrived: missing (the provider was not set to send it), too many groups to fit
 * in the token (Entra ID then sends a reference to Microsoft Graph instead: `_claim_names`), or the list.
 * Only a list can change anyone's roles: a missing claim must never read as "no groups".
 */
export type GroupsClaim = { kind: 'missing' } | { kind: 'overage' } | { kind: 'groups'; groups: string[] };

export function readGroupsClaim(claims: Readonly<Record<string, unknown>>, claimName: string): GroupsClaim {
  const value = claims[claimName];
  if (Array.isArray(value)) return { kind: 'groups', groups: [...new Set(value.filter((g): g is string => typeof g === 'string' && g !== ''))] };
  if (typeof value === 'string' && value !== '') return { kind: 'groups', groups: [value] };
  const names = claims._claim_names;
  if (value === undefined && names !== null && typeof names === 'object' && claimName in names) return { kind: 'overage' };
  return { kind: 'missing' };
}

export interface GroupAccess {
  /** In the order of ROLES, each once. */
  roles: Role[];
  /** The teams the mapped groups name, each once. */
  teamIds: string[];
}

/** The roles and teams the groups give, or null when none of the groups is mapped. */
export function accessFromGroups(groups: readonly string[], mappings: readonly GroupMapping[]): GroupAccess | null {
  const held = new Set(groups);
  const matched = mappings.filter((m) => held.has(m.groupId));
  if (matched.length === 0) return null;
  const roles = ROLES.filter((role) => matched.some((m) => m.role === role));
  const teamIds = [...new Set(matched.flatMap((m) => (m.teamId ? [m.teamId] : [])))];
  return { roles, teamIds };
}

/**
 * A user's teams after signing in: the teams the groups give, plus the teams no mapping names (those
 * an administrator set, which the groups have no say over). A team a mapping names is held only
 * through the groups, so leaving the group at the provider leaves the team.
 */
export function teamsAfterSignIn(current: readonly string[], fromGroups: readonly string[], mappings: readonly GroupMapping[]): string[] {
  const governed = new Set(mappings.flatMap((m) => (m.teamId ? [m.teamId] : [])));
  return [...new Set([...current.filter((t) => !governed.has(t)), ...fromGroups])];
}

/** Whether two lists hold the same values, in any order. */
export function sameMembers(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((x) => right.has(x));
}
