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
  'settings:manage',
  'audit:view',
  'break-glass:review',
  'person:view',
  'person:create',
  'person:edit',
  'case:view',
  'case:create',
  'case:edit',
  'case:allocate',
  'contact:view',
  'contact:record',
  'contact:decide',
  'mash:timeliness',
  'risk:view',
  'risk:record',
  'marac:refer',
  'marac:coordinate',
  'whereabouts:view-withheld',
  'whereabouts:withhold',
  'restricted:grant',
  'restricted:break-glass',
  'reports:view',
] as const;

export type Action = (typeof ACTIONS)[number];

export interface Actor {
  id: string;
  tenantId: string;
  roles: readonly Role[];
  active: boolean;
  /** The teams the actor belongs to (team cases are visible to their members). */
  teamIds?: readonly string[];
}

/** Facts about a restricted-able record that decide access to it. */
interface RecordFacts {
  tenantId: string;
  id: string;
  restricted: boolean;
  /** The actor holds a live grant or break-glass for this record. */
  actorHasGrant: boolean;
}

/** A resource whose own facts decide access. Later features add their kinds here. */
export type Resource =
  | { kind: 'user'; id: string; tenantId: string }
  | { kind: 'tenant'; id: string }
  | ({ kind: 'person' } & RecordFacts)
  | ({ kind: 'case'; workerId: string | null; teamId: string | null } & RecordFacts);

const EVERYONE: readonly Action[] = ['home:view', 'account:manage-own'];
const READ_PEOPLE: readonly Action[] = ['person:view', 'case:view', 'restricted:break-glass'];
const RECORD_PEOPLE: readonly Action[] = [...READ_PEOPLE, 'person:create', 'person:edit', 'case:edit'];
/** Completing risk checklists and referring to the Marac. */
const RECORD_RISK: readonly Action[] = ['risk:view', 'risk:record', 'marac:refer'];

/** What each role may do at all. Admins and auditors see no case content; analysts see aggregates only. */
const GRANTS: Record<Role, readonly Action[]> = {
  'mash-worker': [...EVERYONE, ...RECORD_PEOPLE, ...RECORD_RISK, 'contact:view', 'contact:record'],
  'mash-manager': [...EVERYONE, ...RECORD_PEOPLE, ...RECORD_RISK, 'contact:view', 'contact:record', 'contact:decide', 'mash:timeliness', 'case:create', 'case:allocate', 'restricted:grant', 'whereabouts:withhold'],
  'social-worker': [...EVERYONE, ...RECORD_PEOPLE, ...RECORD_RISK, 'case:create', 'whereabouts:withhold'],
  'team-manager': [
    ...EVERYONE,
    ...RECORD_PEOPLE,
    ...RECORD_RISK,
    'case:create',
    'case:allocate',
    'restricted:grant',
    'whereabouts:withhold',
    'whereabouts:view-withheld',
  ],
  iro: [...EVERYONE, ...READ_PEOPLE, 'case:edit', 'risk:view'],
  'marac-coordinator': [...EVERYONE, ...READ_PEOPLE, 'risk:view', 'marac:refer', 'marac:coordinate'],
  'agency-rep': [...EVERYONE],
  idva: [...EVERYONE, ...RECORD_PEOPLE, ...RECORD_RISK, 'whereabouts:withhold', 'whereabouts:view-withheld'],
  admin: [...EVERYONE, 'users:view', 'users:manage', 'teams:manage', 'settings:manage'],
  auditor: [...EVERYONE, 'audit:view', 'users:view', 'break-glass:review'],
  analyst: [...EVERYONE, 'reports:view', 'mash:timeliness'],
};

/** Roles whose case access is limited to cases allocated to them or to one of their teams. */
const ALLOCATION_BOUND: ReadonlySet<Role> = new Set(['social-worker', 'team-manager']);

export function actionsFor(role: Role): readonly Action[] {
  return GRANTS[role];
}

function roleAllows(actor: Actor, action: Action): boolean {
  return actor.roles.some((role) => GRANTS[role].includes(action));
}

function isAllocatedTo(actor: Actor, resource: { workerId: string | null; teamId: string | null }): boolean {
  return resource.workerId === actor.id || (resource.teamId !== null && (actor.teamIds ?? []).includes(resource.teamId));
}

/** Case access: restricted cases need a grant; social workers and team managers need the case allocated to them or their team. */
function caseAllows(actor: Actor, action: Action, resource: Extract<Resource, { kind: 'case' }>): boolean {
  if (action === 'restricted:break-glass') return resource.restricted;
  if (resource.restricted && !resource.actorHasGrant) return false;
  if (action === 'case:view' || action === 'case:edit' || action === 'person:view') {
    const wide = actor.roles.some((role) => !ALLOCATION_BOUND.has(role) && GRANTS[role].includes(action));
    return wide || isAllocatedTo(actor, resource);
  }
  return true;
}

/** The one place that decides whether an actor may do an action, to a resource when one is given. */
export function can(actor: Actor | null, action: Action, resource?: Resource): boolean {
  if (!actor || !actor.active) return false;
  if (resource && 'tenantId' in resource && resource.tenantId !== actor.tenantId) return false;
  // The worker allocated to a case may see its withheld whereabouts: they may need to visit.
  const allocatedWorkerSeesWithheld =
    action === 'whereabouts:view-withheld' && resource?.kind === 'case' && resource.workerId === actor.id && roleAllows(actor, 'case:view');
  if (!roleAllows(actor, action) && !allocatedWorkerSeesWithheld) return false;
  if (!resource) return true;
  switch (resource.kind) {
    case 'tenant':
      return resource.id === actor.tenantId;
    case 'user':
      return action === 'account:manage-own' ? resource.id === actor.id : true;
    case 'person':
      if (action === 'restricted:break-glass') return resource.restricted;
      return !resource.restricted || resource.actorHasGrant;
    case 'case':
      return allocatedWorkerSeesWithheld || caseAllows(actor, action, resource);
  }
}
