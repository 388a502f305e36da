import { describe, expect, it } from 'vitest';
import { identityProviderFor, OidcNotAvailableError, PasswordIdentityProvider } from './identity-provider.js';

describe('identityProviderFor', () => {
  it('gives the password provider in password mode, which shows the form and has no callback', async () => {
    const provider = identityProviderFor({ authMode: 'password' });
    expect(provider).toBeInstanceOf(PasswordIdentityProvider);
    expect(provider.mode).toBe('password');
    expect(provider.startUrl('/admin/users')).toBeNull();
    await expect(provider.finish({ code: 'x' })).rejects.toThrow('Password sign-in does not use a callback');
  });

  it('refuses OIDC, which is not built yet, saying what to do instead', () => {
    expect(() => identityProviderFor({ authMode: 'oidc' })).toThrow(OidcNotAvailableError);
    try {
      identityProviderFor({ authMode: 'oidc' });
    } catch (error) {
      expect(error).toBeInstanceOf(Error);
      const message = (error as Error).message;
      expect(message).toContain('AUTH_MODE=oidc');
      expect(message).toContain('not built yet');
      expect(message).toContain('AUTH_MODE=password');
    }
  });
});
