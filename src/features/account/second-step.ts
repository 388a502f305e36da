import type { KeyObject } from 'node:crypto';
import { appCodeFrom, recoveryCodeFrom, shownRecoveryCode } from '../../domain/sign-in/second-step.js';
import { isSensitiveRole } from '../../platform/access/sensitive-roles.js';
import { recordAudit } from '../../platform/audit/audit-log.js';
import type { CurrentUser } from '../../platform/auth/current-user.js';
import {
  appSetUpAddress,
  checkAppCode,
  hashRecoveryCode,
  newAppSecret,
  newRecoveryCodes,
  openAppSecret,
  qrCodeSvg,
  recoveryCodeMatches,
  sealAppSecret,
} from '../../platform/auth/second-step.js';
import { renewSessionAfterSecondStep, type ActiveSession } from '../../platform/auth/sessions.js';
import { clearAccount, countFailure, secondsToWait } from '../../platform/auth/throttle.js';
import type { Database, Trx } from '../../platform/db/database.js';
import { ServiceError } from '../../platform/http/service-error.js';
import * as q from './second-step-queries.js';

/** A new session for the cookie (the old one is ended), once the second step is done. */
export type RenewedSession = { id: string; csrfToken: string };

export type EnterCodeOutcome =
  | { ok: true; session: RenewedSession; usedRecoveryCode: boolean; recoveryCodesLeft: number }
  | { ok: false; message: string; waitSeconds: number };

export type SetUpOutcome = { ok: true; session: RenewedSession; recoveryCodes: string[] } | { ok: false; message: string };

export type RenewCodesOutcome = { ok: true; recoveryCodes: string[] } | { ok: false; message: string };

export const WRONG_APP_CODE = 'The code is not right. Enter the 6-digit code your authenticator app shows now';
export const WRONG_CODE =
  'The code is not right. Enter the 6-digit code your authenticator app shows now, or one of your recovery codes. After 5 wrong codes, each try has to wait a little longer, up to a minute';
const NOT_A_CODE = 'Enter the 6-digit code from your authenticator app, or a recovery code of 12 letters and numbers';

/**
 * The session was ended (signed out in another tab) while its second step was being done: the whole
 * transaction is undone (the code stays unused) and the page is refused like any page without a session.
 */
class SessionEnded extends ServiceError {
  constructor() {
    super(403, 'Your session has ended. Sign in again');
  }
}

function waitMessage(seconds: number): string {
  return `There have been too many wrong codes. Wait ${seconds} ${seconds === 1 ? 'second' : 'seconds'} and try again`;
}

/**
 * The second step at sign-in for local accounts (issue 11, build 2; the rules are in
 * src/domain/sign-in/second-step.ts): setting up an authenticator app, entering its code (or a
 * recovery code, each usable once) after the password, and getting new recovery codes. Wrong codes are
 * counted with wrong passwords (throttle.ts), so they slow guessing without locking anyone out.
 * Everything is audited; no code or secret is ever written to the audit log or a log.
 */
