import type { Database } from '../../platform/db/database.js';
import { recordAudit } from '../../platform/audit/audit-log.js';
import type { CurrentUser } from '../../platform/auth/current-user.js';
import { hashPassword, passwordProblem, verifyPassword } from '../../platform/auth/passwords.js';
import { createSession, touchSession, type ActiveSession } from '../../platform/auth/sessions.js';
import { signInWithPassword } from '../../platform/auth/sign-in.js';

export type ChangePasswordOutcome = { ok: true } | { ok: false; field: 'currentPassword' | 'newPassword'; message: string };

export function accountService(db: Database) {
  return {
    /** Returns the new session's id for the cookie, or null when sign-in failed (for any reason). */
    async signIn(email: string, password: string, requestId: string): Promise<{ id: string } | null> {
      const result = await signInWithPassword(db, email, password, requestId);
      if (!result.ok) return null;
      return createSession(db, { id: result.userId, tenantId: result.tenantId });
    },

    async signOut(session: ActiveSession, requestId: string): Promise<void> {
      const { user } = session;
      await db.tenant(user.tenantId, async (trx) => {
        await trx.deleteFrom('sessions').where('id_hash', '=', session.idHash).execute();
        await recordAudit(trx, user.tenantId, { actorType: 'user', actorId: user.id, action: 'session.sign-out', subjectType: 'user', subjectId: user.id, requestId });
      });
    },

    keepAlive: (session: ActiveSession) => touchSession(db, session),

    /** Changes the password and signs the user out of every other session (this one stays). */
    async changePassword(user: CurrentUser, current: string, proposed: string, requestId: string, keepSessionHash?: string): Promise<ChangePasswordOutcome> {
      const row = await db.tenant(user.tenantId, (trx) => trx.selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirst());
      if (!(await verifyPassword(row?.password_hash ?? null, current))) {
        return { ok: false, field: 'currentPassword', message: 'Your current password is not right' };
      }
      const problem = passwordProblem(proposed, user.email);
      if (problem) return { ok: false, field: 'newPassword', message: problem };
      if (current === proposed) return { ok: false, field: 'newPassword', message: 'Enter a new password that is different from your current one' };
      const passwordHash = await hashPassword(proposed);
      await db.tenant(user.tenantId, async (trx) => {
        await trx
          .updateTable('users')
          .set({ password_hash: passwordHash, must_change_password: false, updated_at: new Date() })
          .where('id', '=', user.id)
          .execute();
        let others = trx.deleteFrom('sessions').where('user_id', '=', user.id);
        if (keepSessionHash) others = others.where('id_hash', '!=', keepSessionHash);
        await others.execute();
        await recordAudit(trx, user.tenantId, { actorType: 'user', actorId: user.id, action: 'user.password-change', subjectType: 'user', subjectId: user.id, requestId });
      });
      return { ok: true };
    },

  };
}

export type AccountService = ReturnType<typeof accountService>;
