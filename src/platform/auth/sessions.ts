import { sql } from 'kysely';
import { enterTenant, type Database, type Trx } from '../db/database.js';
import type { SignInMethod } from '../db/schema.js';
import { isSensitiveRole } from '../access/sensitive-roles.js';
import { secondStepDue, type SecondStepDue } from '../../domain/sign-in/second-step.js';
import { currentUserFrom, userQuery, type CurrentUser } from './current-user.js';
import { randomToken, tokenHash } from './tokens.js';

export interface ActiveSession {
  idHash: string;
  user: CurrentUser;
  csrfToken: string;
  lastSeenAt: Date;
  signedInWith: SignInMethod;
  /** Single sign-on: the provider's end-session address, where signing out sends the browser next. */
  providerSignOutUrl: string | null;
  /** What the session must still do at sign-in before any page opens: enter a code, or set up an app. */
  secondStep: SecondStepDue;
}

/** Why a session ended: idle too long, or open longer than the tenant's session lifetime (in hours). */
export type SessionEnd = { reason: 'idle' } | { reason: 'lifetime'; hours: number };

export type SessionLookup = { state: 'active'; session: ActiveSession } | ({ state: 'expired' } & SessionEnd) | { state: 'none' };

/** How often last-seen is written: often enough for a 30-minute idle timeout, rarely enough to stay cheap. */
const TOUCH_AFTER_MS = 60_000;

export async function createSession(
  db: Database,
  user: { id: string; tenantId: string },
  how: { signedInWith: SignInMethod; providerSignOutUrl: string | null } = { signedInWith: 'password', providerSignOutUrl: null },
): Promise<{ id: string; csrfToken: string }> {
  const id = randomToken();
  const csrfToken = randomToken();
  await db.tenant(user.tenantId, (trx) =>
    trx
      .insertInto('sessions')
      .values({
        id_hash: tokenHash(id),
        tenant_id: user.tenantId,
        user_id: user.id,
        csrf_token: csrfToken,
        signed_in_with: how.signedInWith,
        provider_sign_out_url: how.providerSignOutUrl,
      })
      .execute(),
  );
  return { id, csrfToken };
}

/**
 * Finds the session behind a cookie. A session idle for longer than the timeout, open for longer than
 * its tenant's session lifetime however busy (issue 11, finding 5: keeping it alive used to extend it
 * for ever), or whose user has been deactivated, is deleted and reported as expired.
 */
export async function lookUpSession(db: Database, id: string, idleTimeoutMinutes: number, now = new Date()): Promise<SessionLookup> {
  const idHash = tokenHash(id);
  // One transaction: the security-definer look-up finds the tenant, then the session and its user are
  // read in one query under that tenant's row-level security.
  return db.anonymous(async (trx) => {
    const owner = (
      await sql<{ tenant_id: string; user_id: string; created_at: Date; max_hours: number; mfa_required: boolean }>`select * from auth_session(${idHash})`.execute(trx)
    ).rows[0];
    if (!owner) return { state: 'none' } as const;
    await enterTenant(trx, owner.tenant_id);
    const row = await userQuery(trx)
      .innerJoin('sessions', 'sessions.user_id', 'users.id')
      .select(['sessions.csrf_token', 'sessions.last_seen_at', 'sessions.signed_in_with', 'sessions.provider_sign_out_url', 'sessions.second_factor_at'])
      .where('sessions.id_hash', '=', idHash)
      .executeTakeFirst();
    if (!row) return { state: 'none' } as const;
    const loaded = currentUserFrom(row);
    // A password the user must change holds back only those who signed in with it: someone who
    // signed in through their council's provider did not use it.
    const user = row.signed_in_with === 'password' ? loaded : { ...loaded, mustChangePassword: false };
    const idleMs = now.getTime() - new Date(row.last_seen_at).getTime();
    const openMs = now.getTime() - new Date(owner.created_at).getTime();
    const end: SessionEnd | null =
      openMs > owner.max_hours * 3_600_000 ? { reason: 'lifetime', hours: owner.max_hours } : idleMs > idleTimeoutMinutes * 60_000 || !user.active ? { reason: 'idle' } : null;
    if (end) {
      await trx.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
      return { state: 'expired', ...end } as const;
    }
    let lastSeenAt = new Date(row.last_seen_at);
    if (idleMs > TOUCH_AFTER_MS) {
      lastSeenAt = now;
      await trx.updateTable('sessions').set({ last_seen_at: now }).where('id_hash', '=', idHash).execute();
    }
    return {
      state: 'active',
      session: {
        idHash,
        user,
        csrfToken: row.csrf_token,
        lastSeenAt,
        signedInWith: row.signed_in_with,
        providerSignOutUrl: row.provider_sign_out_url,
        secondStep: secondStepDue({
          signedInWith: row.signed_in_with,
          enrolled: user.hasAuthenticatorApp,
          doneInSession: row.second_factor_at !== null,
          required: owner.mfa_required && user.roles.some(isSensitiveRole),
        }),
      },
    } as const;
  });
}

/** Marks the session as used now (the "stay signed in" button). */
export async function touchSession(db: Database, session: ActiveSession): Promise<void> {
  await db.tenant(session.user.tenantId, (trx) =>
    trx.updateTable('sessions').set({ last_seen_at: new Date() }).where('id_hash', '=', session.idHash).execute(),
  );
}

/**
 * Replaces a session with a new one once its second step at sign-in is done: a new id and CSRF token
 * (ASVS 3.2.1, a new session token when the user is authenticated), the same start time (so the
 * session's lifetime is not lengthened) and the same way in. Inside the caller's transaction. Null
 * when the session ended meanwhile (signed out in another tab): nothing is made.
 */
export async function renewSessionAfterSecondStep(trx: Trx, session: ActiveSession, now = new Date()): Promise<{ id: string; csrfToken: string } | null> {
  const old = await trx.selectFrom('sessions').select(['created_at']).where('id_hash', '=', session.idHash).forUpdate().executeTakeFirst();
  if (!old) return null;
  const id = randomToken();
  const csrfToken = randomToken();
  await trx
    .insertInto('sessions')
    .values({
      id_hash: tokenHash(id),
      tenant_id: session.user.tenantId,
      user_id: session.user.id,
      csrf_token: csrfToken,
      created_at: old.created_at,
      last_seen_at: now,
      signed_in_with: session.signedInWith,
      provider_sign_out_url: session.providerSignOutUrl,
      second_factor_at: now,
    })
    .execute();
  await trx.deleteFrom('sessions').where('id_hash', '=', session.idHash).execute();
  return { id, csrfToken };
}
