/**
 * The access matrix (issue 2, item 7). Every route the router helpers registered is tried as an
 * anonymous visitor and as a signed-in user whose roles lack its permission; every API route
 * without a token and with a token lacking its scope. Routes are read from the catalogue, never
 * listed here, so a route added later is checked without touching this file.
 */
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantService } from '../../src/features/admin/tenants.js';
import { ACTIONS, actionsFor, type Action } from '../../src/platform/access/policy.js';
import { ROLES, type Role } from '../../src/platform/access/roles.js';
import { hashPassword } from '../../src/platform/auth/passwords.js';
import { buildApp, type BuiltApp } from '../../src/platform/http/app.js';
import type { RouteRecord } from '../../src/platform/http/router.js';
import { createTestTenant, startTestApp, TEST_PASSWORD, Visitor, type TestApp, type TestTenant } from '../helpers/app.js';

let t: TestApp;
let tenant: TestTenant;
let rolelessEmail: string;
/** A user of a second tenant, whom the first tenant's administrator must not see. */
let otherTenantUser: { id: string; email: string };

/** Static files are served by @fastify/static, which the router helpers do not wrap. */
const STATIC_PREFIXES = ['/assets', '/stylesheets', '/javascripts'];
/** Infrastructure endpoints registered by their plugins (not the router), public by design. */
const INFRASTRUCTURE = ['/health', '/metrics'];
const POLICY_403 = 'Your role does not allow this';
const CSRF_403 = 'The form could not be sent';

const isStatic = (url: string) => STATIC_PREFIXES.some((prefix) => url === prefix || url.startsWith(`${prefix}/`));
const describeRoute = (route: { method: string; url: string }) => `${route.method} ${route.url}`;

/** The route's URL with every `:param` (and any wildcard) replaced by a random uuid. */
function concreteUrl(url: string): string {
  return url.replace(/:[A-Za-z0-9_]+(\([^)]*\))?/g, () => randomUUID()).replace(/\*/g, randomUUID());
}

function pageRoutes(): RouteRecord[] {
  return t.routes.routes.filter((route) => route.kind === 'page');
}

function apiRoutes(): RouteRecord[] {
  return t.routes.routes.filter((route) => route.kind === 'api');
}

function isEveryRoleAction(permission: string): boolean {
  return ROLES.every((role) => (actionsFor(role) as readonly string[]).includes(permission));
}

/** A role that lacks the permission, or null when every role has it (or it is just 'signed-in'). */
function roleWithout(permission: string): Role | null {
  if (permission === 'signed-in') return null;
  return ROLES.find((role) => !(actionsFor(role) as readonly string[]).includes(permission)) ?? null;
}

/** A role that has the permission ('signed-in': any role). */
function roleWith(permission: string): Role {
  const role = ROLES.find((r) => permission === 'signed-in' || (actionsFor(r) as readonly string[]).includes(permission));
  if (!role) throw new Error(`no role has ${permission}`);
  return role;
}

const visitors = new Map<string, Visitor>();

/** One signed-in visitor per email, reused across routes (argon2 makes sign-in slow on purpose). */
async function visitorFor(email: string): Promise<Visitor> {
  let visitor = visitors.get(email);
  if (!visitor) {
    visitor = new Visitor(t.app);
    const response = await visitor.signIn(email);
    expect(response.statusCode, `sign-in of ${email}`).toBe(303);
    // Any signed-in page (a 403 one included) carries the session's CSRF token in its sign-out form.
    await visitor.get('/');
    visitors.set(email, visitor);
  }
  return visitor;
}

async function requestAs(visitor: Visitor, route: RouteRecord): Promise<LightMyRequestResponse> {
  const url = concreteUrl(route.url);
  return route.method === 'GET' ? visitor.get(url) : visitor.post(url, {});
}

async function apiRequest(route: RouteRecord, token?: string): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method: route.method as 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: concreteUrl(route.url),
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { 'content-type': 'application/json' }),
    },
    ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: '{}' }),
  });
}

function expectApiErrors(response: LightMyRequestResponse, status: number, context: string): void {
  expect(response.statusCode, context).toBe(status);
  expect(response.headers['content-type'], context).toMatch(/^application\/json/);
  const body = response.json<{ errors: { path: string; message: string }[] }>();
  expect(Array.isArray(body.errors), context).toBe(true);
  expect(body.errors.length, context).toBeGreaterThan(0);
  for (const error of body.errors) {
    expect(typeof error.path, context).toBe('string');
    expect(error.message, context).toEqual(expect.any(String));
  }
}

