import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { lookUpSession } from '../../auth/sessions.js';
import type { Database } from '../../db/database.js';
import { timed } from '../../request-timings.js';

export const SESSION_COOKIE = 'wa_session';
export const PRE_SESSION_COOKIE = 'wa_presession';

export interface SessionPluginOptions {
  db: Database;
  secret: string;
  secure: boolean;
  idleTimeoutMinutes: number;
}

/** Paths that never need to know who is asking (and so never touch the database for it). */
export function isInfrastructurePath(url: string): boolean {
  return /^\/(assets|stylesheets|javascripts|health|metrics|api)(\/|$|\?)/.test(url) || url === '/favicon.ico';
}

export function setSessionCookie(reply: FastifyReply, id: string, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, id, { path: '/', httpOnly: true, secure, sameSite: 'lax', signed: true });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, secure, sameSite: 'lax' });
}

/**
 * Reads the signed session cookie and loads the signed-in user. The cookie holds only a random id;
 * the session itself (user, CSRF token, last activity) lives in the sessions table.
 */
export default fp(
  async (app: FastifyInstance, opts: SessionPluginOptions) => {
    await app.register(cookie, { secret: opts.secret });
    app.decorateRequest('user', null);
    app.decorateRequest('session', null);
    app.decorateRequest('sessionExpired', false);
    app.decorateRequest('sessionLifetimeHours', null);
    app.decorateRequest('preSessionCsrf', null);
    app.decorateRequest('apiClient', null);
    app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      if (isInfrastructurePath(request.url)) return;
      const raw = request.cookies[SESSION_COOKIE];
      if (!raw) return;
      const unsigned = request.unsignCookie(raw);
      if (!unsigned.valid || !unsigned.value) {
        clearSessionCookie(reply, opts.secure);
        return;
      }
      const found = await timed('session', () => lookUpSession(opts.db, unsigned.value, opts.idleTimeoutMinutes));
      if (found.state === 'active') {
        request.session = found.session;
        request.user = found.session.user;
      } else {
        request.sessionExpired = found.state === 'expired';
        if (found.state === 'expired' && found.reason === 'lifetime') request.sessionLifetimeHours = found.hours;
        clearSessionCookie(reply, opts.secure);
      }
    });
  },
  { name: 'sessions' },
);
