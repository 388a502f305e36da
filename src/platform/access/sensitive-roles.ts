import { actionsFor, type Action } from './policy.js';
import type { Role } from './roles.js';

/**
 * The actions that show nothing of a child's or family's record, a withheld address or the audit log,
 * and give no power over other users. A role with any action outside this list is sensitive: giving it
 * needs a second administrator's approval (src/features/admin/role-approval.ts), and a council that
 * requires the second step at sign-in requires it of whoever holds one (src/domain/sign-in/second-step.ts).
 * A role given a new power later becomes sensitive by itself.
 */
const HARMLESS_ACTIONS: ReadonlySet<Action> = new Set<Action>(['home:view', 'account:manage-own', 'reports:view', 'mash:timeliness', 'census:repeat-plans']);

export function isSensitiveRole(role: Role): boolean {
  return actionsFor(role).some((action) => !HARMLESS_ACTIONS.has(action));
}