beforeAll(async () => {
  t = await startTestApp();
  tenant = await createTestTenant(t.db);
  const passwordHash = await hashPassword(TEST_PASSWORD);
  // A signed-in user with no role at all: refused even 'signed-in' pages and the actions every role has.
  rolelessEmail = `no-role@${tenant.slug}.test.invalid`;
  await t.db.tenant(tenant.id, (trx) =>
    trx.insertInto('users').values({ tenant_id: tenant.id, email: rolelessEmail, name: 'No role', roles: [], password_hash: passwordHash }).execute(),
  );
  const other = await tenantService(t.db).createTenant(`${tenant.slug}-b`, 'Another council');
  const email = `social-worker@${other.slug}.test.invalid`;
  const row = await t.db.tenant(other.id, (trx) =>
    trx
      .insertInto('users')
      .values({ tenant_id: other.id, email, name: 'Other council worker', roles: ['social-worker'], password_hash: passwordHash })
      .returning('id')
      .executeTakeFirstOrThrow(),
  );
  otherTenantUser = { id: row.id, email };
});
afterAll(() => t.close());

describe('the route catalogue', () => {
  it('holds the known routes, so the matrix below is not vacuous', () => {
    const listed = t.routes.routes.map(describeRoute);
    expect(listed).toEqual(
      expect.arrayContaining(['GET /', 'GET /account/password', 'POST /account/password', 'POST /sign-out', 'GET /sign-in', 'POST /sign-in', 'GET /api/v1/whoami']),
    );
    expect(pageRoutes().length).toBeGreaterThanOrEqual(4);
    expect(apiRoutes().length).toBeGreaterThanOrEqual(1);
  });

  it('names a real action (or signed-in) for every page route', () => {
    for (const route of pageRoutes()) {
      expect([...ACTIONS, 'signed-in'], describeRoute(route)).toContain(route.permission as Action);
    }
  });

  it('has no route that Fastify registered around the router helpers', () => {
    const bypassing = t.routes.registered.filter((route) => route.access === 'none' && !isStatic(route.url));
    expect(bypassing.map(describeRoute)).toEqual([]);
  });

  it('has no hand-made route claiming an access kind without the helper that enforces it', () => {
    const viaHelpers = new Set(t.routes.routes.map(describeRoute));
    const handMade = t.routes.registered.filter(
      (route) =>
        route.method !== 'HEAD' && // Fastify adds HEAD for every GET
        !isStatic(route.url) &&
        !INFRASTRUCTURE.includes(route.url) &&
        !viaHelpers.has(describeRoute(route)),
    );
    expect(handMade.map(describeRoute)).toEqual([]);
  });

  it('registered every catalogued route with Fastify under the same access kind', () => {
    const registered = new Map(t.routes.registered.map((route) => [describeRoute(route), route.access]));
    for (const route of t.routes.routes) expect(registered.get(describeRoute(route)), describeRoute(route)).toBe(route.kind);
  });
});

describe('page routes', () => {
  it('redirect an anonymous request to sign-in (303)', async () => {
    for (const route of pageRoutes()) {
      const response = await requestAs(new Visitor(t.app), route);
      expect(response.statusCode, describeRoute(route)).toBe(303);
      expect(response.headers.location?.split('?')[0], describeRoute(route)).toBe('/sign-in');
    }
  });

  it('refuse (403) a signed-in user without the permission, from the policy rather than CSRF', async () => {
    for (const route of pageRoutes()) {
      const role = roleWithout(route.permission);
      const email = role ? tenant.users[role].email : rolelessEmail;
      const response = await requestAs(await visitorFor(email), route);
      const context = `${describeRoute(route)} as ${role ?? 'a user with no role'}`;
      expect(response.statusCode, context).toBe(403);
      expect(response.body, context).toContain(POLICY_403);
      expect(response.body, context).not.toContain(CSRF_403);
    }
  });

  it('refuse a user with no role even the pages every role may see', async () => {
    const everyone = pageRoutes().filter((route) => route.permission === 'signed-in' || isEveryRoleAction(route.permission));
    expect(everyone.length).toBeGreaterThan(0);
    for (const route of everyone) {
      const response = await requestAs(await visitorFor(rolelessEmail), route);
      expect(response.statusCode, describeRoute(route)).toBe(403);
    }
  });

  it('let a user with the permission through the check (GET pages)', async () => {
    for (const route of pageRoutes().filter((r) => r.method === 'GET')) {
      const role = roleWith(route.permission);
      const response = await requestAs(await visitorFor(tenant.users[role].email), route);
      const context = `${describeRoute(route)} as ${role}`;
      expect([401, 403], context).not.toContain(response.statusCode);
      expect(response.headers.location?.split('?')[0] ?? '', context).not.toBe('/sign-in');
    }
  });
});

