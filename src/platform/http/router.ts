import type { FastifyInstance, FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify';
import type { z } from 'zod';
import { can, type Action } from '../access/policy.js';
import { routeRecordId } from '../audit/people-concerned.js';
import { ViewAuditWriter } from '../audit/view-audit.js';
import type { Database } from '../db/database.js';
import { timed, timedSync } from '../request-timings.js';
import { ApiProblem, apiAuthenticate, parseApiBody } from './api-errors.js';
import { readYourWrites } from './read-your-writes.js';
import { paths, withQuery } from './paths.js';
import { ServiceError } from './service-error.js';

export interface RouteRecord {
  method: string;
  url: string;
  kind: 'page' | 'api' | 'public';
  permission: string;
}

/** Every route registered through these helpers, for the access test and the OpenAPI document. */
export class RouteCatalogue {
  readonly routes: RouteRecord[] = [];
  /** Every route Fastify registered, however it was added (static files and health included). */
  readonly registered: { method: string; url: string; access: string }[] = [];
  readonly api: ApiRouteSpec<z.ZodType | undefined>[] = [];
  /** Every form's URL and the fields its schema names (none when the schema depends on the record), for the fuzz tests. */
  readonly forms: { url: string; fields: string[] }[] = [];
}

type Handler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

export interface PageRouteSpec {
  method: 'GET' | 'POST';
  url: string;
  /** The action the policy must allow, or 'signed-in' for anyone signed in with a role. */
  permission: Action | 'signed-in';
  /** Names the page in the audit log. */
  pageName: string;
  handler: Handler;
}

export interface ApiRouteSpec<B extends z.ZodType | undefined> {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  scope: string | 'authenticated';
  summary: string;
  body?: B;
  response?: z.ZodType;
  /** The status for a body that fails its schema: 422 unless the route's contract says 400. */
  invalidStatus?: 400 | 422;
  /** A POST that only reads (a search whose terms travel in the body, not the address): audited as a read. */
  reads?: boolean;
  handler: (request: FastifyRequest, reply: FastifyReply, body: B extends z.ZodType ? z.infer<B> : undefined) => Promise<unknown>;
}

export interface Router {
  page(spec: PageRouteSpec): void;
  publicPage(spec: Omit<PageRouteSpec, 'permission' | 'pageName'> & { rateLimitPerMinute?: number }): void;
  api<B extends z.ZodType | undefined>(spec: ApiRouteSpec<B>): void;
  catalogue: RouteCatalogue;
}

/** The pages a session may open while its second step at sign-in is still to do. */
const SECOND_STEP_PAGES: Record<'enter-code' | 'set-up', readonly string[]> = {
  'enter-code': [paths.signInCode, paths.signOut, paths.keepAlive],
  'set-up': [paths.account.setUpAuthenticatorApp, paths.signOut, paths.keepAlive],
};

/**
 * The only way features add routes. A page route checks sign-in and the permission, and audits
 * every view before its handler runs; an API route checks the bearer token and its scope and
 * validates the body against its schema. A route cannot forget any of them.
 */
export function createRouter(app: FastifyInstance, db: Database, catalogue: RouteCatalogue, options: { secureCookies: boolean }): Router {
  const views = new ViewAuditWriter(db);
  const replicaReads = readYourWrites(db, options.secureCookies);
  const params = (request: FastifyRequest) => (request.params ?? {}) as Record<string, unknown>;
  return {
    catalogue,
    publicPage(spec) {
      catalogue.routes.push({ method: spec.method, url: spec.url, kind: 'public', permission: 'public' });
      app.route({
        method: spec.method,
        url: spec.url,
        config: {
          access: { kind: 'public' },
          ...(spec.rateLimitPerMinute ? { rateLimit: { max: spec.rateLimitPerMinute, timeWindow: 60_000 } } : {}),
        },
        handler: spec.handler as RouteHandlerMethod,
      });
    },
    page(spec) {
      catalogue.routes.push({ method: spec.method, url: spec.url, kind: 'page', permission: spec.permission });
      app.route({
        method: spec.method,
        url: spec.url,
        config: { access: { kind: 'page', permission: spec.permission, pageName: spec.pageName } },
        // On the request's arrival, before any body is read (an upload of 10 MB from someone not signed
        // in is refused unread): the session is already known from the sessions plugin's onRequest.
        onRequest: async (request, reply) => {
          const user = request.user;
          if (!user) {
            const returnTo = request.method === 'GET' ? request.url : undefined;
            const ended = request.sessionLifetimeHours ? { lifetime: request.sessionLifetimeHours } : { timedOut: request.sessionExpired ? 1 : undefined };
            return reply.redirect(withQuery(paths.signIn, { returnTo, ...ended }), 303);
          }
          // Half signed in (the password given, the second step not yet done): only that step and signing out.
          const secondStep = request.session?.secondStep ?? 'none';
          if (secondStep !== 'none' && !SECOND_STEP_PAGES[secondStep].includes(spec.url)) {
            const next = secondStep === 'enter-code' ? paths.signInCode : paths.account.setUpAuthenticatorApp;
            return reply.redirect(withQuery(next, { returnTo: request.method === 'GET' ? request.url : undefined }), 303);
          }
          const allowed = timedSync('access', () => (spec.permission === 'signed-in' ? user.active && user.roles.length > 0 : can(user, spec.permission)));
          if (!allowed) return reply.code(403).view('errors/403.njk');
          if (user.mustChangePassword && !([paths.account.password, paths.signOut, paths.keepAlive] as string[]).includes(spec.url)) {
            return reply.redirect(paths.account.password, 303);
          }
          if (request.method === 'GET') {
            const entry = {
              actorType: 'user',
              actorId: user.id,
              action: 'page.view',
              subjectType: spec.pageName,
              subjectId: routeRecordId(request.params),
              requestId: request.id,
              details: { route: spec.url },
            } as const;
            await timed('audit', () => views.record(user.tenantId, { entry, params: params(request) }));
          }
          return undefined;
        },
        ...(spec.method === 'GET' ? {} : { onSend: async (request: FastifyRequest, reply: FastifyReply) => replicaReads.changed(request, reply) }),
        handler: spec.method === 'GET' ? replicaReads.reading(app, refusalsAsPages(spec.handler)) : refusalsAsPages(spec.handler),
      });
    },
    api(spec) {
      catalogue.routes.push({ method: spec.method, url: spec.url, kind: 'api', permission: spec.scope });
      catalogue.api.push(spec as ApiRouteSpec<z.ZodType | undefined>);
      app.route({
        method: spec.method,
        url: spec.url,
        config: { access: { kind: 'api', scope: spec.scope } },
        // Before the body is read: a request without a valid token is refused unread.
        onRequest: async (request) => {
          await apiAuthenticate(db, request);
          const client = request.apiClient;
          if (!client) throw new ApiProblem(401, [{ path: '', message: 'Send a valid API token in the Authorization header' }]);
          if (spec.scope !== 'authenticated' && !client.scopes.includes(spec.scope)) {
            throw new ApiProblem(403, [{ path: '', message: `This token does not have the ${spec.scope} scope` }]);
          }
          // Reads are audited here, before the handler runs; changes are audited by their service in
          // the same transaction as the change.
          if (request.method === 'GET' || spec.reads) {
            const entry = {
              actorType: 'api-client',
              actorId: client.id,
              action: 'api.read',
              subjectType: spec.url,
              subjectId: routeRecordId(request.params),
              requestId: request.id,
            } as const;
            await timed('audit', () => views.record(client.tenantId, { entry, params: params(request) }));
          }
        },
        handler: async (request, reply) => {
          const body = spec.body ? parseApiBody(spec.body, request.body, spec.invalidStatus) : undefined;
          try {
            return await spec.handler(request, reply, body as never);
          } catch (error) {
            if (error instanceof ServiceError) throw serviceProblem(error, spec.invalidStatus ?? 422);
            throw error;
          }
        },
      });
    },
  };
}

/**
 * The one mapping of a service's error to an API problem: every problem at its JSON pointer; a
 * problem with what was sent takes the route's status for a bad body (422 unless its contract says 400).
 */
export function serviceProblem(error: ServiceError, invalidStatus: 400 | 422): ApiProblem {
  const pointer = (field: string) => (field === 'form' ? '' : field.startsWith('/') ? field : `/${field}`);
  const problems = error.problems.length ? [...error.problems] : [{ path: pointer(error.field), message: error.message }];
  return new ApiProblem(error.status === 400 ? invalidStatus : error.status, problems);
}

/**
 * A page's handler, with a service's refusal (403) or "not found" (404) answered with that page rather
 * than left to become a server error: every page route gets this, so a feature's handler may let its
 * service's refusal through.
 */
function refusalsAsPages(handler: Handler): RouteHandlerMethod {
  return async (request, reply) => {
    try {
      return await handler(request, reply);
    } catch (error) {
      if (error instanceof ServiceError && (error.status === 403 || error.status === 404)) return reply.code(error.status).view(`errors/${error.status}.njk`);
      throw error;
    }
  };
}
