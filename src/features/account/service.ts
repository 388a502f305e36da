import type { Database } from '../../platform/db/database.js';
import { recordAudit } from '../../platform/audit/audit-log.js';
import type { CurrentUser } from '../../platform/auth/current-user.js';
import { hashPassword, passwordProblem, verifyPassword } from '../../platform/auth/passwords.js';
import { countWrongPassword } from '../../platform/auth/sign-in.js';
import { createSession, touchSession, type ActiveSession } from '../../platform/auth/sessions.js';
import { signInWithPassword, type PasswordRules } from '../../platform/auth/sign-in.js';
import { tokenHash } from '../../platform/auth/tokens.js';
import * as q from './queries.js';

export type ChangePasswordOutcome =
  | { ok: true }
  | { ok: false; field: 'currentPassword' | 'newPassword'; message: string }
  /** Too many wrong current passwords: the account is locked and every session of it ended. */
  | { ok: false; locked: true };

/** Setting a password through a link: done, refused because the link cannot be used, or a problem with the password. */
export type SetPasswordOutcome = { ok: true } | { ok: false; unusable: true } | { ok: false; field: 'newPassword'; message: string };

/** The token of a password link is 32 random bytes in base64url. Anything else is not looked up. */
const LINK_TOKEN = /^[A-Za-z0-9_-]{43}$/;

export function accountService(db: Database, rules: PasswordRules = { singleSignOnOn: false }) {
  return {
    /**
     * The new session's id for the cookie; or, when sign-in failed (for any reason), how long to wait
     * before trying again (0 unless earlier failures slowed this account or address).
     */
    async signIn(email: string, password: string, requestId: string, address: string): Promise<{ id: string } | { waitSeconds: number }> {
      const result = await signInWithPassword(db, email, password, requestId, new Date(), rules, address);
      if (!result.ok) return { waitSeconds: result.waitSeconds };
      return createSession(db, { id: result.userId, tenantId: result.tenantId });
    },

    async signOut(session: ActiveSession, requestId: string): Promise<void> {
      const { user } = session;
      await db.tenant(user.tenantId, async (trx) => {
        await q.endSession(trx, session.idHash);
        await recordAudit(trx, user.tenantId, {
          actorType: 'user',
          actorId: user.id,
          action: 'session.sign-out',
          subjectType: 'user',
          subjectId: user.id,
          requestId,
          ...(session.signedInWith === 'single-sign-on' ? { details: { method: 'single-sign-on', atProvider: session.providerSignOutUrl !== null } } : {}),
        });
      });
    },

    keepAlive: (session: ActiveSession) => touchSession(db, session),

    /** Changes the password and signs the user out of every other session (this one stays). */
    async changePassword(user: CurrentUser, current: string, proposed: string, requestId: string, keepSessionHash?: string): Promise<ChangePasswordOutcome> {
      const passwordHashNow = await db.tenant(user.tenantId, (trx) => q.passwordHashOf(trx, user.id));
      if (!(await verifyPassword(passwordHashNow, current))) {
        // Guesses of the current password count as wrong sign-ins, so a session left open cannot be used to try password after password.
        const locked = await db.tenant(user.tenantId, async (trx) => {
          await recordAudit(trx, user.tenantId, { actorType: 'user', actorId: user.id, action: 'user.password-change-refused', subjectType: 'user', subjectId: user.id, requestId, details: { reason: 'wrong-current-password' } });
          if (!(await countWrongPassword(trx, user.tenantId, user.id, requestId))) return false;
          await q.endOtherSessions(trx, user.id);
          return true;
        });
        if (locked) return { ok: false, locked: true };
        return { ok: false, field: 'currentPassword', message: 'Your current password is not right. After 5 wrong passwords in a row you are signed out and the account is locked for 15 minutes.' };
      }
      const problem = passwordProblem(proposed, user.email);
      if (problem) return { ok: false, field: 'newPassword', message: problem };
      if (current === proposed) return { ok: false, field: 'newPassword', message: 'Enter a new password that is different from your current one' };
      const passwordHash = await hashPassword(proposed);
      await db.tenant(user.tenantId, async (trx) => {
        await q.setChangedPassword(trx, user.id, passwordHash);
        await q.endOtherSessions(trx, user.id, keepSessionHash);
        await recordAudit(trx, user.tenantId, { actorType: 'user', actorId: user.id, action: 'user.password-change', subjectType: 'user', subjectId: user.id, requestId });
      });
      return { ok: true };
    },

    /** Whether a link to set a password can still be used. Opening it uses nothing up. */
    async passwordLinkUsable(token: string): Promise<boolean> {
      const link = await findLink(token);
      return link?.usable ?? false;
    },

    /**
     * Sets the password of the link's holder and uses the link up, once. Signs them out everywhere
     * and signs nobody in: they sign in with the new password.
     */
    async setPasswordWithLink(token: string, proposed: string, requestId: string): Promise<SetPasswordOutcome> {
      const unusable = { ok: false, unusable: true } as const;
      const link = await findLink(token);
      if (!link?.usable) return unusable;
      const email = await db.tenant(link.tenantId, (trx) => q.userEmail(trx, link.userId));
      if (email === null) return unusable;
      const problem = passwordProblem(proposed, email);
      if (problem) return { ok: false, field: 'newPassword', message: problem };
      const passwordHash = await hashPassword(proposed);
      return db.tenant(link.tenantId, async (trx): Promise<SetPasswordOutcome> => {
        const used = await q.useLink(trx, link.id, new Date());
        if (!used) return unusable;
        await q.setOwnPassword(trx, link.userId, passwordHash);
        await recordAudit(trx, link.tenantId, {
          actorType: 'user',
          actorId: link.userId,
          action: 'user.password-set',
          subjectType: 'user',
          subjectId: link.userId,
          requestId,
          details: { purpose: used.purpose, link: link.id },
        });
        return { ok: true };
      });
    },
  };

  function findLink(token: string) {
    return LINK_TOKEN.test(token) ? db.anonymous((trx) => q.findPasswordLink(trx, tokenHash(token))) : Promise.resolve(null);
  }
}

export type AccountService = ReturnType<typeof accountService>;