describe('API routes', () => {
  it('refuse a request without a token (401, JSON errors)', async () => {
    for (const route of apiRoutes()) expectApiErrors(await apiRequest(route), 401, describeRoute(route));
  });

  it('refuse a token that is not an API token (401)', async () => {
    for (const route of apiRoutes()) expectApiErrors(await apiRequest(route, `wa_${randomUUID()}`), 401, describeRoute(route));
  });

  it('refuse a token without the route scope (403), or a deactivated client (401) where any token will do', async () => {
    const tenants = tenantService(t.db);
    for (const route of apiRoutes()) {
      if (route.permission === 'authenticated') {
        const client = await tenants.createApiClient(tenant.id, 'Deactivated client', ['people:read']);
        const before = await apiRequest(route, client.token);
        expect([401, 403], `${describeRoute(route)} with an active token`).not.toContain(before.statusCode);
        await t.db.owner().updateTable('api_clients').set({ active: false }).where('id', '=', client.id).execute();
        expectApiErrors(await apiRequest(route, client.token), 401, `${describeRoute(route)} with a deactivated client`);
      } else {
        const otherScope = route.permission === 'unrelated:read' ? 'unrelated:write' : 'unrelated:read';
        const client = await tenants.createApiClient(tenant.id, 'Wrong scope client', [otherScope]);
        expectApiErrors(await apiRequest(route, client.token), 403, `${describeRoute(route)} without ${route.permission}`);
      }
    }
  });
});

describe('HEAD requests', () => {
  async function auditCount(): Promise<number> {
    const row = await t.db.owner().selectFrom('audit_events').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  it('are refused (405, Allow: GET) on every page and API route, as someone allowed the GET, and run nothing: the audit log does not move', async () => {
    const client = await tenantService(t.db).createApiClient(tenant.id, 'HEAD prober', [...new Set(apiRoutes().map((r) => r.permission).filter((p) => p !== 'authenticated'))]);
    const pages = pageRoutes().filter((r) => r.method === 'GET');
    for (const route of pages) await visitorFor(tenant.users[roleWith(route.permission)].email);
    const before = await auditCount();
    for (const route of pages) {
      const visitor = await visitorFor(tenant.users[roleWith(route.permission)].email);
      const response = await t.app.inject({ method: 'HEAD', url: concreteUrl(route.url), cookies: visitor.cookies });
      expect(response.statusCode, `HEAD ${route.url}`).toBe(405);
      expect(response.headers.allow, `HEAD ${route.url}`).toBe('GET');
    }
    for (const route of apiRoutes().filter((r) => r.method === 'GET')) {
      const response = await t.app.inject({ method: 'HEAD', url: concreteUrl(route.url), headers: { authorization: `Bearer ${client.token}` } });
      expect(response.statusCode, `HEAD ${route.url}`).toBe(405);
    }
    expect(pages.length).toBeGreaterThan(20);
    expect(await auditCount()).toBe(before);
  });

  it('still answer on public pages and the health check', async () => {
    expect((await t.app.inject({ method: 'HEAD', url: '/sign-in' })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'HEAD', url: '/health' })).statusCode).toBe(200);
  });
});

