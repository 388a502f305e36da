import type { Trx } from '../../../platform/db/database.js';

export interface AppResetRequest {
  id: string;
  reason: string;
  requestedBy: string;
  requestedByName: string;
  requestedAt: Date;
}

/** The user's authenticator app (when it was set up) and any reset waiting for a second administrator. */
export async function appAndPendingReset(trx: Trx, userId: string): Promise<{ setUpAt: Date | null; pending: AppResetRequest | null } | null> {
  const user = await trx.selectFrom('users').select('mfa_enrolled_at').where('id', '=', userId).executeTakeFirst();
  if (!user) return null;
  const pending = await trx
    .selectFrom('mfa_reset_requests as r')
    .innerJoin('users as asker', 'asker.id', 'r.requested_by')
    .select(['r.id', 'r.reason', 'r.requested_by', 'asker.name as requested_by_name', 'r.requested_at'])
    .where('r.user_id', '=', userId)
    .where('r.status', '=', 'pending')
    .executeTakeFirst();
  return {
    setUpAt: user.mfa_enrolled_at,
    pending: pending ? { id: pending.id, reason: pending.reason, requestedBy: pending.requested_by, requestedByName: pending.requested_by_name, requestedAt: pending.requested_at } : null,
  };
}

export async function insertAppReset(trx: Trx, values: { tenantId: string; userId: string; reason: string; requestedBy: string }): Promise<string> {
  const row = await trx
    .insertInto('mfa_reset_requests')
    .values({ tenant_id: values.tenantId, user_id: values.userId, reason: values.reason, requested_by: values.requestedBy })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function appResetForDecision(trx: Trx, id: string) {
  return trx.selectFrom('mfa_reset_requests').select(['user_id', 'requested_by', 'status']).where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Records the decision if the request is still waiting; false when it was decided meanwhile. */
export async function decideAppReset(trx: Trx, id: string, status: 'approved' | 'refused', decidedBy: string): Promise<boolean> {
  const row = await trx
    .updateTable('mfa_reset_requests')
    .set({ status, decided_by: decidedBy, decided_at: new Date() })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Takes the app away: its secret, the codes, and every session (they set up an app again at next sign-in). */
export async function removeApp(trx: Trx, userId: string): Promise<void> {
  await trx.updateTable('users').set({ mfa_secret_sealed: null, mfa_enrolled_at: null, mfa_last_time_step: null, updated_at: new Date() }).where('id', '=', userId).execute();
  await trx.deleteFrom('mfa_recovery_codes').where('user_id', '=', userId).execute();
  await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
}
