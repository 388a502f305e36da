import { ServiceError } from '../../platform/http/service-error.js';
import { BREAK_GLASS_MINUTES, hasLiveGrant, type RestrictedSubject } from '../../platform/access/grants.js';
import { actionsFor, can, type Resource } from '../../platform/access/policy.js';
import { isRole } from '../../platform/access/roles.js';
import { recordAudit } from '../../platform/audit/audit-log.js';
import type { CurrentUser } from '../../platform/auth/current-user.js';
import type { Database, Trx } from '../../platform/db/database.js';
import { mayReceive, PROTECTED_INFORMATION, type ProtectedInformation } from './must-not-receive.js';

export class SafetyError extends ServiceError {}

function reasonOf(text: string, field = 'reason'): string {
  const reason = text.trim();
  if (!reason) throw new SafetyError(400, 'Give the reason', field);
  if (reason.length > 1000) throw new SafetyError(400, 'Give a reason of 1000 characters or fewer', field);
  return reason;
}

type RecordResource = Extract<Resource, { kind: 'person' | 'case' }>;

/** The record as the access policy sees it for this user (grant included), or null when there is none. */
async function recordResource(trx: Trx, user: CurrentUser, subject: RestrictedSubject, id: string): Promise<RecordResource | null> {
  if (subject === 'person') {
    const row = await trx.selectFrom('people').select(['id', 'tenant_id', 'restricted']).where('id', '=', id).executeTakeFirst();
    if (!row) return null;
    const actorHasGrant = row.restricted ? await hasLiveGrant(trx, 'person', id, user.id) : false;
    return { kind: 'person', tenantId: row.tenant_id, id, restricted: row.restricted, actorHasGrant };
  }
  const row = await trx.selectFrom('cases').select(['id', 'tenant_id', 'restricted', 'worker_id', 'team_id']).where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  const actorHasGrant = row.restricted ? await hasLiveGrant(trx, 'case', id, user.id) : false;
  return { kind: 'case', tenantId: row.tenant_id, id, restricted: row.restricted, actorHasGrant, workerId: row.worker_id, teamId: row.team_id };
}

const VIEW: Record<RestrictedSubject, 'person:view' | 'case:view'> = { person: 'person:view', case: 'case:view' };

/** The record, which the user must be able to open now; 404 when they may not know of it. */
async function openRecord(trx: Trx, user: CurrentUser, subject: RestrictedSubject, id: string): Promise<RecordResource> {
  const resource = await recordResource(trx, user, subject, id);
  if (!resource || !can(user, VIEW[subject], resource)) throw new SafetyError(404, 'There is no such record');
  return resource;
}

