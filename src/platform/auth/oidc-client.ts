import { createHash } from 'node:crypto';
import * as client from 'openid-client';

/**
 * Wraparound as an OpenID Connect relying party, through openid-client: the authorisation code flow
 * with PKCE (S256), state and nonce. openid-client checks the authorisation response (state, the
 * issuer), and the ID token (signature, issuer, audience, expiry, nonce); this module turns what it
 * refuses into one of a few plain reasons and keeps each provider's discovered metadata for an hour.
 */

/** A tenant's provider, with its client secret already opened. */
export interface ProviderSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
}

/** What a sign-in at the provider is bound to: sent with the browser, checked when it comes back. */
export interface SignInChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
  redirectUri: string;
}

/**
 * Why the provider's answer was not accepted: the provider refused (the person cancelled, or is not
 * assigned to the application); the answer did not check out (wrong state, issuer, audience, signature
 * or nonce, or a code already used); the ID token had expired; or the provider could not be reached.
 */
export type OidcRefusalReason = 'provider-refused' | 'invalid-response' | 'expired-token' | 'provider-unavailable';

/** The tenant's settings cannot be used here (a plain-http issuer in production, a secret that will not open). */
export class UnusableProviderSettings extends Error {}

export class OidcRefusal extends Error {
  constructor(
    readonly reason: OidcRefusalReason,
    /** A short code from the protocol (`access_denied`, `OAUTH_JWT_TIMESTAMP_CHECK_FAILED`): never a token or a claim. */
    readonly code: string,
  ) {
    super(`single sign-on refused: ${reason} (${code})`);
  }
}

/** What the provider vouched for, after every check. */
export interface VerifiedSignIn {
  claims: client.IDToken;
  idToken: string;
}

export const SIGN_IN_SCOPE = 'openid email profile';
/** How long metadata found by discovery is kept before it is asked for again. */
const DISCOVERY_TTL_MS = 60 * 60_000;
/** Seconds to wait for any request to the provider. */
const REQUEST_TIMEOUT_SECONDS = 10;
/** How far the provider's clock and ours may disagree when checking an ID token's times (openid-client's default). */
export const CLOCK_TOLERANCE_SECONDS = 30;

/** The longest ID token sent back to the provider as a sign-out hint. */
const MAX_HINT_LENGTH = 4000;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Whether an issuer may be used: https always; plain http only to this machine (a provider started by
 * the tests, or for trying Wraparound out), and never in production.
 */
export function issuerProblem(issuer: string, production: boolean): string | null {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    return 'The issuer must be a URL, like https://login.microsoftonline.com/<tenant id>/v2.0';
  }
  if (url.protocol === 'https:') return url.search || url.hash ? 'The issuer must not have a query or a fragment' : null;
  if (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname) && !production) return null;
  return 'The issuer must be an https:// address (plain http only to this machine, and never in production)';
}

export class OidcClients {
  private readonly discovered = new Map<string, { at: number; configuration: client.Configuration }>();

  constructor(private readonly options: { production: boolean; now?: () => number }) {}

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /** The provider's configuration, from discovery (kept for an hour, per issuer, client and secret). */
  async configuration(settings: ProviderSettings): Promise<client.Configuration> {
    const problem = issuerProblem(settings.issuer, this.options.production);
    if (problem) throw new UnusableProviderSettings(problem);
    const key = [settings.issuer, settings.clientId, createHash('sha256').update(settings.clientSecret).digest('hex')].join('\n');
    const kept = this.discovered.get(key);
    if (kept && this.now() - kept.at < DISCOVERY_TTL_MS) return kept.configuration;
    const issuer = new URL(settings.issuer);
    const configuration = await client
      .discovery(issuer, settings.clientId, { client_secret: settings.clientSecret, [client.clockTolerance]: CLOCK_TOLERANCE_SECONDS }, undefined, {
        timeout: REQUEST_TIMEOUT_SECONDS,
        ...(issuer.protocol === 'http:' ? { execute: [client.allowInsecureRequests] } : {}),
      })
      .catch((error: unknown) => {
        throw refusalOf(error);
      });
    this.discovered.set(key, { at: this.now(), configuration });
    return configuration;
  }

