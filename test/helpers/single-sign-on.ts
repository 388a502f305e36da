import type { LightMyRequestResponse } from 'fastify';
import { ssoSettingsService, type GroupMappingRequest } from '../../src/features/single-sign-on/settings-service.js';
import type { Database } from '../../src/platform/db/database.js';
import { secretKeyFrom } from '../../src/platform/crypto/sealed-secret.js';
import type { Visitor } from './app.js';
import { PROVIDER_PASSWORD, type TestProvider } from './oidc-provider.js';

/** The key that seals client secrets in the tests (OIDC_SECRET_KEY). */
export const TEST_OIDC_SECRET_KEY = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90';

/** Sets a tenant's single sign-on to the test provider, as `wraparound configure-sso` does. */
export function configureTestSso(
  db: Database,
  tenantSlug: string,
  provider: TestProvider,
  options: { mappings: GroupMappingRequest[]; allowNewAccounts?: boolean; groupsClaim?: string; clientSecret?: string },
) {
  return ssoSettingsService(db, { secretKey: secretKeyFrom(TEST_OIDC_SECRET_KEY), production: false }).configure({
    tenantSlug,
    issuer: provider.issuer,
    clientId: provider.clientId,
    clientSecret: options.clientSecret ?? provider.clientSecret,
    groupsClaim: options.groupsClaim ?? 'groups',
    mappings: options.mappings,
    allowNewAccounts: options.allowNewAccounts ?? false,
  });
}

/**
 * The browser's side at the provider, over real HTTP: keeps the provider's cookies (by path) and
 * follows none of its redirects by itself, so a test sees each step.
 */
export class ProviderBrowser {
  private readonly cookies = new Map<string, { value: string; path: string }>();

  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const target = new URL(url);
    const cookie = [...this.cookies]
      .filter(([, c]) => target.pathname === c.path || target.pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`))
      .map(([name, c]) => `${name}=${c.value}`)
      .join('; ');
    const response = await fetch(target, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      redirect: 'manual',
      headers: { ...(cookie ? { cookie } : {}), ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}),
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';').map((p) => p.trim());
      const at = pair.indexOf('=');
      const name = pair.slice(0, at);
      const value = pair.slice(at + 1);
      const path = attributes.find((a) => a.toLowerCase().startsWith('path='))?.slice(5) ?? '/';
      const expired = attributes.some((a) => /^expires=/i.test(a) && new Date(a.slice(8)).getTime() < Date.now()) || attributes.some((a) => /^max-age=0$/i.test(a));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, { value, path });
    }
    return response;
  }

  /** Follows the provider's redirects until one leaves it (back to Wraparound), or a page is shown. */
  async follow(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<{ leftFor: string | null; page: Response }> {
    let response = await this.request(url, init);
    let at = url;
    for (let hops = 0; hops < 10 && response.status >= 300 && response.status < 400; hops++) {
      const next = new URL(response.headers.get('location') ?? '', at).href;
      if (new URL(next).origin !== new URL(url).origin) return { leftFor: next, page: response };
      at = next;
      response = await this.request(next);
    }
    return { leftFor: null, page: response };
  }
}

export interface SsoJourney {
  /** Wraparound's answer to the provider's redirect back (or to the start, if it did not redirect). */
  callback: LightMyRequestResponse;
  /** The query string the provider sent the browser back with. */
  callbackQuery: string | null;
}

/**
 * Signs in through the provider as a browser would: Wraparound's start page (inject), the provider's
 * sign-in form (HTTP), and back to Wraparound's callback (inject) with the same visitor's cookies.
 * `at` chooses what to do at the provider's form: sign in as an email, or cancel. `tamper` changes the
 * provider's answer before it is delivered; `deliverWith` delivers it with another visitor (browser).
 */
export async function signInThroughProvider(
  visitor: Visitor,
  browser: ProviderBrowser,
  start: string,
  at: { email: string; password?: string } | 'cancel',
  options: { tamper?: (query: URLSearchParams) => void; deliverWith?: Visitor } = {},
): Promise<SsoJourney> {
  const started = await visitor.get(start);
  if (started.statusCode !== 303) return { callback: started, callbackQuery: null };
  const toProvider = started.headers.location as string;
  let step = await browser.follow(toProvider);
  if (!step.leftFor) {
    const html = await step.page.text();
    const action = at === 'cancel' ? /action="([^"]*\/abort)"/.exec(html)?.[1] : /action="([^"]*\/login)"/.exec(html)?.[1];
    if (!action) throw new Error(`the provider showed no sign-in form: ${step.page.status} ${html.slice(0, 300)}`);
    const formUrl = new URL(action, toProvider).href;
    step = await browser.follow(formUrl, at === 'cancel' ? { method: 'POST', form: {} } : { form: { email: at.email, password: at.password ?? PROVIDER_PASSWORD } });
  }
  if (!step.leftFor) throw new Error(`the provider did not send the browser back: ${step.page.status}`);
  const back = new URL(step.leftFor);
  options.tamper?.(back.searchParams);
  return { callback: await (options.deliverWith ?? visitor).get(`${back.pathname}${back.search}`), callbackQuery: back.search.slice(1) };
}