/** Must-not-receive lists, and restricted records: restricting, granting access, and break-glass. */
export function safetyService(db: Database) {
  const audit = (trx: Trx, user: CurrentUser, action: string, subjectType: string, subjectId: string, requestId: string, details?: Record<string, unknown>) =>
    recordAudit(trx, user.tenantId, { actorType: 'user', actorId: user.id, action, subjectType, subjectId, requestId, details });

  return {
    async addMustNotReceive(user: CurrentUser, caseId: string, personId: string, information: string[], reason: string, requestId: string): Promise<void> {
      if (!can(user, 'case:edit')) throw new SafetyError(403, 'You do not have permission to do this');
      const kinds = information.filter((i): i is ProtectedInformation => (PROTECTED_INFORMATION as readonly string[]).includes(i));
      if (kinds.length === 0 || kinds.length !== information.length) throw new SafetyError(400, 'Choose what they must not receive', 'information');
      const why = reasonOf(reason);
      await db.tenant(user.tenantId, async (trx) => {
        const kase = await openRecord(trx, user, 'case', caseId);
        if (!can(user, 'case:edit', kase)) throw new SafetyError(403, 'You do not have permission to do this');
        const member = await trx.selectFrom('case_members').select('person_id').where('case_id', '=', caseId).where('person_id', '=', personId).executeTakeFirst();
        if (!member) throw new SafetyError(400, 'Choose a person on this case', 'personId');
        await trx.insertInto('must_not_receive').values({ tenant_id: user.tenantId, case_id: caseId, person_id: personId, information: kinds, reason: why, added_by: user.id }).execute();
        await audit(trx, user, 'must-not-receive.add', 'case', caseId, requestId, { personId, information: kinds });
      });
    },

    async removeMustNotReceive(user: CurrentUser, caseId: string, entryId: string, requestId: string): Promise<void> {
      if (!can(user, 'case:edit')) throw new SafetyError(403, 'You do not have permission to do this');
      await db.tenant(user.tenantId, async (trx) => {
        const kase = await openRecord(trx, user, 'case', caseId);
        if (!can(user, 'case:edit', kase)) throw new SafetyError(403, 'You do not have permission to do this');
        const done = await trx
          .updateTable('must_not_receive')
          .set({ removed_at: new Date(), removed_by: user.id })
          .where('id', '=', entryId)
          .where('case_id', '=', caseId)
          .where('removed_at', 'is', null)
          .returning('id')
          .executeTakeFirst();
        if (!done) throw new SafetyError(404, 'There is no such entry');
        await audit(trx, user, 'must-not-receive.remove', 'case', caseId, requestId, { entryId });
      });
    },

    mayReceive: (tenantId: string, caseId: string, personId: string, information: readonly ProtectedInformation[]) =>
      db.tenant(tenantId, (trx) => mayReceive(trx, caseId, personId, information)),

    async restrict(user: CurrentUser, subject: RestrictedSubject, id: string, reason: string, requestId: string): Promise<void> {
      if (!can(user, 'restricted:grant')) throw new SafetyError(403, 'Only a manager can restrict a record');
      const why = reasonOf(reason);
      await db.tenant(user.tenantId, async (trx) => {
        await openRecord(trx, user, subject, id);
        if (subject === 'person') await trx.updateTable('people').set({ restricted: true, restricted_reason: why }).where('id', '=', id).execute();
        else await trx.updateTable('cases').set({ restricted: true, restricted_reason: why }).where('id', '=', id).execute();
        // The manager who restricts keeps access, so the record is never left with nobody able to open it.
        await trx.insertInto('access_grants').values({ tenant_id: user.tenantId, subject_type: subject, subject_id: id, user_id: user.id, kind: 'grant', reason: why, granted_by: user.id }).execute();
        await audit(trx, user, `${subject}.restrict`, subject, id, requestId, { reason: why });
      });
    },

    async grant(user: CurrentUser, subject: RestrictedSubject, id: string, toUserId: string, reason: string, requestId: string): Promise<void> {
      if (!can(user, 'restricted:grant')) throw new SafetyError(403, 'Only a manager can give access to a restricted record');
      const why = reasonOf(reason);
      await db.tenant(user.tenantId, async (trx) => {
        await openRecord(trx, user, subject, id);
        const target = await trx.selectFrom('users').select(['id', 'active']).where('id', '=', toUserId).executeTakeFirst();
        if (!target || !target.active) throw new SafetyError(400, 'Choose an active user', 'userId');
        await trx.insertInto('access_grants').values({ tenant_id: user.tenantId, subject_type: subject, subject_id: id, user_id: toUserId, kind: 'grant', reason: why, granted_by: user.id }).execute();
        await audit(trx, user, 'restricted.grant', subject, id, requestId, { userId: toUserId, reason: why });
      });
    },

    /** Opens a restricted record for 60 minutes on the user's own stated reason; the DPO sees every use. */
    async breakGlass(user: CurrentUser, subject: RestrictedSubject, id: string, reason: string, requestId: string, now = new Date()): Promise<Date> {
      const why = reasonOf(reason);
      const expiresAt = new Date(now.getTime() + BREAK_GLASS_MINUTES * 60_000);
      await db.tenant(user.tenantId, async (trx) => {
        const resource = await recordResource(trx, user, subject, id);
        if (!resource) throw new SafetyError(404, 'There is no such record');
        if (!can(user, 'restricted:break-glass', resource)) {
          throw new SafetyError(403, resource.restricted ? 'You do not have permission to do this' : 'This record is not restricted');
        }
        // Breaking the glass must lead somewhere: only someone who could open the record with access may.
        if (!can(user, VIEW[subject], { ...resource, actorHasGrant: true })) throw new SafetyError(404, 'There is no such record');
        await trx.insertInto('access_grants').values({ tenant_id: user.tenantId, subject_type: subject, subject_id: id, user_id: user.id, kind: 'break-glass', reason: why, granted_by: user.id, granted_at: now, expires_at: expiresAt }).execute();
        await audit(trx, user, 'restricted.break-glass', subject, id, requestId, { reason: why, minutes: BREAK_GLASS_MINUTES });
      });
      return expiresAt;
    },

    /** Whether a record exists and is restricted, for the pages that restrict, grant and break glass; null when there is no such record. */
    async recordState(user: CurrentUser, subject: RestrictedSubject, id: string): Promise<{ restricted: boolean; label: string } | null> {
      if (!can(user, 'restricted:grant') && !can(user, 'restricted:break-glass')) throw new SafetyError(403, 'You do not have permission to do this');
      return db.tenant(user.tenantId, async (trx) => {
        if (subject === 'case') {
          const row = await trx.selectFrom('cases').select(['restricted', 'reference']).where('id', '=', id).executeTakeFirst();
          return row ? { restricted: row.restricted, label: `Case ${row.reference}` } : null;
        }
        // A restricted person's name is all that search shows of them, so it may name the record here too.
        const row = await trx.selectFrom('people').select(['restricted', 'given_name', 'family_name']).where('id', '=', id).executeTakeFirst();
        return row ? { restricted: row.restricted, label: `${row.given_name} ${row.family_name}` } : null;
      });
    },

    /** Active users who work with people's records: who a manager can give access to. */
    async grantableUsers(user: CurrentUser): Promise<{ id: string; name: string }[]> {
      if (!can(user, 'restricted:grant')) throw new SafetyError(403, 'Only a manager can give access to a restricted record');
      const rows = await db.tenant(user.tenantId, (trx) =>
        trx.selectFrom('users').select(['id', 'name', 'roles']).where('active', '=', true).orderBy('name').orderBy('id').execute(),
      );
      return rows.filter((r) => r.roles.some((role) => isRole(role) && actionsFor(role).includes('person:view'))).map((r) => ({ id: r.id, name: r.name }));
    },

    /** Every break-glass use, newest first, for the DPO. */
    async breakGlassLog(user: CurrentUser, page: number) {
      if (!can(user, 'break-glass:review')) throw new SafetyError(403, 'You do not have permission to see this');
      const size = 50;
      return db.tenant(user.tenantId, async (trx) => {
        const rows = await trx
          .selectFrom('access_grants')
          .innerJoin('users', 'users.id', 'access_grants.user_id')
          .leftJoin('cases', (join) => join.onRef('cases.id', '=', 'access_grants.subject_id').on('access_grants.subject_type', '=', 'case'))
          .select([
            'access_grants.id',
            'access_grants.subject_type',
            'access_grants.subject_id',
            'access_grants.reason',
            'access_grants.granted_at',
            'access_grants.expires_at',
            'users.name as user_name',
            'users.email as user_email',
            'cases.reference as case_reference',
          ])
          .where('access_grants.kind', '=', 'break-glass')
          .orderBy('access_grants.granted_at', 'desc')
          .limit(size)
          .offset((page - 1) * size)
          .execute();
        const total = await trx.selectFrom('access_grants').select((eb) => eb.fn.countAll<string>().as('n')).where('kind', '=', 'break-glass').executeTakeFirstOrThrow();
        return { rows, total: Number(total.n), page, pageCount: Math.max(1, Math.ceil(Number(total.n) / size)) };
      });
    },
  };
}

export type SafetyService = ReturnType<typeof safetyService>;
