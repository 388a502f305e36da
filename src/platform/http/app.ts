import { randomUUID } from 'node:crypto';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import { loggerOptions } from '../logging.js';
import { ApiProblem } from './api-errors.js';
import csrf from './plugins/csrf.js';
import errors from './plugins/errors.js';
import inputGuard from './plugins/input-guard.js';
import health from './plugins/health.js';
import metrics from './plugins/metrics.js';
import refusalAudit from './plugins/refusal-audit.js';
import securityHeaders from './plugins/security-headers.js';
import { databaseRateLimitStore } from './plugins/rate-limit-store.js';
import sessions from './plugins/sessions.js';
import staticAssets from './plugins/static-assets.js';
import views from './plugins/views.js';
import { RouteCatalogue, createRouter, type Router } from './router.js';
import { searchSealer } from './sealed-search.js';
import { RequestTimings, runWithTimings } from '../request-timings.js';

export interface AppOptions {
  config: Config;
  db: Database;
  /** Folders of feature views, searched after the platform's own (so no feature can replace the layout). */
  viewDirs: string[];
  /** The composition root adds every feature's routes here. */
  registerFeatures: (router: Router, app: FastifyInstance) => Promise<void> | void;
  logger?: boolean;
  /** Where JSON logs go (standard output by default); tests read them to prove redaction. */
  logStream?: NodeJS.WritableStream;
}

/** Form bodies are small; 100 KB is far more than any form needs, and JSON bodies get 1 MB. */
export const FORM_BODY_LIMIT = 100 * 1024;
export const JSON_BODY_LIMIT = 1024 * 1024;

export interface BuiltApp {
  app: FastifyInstance;
  routes: RouteCatalogue;
}

export async function buildApp(options: AppOptions): Promise<BuiltApp> {
  const { config, db } = options;
  const app = Fastify({
    logger: options.logger === false ? false : { ...loggerOptions(config.logLevel), ...(options.logStream ? { stream: options.logStream } : {}) },
    bodyLimit: JSON_BODY_LIMIT,
    trustProxy: config.trustProxy,
    return503OnClosing: true,
    // Unique across restarts and instances, so an audit event's request id finds its log lines.
    genReqId: () => randomUUID(),
    routerOptions: { ignoreTrailingSlash: true },
  });
  const catalogue = new RouteCatalogue();
  if (config.serverTiming) {
    // First of all hooks, so the whole request runs with its timings current (request-timings.ts).
    app.addHook('onRequest', (request, _reply, done) => runWithTimings((request.timings = new RequestTimings()), done));
    app.addHook('onSend', async (request, reply) => {
      if (request.timings) reply.header('server-timing', request.timings.header());
    });
  }
  app.decorate('searchSealer', searchSealer(config.sessionSecret));
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) catalogue.registered.push({ method, url: route.url, access: route.config?.access?.kind ?? 'none' });
  });
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: JSON_BODY_LIMIT }, (_request, body, done) => {
    try {
      done(null, body === '' ? undefined : JSON.parse(body as string));
    } catch {
      done(new ApiProblem(400, [{ path: '', message: 'The request body is not valid JSON' }]), undefined);
    }
  });
  // HEAD would run a page's or the API's handler (a search, a record) and answer with its headers only,
  // and the view audit is written for GET alone: HEAD is refused on every signed-in page and API route,
  // before the session is read. Public pages, assets and /health still answer it.
  app.addHook('onRequest', async (request, reply) => {
    const kind = request.routeOptions.config?.access?.kind;
    if (request.method !== 'HEAD' || (kind !== 'page' && kind !== 'api')) return;
    await reply.code(405).header('allow', 'GET').header('cache-control', 'no-store').send();
  });
  // The JSON API takes JSON only: a form or text body is refused before it is parsed, never validated as if it were JSON.
  app.addHook('preParsing', async (request) => {
    if (request.routeOptions.config?.access?.kind !== 'api' || request.method === 'GET' || request.method === 'HEAD') return;
    const type = request.headers['content-type'];
    if (type !== undefined && !/^application\/json\s*(;|$)/i.test(type)) {
      throw new ApiProblem(415, [{ path: '', message: 'Send the body as application/json' }]);
    }
  });
  await app.register(errors);
  await app.register(inputGuard);
  await app.register(securityHeaders, { secure: config.cookieSecure });
  await app.register(formbody, { bodyLimit: FORM_BODY_LIMIT });
  await app.register(sessions, { db, secret: config.sessionSecret, secure: config.cookieSecure, idleTimeoutMinutes: config.idleTimeoutMinutes });
  await app.register(csrf, { secure: config.cookieSecure });
  await app.register(refusalAudit, { db });
  await app.register(rateLimit, { global: false, store: databaseRateLimitStore(db) });
  await app.register(staticAssets);
  await app.register(views, { viewDirs: options.viewDirs, idleTimeoutMinutes: config.idleTimeoutMinutes });
  await app.register(health, { db });
  await app.register(metrics, { db, token: config.metricsToken });
  await options.registerFeatures(createRouter(app, db, catalogue, { secureCookies: config.cookieSecure }), app);
  return { app, routes: catalogue };
}
