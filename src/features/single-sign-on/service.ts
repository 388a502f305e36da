import type { KeyObject } from 'node:crypto';
import { recordAudit } from '../../platform/audit/audit-log.js';
import { findSignInCandidate } from '../../platform/auth/current-user.js';
import { OidcClients, OidcRefusal, UnusableProviderSettings, type OidcRefusalReason, type ProviderSettings } from '../../platform/auth/oidc-client.js';
import { createSession } from '../../platform/auth/sessions.js';
import { randomToken, tokenHash } from '../../platform/auth/tokens.js';
import { openSecret, SealedSecretError } from '../../platform/crypto/sealed-secret.js';
import type { Database } from '../../platform/db/database.js';
import { paths, safeReturnPath } from '../../platform/http/paths.js';
import { accountFor, personFrom, type AccountRefusalReason } from './accounts.js';
import * as q from './queries.js';

export type { SsoTenant } from './queries.js';

/** How long a sign-in may take at the provider before it must be started again. */
export const ATTEMPT_MINUTES = 10;

/** What the AES-256-GCM seal of a tenant's client secret is bound to (see sealed-secret.ts). */
export const clientSecretPurpose = (tenantId: string) => `sso-client-secret:${tenantId}`;

/**
 * Why a sign-in through the council's provider did not sign anyone in: the browser's attempt was not
 * found or ran out; the provider's answer was refused (oidc-client.ts); or the verified person has
 * no way in (accounts.ts).
 */
export type SsoRefusalReason = 'no-attempt' | 'settings-unusable' | OidcRefusalReason | AccountRefusalReason;

export type SsoStart =
  | { kind: 'redirect'; url: string; attemptToken: string }
  | { kind: 'unknown-council' }
  | { kind: 'refused'; reason: 'provider-unavailable' | 'settings-unusable' };

export type SsoFinish = { ok: true; sessionId: string; returnTo: string } | { ok: false; reason: SsoRefusalReason; councilSlug: string | null };

export interface SingleSignOnOptions {
  /** OIDC_SECRET_KEY: opens the client secrets. */
  secretKey: KeyObject | null;
  /** PUBLIC_URL, or null to use the address the request came to (never in production). */
  publicUrl: string | null;
  production: boolean;
}

/**
 * Signing in through a council's own provider: the start (a fresh attempt, kept for 10 minutes and
 * bound to the browser by a cookie) and the finish (the provider's answer checked, the person found or
 * made, their roles set from their groups, a session made). Each refusal is audited in the tenant.
 */
