import { pageCountOf } from '../../platform/http/pagination.js';
import { ServiceError } from '../../platform/http/service-error.js';
import { accessFacts, mayBreakGlass, requireAccess } from '../../platform/access/decide.js';
import { BREAK_GLASS_MINUTES } from '../../platform/access/facts.js';
import { actionsFor, can } from '../../platform/access/policy.js';
import { isRole } from '../../platform/access/roles.js';
import { recordAudit } from '../../platform/audit/audit-log.js';
import type { CurrentUser } from '../../platform/auth/current-user.js';
import type { Database, Trx } from '../../platform/db/database.js';
import { mayReceive, PROTECTED_INFORMATION, type ProtectedInformation } from './must-not-receive.js';
import * as grantStore from '../../platform/access/grants.js';
import * as q from './queries.js';

export class SafetyError extends ServiceError {}

export type RestrictedSubject = q.RecordKind;

/** The longest a named grant to see withheld whereabouts may run. */
export const WHEREABOUTS_GRANT_MAX_DAYS = 28;

function reasonOf(text: string, field = 'reason'): string {
  const reason = text.trim();
  if (!reason) throw new SafetyError(400, 'Give the reason', field);
  if (reason.length > 1000) throw new SafetyError(400, 'Give a reason of 1000 characters or fewer', field);
  return reason;
}

const VIEW = { person: 'person:view', case: 'case:view' } as const;

/** What the record pages may say about it: a label only for someone the decision lets manage it or break glass into it. */
export type RecordPurpose = 'manage' | 'break-glass';

