import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type ProviderContext } from 'oidc-provider';

/**
 * A real OpenID provider for the tests (oidc-provider), on a loopback port of its own: a council's
 * sign-in service in miniature. It has one confidential client (Wraparound), requires PKCE, puts
 * the email, name and groups in the ID token as Entra ID does, and ends its own session on
 * RP-initiated logout. Its pages (sign in, cancel, sign out, errors) are plain accessible HTML, so
 * the browser tests can check them with axe like every other page.
 */

export interface ProviderAccount {
  email: string;
  name: string;
  /** The groups claim; undefined leaves the claim out of the ID token altogether. */
  groups: string[] | undefined;
}

export const PROVIDER_PASSWORD = 'provider-password';

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Accounts by subject (`sub`). Change one between sign-ins to change what the next ID token says. */
  accounts: Map<string, ProviderAccount>;
  /**
   * While set, every ID token expires this many seconds from when it is issued: below zero it is
   * issued already expired. Null: the provider's usual hour.
   */
  idTokenExpiresIn: number | null;
  /** How many times the token endpoint answered. */
  tokenRequests: number;
  close(): Promise<void>;
}

export interface TestProviderOptions {
  /** Where Wraparound may have the browser sent back (its /sign-in/callback). */
  redirectUris: string[];
  /** Where Wraparound may have the browser sent after signing out (its /signed-out). */
  postLogoutRedirectUris: string[];
  /** The host name in the issuer: `localhost` makes the provider another site than 127.0.0.1. */
  host?: 'localhost' | '127.0.0.1';
  accounts?: Record<string, ProviderAccount>;
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title} – Test council sign-in</title></head>
<body><main><h1>${title}</h1>
${body}
</main></body>
</html>`;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function loginPage(uid: string, problem?: string): string {
  return page(
    'Sign in to your council account',
    `${problem ? `<p role="alert"><strong>${escapeHtml(problem)}</strong></p>` : ''}
<form method="post" action="/interaction/${uid}/login">
<p><label for="email">Email address</label><br><input id="email" name="email" type="email" autocomplete="username"></p>
<p><label for="password">Password</label><br><input id="password" name="password" type="password" autocomplete="current-password"></p>
<p><button type="submit">Continue</button></p>
</form>
<form method="post" action="/interaction/${uid}/abort"><p><button type="submit">Cancel</button></p></form>`,
  );
}

async function formOf(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function send(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}

export async function startTestProvider(options: TestProviderOptions): Promise<TestProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://${options.host ?? '127.0.0.1'}:${port}`;
  const clientId = 'wraparound-test';
  const clientSecret = randomBytes(32).toString('base64url');
  const accounts = new Map(Object.entries(options.accounts ?? {}));
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: options.redirectUris,
        post_logout_redirect_uris: options.postLogoutRedirectUris,
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'test-signing-key', use: 'sig', alg: 'RS256' }] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    // As Entra ID does: what the scopes give goes in the ID token itself, groups included.
    claims: { openid: ['sub', 'groups'], email: ['email', 'email_verified'], profile: ['name'] },
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    ttl: { IdToken: 3600, AccessToken: 600, AuthorizationCode: 60, Interaction: 600, Session: 3600, Grant: 3600 },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx: ProviderContext, form: string) => {
          ctx.type = 'html';
          ctx.body = page(
            'Do you want to sign out of your council account?',
            `${form}<p><button type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button></p>
<p><button type="submit" form="op.logoutForm">No, stay signed in</button></p>`,
          );
        },
        postLogoutSuccessSource: async (ctx: ProviderContext) => {
          ctx.type = 'html';
          ctx.body = page('You have signed out of your council account', '<p>You can close this window.</p>');
        },
      },
    },
    async findAccount(_ctx, sub) {
      const account = accounts.get(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        claims: () => ({ sub, email: account.email, email_verified: true, name: account.name, ...(account.groups ? { groups: account.groups } : {}) }),
      };
    },
    // Wraparound is the council's own application: no consent screen (as an Entra ID admin consent).
    async loadExistingGrant(ctx) {
      const { oidc } = ctx;
      const grantId = oidc.result?.consent?.grantId ?? oidc.session.grantIdFor(oidc.client.clientId);
      if (grantId) return oidc.provider.Grant.find(grantId);
      const grant = new oidc.provider.Grant({ accountId: oidc.session.accountId, clientId: oidc.client.clientId });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
    async renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = page('Something went wrong', Object.entries(out).map(([k, v]) => `<p>${escapeHtml(k)}: ${escapeHtml(String(v))}</p>`).join('\n'));
    },
  });

  const state: TestProvider = {
    issuer,
    clientId,
    clientSecret,
    accounts,
    idTokenExpiresIn: null,
    tokenRequests: 0,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };

  // An ID token issued while idTokenExpiresIn is set expires then (below zero: already expired, as from
  // a provider whose clock is wrong, or a token held back and replayed); all else as usual, signature included.
  const issue = provider.IdToken.prototype.issue;
  provider.IdToken.prototype.issue = function (this: unknown, issueOptions) {
    const expiresIn = issueOptions.use === 'idtoken' ? state.idTokenExpiresIn : null;
    return issue.call(this, expiresIn === null ? issueOptions : { ...issueOptions, expiresAt: Math.floor(Date.now() / 1000) + expiresIn });
  };
  provider.on('grant.success', () => {
    state.tokenRequests += 1;
  });
  // oidc-provider reports what it refused as events; the tests read the answers instead.
  provider.on('server_error', () => {});

  const handleProvider = provider.callback();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', issuer);
    const interaction = /^\/interaction\/([^/]+)(?:\/(login|abort))?$/.exec(url.pathname);
    if (!interaction) return handleProvider(req, res);
    const [, uid = '', action] = interaction;
    void (async () => {
      try {
        await provider.interactionDetails(req, res);
        if (req.method === 'GET' && !action) return send(res, 200, loginPage(uid));
        if (req.method === 'POST' && action === 'abort') {
          return await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'The person cancelled' }, { mergeWithLastSubmission: false });
        }
        if (req.method === 'POST' && action === 'login') {
          const form = await formOf(req);
          const found = [...accounts].find(([, a]) => a.email === form.get('email'));
          if (!found || form.get('password') !== PROVIDER_PASSWORD) return send(res, 200, loginPage(uid, 'The email address or password is not right'));
          return await provider.interactionFinished(req, res, { login: { accountId: found[0] } }, { mergeWithLastSubmission: false });
        }
        return send(res, 405, page('Not allowed', '<p>This page takes GET or POST.</p>'));
      } catch (error) {
        return send(res, 400, page('Your sign-in could not continue', `<p>${escapeHtml((error as Error).message)}</p>`));
      }
    })();
    return undefined;
  });
  return state;
}