export function singleSignOnService(db: Database, options: SingleSignOnOptions) {
  const oidc = new OidcClients({ production: options.production });

  const addressOf = (requestOrigin: string, path: string) => `${options.publicUrl ?? requestOrigin}${path}`;

  async function providerOf(tenantId: string) {
    const settings = await db.tenant(tenantId, (trx) => q.findSettings(trx));
    if (!settings) return null;
    if (!options.secretKey) throw new UnusableProviderSettings('Single sign-on needs OIDC_SECRET_KEY to open the client secret');
    try {
      const clientSecret = openSecret(options.secretKey, clientSecretPurpose(tenantId), settings.clientSecretSealed);
      const provider: ProviderSettings = { issuer: settings.issuer, clientId: settings.clientId, clientSecret };
      return { settings, provider };
    } catch (error) {
      throw error instanceof SealedSecretError ? new UnusableProviderSettings(error.message) : error;
    }
  }

  /** Settings that cannot be used are the operator's to mend: said in the log (without the secret), and audited. */
  async function unusable(tenantId: string, error: UnusableProviderSettings, requestId: string, log: (message: string) => void) {
    log(`single sign-on settings cannot be used: ${error.message}`);
    await refuse(tenantId, 'settings-unusable', null, requestId);
  }

  async function refuse(tenantId: string, reason: OidcRefusalReason | 'no-attempt' | 'settings-unusable', code: string | null, requestId: string): Promise<void> {
    await db.tenant(tenantId, (trx) =>
      recordAudit(trx, tenantId, {
        actorType: 'system',
        actorId: null,
        action: 'session.sign-in-failed',
        subjectType: 'tenant',
        subjectId: tenantId,
        requestId,
        details: { method: 'single-sign-on', reason, ...(code ? { code } : {}) },
      }),
    );
  }

  return {
    /** The councils whose people sign in through their own provider, for the sign-in page. */
    councils: () => db.anonymous((trx) => q.ssoTenants(trx)),

    async start(councilSlug: string, returnTo: unknown, requestOrigin: string, requestId: string, log: (message: string) => void): Promise<SsoStart> {
      const council = (await db.anonymous((trx) => q.ssoTenants(trx))).find((t) => t.slug === councilSlug);
      if (!council) return { kind: 'unknown-council' };
      let started;
      try {
        const found = await providerOf(council.id);
        if (!found) return { kind: 'unknown-council' };
        started = await oidc.start(found.provider, addressOf(requestOrigin, paths.sso.callback));
      } catch (error) {
        if (error instanceof OidcRefusal) return { kind: 'refused', reason: 'provider-unavailable' };
        if (!(error instanceof UnusableProviderSettings)) throw error;
        await unusable(council.id, error, requestId, log);
        return { kind: 'refused', reason: 'settings-unusable' };
      }
      const attemptToken = randomToken();
      const now = new Date();
      await db.tenant(council.id, (trx) =>
        q.insertAttempt(
          trx,
          { idHash: tokenHash(attemptToken), tenantId: council.id, ...started.checks, returnTo: safeReturnPath(returnTo), expiresAt: new Date(now.getTime() + ATTEMPT_MINUTES * 60_000) },
          now,
        ),
      );
      return { kind: 'redirect', url: started.url, attemptToken };
    },

    /**
     * Finishes a sign-in from the provider's answer: `callbackQuery` is the query string the browser
     * came back with, `attemptToken` the value of its attempt cookie.
     */
    async finish(attemptToken: string | null, callbackQuery: string, requestOrigin: string, requestId: string, log: (message: string) => void): Promise<SsoFinish> {
      const idHash = attemptToken ? tokenHash(attemptToken) : null;
      const tenantId = idHash ? await db.anonymous((trx) => q.attemptTenant(trx, idHash)) : null;
      if (!idHash || !tenantId) return { ok: false, reason: 'no-attempt', councilSlug: null };
      const councilSlug = (await db.anonymous((trx) => q.ssoTenants(trx))).find((t) => t.id === tenantId)?.slug ?? null;
      const attempt = await db.tenant(tenantId, (trx) => q.takeAttempt(trx, idHash, new Date()));
      let found;
      let verified;
      let signOutUrl: string | null;
      try {
        found = attempt ? await providerOf(tenantId) : null;
        if (!attempt || !found) {
          await refuse(tenantId, 'no-attempt', attempt ? 'no-settings' : 'expired', requestId);
          return { ok: false, reason: 'no-attempt', councilSlug };
        }
        verified = await oidc.finish(found.provider, callbackQuery, attempt);
        signOutUrl = await oidc.signOutUrl(found.provider, verified.idToken, addressOf(requestOrigin, paths.signedOut));
      } catch (error) {
        if (error instanceof UnusableProviderSettings) {
          await unusable(tenantId, error, requestId, log);
          return { ok: false, reason: 'settings-unusable', councilSlug };
        }
        if (!(error instanceof OidcRefusal)) throw error;
        await refuse(tenantId, error.reason, error.code, requestId);
        return { ok: false, reason: error.reason, councilSlug };
      }
      const person = personFrom(found.provider.issuer, verified.claims);
      // Emails are unique across every council: one held elsewhere cannot be given to a new account here.
      const elsewhere = person.email ? await findSignInCandidate(db, person.email) : null;
      const mappings = await db.tenant(tenantId, (trx) => q.groupMappings(trx));
      const outcome = await db.tenant(tenantId, (trx) =>
        accountFor(
          trx,
          { tenantId, groupsClaim: found.settings.groupsClaim, allowNewAccounts: found.settings.allowNewAccounts, mappings },
          person,
          { requestId, emailUsedElsewhere: elsewhere !== null && elsewhere.tenantId !== tenantId },
        ),
      );
      if (!outcome.ok) return { ok: false, reason: outcome.reason, councilSlug };
      const session = await createSession(db, { id: outcome.userId, tenantId }, { signedInWith: 'single-sign-on', providerSignOutUrl: signOutUrl });
      return { ok: true, sessionId: session.id, returnTo: attempt.returnTo };
    },
  };
}

export type SingleSignOnService = ReturnType<typeof singleSignOnService>;