/** Must-not-receive lists, restricted records (restricting, lifting, giving and withdrawing access, break-glass) and whereabouts grants. */
export function safetyService(db: Database) {
  const audit = (trx: Trx, user: CurrentUser, action: string, subjectType: string, subjectId: string, requestId: string, details?: Record<string, unknown>) =>
    recordAudit(trx, user.tenantId, { actorType: 'user', actorId: user.id, action, subjectType, subjectId, requestId, details });

  /** The user a grant goes to: active, works with people's records, and not the person giving it. */
  async function grantee(trx: Trx, user: CurrentUser, toUserId: string) {
    const target = await q.findUser(trx, toUserId);
    if (!target || !target.active || !target.roles.some((r) => isRole(r) && actionsFor(r).includes('person:view'))) {
      throw new SafetyError(400, 'Choose an active practitioner', 'userId');
    }
    if (target.id === user.id) throw new SafetyError(400, 'You cannot give access to yourself: ask another manager', 'userId');
    return target;
  }

  return {
    async addMustNotReceive(user: CurrentUser, caseId: string, personId: string, information: string[], reason: string, requestId: string): Promise<void> {
      const kinds = information.filter((i): i is ProtectedInformation => (PROTECTED_INFORMATION as readonly string[]).includes(i));
      if (kinds.length === 0 || kinds.length !== information.length) throw new SafetyError(400, 'Choose what they must not receive', 'information');
      const why = reasonOf(reason);
      await db.tenant(user.tenantId, async (trx) => {
        await requireAccess(trx, user, 'case:edit', { kind: 'case', id: caseId });
        if (!(await q.caseMember(trx, caseId, personId))) throw new SafetyError(400, 'Choose a person on this case', 'personId');
        await q.insertMustNotReceive(trx, { tenantId: user.tenantId, caseId, personId, information: kinds, reason: why, addedBy: user.id });
        await audit(trx, user, 'must-not-receive.add', 'case', caseId, requestId, { personId, information: kinds });
      });
    },

    /** Takes a name off the list, confirmed with the reason (kept with the entry and in the audit log). */
    async removeMustNotReceive(user: CurrentUser, caseId: string, entryId: string, reason: string, requestId: string): Promise<void> {
      const why = reason.trim();
      if (!why) throw new SafetyError(400, 'Say why they may now receive this information', 'reason');
      if (why.length > 1000) throw new SafetyError(400, 'Give a reason of 1,000 characters or fewer', 'reason');
      await db.tenant(user.tenantId, async (trx) => {
        await requireAccess(trx, user, 'case:edit', { kind: 'case', id: caseId });
        if (!(await q.removeMustNotReceive(trx, caseId, entryId, user.id, why))) throw new SafetyError(404, 'There is no such entry');
        await audit(trx, user, 'must-not-receive.remove', 'case', caseId, requestId, { entryId, reason: why });
      });
    },

    mayReceive: (tenantId: string, caseId: string, personId: string, information: readonly ProtectedInformation[]) =>
      db.tenant(tenantId, (trx) => mayReceive(trx, caseId, personId, information)),

    /**
     * Restricts a record. The manager who restricts it and the workers allocated to it keep access, so the
     * record is never taken from the people working with the family; the page names them.
     */
    async restrict(user: CurrentUser, subject: RestrictedSubject, id: string, reason: string, requestId: string): Promise<string[]> {
      if (!can(user, 'restricted:grant')) throw new SafetyError(403, 'Only a manager can restrict a record');
      const why = reasonOf(reason);
      return db.tenant(user.tenantId, async (trx) => {
        const resource = await requireAccess(trx, user, 'restricted:grant', { kind: subject, id });
        if (resource.restricted) throw new SafetyError(409, 'This record is already restricted');
        await q.setRestriction(trx, subject, id, why);
        const keepers = [...new Set([user.id, ...(await q.allocatedWorkers(trx, subject, id))])];
        for (const keeper of keepers) {
          await grantStore.insertGrant(trx, { tenantId: user.tenantId, subject, subjectId: id, userId: keeper, kind: 'grant', reason: why, grantedBy: user.id });
        }
        await audit(trx, user, `${subject}.restrict`, subject, id, requestId, { reason: why, keptBy: keepers });
        return keepers;
      });
    },

    /** Lifts a restriction, with the reason: the record is open again to everyone with a relationship. */
    async lift(user: CurrentUser, subject: RestrictedSubject, id: string, reason: string, requestId: string): Promise<void> {
      if (!can(user, 'restricted:grant')) throw new SafetyError(403, 'Only a manager can lift a restriction');
      const why = reasonOf(reason);
      await db.tenant(user.tenantId, async (trx) => {
        const resource = await requireAccess(trx, user, 'restricted:grant', { kind: subject, id });
        if (!resource.restricted) throw new SafetyError(409, 'This record is not restricted');
        await q.setRestriction(trx, subject, id, null);
        await audit(trx, user, `${subject}.lift-restriction`, subject, id, requestId, { reason: why });
      });
    },

    async grant(user: CurrentUser, subject: RestrictedSubject, id: string, toUserId: string, reason: string, requestId: string): Promise<void> {
      if (!can(user, 'restricted:grant')) throw new SafetyError(403, 'Only a manager can give access to a restricted record');
      const why = reasonOf(reason);
      await db.tenant(user.tenantId, async (trx) => {
        await requireAccess(trx, user, 'restricted:grant', { kind: subject, id });
        const target = await q.findUser(trx, toUserId);
        if (!target || !target.active) throw new SafetyError(400, 'Choose an active user', 'userId');
        await grantStore.insertGrant(trx, { tenantId: user.tenantId, subject, subjectId: id, userId: toUserId, kind: 'grant', reason: why, grantedBy: user.id });
        await audit(trx, user, 'restricted.grant', subject, id, requestId, { userId: toUserId, reason: why });
      });
    },

    /**
     * Gives one named practitioner sight of a person's withheld whereabouts for a number of days, for
     * a reason (a visit, say). Only someone who sees them by role may give it, and never to themselves.
     */
    async grantWhereabouts(user: CurrentUser, personId: string, toUserId: string, reason: string, days: number, requestId: string, now = new Date()): Promise<Date> {
      if (!can(user, 'whereabouts:grant')) throw new SafetyError(403, 'Only a manager who can see withheld whereabouts can give access to them');
      const why = reasonOf(reason);
      if (!Number.isInteger(days) || days < 1 || days > WHEREABOUTS_GRANT_MAX_DAYS) throw new SafetyError(400, `Choose how many days, from 1 to ${WHEREABOUTS_GRANT_MAX_DAYS}`, 'days');
      const expiresAt = new Date(now.getTime() + days * 86_400_000);
      await db.tenant(user.tenantId, async (trx) => {
        await requireAccess(trx, user, 'whereabouts:grant', { kind: 'person', id: personId });
        const target = await grantee(trx, user, toUserId);
        await grantStore.insertGrant(trx, { tenantId: user.tenantId, subject: 'person', subjectId: personId, userId: target.id, kind: 'whereabouts', reason: why, grantedBy: user.id, grantedAt: now, expiresAt });
        await audit(trx, user, 'whereabouts.grant', 'person', personId, requestId, { userId: target.id, reason: why, days });
      });
      return expiresAt;
    },

    /** Withdraws a live grant (access to a restricted record, or to withheld whereabouts), with the reason. */
    async withdraw(user: CurrentUser, subject: RestrictedSubject, id: string, grantId: string, reason: string, requestId: string): Promise<void> {
      const why = reasonOf(reason);
      await db.tenant(user.tenantId, async (trx) => {
        const live = (await grantStore.liveGrants(trx, subject, id)).find((g) => g.id === grantId);
        if (!live) throw new SafetyError(404, 'There is no such access to withdraw');
        await requireAccess(trx, user, live.kind === 'whereabouts' ? 'whereabouts:grant' : 'restricted:grant', { kind: subject, id });
        await grantStore.revokeGrant(trx, grantId, subject, id, user.id, why);
        await audit(trx, user, live.kind === 'whereabouts' ? 'whereabouts.withdraw' : 'restricted.withdraw', subject, id, requestId, { grantId, userId: live.user_id, reason: why });
      });
    },

    /** Who holds access to the record now, for the pages that give and withdraw it. */
    async access(user: CurrentUser, subject: RestrictedSubject, id: string) {
      return db.tenant(user.tenantId, async (trx) => {
        const resource = await requireAccess(trx, user, VIEW[subject], { kind: subject, id });
        const grants = await grantStore.liveGrants(trx, subject, id);
        return {
          grants: grants.filter((g) => g.kind === 'grant' || (g.kind === 'whereabouts' && can(user, 'whereabouts:grant', resource))),
          mayManage: can(user, 'restricted:grant', resource),
          mayGrantWhereabouts: subject === 'person' && can(user, 'whereabouts:grant', resource),
        };
      });
    },

    /** Opens a record for 60 minutes on the user's own stated reason; the DPO sees every use. */
    async breakGlass(user: CurrentUser, subject: RestrictedSubject, id: string, reason: string, requestId: string, now = new Date()): Promise<Date> {
      const why = reasonOf(reason);
      const expiresAt = new Date(now.getTime() + BREAK_GLASS_MINUTES * 60_000);
      await db.tenant(user.tenantId, async (trx) => {
        const resource = await accessFacts(trx, user, { kind: subject, id });
        if (!resource || !mayBreakGlass(user, resource)) throw new SafetyError(404, 'There is no such record');
        await grantStore.insertGrant(trx, { tenantId: user.tenantId, subject, subjectId: id, userId: user.id, kind: 'break-glass', reason: why, grantedBy: user.id, grantedAt: now, expiresAt });
        await audit(trx, user, 'restricted.break-glass', subject, id, requestId, { reason: why, minutes: BREAK_GLASS_MINUTES, restricted: resource.restricted });
      });
      return expiresAt;
    },

    /**
     * The record's label and state for the pages that restrict it, give access and break glass: `allowed`
     * says whether this user may do that here, `opens` whether they can already open the record. Null
     * (a 404) when they may do neither: nobody learns a record's name from these pages.
     */
    async recordState(user: CurrentUser, subject: RestrictedSubject, id: string, purpose: RecordPurpose) {
      return db.tenant(user.tenantId, async (trx) => {
        const resource = await accessFacts(trx, user, { kind: subject, id });
        if (!resource) return null;
        const allowed = purpose === 'break-glass' ? mayBreakGlass(user, resource) : can(user, 'restricted:grant', resource);
        const opens = can(user, VIEW[subject], resource);
        if (!allowed && !opens) return null;
        const label = await q.recordLabel(trx, subject, id);
        return label && { ...label, allowed, opens };
      });
    },

    /** Active users who work with people's records: who a manager can give access to. */
    async grantableUsers(user: CurrentUser): Promise<{ id: string; name: string }[]> {
      if (!can(user, 'restricted:grant') && !can(user, 'whereabouts:grant')) throw new SafetyError(403, 'Only a manager can give access');
      const rows = await db.tenant(user.tenantId, (trx) => q.activeUsers(trx));
      return rows.filter((r) => r.id !== user.id && r.roles.some((role) => isRole(role) && actionsFor(role).includes('person:view'))).map((r) => ({ id: r.id, name: r.name }));
    },

    /** Every break-glass use, newest first, for the DPO. */
    async breakGlassLog(user: CurrentUser, page: number) {
      if (!can(user, 'break-glass:review')) throw new SafetyError(403, 'You do not have permission to see this');
      const size = 50;
      const { rows, total } = await db.tenant(user.tenantId, (trx) => grantStore.breakGlassLog(trx, size, (page - 1) * size));
      return { rows, total, page, pageCount: pageCountOf(total, size) };
    },
  };
}

export type SafetyService = ReturnType<typeof safetyService>;

// What other features may use of safety: the kinds of information a must-not-receive entry protects.
export { PROTECTED_INFORMATION, PROTECTED_INFORMATION_LABELS, type ProtectedInformation } from './must-not-receive.js';
/** For documents made in the caller's transaction: may this person receive these kinds of information from this case? */
export { mayReceive } from './must-not-receive.js';
