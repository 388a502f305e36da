import { londonDate } from '../../domain/calendar/plain-date.js';
import { checkStatusUpdate, isOpen, isOverdue } from '../../domain/marac/actions.js';
import { can, type Actor } from '../../platform/access/policy.js';
import { recordAudit } from '../../platform/audit/audit-log.js';
import type { CurrentUser } from '../../platform/auth/current-user.js';
import type { Database } from '../../platform/db/database.js';
import { ServiceError } from '../../platform/http/service-error.js';
import * as q from './run-sheet-queries.js';
import { actingFor, type AgencyCaller } from './marac-caller.js';

export class ActionError extends ServiceError {}

/**
 * Actions tracked to outcomes: the owning agency's representatives see and update their agency's
 * actions (after the meeting's window too: the action, never the case), and the coordinator sees the
 * overdue actions across meetings.
 */
export function maracActionsService(db: Database) {
  /** The action, if this actor may reach it: a representative (or API client) of the owning agency, or the coordinator; otherwise not found. */
  async function reachable(actor: Actor, actionId: string) {
    return db.tenant(actor.tenantId, async (trx) => {
      const a = await q.actionById(trx, actionId);
      const resource = a ? { kind: 'marac-action' as const, tenantId: actor.tenantId, id: a.id, agencyId: a.agencyId } : null;
      if (!a || !resource || !(can(actor, 'marac:attend', resource) || can(actor, 'marac:coordinate', resource))) throw new ActionError(404, 'There is no such action');
      return a;
    });
  }

  return {
    /** The representative's agency's actions: open ones first (overdue at the top), then the rest. */
    async mine(user: CurrentUser) {
      if (!can(user, 'marac:attend')) throw new ActionError(403, 'You do not have permission to do this');
      if (!user.agencyId) return [];
      const agencyId = user.agencyId;
      const today = londonDate(new Date());
      const rows = await db.tenant(user.tenantId, (trx) => q.actionsOfAgency(trx, agencyId));
      return rows
        .map((a) => ({ ...a, overdue: isOverdue(a, today), open: isOpen(a) }))
        .sort((a, b) => Number(b.open) - Number(a.open) || Number(b.overdue) - Number(a.overdue) || (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : 0));
    },

    /** One action, for its owning agency's representative or API client, or the coordinator. */
    action: (caller: AgencyCaller, actionId: string) => reachable(actingFor(caller).actor, actionId),

    /** The owning agency records where the action has got to: in progress, done, or not done with the reason. */
    async update(caller: AgencyCaller, actionId: string, input: { status: string; note: string }, requestId: string): Promise<void> {
      const who = actingFor(caller);
      const a = await reachable(who.actor, actionId);
      if (!can(who.actor, 'marac:attend', { kind: 'marac-action', tenantId: who.tenantId, id: a.id, agencyId: a.agencyId })) throw new ActionError(403, 'Only the agency that owns an action updates it');
      const checked = checkStatusUpdate(input.status, input.note);
      if (!checked.ok) throw new ActionError(400, checked.problem.message, checked.problem.field);
      await db.tenant(who.tenantId, async (trx) => {
        await q.updateActionStatus(trx, actionId, { status: checked.status, note: checked.note, by: who.userId });
        await recordAudit(trx, who.tenantId, { ...who.audit, action: 'marac-action.update', subjectType: 'marac-action', subjectId: actionId, requestId, details: { status: checked.status } });
      });
    },

    /** The coordinator's overdue actions across every meeting: how many, and the longest overdue (the first 200). */
    async overdue(user: CurrentUser) {
      if (!can(user, 'marac:coordinate')) throw new ActionError(403, 'You do not have permission to do this');
      return db.tenant(user.tenantId, (trx) => q.overdueActions(trx, londonDate(new Date()), 200));
    },
  };
}

export type MaracActionsService = ReturnType<typeof maracActionsService>;
