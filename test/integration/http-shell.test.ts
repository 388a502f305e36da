import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../../src/server.js';
import { createTestTenant, signedIn, testConfig, type TestTenant } from '../helpers/app.js';
import { FIXTURE_PATHS, startFixtureApp, type FixtureApp } from '../helpers/fixture-api.js';

let t: FixtureApp;
let tenant: TestTenant;

beforeAll(async () => {
  t = await startFixtureApp();
  tenant = await createTestTenant(t.db);
});
afterAll(() => t.close());

/** A second server on the same database with other settings; closed without touching the database. */
async function withServer(env: Record<string, string>, work: (app: FixtureApp['app']) => Promise<void>): Promise<void> {
  const { app } = await createServer({ ...testConfig(env), database: t.config.database }, t.db, { logger: false });
  await app.ready();
  try {
    await work(app);
  } finally {
    await app.close();
  }
}

function header(response: LightMyRequestResponse, name: string): string {
  const value = response.headers[name];
  return Array.isArray(value) ? value.join(', ') : String(value ?? '');
}

function directive(csp: string, name: string): string[] | undefined {
  for (const part of csp.split(';')) {
    const [key, ...values] = part.trim().split(/\s+/);
    if (key === name) return values;
  }
  return undefined;
}

function scriptNonce(response: LightMyRequestResponse): string {
  const values = directive(header(response, 'content-security-policy'), 'script-src') ?? [];
  const nonces = values.filter((v) => v.startsWith("'nonce-")).map((v) => v.slice("'nonce-".length, -1));
  expect(nonces).toHaveLength(1);
  return nonces[0]!;
}

describe('security headers', () => {
  it('gives each page a CSP whose script nonce matches the inline script, and no unsafe-inline', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/sign-in' });
    expect(res.statusCode).toBe(200);
    const csp = header(res, 'content-security-policy');
    const scriptSrc = directive(csp, 'script-src');
    expect(scriptSrc).toContain("'self'");
    expect(scriptSrc).not.toContain("'unsafe-inline'");
    const nonce = scriptNonce(res);
    expect(nonce).toMatch(/^[A-Za-z0-9+/=_-]{16,}$/);

    // Every inline script on the page (the GOV.UK template's js-enabled one included) carries it.
    const inline = [...res.body.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)].map((m) => m[1] ?? '');
    expect(inline.length).toBeGreaterThan(0);
    for (const attributes of inline) expect(attributes).toContain(`nonce="${nonce}"`);
    expect(res.body).toMatch(new RegExp(`<script nonce="${nonce}">document\\.body\\.className`));

    expect(directive(csp, 'frame-ancestors')).toEqual(["'none'"]);
    expect(directive(csp, 'object-src')).toEqual(["'none'"]);
    expect(directive(csp, 'default-src')).toEqual(["'self'"]);
  });

  it('makes a new nonce for every response', async () => {
    const nonces = new Set<string>();
    for (let i = 0; i < 3; i++) nonces.add(scriptNonce(await t.app.inject({ method: 'GET', url: '/sign-in' })));
    expect(nonces.size).toBe(3);
  });

  it('sends nosniff, no-referrer and no-store on pages', async () => {
    for (const url of ['/sign-in', '/no-such-page']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(header(res, 'x-content-type-options')).toBe('nosniff');
      expect(header(res, 'referrer-policy')).toBe('no-referrer');
      expect(header(res, 'cache-control')).toBe('no-store');
    }
    const v = await signedIn(t.app, tenant.users['social-worker'].email);
    const home = await v.get('/');
    expect(home.statusCode).toBe(200);
    expect(header(home, 'cache-control')).toBe('no-store');
    expect(header(home, 'content-security-policy')).toContain("frame-ancestors 'none'");
    // Where a request's time went is for the benchmarks alone (SERVER_TIMING=true, view-audit.test.ts).
    expect(home.headers['server-timing']).toBeUndefined();
  });

  it('sends HSTS only when the service runs secure', async () => {
    const plain = await t.app.inject({ method: 'GET', url: '/sign-in' });
    expect(plain.headers['strict-transport-security']).toBeUndefined();
    await withServer({ COOKIE_SECURE: 'true' }, async (app) => {
      const res = await app.inject({ method: 'GET', url: '/sign-in' });
      expect(res.statusCode).toBe(200);
      expect(header(res, 'strict-transport-security')).toMatch(/max-age=\d{7,}/);
      expect(header(res, 'content-security-policy')).toContain('upgrade-insecure-requests');
    });
  });
});