export function secondStepService(db: Database, key: KeyObject, issuer = 'Wraparound') {
  /** Which code was given: the app's (its step used up) or a recovery code (used up); null if neither matches. */
  async function useCode(trx: Trx, user: CurrentUser, typed: string, now: Date): Promise<'app' | 'recovery-code' | null> {
    const app = await q.appOf(trx, user.id);
    if (!app?.enrolledAt || !app.sealedSecret) return null;
    const appCode = appCodeFrom(typed);
    if (appCode) {
      const checked = checkAppCode(openAppSecret(key, user.tenantId, user.id, app.sealedSecret), appCode, app.lastTimeStep, now);
      return checked.ok && (await q.useTimeStep(trx, user.id, checked.timeStep, app.lastTimeStep)) ? 'app' : null;
    }
    const recoveryCode = recoveryCodeFrom(typed);
    if (!recoveryCode) return null;
    for (const stored of await q.unusedRecoveryCodes(trx, user.id)) {
      if (recoveryCodeMatches(stored.codeHash, recoveryCode)) return (await q.useRecoveryCode(trx, stored.id, now)) ? 'recovery-code' : null;
    }
    return null;
  }

  async function freshRecoveryCodes(trx: Trx, user: CurrentUser): Promise<string[]> {
    const codes = newRecoveryCodes();
    await q.replaceRecoveryCodes(trx, user.tenantId, user.id, codes.map((c) => hashRecoveryCode(c)));
    return codes.map(shownRecoveryCode);
  }

  function audit(trx: Trx, user: CurrentUser, requestId: string, action: string, details?: Record<string, unknown>) {
    return recordAudit(trx, user.tenantId, { actorType: 'user', actorId: user.id, subjectType: 'user', subjectId: user.id, requestId, action, ...(details ? { details } : {}) });
  }

  return {
    /** For the account page: whether an app is set up, how many recovery codes are left, whether the council requires it. */
    async status(user: CurrentUser): Promise<{ setUpAt: Date | null; recoveryCodesLeft: number; required: boolean }> {
      return db.tenant(user.tenantId, async (trx) => {
        const app = await q.appOf(trx, user.id);
        return {
          setUpAt: app?.enrolledAt ?? null,
          recoveryCodesLeft: await q.recoveryCodesLeft(trx, user.id),
          required: (await q.tenantRequiresSecondStep(trx, user.tenantId)) && user.roles.some(isSensitiveRole),
        };
      });
    },

    /**
     * What the set-up page shows: the secret (as text, for typing into an app), the address in the QR
     * code, and the QR code. The secret is made once and kept (sealed) until it is set up, so reloading
     * the page does not change the code already scanned. Null when an app is already set up.
     */
    async setUpDetails(user: CurrentUser): Promise<{ secret: string; address: string; qrCode: string } | null> {
      const secret = await db.tenant(user.tenantId, async (trx) => {
        const app = await q.appOf(trx, user.id);
        if (!app || app.enrolledAt) return null;
        if (app.sealedSecret) return openAppSecret(key, user.tenantId, user.id, app.sealedSecret);
        const made = newAppSecret();
        await q.keepSecretBeingSetUp(trx, user.id, sealAppSecret(key, user.tenantId, user.id, made));
        return made;
      });
      if (!secret) return null;
      const address = appSetUpAddress(issuer, user.email, secret);
      return { secret: secret.match(/.{1,4}/g)?.join(' ') ?? secret, address, qrCode: await qrCodeSvg(address) };
    },

    /** A code from the app being set up: the app is then in use, the session renewed, and ten recovery codes made. */
    async finishSetUp(session: ActiveSession, typed: string, requestId: string, now = new Date()): Promise<SetUpOutcome> {
      const { user } = session;
      return db.tenant(user.tenantId, async (trx) => {
        const app = await q.appOf(trx, user.id);
        if (!app?.sealedSecret || app.enrolledAt) return { ok: false, message: 'An authenticator app is already set up for your account' };
        const code = appCodeFrom(typed);
        const checked = code ? checkAppCode(openAppSecret(key, user.tenantId, user.id, app.sealedSecret), code, null, now) : { ok: false as const };
        if (!checked.ok) {
          await audit(trx, user, requestId, 'user.app-set-up-failed', { reason: code ? 'wrong-code' : 'not-a-code' });
          return { ok: false, message: code ? WRONG_APP_CODE : 'Enter the 6-digit code your authenticator app shows' };
        }
        if (!(await q.markSetUp(trx, user.id, checked.timeStep, now))) return { ok: false, message: 'An authenticator app is already set up for your account' };
        const renewed = await renewSessionAfterSecondStep(trx, session, now);
        if (!renewed) throw new SessionEnded();
        const recoveryCodes = await freshRecoveryCodes(trx, user);
        await audit(trx, user, requestId, 'user.app-set-up', { recoveryCodes: recoveryCodes.length });
        return { ok: true, session: renewed, recoveryCodes };
      });
    },

    /** The second step after the password: a code from the app or a recovery code. */
    async enterCode(session: ActiveSession, typed: string, requestId: string, address: string, now = new Date()): Promise<EnterCodeOutcome> {
      const { user } = session;
      const source = { email: user.email, address };
      const waitSeconds = await secondsToWait(db, source, now);
      if (waitSeconds > 0) {
        await db.tenant(user.tenantId, (trx) => audit(trx, user, requestId, 'session.second-step-failed', { reason: 'throttled', waitSeconds }));
        return { ok: false, message: waitMessage(waitSeconds), waitSeconds };
      }
      if (!appCodeFrom(typed) && !recoveryCodeFrom(typed)) return { ok: false, message: NOT_A_CODE, waitSeconds: 0 };
      const outcome = await db.tenant(user.tenantId, async (trx): Promise<EnterCodeOutcome> => {
        const used = await useCode(trx, user, typed, now);
        if (!used) {
          await audit(trx, user, requestId, 'session.second-step-failed', { reason: 'wrong-code' });
          return { ok: false, message: WRONG_CODE, waitSeconds: 0 };
        }
        const renewed = await renewSessionAfterSecondStep(trx, session, now);
        if (!renewed) throw new SessionEnded();
        const recoveryCodesLeft = await q.recoveryCodesLeft(trx, user.id);
        await audit(trx, user, requestId, 'session.second-step', { method: used, ...(used === 'recovery-code' ? { recoveryCodesLeft } : {}) });
        return { ok: true, session: renewed, usedRecoveryCode: used === 'recovery-code', recoveryCodesLeft };
      });
      if (outcome.ok) await clearAccount(db, user.email);
      else await countFailure(db, source, now);
      return outcome;
    },

    /** Ten new recovery codes in place of the old ones, given a code from the app (or a recovery code). */
    async renewRecoveryCodes(user: CurrentUser, typed: string, requestId: string, now = new Date()): Promise<RenewCodesOutcome> {
      return db.tenant(user.tenantId, async (trx) => {
        const used = await useCode(trx, user, typed, now);
        if (!used) {
          await audit(trx, user, requestId, 'user.recovery-codes-refused', { reason: 'wrong-code' });
          return { ok: false, message: appCodeFrom(typed) || recoveryCodeFrom(typed) ? WRONG_CODE : NOT_A_CODE };
        }
        const recoveryCodes = await freshRecoveryCodes(trx, user);
        await audit(trx, user, requestId, 'user.recovery-codes-renewed', { confirmedWith: used });
        return { ok: true, recoveryCodes };
      });
    },
  };
}

export type SecondStepService = ReturnType<typeof secondStepService>;
