import { isSensitiveRole } from '../../platform/access/sensitive-roles.js';
import { ROLES, type Role } from '../../platform/access/roles.js';

/**
 * Giving a sensitive role (one that shows a child's or family's record, a withheld address, the audit log,
 * or lets its holder administer others) needs a second administrator's approval. This takes in the
 * administrator role too: otherwise one administrator could make two accounts administrators and have
 * them approve each other's requests, and the second person would be nobody.
 */
export function needsApproval(role: Role): boolean {
  return isSensitiveRole(role);
}

/** The roles that need approval, in the order of the role list. */
export function rolesNeedingApproval(): Role[] {
  return ROLES.filter(needsApproval);
}

function inRoleOrder(roles: Iterable<Role>): Role[] {
  const set = new Set(roles);
  return ROLES.filter((role) => set.has(role));
}

export interface RoleChangePlan {
  /** The roles the user has once the change is saved. */
  roles: Role[];
  /** Roles taken away (no approval needed). */
  removed: Role[];
  /** New roles given at once, because they need no approval. */
  givenNow: Role[];
  /** New roles that need approval and are not already waiting for it: a new request asks for these. */
  toRequest: Role[];
  /** New roles that need approval and already wait in an earlier request. */
  alreadyRequested: Role[];
}

/**
 * Splits a change of roles into what happens now and what waits for approval. Taking roles away
 * and giving roles that need no approval happen now; roles that need approval are not given.
 */
export function planRoleChange(current: readonly Role[], proposed: readonly Role[], pending: readonly Role[] = []): RoleChangePlan {
  const has = new Set(current);
  const wanted = new Set(proposed);
  const added = inRoleOrder(proposed).filter((role) => !has.has(role));
  const waiting = added.filter(needsApproval);
  return {
    roles: inRoleOrder(proposed).filter((role) => !waiting.includes(role)),
    removed: inRoleOrder(current).filter((role) => !wanted.has(role)),
    givenNow: added.filter((role) => !needsApproval(role)),
    toRequest: waiting.filter((role) => !pending.includes(role)),
    alreadyRequested: waiting.filter((role) => pending.includes(role)),
  };
}

/** The roles a user has once an approved request is applied. */
export function withApprovedRoles(current: readonly string[], approved: readonly Role[]): Role[] {
  return inRoleOrder([...current.filter((r): r is Role => (ROLES as readonly string[]).includes(r)), ...approved]);
}
