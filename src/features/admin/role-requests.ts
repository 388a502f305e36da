import { isRole } from '../../platform/access/roles.js';
import type { Database } from '../../platform/db/database.js';
import { AdminError, AdminRefusal, audit, requireManage, tenantOf, type AdminActor } from './actor.js';
import * as q from './queries/role-requests.js';
import { rolesAndTeams, setRoles } from './queries/users.js';
import { withApprovedRoles } from './role-approval.js';

export type RoleDecision = 'approve' | 'refuse';

export const OWN_REQUEST_REFUSED = 'You asked for these roles, so another administrator must approve or refuse them';
export const OWN_ROLES_REQUEST_REFUSED = 'These roles are for you, so another administrator must approve or refuse them';

/** How many decided requests the list shows under the waiting ones. */
const RECENT_DECISIONS = 20;

/**
 * Requests for roles that need a second administrator: the list, and deciding one. The one who
 * asked, and the user the roles are for, cannot decide; the database refuses it too.
 */
export function roleRequestService(db: Database) {
  return {
    async listRoleRequests(actor: AdminActor) {
      requireManage(actor, 'users:manage');
      return db.tenant(tenantOf(actor), async (trx) => ({
        pending: await q.pendingRoleRequests(trx),
        decided: await q.decidedRoleRequests(trx, RECENT_DECISIONS),
      }));
    },

    /** The requests waiting for one user, for their account page. */
    async pendingRoleRequestsFor(actor: AdminActor, userId: string) {
      requireManage(actor, 'users:view');
      return db.tenant(tenantOf(actor), (trx) => q.pendingRoleRequests(trx, userId));
    },

    /** Approving gives the user the roles; refusing leaves their roles as they are. Either way it is recorded. */
    async decideRoleRequest(actor: AdminActor, id: string, decision: RoleDecision, requestId: string | null): Promise<{ userId: string; roles: string[] }> {
      requireManage(actor, 'users:manage');
      // The operator's command line is one person: it cannot be the second one.
      if (actor.kind !== 'user') throw new AdminError('form', 'Only an administrator can decide a request for roles', 403);
      return db.tenant(tenantOf(actor), async (trx) => {
        const request = await q.roleRequestForDecision(trx, id);
        if (!request) throw new AdminError('request', 'There is no such request', 404);
        if (request.status !== 'pending') throw new AdminError('request', `This request has already been ${request.status}`, 409);
        if (request.requested_by === actor.user.id) throw new AdminRefusal('request', OWN_REQUEST_REFUSED);
        if (request.user_id === actor.user.id) throw new AdminRefusal('request', OWN_ROLES_REQUEST_REFUSED);
        const roles = request.roles.filter(isRole);
        if (!(await q.recordDecision(trx, id, decision === 'approve' ? 'approved' : 'refused', actor.user.id))) {
          throw new AdminError('request', 'This request has already been decided', 409);
        }
        if (decision === 'approve') {
          const current = await rolesAndTeams(trx, request.user_id);
          if (!current) throw new AdminError('request', 'There is no such user', 404);
          const after = withApprovedRoles(current.roles, roles);
          await setRoles(trx, request.user_id, after);
          await audit(trx, actor, 'role-request.approve', 'role-request', id, requestId, { userId: request.user_id, roles, requestedBy: request.requested_by, rolesAfter: after });
        } else {
          await audit(trx, actor, 'role-request.refuse', 'role-request', id, requestId, { userId: request.user_id, roles, requestedBy: request.requested_by });
        }
        return { userId: request.user_id, roles };
      });
    },
  };
}