describe('tenant isolation in the admin pages', () => {
  it("does not show tenant B's user to tenant A's administrator (404)", async () => {
    expect(pageRoutes().map(describeRoute)).toContain('GET /admin/users/:userId');
    const admin = await visitorFor(tenant.users.admin.email);
    const own = await admin.get(`/admin/users/${tenant.users['social-worker'].id}`);
    expect(own.statusCode).toBe(200);
    expect(own.body).toContain(tenant.users['social-worker'].email);
    const other = await admin.get(`/admin/users/${otherTenantUser.id}`);
    expect(other.statusCode).toBe(404);
    expect(other.body).not.toContain(otherTenantUser.email);
    expect(other.body).not.toContain('Other council worker');
  });

  it("does not let tenant A's administrator change tenant B's user (404, row unchanged)", async () => {
    const changing = pageRoutes().filter((r) => r.method === 'POST' && r.url.includes(':userId'));
    // Editing the user at least; every other POST on a user (deactivate, reset the password, …) is tried too.
    expect(changing.map(describeRoute)).toContain('POST /admin/users/:userId');
    const userRow = () => t.db.owner().selectFrom('users').selectAll().where('id', '=', otherTenantUser.id).executeTakeFirstOrThrow();
    const before = await userRow();
    const admin = await visitorFor(tenant.users.admin.email);
    for (const route of changing) {
      expect(actionsFor('admin'), describeRoute(route)).toContain(route.permission);
      const url = route.url.replace(':userId', otherTenantUser.id);
      const response = await admin.post(url, { name: 'Taken over', roles: 'admin' });
      expect(response.statusCode, describeRoute(route)).toBe(404);
    }
    expect(await userRow()).toEqual(before);
  });
});

/**
 * The matrix above can only try the routes that exist today (no API route has a scope yet, say).
 * These probe routes, added through the same helpers to an app of their own, prove each check
 * works before a real route depends on it — and that a route added around the helpers is caught.
 */
describe('the router helpers, on probe routes', () => {
  let probe: BuiltApp;

  beforeAll(async () => {
    probe = await buildApp({
      config: t.config,
      db: t.db,
      viewDirs: [],
      registerFeatures: (router, app) => {
        router.page({ method: 'GET', url: '/probe/page', permission: 'audit:view', pageName: 'probe', handler: async (_q, reply) => reply.send('probe page') });
        router.page({ method: 'POST', url: '/probe/page', permission: 'audit:view', pageName: 'probe', handler: async (_q, reply) => reply.send('probe post') });
        router.api({ method: 'GET', url: '/api/v1/probe', scope: 'probe:read', summary: 'Probe', handler: async () => ({ ok: true }) });
        app.get('/probe/around-the-helpers', async () => 'nobody checked me');
      },
    });
    await probe.app.ready();
  });
  afterAll(() => probe.app.close());

  /** A visitor of the probe app carrying a session made by signing in to the real one (same secret, same database). */
  async function probeVisitor(email: string): Promise<Visitor> {
    const visitor = new Visitor(probe.app);
    const signedInElsewhere = await visitorFor(email);
    visitor.cookies = { ...signedInElsewhere.cookies };
    visitor.csrf = signedInElsewhere.csrf;
    return visitor;
  }

  it('refuse anonymous, refuse without the permission, allow with it', async () => {
    expect((await new Visitor(probe.app).get('/probe/page')).headers.location?.split('?')[0]).toBe('/sign-in');
    expect((await new Visitor(probe.app).post('/probe/page')).headers.location?.split('?')[0]).toBe('/sign-in');
    const without = await probeVisitor(tenant.users['social-worker'].email);
    expect((await without.get('/probe/page')).statusCode).toBe(403);
    expect((await without.post('/probe/page')).body).toContain(POLICY_403);
    const withIt = await probeVisitor(tenant.users.auditor.email);
    expect((await withIt.get('/probe/page')).body).toBe('probe page');
    expect((await withIt.post('/probe/page')).body).toBe('probe post');
  });

  it('refuse an API token without the scope (403) and allow one with it', async () => {
    const tenants = tenantService(t.db);
    const route = { method: 'GET', url: '/api/v1/probe', kind: 'api', permission: 'probe:read' } as const;
    const inject = (token: string) => probe.app.inject({ method: 'GET', url: route.url, headers: { authorization: `Bearer ${token}` } });
    const wrong = await tenants.createApiClient(tenant.id, 'Probe without scope', ['people:read', 'probe:write']);
    expectApiErrors(await inject(wrong.token), 403, 'a token without probe:read');
    const right = await tenants.createApiClient(tenant.id, 'Probe with scope', ['probe:read']);
    expect((await inject(right.token)).json()).toEqual({ ok: true });
    expectApiErrors(await probe.app.inject({ method: 'GET', url: route.url }), 401, 'no token');
  });

  it('leave a route added around them visible to the catalogue check', () => {
    const bypassing = probe.routes.registered.filter((r) => r.access === 'none' && !isStatic(r.url));
    expect(bypassing.map(describeRoute)).toEqual(['GET /probe/around-the-helpers', 'HEAD /probe/around-the-helpers']);
  });
});
