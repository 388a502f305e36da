import type { Trx } from '../../platform/db/database.js';

/** The user's authenticator app as stored: the sealed secret, whether it is set up, the last step used. */
export async function appOf(trx: Trx, userId: string) {
  const row = await trx
    .selectFrom('users')
    .select(['email', 'mfa_secret_sealed', 'mfa_enrolled_at', 'mfa_last_time_step'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    email: row.email,
    sealedSecret: row.mfa_secret_sealed,
    enrolledAt: row.mfa_enrolled_at,
    lastTimeStep: row.mfa_last_time_step === null ? null : Number(row.mfa_last_time_step),
  };
}

/** Keeps a new secret being set up (replacing one set up before only while it is not yet in use). */
export async function keepSecretBeingSetUp(trx: Trx, userId: string, sealed: string): Promise<void> {
  await trx.updateTable('users').set({ mfa_secret_sealed: sealed, mfa_last_time_step: null }).where('id', '=', userId).where('mfa_enrolled_at', 'is', null).execute();
}

/** The app is set up: a code from it was entered. False when it was set up meanwhile (another tab). */
export async function markSetUp(trx: Trx, userId: string, timeStep: number, now: Date): Promise<boolean> {
  const row = await trx
    .updateTable('users')
    .set({ mfa_enrolled_at: now, mfa_last_time_step: timeStep })
    .where('id', '=', userId)
    .where('mfa_enrolled_at', 'is', null)
    .where('mfa_secret_sealed', 'is not', null)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Records the step of a code just accepted, if no later one was accepted meanwhile (a code works once). */
export async function useTimeStep(trx: Trx, userId: string, timeStep: number, lastTimeStep: number | null): Promise<boolean> {
  let update = trx.updateTable('users').set({ mfa_last_time_step: timeStep }).where('id', '=', userId);
  update = lastTimeStep === null ? update.where('mfa_last_time_step', 'is', null) : update.where('mfa_last_time_step', '=', String(lastTimeStep));
  return (await update.returning('id').executeTakeFirst()) !== undefined;
}

export async function replaceRecoveryCodes(trx: Trx, tenantId: string, userId: string, hashes: string[]): Promise<void> {
  await trx.deleteFrom('mfa_recovery_codes').where('user_id', '=', userId).execute();
  await trx.insertInto('mfa_recovery_codes').values(hashes.map((code_hash) => ({ tenant_id: tenantId, user_id: userId, code_hash }))).execute();
}

export async function unusedRecoveryCodes(trx: Trx, userId: string): Promise<{ id: string; codeHash: string }[]> {
  const rows = await trx.selectFrom('mfa_recovery_codes').select(['id', 'code_hash']).where('user_id', '=', userId).where('used_at', 'is', null).execute();
  return rows.map((r) => ({ id: r.id, codeHash: r.code_hash }));
}

/** Uses a recovery code up, if it still can be. */
export async function useRecoveryCode(trx: Trx, id: string, now: Date): Promise<boolean> {
  return (await trx.updateTable('mfa_recovery_codes').set({ used_at: now }).where('id', '=', id).where('used_at', 'is', null).returning('id').executeTakeFirst()) !== undefined;
}

export async function recoveryCodesLeft(trx: Trx, userId: string): Promise<number> {
  const row = await trx
    .selectFrom('mfa_recovery_codes')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function tenantRequiresSecondStep(trx: Trx, tenantId: string): Promise<boolean> {
  const row = await trx.selectFrom('tenants').select('mfa_required').where('id', '=', tenantId).executeTakeFirst();
  return row?.mfa_required ?? false;
}
