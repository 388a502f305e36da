import type { Database } from '../../platform/db/database.js';
import { AdminError, AdminRefusal, audit, requireManage, tenantOf, type AdminActor } from './actor.js';
import * as q from './queries/app-resets.js';

export const OWN_APP_RESET_REFUSED = 'You cannot ask for your own authenticator app to be reset: ask another administrator';
export const OWN_APP_RESET_DECISION_REFUSED = 'You asked for this reset, so another administrator must approve or refuse it';
export const APP_RESET_FOR_ME_REFUSED = 'This reset is of your own authenticator app, so another administrator must approve or refuse it';

/**
 * Resetting a user's authenticator app when they have lost their phone (issue 11, build 2). One
 * administrator asks, with a reason; a second approves or refuses. Neither can be the user, and the one
 * who asked cannot approve (the database refuses it too). Approving takes the app and recovery codes
 * away and signs the user out everywhere: they set up an app again when they next sign in. Each step
 * is audited. Like giving a sensitive role, it needs two people, because whoever resets an app could
 * otherwise sign in as anyone whose password they know.
 */
export function appResetService(db: Database) {
  function administrator(actor: AdminActor): string {
    requireManage(actor, 'users:manage');
    // The command line is one person, the operator: a reset needs two administrators.
    if (actor.kind !== 'user') throw new AdminError('form', 'Only an administrator can ask for or decide an authenticator app reset', 403);
    return actor.user.id;
  }

  return {
    async authenticatorAppOf(actor: AdminActor, userId: string) {
      requireManage(actor, 'users:view');
      return db.tenant(tenantOf(actor), (trx) => q.appAndPendingReset(trx, userId));
    },

    async requestAppReset(actor: AdminActor, userId: string, reason: string, requestId: string | null): Promise<void> {
      const me = administrator(actor);
      if (me === userId) throw new AdminRefusal('reason', OWN_APP_RESET_REFUSED);
      const text = reason.trim();
      if (!text) throw new AdminError('reason', 'Enter why the authenticator app needs to be reset');
      if (text.length > 1000) throw new AdminError('reason', 'Enter a reason of 1,000 characters or fewer');
      await db.tenant(tenantOf(actor), async (trx) => {
        const app = await q.appAndPendingReset(trx, userId);
        if (!app) throw new AdminError('reason', 'There is no such user', 404);
        if (!app.setUpAt) throw new AdminError('reason', 'This user has no authenticator app set up, so there is nothing to reset', 409);
        if (app.pending) throw new AdminError('reason', 'A reset of this user’s authenticator app is already waiting for approval', 409);
        const id = await q.insertAppReset(trx, { tenantId: tenantOf(actor), userId, reason: text, requestedBy: me });
        await audit(trx, actor, 'app-reset.request', 'app-reset', id, requestId, { userId });
      });
    },

    async decideAppReset(actor: AdminActor, id: string, decision: 'approve' | 'refuse', requestId: string | null): Promise<{ userId: string }> {
      const me = administrator(actor);
      return db.tenant(tenantOf(actor), async (trx) => {
        const request = await q.appResetForDecision(trx, id);
        if (!request) throw new AdminError('request', 'There is no such request', 404);
        if (request.status !== 'pending') throw new AdminError('request', `This reset has already been ${request.status}`, 409);
        if (request.requested_by === me) throw new AdminRefusal('request', OWN_APP_RESET_DECISION_REFUSED);
        if (request.user_id === me) throw new AdminRefusal('request', APP_RESET_FOR_ME_REFUSED);
        const status = decision === 'approve' ? 'approved' : 'refused';
        if (!(await q.decideAppReset(trx, id, status, me))) throw new AdminError('request', 'This reset has already been decided', 409);
        if (decision === 'approve') await q.removeApp(trx, request.user_id);
        await audit(trx, actor, `app-reset.${decision}`, 'app-reset', id, requestId, { userId: request.user_id, requestedBy: request.requested_by });
        return { userId: request.user_id };
      });
    },
  };
}
