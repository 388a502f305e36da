import type { Role } from './roles.js';

/**
 * Everything a person can be allowed to do. Routes name one of these; services ask `can()` again
 * with the resource when the answer depends on it (a case, a person).
 */
export const ACTIONS = [
  'home:view',
  'account:manage-own',
  'users:view',
  'users:manage',
  'teams:manage',
  'audit:view',
  'person:view',
  'case:view',
  'contact:view',
  'reports:view',
] as const;

export type Action = (typeof ACTIONS)[number];

export interface Actor {
  id: string;
  tenantId: string;
  roles: readonly Role[];
  active: boolean;
}

/** A resource whose own facts decide access. Later features add their kinds here. */
export type Resource = { kind: 'user'; id: string; tenantId: string } | { kind: 'tenant'; id: string };

const CASE_WORK: readonly Action[] = ['person:view', 'case:view'];
const EVERYONE: readonly Action[] = ['home:view', 'account:manage-own'];

/** What each role may do at all. Admins and auditors see no case content; analysts see aggregates only. */
const GRANTS: Record<Role, readonly Action[]> = {
  'mash-worker': [...EVERYONE, ...CASE_WORK, 'contact:view'],
  'mash-manager': [...EVERYONE, ...CASE_WORK, 'contact:view'],
  'social-worker': [...EVERYONE, ...CASE_WORK],
  'team-manager': [...EVERYONE, ...CASE_WORK],
  iro: [...EVERYONE, ...CASE_WORK],
  'marac-coordinator': [...EVERYONE, ...CASE_WORK],
  'agency-rep': [...EVERYONE],
  idva: [...EVERYONE, ...CASE_WORK],
  admin: [...EVERYONE, 'users:view', 'users:manage', 'teams:manage'],
  auditor: [...EVERYONE, 'audit:view', 'users:view'],
  analyst: [...EVERYONE, 'reports:view'],
};

export function actionsFor(role: Role): readonly Action[] {
  return GRANTS[role];
}

/** The one place that decides whether an actor may do an action, to a resource when one is given. */
export function can(actor: Actor | null, action: Action, resource?: Resource): boolean {
  if (!actor || !actor.active) return false;
  if (!actor.roles.some((role) => GRANTS[role].includes(action))) return false;
  if (!resource) return true;
  switch (resource.kind) {
    case 'tenant':
      return resource.id === actor.tenantId;
    case 'user':
      if (resource.tenantId !== actor.tenantId) return false;
      if (action === 'account:manage-own') return resource.id === actor.id;
      return true;
  }
}
