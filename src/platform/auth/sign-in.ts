import type { Database, Trx } from '../db/database.js';
import { recordAudit } from '../audit/audit-log.js';
import { findSignInCandidate } from './current-user.js';
import { verifyPassword } from './passwords.js';
import { clearAccount, countFailure, secondsToWait } from './throttle.js';

export const MAX_FAILED_SIGN_INS = 5;
export const LOCKOUT_MINUTES = 15;

/** A failed sign-in, and when it was refused unchecked because of earlier failures, how long to wait. */
export type SignInResult = { ok: true; userId: string; tenantId: string } | { ok: false; waitSeconds: number };

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
 * account exists, is locked or is inactive). Failures are counted per account and per client address
 * in the database (throttle.ts): after a few, each try must wait longer, up to a minute, and a try
 * before its time is refused without the password being checked, so guessing is slowed but nobody
 * can lock another person out. Successes and failures of real accounts are audited.
 */
export async function signInWithPassword(
  db: Database,
  email: string,
  password: string,
  requestId: string,
  now = new Date(),
  rules: PasswordRules = { singleSignOnOn: false },
  address = 'unknown',
): Promise<SignInResult> {
  const normalised = email.trim().toLowerCase();
  const source = { email: normalised, address };
  const waitSeconds = await secondsToWait(db, source, now);
  const candidate = await findSignInCandidate(db, normalised);
  if (waitSeconds > 0) {
    if (candidate) {
      await db.tenant(candidate.tenantId, (trx) =>
        recordAudit(trx, candidate.tenantId, { actorType: 'user', actorId: candidate.id, subjectType: 'user', subjectId: candidate.id, requestId, action: 'session.sign-in-failed', details: { reason: 'throttled', waitSeconds } }),
      );
    }
    return { ok: false, waitSeconds };
  }
  const passwordOk = await verifyPassword(candidate?.passwordHash ?? null, password);
  if (!candidate) {
    await countFailure(db, source, now);
    return { ok: false, waitSeconds: 0 };
  }
  const locked = candidate.lockedUntil !== null && candidate.lockedUntil.getTime() > now.getTime();
  const result = await db.tenant(candidate.tenantId, async (trx): Promise<SignInResult> => {
    const base = { actorType: 'user' as const, actorId: candidate.id, subjectType: 'user', subjectId: candidate.id, requestId };
    const emergency = rules.singleSignOnOn && (await passwordsOnlyForAdministrators(trx));
    const administrator = emergency && (await isAdministrator(trx, candidate.id));
    if (passwordOk && candidate.active && !locked && (!emergency || administrator)) {
      await trx.updateTable('users').set({ failed_sign_ins: 0 }).where('id', '=', candidate.id).execute();
      await recordAudit(trx, candidate.tenantId, { ...base, action: 'session.sign-in', ...(emergency ? { details: { method: 'password', emergencyAccess: true } } : {}) });
      return { ok: true, userId: candidate.id, tenantId: candidate.tenantId };
    }
    const reason = !candidate.active ? 'inactive' : locked ? 'locked' : !passwordOk ? 'wrong-password' : 'single-sign-on-only';
    await recordAudit(trx, candidate.tenantId, { ...base, action: 'session.sign-in-failed', details: { reason } });
    return { ok: false, waitSeconds: 0 };
  });
  if (result.ok) await clearAccount(db, normalised);
  else await countFailure(db, source, now);
  return result;
}

/**
 * Counts a wrong current password given when changing it, by someone already signed in: the fifth in a
 * row locks the account for 15 minutes (audited), and the caller signs it out everywhere. (Sign-in
 * itself slows guessing instead, so that nobody can lock another person out: throttle.ts.) Answers
 * whether it is now locked.
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
