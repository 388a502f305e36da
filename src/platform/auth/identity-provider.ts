import type { AuthMode, Config } from '../config.js';

/**
 * The seam for single sign-on. Password sign-in is built in; an OIDC provider (Entra ID, for most
 * councils) will implement the same interface: it starts a sign-in with a redirect and finishes it
 * from the callback with the verified email, which is then matched to an active Wraparound user.
 */
export interface IdentityProvider {
  readonly mode: AuthMode;
  /** Where the sign-in page sends the browser, or null when the page shows the password form. */
  startUrl(returnTo: string): string | null;
  /** Verifies a callback and returns the email it vouches for. */
  finish(callbackQuery: Record<string, string>): Promise<{ email: string }>;
}

export class PasswordIdentityProvider implements IdentityProvider {
  readonly mode = 'password' as const;
  startUrl(): null {
    return null;
  }
  async finish(): Promise<{ email: string }> {
    throw new Error('Password sign-in does not use a callback');
  }
}

export class OidcNotAvailableError extends Error {
  constructor() {
    super('AUTH_MODE=oidc is configured but single sign-on is not built yet; use AUTH_MODE=password');
  }
}

export function identityProviderFor(config: Pick<Config, 'authMode'>): IdentityProvider {
  if (config.authMode === 'oidc') throw new OidcNotAvailableError();
  return new PasswordIdentityProvider();
}
