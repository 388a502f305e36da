import { sql } from 'kysely';
import type { Trx } from '../../platform/db/database.js';

export interface PasswordLinkLookup {
  id: string;
  tenantId: string;
  userId: string;
  /** Not used, not replaced by a newer link, not expired, and the account is active. */
  usable: boolean;
}

/** Whose link a token hash is, before the tenant is known (a security-definer look-up). */
export async function findPasswordLink(trx: Trx, tokenHash: string): Promise<PasswordLinkLookup | null> {
  const result = await sql<{ id: string; tenant_id: string; user_id: string; usable: boolean }>`select * from auth_password_link(${tokenHash})`.execute(trx);
  const row = result.rows[0];
  return row ? { id: row.id, tenantId: row.tenant_id, userId: row.user_id, usable: row.usable } : null;
}

export async function userEmail(trx: Trx, userId: string): Promise<string | null> {
  const row = await trx.selectFrom('users').select('email').where('id', '=', userId).where('active', '=', true).executeTakeFirst();
  return row?.email ?? null;
}

/** Marks a link used, if it still can be. False when it was used, replaced or expired meanwhile. */
export async function useLink(trx: Trx, linkId: string, now: Date): Promise<{ purpose: string } | null> {
  const row = await trx
    .updateTable('password_links')
    .set({ used_at: now })
    .where('id', '=', linkId)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .returning('purpose')
    .executeTakeFirst();
  return row ?? null;
}

/** Sets a password the user chose, unlocks the account and ends every session. */
export async function setOwnPassword(trx: Trx, userId: string, passwordHash: string): Promise<void> {
  await trx
    .updateTable('users')
    .set({ password_hash: passwordHash, must_change_password: false, failed_sign_ins: 0, locked_until: null, updated_at: new Date() })
    .where('id', '=', userId)
    .execute();
  await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

export async function passwordHashOf(trx: Trx, userId: string): Promise<string | null> {
  const row = await trx.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirst();
  return row?.password_hash ?? null;
}

/** Sets a new password the user chose when changing it, and clears the demand to change it. */
export async function setChangedPassword(trx: Trx, userId: string, passwordHash: string): Promise<void> {
  await trx.updateTable('users').set({ password_hash: passwordHash, must_change_password: false, updated_at: new Date() }).where('id', '=', userId).execute();
}

/** Ends every session of a user but the one whose hash is kept (when given). */
export async function endOtherSessions(trx: Trx, userId: string, keepSessionHash?: string): Promise<void> {
  let others = trx.deleteFrom('sessions').where('user_id', '=', userId);
  if (keepSessionHash) others = others.where('id_hash', '!=', keepSessionHash);
  await others.execute();
}

export async function endSession(trx: Trx, idHash: string): Promise<void> {
  await trx.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}
