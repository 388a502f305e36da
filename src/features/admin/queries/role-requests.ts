import type { Trx } from '../../../platform/db/database.js';
import type { RoleRequestStatus } from '../../../platform/db/admin-schema.js';

/** Every role already waiting for approval for a user. */
export async function pendingRoles(trx: Trx, userId: string): Promise<string[]> {
  const rows = await trx.selectFrom('role_requests').select('roles').where('user_id', '=', userId).where('status', '=', 'pending').execute();
  return rows.flatMap((r) => r.roles);
}

export async function insertRoleRequest(
  trx: Trx,
  values: { tenantId: string; userId: string; roles: string[]; reason: string; requestedBy: string },
): Promise<string> {
  const row = await trx
    .insertInto('role_requests')
    .values({ tenant_id: values.tenantId, user_id: values.userId, roles: values.roles, reason: values.reason, requested_by: values.requestedBy })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface RoleRequestSummary {
  id: string;
  userId: string;
  userName: string;
  roles: string[];
  reason: string;
  requestedBy: string;
  requestedByName: string;
  requestedAt: Date;
  status: RoleRequestStatus;
  decidedByName: string | null;
  decidedAt: Date | null;
}

function roleRequestQuery(trx: Trx) {
  return trx
    .selectFrom('role_requests as r')
    .innerJoin('users as target', 'target.id', 'r.user_id')
    .innerJoin('users as asker', 'asker.id', 'r.requested_by')
    .leftJoin('users as decider', 'decider.id', 'r.decided_by')
    .select([
      'r.id',
      'r.user_id',
      'target.name as user_name',
      'r.roles',
      'r.reason',
      'r.requested_by',
      'asker.name as requested_by_name',
      'r.requested_at',
      'r.status',
      'decider.name as decided_by_name',
      'r.decided_at',
    ]);
}

type RoleRequestRow = Awaited<ReturnType<ReturnType<typeof roleRequestQuery>['executeTakeFirstOrThrow']>>;

function toSummary(r: RoleRequestRow): RoleRequestSummary {
  return {
    id: r.id,
    userId: r.user_id,
    userName: r.user_name,
    roles: r.roles,
    reason: r.reason,
    requestedBy: r.requested_by,
    requestedByName: r.requested_by_name,
    requestedAt: r.requested_at,
    status: r.status,
    decidedByName: r.decided_by_name,
    decidedAt: r.decided_at,
  };
}

/** Requests waiting for a decision, oldest first; with a user id, only that user's. */
export async function pendingRoleRequests(trx: Trx, userId?: string): Promise<RoleRequestSummary[]> {
  const rows = await roleRequestQuery(trx)
    .where('r.status', '=', 'pending')
    .$if(userId !== undefined, (q) => q.where('r.user_id', '=', userId ?? ''))
    .orderBy('r.requested_at')
    .orderBy('r.id')
    .execute();
  return rows.map(toSummary);
}

/** The latest decisions, newest first. */
export async function decidedRoleRequests(trx: Trx, limit: number): Promise<RoleRequestSummary[]> {
  const rows = await roleRequestQuery(trx).where('r.status', '!=', 'pending').orderBy('r.decided_at', 'desc').orderBy('r.id').limit(limit).execute();
  return rows.map(toSummary);
}

/** A request, locked until the transaction ends so that two administrators cannot both decide it. */
export async function roleRequestForDecision(trx: Trx, id: string) {
  return trx.selectFrom('role_requests').select(['id', 'user_id', 'roles', 'requested_by', 'status']).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function recordDecision(trx: Trx, id: string, status: 'approved' | 'refused', decidedBy: string): Promise<boolean> {
  const row = await trx
    .updateTable('role_requests')
    .set({ status, decided_by: decidedBy, decided_at: new Date() })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}