  /** Fresh random values for one sign-in (PKCE verifier, state and nonce), and where to send the browser. */
  async start(settings: ProviderSettings, redirectUri: string): Promise<{ url: string; checks: SignInChecks }> {
    const configuration = await this.configuration(settings);
    const checks = { state: client.randomState(), nonce: client.randomNonce(), codeVerifier: client.randomPKCECodeVerifier(), redirectUri };
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: redirectUri,
      scope: SIGN_IN_SCOPE,
      code_challenge: await client.calculatePKCECodeChallenge(checks.codeVerifier),
      code_challenge_method: 'S256',
      state: checks.state,
      nonce: checks.nonce,
    });
    return { url: url.href, checks };
  }

  /**
   * Checks the provider's answer (the query string it sent the browser back with) against the checks
   * made at the start, exchanges the code with the PKCE verifier, and verifies the ID token.
   */
  async finish(settings: ProviderSettings, callbackQuery: string, checks: SignInChecks): Promise<VerifiedSignIn> {
    const configuration = await this.configuration(settings);
    const callback = new URL(checks.redirectUri);
    callback.search = callbackQuery;
    try {
      const tokens = await client.authorizationCodeGrant(configuration, callback, {
        pkceCodeVerifier: checks.codeVerifier,
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims || !tokens.id_token) throw new OidcRefusal('invalid-response', 'no-id-token');
      return { claims, idToken: tokens.id_token };
    } catch (error) {
      throw refusalOf(error);
    }
  }

  /**
   * Where to send the browser to end the session at the provider too (RP-initiated logout), or null
   * when the provider has no end-session endpoint.
   */
  async signOutUrl(settings: ProviderSettings, idToken: string, postLogoutRedirectUri: string): Promise<string | null> {
    const configuration = await this.configuration(settings);
    if (!configuration.serverMetadata().end_session_endpoint) return null;
    // The ID token says whose session to end (Entra ID then skips its account picker); one carrying very
    // many groups is left out, so the address stays short enough for every proxy (the client id still goes).
    const parameters: Record<string, string> = { post_logout_redirect_uri: postLogoutRedirectUri };
    if (idToken.length <= MAX_HINT_LENGTH) parameters.id_token_hint = idToken;
    return client.buildEndSessionUrl(configuration, parameters).href;
  }
}

const INVALID_RESPONSE_CODES = new Set([
  'OAUTH_JWT_CLAIM_COMPARISON_FAILED',
  'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED',
  'OAUTH_INVALID_RESPONSE',
  'OAUTH_PARSE_ERROR',
  'OAUTH_KEY_SELECTION_FAILED',
  'OAUTH_RESPONSE_IS_NOT_JSON',
  'OAUTH_INVALID_SERVER_METADATA',
  'OAUTH_MISSING_SERVER_METADATA',
  'OAUTH_UNSUPPORTED_OPERATION',
]);
const UNAVAILABLE_CODES = new Set(['OAUTH_TIMEOUT', 'OAUTH_ABORT', 'OAUTH_RESPONSE_IS_NOT_CONFORM', 'OAUTH_HTTP_REQUEST_FORBIDDEN']);

/** openid-client's error as a refusal with a reason; an error of our own making is thrown as it is. */
function refusalOf(error: unknown): Error {
  if (error instanceof OidcRefusal) return error;
  if (error instanceof client.AuthorizationResponseError) return new OidcRefusal('provider-refused', shortCode(error.error));
  if (error instanceof client.ResponseBodyError) return new OidcRefusal('invalid-response', shortCode(error.error));
  if (error instanceof client.ClientError) {
    const code = error.code ?? 'unknown';
    if (code === 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED') return new OidcRefusal('expired-token', code);
    if (INVALID_RESPONSE_CODES.has(code)) return new OidcRefusal('invalid-response', code);
    if (UNAVAILABLE_CODES.has(code)) return new OidcRefusal('provider-unavailable', code);
  }
  // fetch() fails with a TypeError when the provider cannot be reached at all.
  if (error instanceof TypeError && error.message === 'fetch failed') return new OidcRefusal('provider-unavailable', 'fetch-failed');
  return error instanceof Error ? error : new Error(String(error));
}

/** An OAuth error code as sent by the provider, kept only if it looks like one (it goes to the audit log). */
function shortCode(code: unknown): string {
  return typeof code === 'string' && /^[a-z_]{1,40}$/.test(code) ? code : 'unknown';
}