describe('GOV.UK frontend', () => {
  const TYPES: [RegExp, RegExp][] = [
    [/\.css$/, /^text\/css/],
    [/\.m?js$/, /^(text|application)\/javascript/],
    [/\.woff2$/, /^font\/woff2/],
    [/\.woff$/, /^font\/woff/],
    [/\.svg$/, /^image\/svg\+xml/],
    [/\.png$/, /^image\/png/],
    [/\.ico$/, /^image\/(x-icon|vnd\.microsoft\.icon)/],
    [/\.json$/, /^application\/(manifest\+)?json/],
  ];

  async function fetchAsset(url: string): Promise<LightMyRequestResponse> {
    const res = await t.app.inject({ method: 'GET', url });
    expect(res.statusCode, url).toBe(200);
    expect(res.rawPayload.length, url).toBeGreaterThan(0);
    const expected = TYPES.find(([ext]) => ext.test(url))?.[1];
    expect(expected, `a content type is known for ${url}`).toBeDefined();
    expect(header(res, 'content-type'), url).toMatch(expected!);
    return res;
  }

  it('serves every stylesheet, script, icon and font the layout links to', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/sign-in' });
    const links = [...page.body.matchAll(/<link\b[^>]*\bhref="([^"]+)"/g)].map((m) => m[1]!);
    const scripts = [...page.body.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]!);
    expect(links).toEqual(expect.arrayContaining(['/stylesheets/govuk-frontend.min.css']));
    expect(scripts.length).toBeGreaterThan(0);

    const fetched = new Set<string>();
    const queue = [...links, ...scripts];
    while (queue.length) {
      const url = queue.shift()!;
      if (fetched.has(url)) continue;
      fetched.add(url);
      const res = await fetchAsset(url);
      if (url.endsWith('.css')) {
        // Fonts and images the stylesheet needs (GOV.UK Transport and the crest).
        for (const m of res.body.matchAll(/url\(["']?(\/[^"')]+)["']?\)/g)) queue.push(m[1]!.split(/[?#]/)[0]!);
      }
      if (/\.m?js$/.test(url)) {
        // Modules the script imports (init.js loads govuk-frontend.min.js).
        for (const m of res.body.matchAll(/\bfrom\s*["'](\/[^"']+)["']/g)) queue.push(m[1]!);
      }
    }
    expect([...fetched]).toEqual(expect.arrayContaining(['/javascripts/govuk-frontend.min.js']));
    expect([...fetched].some((url) => url.endsWith('.woff2'))).toBe(true);
  });

  it('refuses to serve anything but the assets themselves', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/stylesheets/../../package.json' })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/javascripts/package.json' })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/stylesheets/govuk-frontend.min.js' })).statusCode).toBe(404);
  });

  it('shows the skip link, service navigation and footer', async () => {
    const anonymous = await t.app.inject({ method: 'GET', url: '/sign-in' });
    expect(anonymous.body).toMatch(/<a href="#main-content" class="govuk-skip-link"/);
    expect(anonymous.body).toMatch(/<main class="govuk-main-wrapper" id="main-content"/);
    expect(anonymous.body).toContain('govuk-service-navigation');
    expect(anonymous.body).toMatch(/govuk-service-navigation__service-name[\s\S]*?Wraparound/);
    expect(anonymous.body).toMatch(/<footer class="govuk-footer"/);

    const v = await signedIn(t.app, tenant.users['social-worker'].email);
    const home = await v.get('/');
    expect(home.body).toMatch(/govuk-service-navigation__item[\s\S]*?href="\/"/);
    expect(home.body).toContain('Sign out');
  });

  it('shows a styled 404 page for an unknown route', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/no-such-page/at-all' });
    expect(res.statusCode).toBe(404);
    expect(header(res, 'content-type')).toMatch(/^text\/html/);
    expect(res.body).toMatch(/<h1 class="govuk-heading-l">Page not found<\/h1>/);
    expect(res.body).toContain('<title>Page not found – Wraparound</title>');
    expect(res.body).toContain('govuk-service-navigation');
  });
});

describe('/health', () => {
  it('answers 200 ok when the database answers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok' });
    expect(header(res, 'content-type')).toMatch(/^application\/json/);
  });
});

describe('/metrics', () => {
  it('counts requests by route pattern, never by raw URL, and reports the database pool', async () => {
    const thingId = `Zebedee-${randomUUID()}`;
    const userId = randomUUID();
    const admin = await signedIn(t.app, tenant.users.admin.email);
    expect((await admin.get('/?name=Zed-Quornwhistle')).statusCode).toBe(200);
    await admin.get(`/admin/users/${userId}`);
    expect((await t.app.inject({ method: 'GET', url: FIXTURE_PATHS.thing(thingId) })).statusCode).toBe(200);

    const res = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(header(res, 'content-type')).toMatch(/^text\/plain/);
    const text = res.body;
    expect(text).toContain('# TYPE wraparound_http_request_duration_seconds histogram');
    expect(text).toMatch(/wraparound_http_request_duration_seconds_count\{method="GET",route="\/",status="200"\} [1-9]/);
    expect(text).toMatch(/wraparound_http_request_duration_seconds_count\{method="GET",route="\/fixtures\/things\/:thingId",status="200"\} [1-9]/);
    expect(text).not.toContain('Zed-Quornwhistle');
    expect(text).not.toContain('name=');
    expect(text).not.toContain(thingId);
    expect(text).not.toContain(userId);
    expect(text).toMatch(/wraparound_db_pool_connections\{state="total"\} [1-9]/);
    expect(text).toMatch(/wraparound_db_pool_connections\{state="idle"\} \d/);
    expect(text).toMatch(/wraparound_db_pool_connections\{state="waiting"\} \d/);
    expect(text).toContain('# TYPE wraparound_http_errors_total counter');
  });

  it('counts 5xx responses by route', async () => {
    expect((await t.app.inject({ method: 'GET', url: FIXTURE_PATHS.pageBoom })).statusCode).toBe(500);
    const text = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(text).toMatch(/wraparound_http_errors_total\{route="\/fixtures\/boom"\} [1-9]/);
  });

  it('needs the bearer token when METRICS_TOKEN is set', async () => {
    const token = 'metrics-token-0123456789abcdef';
    await withServer({ METRICS_TOKEN: token }, async (app) => {
      const none = await app.inject({ method: 'GET', url: '/metrics' });
      expect(none.statusCode).toBe(401);
      expect(none.body).not.toContain('wraparound_');
      const wrong = await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer metrics-token-not-the-right-one' } });
      expect(wrong.statusCode).toBe(401);
      const right = await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${token}` } });
      expect(right.statusCode).toBe(200);
      expect(right.body).toContain('wraparound_http_request_duration_seconds');
    });
  });
});
