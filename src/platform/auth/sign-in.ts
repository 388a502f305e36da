import type { Database, Trx } from '../db/database.js';
import { recordAudit } from '../audit/audit-log.js';
import { findSignInCandidate } from './current-user.js';
import { verifyPassword } from './passwords.js';

export const MAX_FAILED_SIGN_INS = 5;
export const LOCKOUT_MINUTES = 15;

export type SignInResult = { ok: true; userId: string; tenantId: string } | { ok: false };

/**
 * Whose passwords still work. With single sign-on on (AUTH_MODE=oidc), a council that signs in through
 * its own provider keeps passwords for administrators alone: their emergency way in when the provider
 * is down or set up wrongly, recorded as such. Everyone else there signs in through the provider.
 */
export interface PasswordRules {
  singleSignOnOn: boolean;
}

/**
 * Checks an email and password. Every failure looks the same to the caller (no telling whether the
 * account exists, is locked or is inactive); the fifth failure in a row locks the account for 15
 * minutes. Successes, failures and lockouts of real accounts are audited.
 */
export async function signInWithPassword(
  db: Database,
  email: string,
  password: string,
  requestId: string,
  now = new Date(),
  rules: PasswordRules = { singleSignOnOn: false },
): Promise<SignInResult> {
  const candidate = await findSignInCandidate(db, email.trim().toLowerCase());
  const passwordOk = await verifyPassword(candidate?.passwordHash ?? null, password);
  if (!candidate) return { ok: false };
  const locked = candidate.lockedUntil !== null && candidate.lockedUntil.getTime() > now.getTime();
  return db.tenant(candidate.tenantId, async (trx) => {
    const base = { actorType: 'user' as const, actorId: candidate.id, subjectType: 'user', subjectId: candidate.id, requestId };
    const emergency = rules.singleSignOnOn && (await passwordsOnlyForAdministrators(trx));
    const administrator = emergency && (await isAdministrator(trx, candidate.id));
    if (passwordOk && candidate.active && !locked && (!emergency || administrator)) {
      await trx.updateTable('users').set({ failed_sign_ins: 0, locked_until: null }).where('id', '=', candidate.id).execute();
      await recordAudit(trx, candidate.tenantId, { ...base, action: 'session.sign-in', ...(emergency ? { details: { method: 'password', emergencyAccess: true } } : {}) });
      return { ok: true, userId: candidate.id, tenantId: candidate.tenantId };
    }
    const reason = !candidate.active ? 'inactive' : locked ? 'locked' : !passwordOk ? 'wrong-password' : 'single-sign-on-only';
    if (reason === 'wrong-password') await countWrongPassword(trx, candidate.tenantId, candidate.id, requestId, now);
    await recordAudit(trx, candidate.tenantId, { ...base, action: 'session.sign-in-failed', details: { reason } });
    return { ok: false };
  });
}

/**
 * Counts a wrong password given by or for an account: at sign-in, or as the current password when
 * changing it. The fifth in a row locks the account for 15 minutes (audited). Answers whether it is
 * now locked.
 */
export async function countWrongPassword(trx: Trx, tenantId: string, userId: string, requestId: string, now = new Date()): Promise<boolean> {
  const row = await trx
    .updateTable('users')
    .set((eb) => ({ failed_sign_ins: eb('failed_sign_ins', '+', 1) }))
    .where('id', '=', userId)
    .returning('failed_sign_ins')
    .executeTakeFirstOrThrow();
  if (row.failed_sign_ins < MAX_FAILED_SIGN_INS) return false;
  const until = new Date(now.getTime() + LOCKOUT_MINUTES * 60_000);
  await trx.updateTable('users').set({ locked_until: until, failed_sign_ins: 0 }).where('id', '=', userId).execute();
  await recordAudit(trx, tenantId, { actorType: 'user', actorId: userId, subjectType: 'user', subjectId: userId, requestId, action: 'user.locked', details: { minutes: LOCKOUT_MINUTES } });
  return true;
}

/** Whether the transaction's council signs in through its own provider (so passwords are for administrators only). */
async function passwordsOnlyForAdministrators(trx: Trx): Promise<boolean> {
  return (await trx.selectFrom('sso_settings').select('tenant_id').executeTakeFirst()) !== undefined;
}

async function isAdministrator(trx: Trx, userId: string): Promise<boolean> {
  const row = await trx.selectFrom('users').select('roles').where('id', '=', userId).executeTakeFirst();
  return row?.roles.includes('admin') ?? false;
}
