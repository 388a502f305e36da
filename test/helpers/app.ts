import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { adminService } from '../../src/features/admin/service.js';
import { tenantService } from '../../src/features/admin/tenants.js';
import { ROLES, type Role } from '../../src/platform/access/roles.js';
import { loadUser, type CurrentUser } from '../../src/platform/auth/current-user.js';
import { loadConfig, type Config } from '../../src/platform/config.js';
import type { Database } from '../../src/platform/db/database.js';
import type { RouteCatalogue } from '../../src/platform/http/router.js';
import { createServer } from '../../src/server.js';
import { closeAll, testDatabase, within, type TestDatabase } from './database.js';

export const TEST_PASSWORD = 'correct-horse-battery-staple';

export interface TestTenant {
  id: string;
  slug: string;
  /** One user per role, with TEST_PASSWORD. */
  users: Record<Role, { id: string; email: string }>;
}

export interface TestApp {
  app: FastifyInstance;
  routes: RouteCatalogue;
  db: Database;
  config: Config;
  database: TestDatabase;
  close(): Promise<void>;
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({ NODE_ENV: 'test', COOKIE_SECURE: 'false', LOG_LEVEL: 'silent', SIGN_IN_RATE_LIMIT_PER_MINUTE: '1000', ...overrides });
}

/** A server on its own fresh database (PGlite, or PostgreSQL with DATABASE_URL), driven with inject(). */
export async function startTestApp(
  options: { env?: Record<string, string>; database?: TestDatabase; logStream?: NodeJS.WritableStream } = {},
): Promise<TestApp> {
  const database = options.database ?? (await testDatabase());
  const config = { ...testConfig(options.env), database: database.config };
  const { app, routes } = await createServer(config, database.db, options.logStream ? { logStream: options.logStream } : { logger: false });
  await app.ready();
  return {
    app,
    routes,
    db: database.db,
    config,
    database,
    // The database is closed and removed even when the server does not close (in time).
    close: () =>
      closeAll([
        ['closing the test server', () => closeServer(app)],
        ['closing and removing the test database', () => database.cleanup(), 45_000],
      ]),
  };
}

/**
 * Closes the server, waiting for requests in flight as Fastify does, but not forever: after 15 s the
 * remaining connections are cut and the close fails, naming what hung.
 */
async function closeServer(app: FastifyInstance): Promise<void> {
  const closing = app.close();
  try {
    await within(15_000, 'closing the test server', closing);
  } catch (error) {
    app.server.closeAllConnections();
    closing.catch(() => {});
    throw error;
  }
}

let tenantCounter = 0;

/** A tenant with a user for every role, all with TEST_PASSWORD. */
export async function createTestTenant(db: Database, slug = `la-${Date.now().toString(36)}-${tenantCounter++}`): Promise<TestTenant> {
  const tenant = await tenantService(db).createTenant(slug, `Test council ${slug}`);
  const admin = adminService(db);
  const actor = { kind: 'system', tenantId: tenant.id } as const;
  const users = {} as TestTenant['users'];
  for (const role of ROLES) {
    const email = `${role}@${slug}.test.invalid`;
    const { user } = await admin.createUser(actor, { email, name: `Test ${role}`, roles: [role], teamIds: [], password: TEST_PASSWORD }, null);
    users[role] = { id: user.id, email };
  }
  return { id: tenant.id, slug, users };
}

/** The test tenant's user of `role`, as services take them. */
export async function userOfRole(db: Database, tenant: TestTenant, role: Role): Promise<CurrentUser> {
  const user = await db.tenant(tenant.id, (trx) => loadUser(trx, tenant.users[role].id));
  if (!user) throw new Error(`no ${role} in the test tenant`);
  return user;
}

/** A browser-like client for inject(): keeps cookies and knows the current CSRF token. */
export class Visitor {
  cookies: Record<string, string> = {};
  csrf = '';

  constructor(private readonly app: FastifyInstance) {}

  async request(options: InjectOptions): Promise<LightMyRequestResponse> {
    const cookie = Object.entries(this.cookies).map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await this.app.inject({ ...options, headers: { ...(options.headers ?? {}), ...(cookie ? { cookie } : {}) } });
    for (const c of response.cookies) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) delete this.cookies[c.name];
      else this.cookies[c.name] = c.value;
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(response.body)?.[1];
    if (token) this.csrf = token;
    return response;
  }

  get(url: string) {
    return this.request({ method: 'GET', url });
  }

  /** Posts a form, adding the CSRF token unless the fields already say otherwise. */
  post(url: string, fields: Record<string, string | string[]> = {}, options: { csrf?: boolean } = {}) {
    const body = new URLSearchParams();
    if (options.csrf !== false && !('_csrf' in fields)) body.append('_csrf', this.csrf);
    for (const [k, v] of Object.entries(fields)) for (const item of Array.isArray(v) ? v : [v]) body.append(k, item);
    return this.request({ method: 'POST', url, payload: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }

  async signIn(email: string, password = TEST_PASSWORD): Promise<LightMyRequestResponse> {
    await this.get('/sign-in');
    return this.post('/sign-in', { email, password, returnTo: '/' });
  }
}

export async function signedIn(app: FastifyInstance, email: string): Promise<Visitor> {
  const visitor = new Visitor(app);
  const response = await visitor.signIn(email);
  if (response.statusCode !== 303) throw new Error(`sign-in failed for ${email}: ${response.statusCode}`);
  await visitor.get('/');
  return visitor;
}
