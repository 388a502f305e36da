import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { randomToken, safeEqual } from '../../auth/tokens.js';
import { PRE_SESSION_COOKIE, isInfrastructurePath } from './sessions.js';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export class CsrfError extends Error {
  readonly statusCode = 403;
}

/**
 * Synchroniser-token CSRF protection for every state-changing browser request. Signed-in users'
 * tokens live in their server-side session; before sign-in a token is kept in a signed cookie.
 * Forms send it as `_csrf`; scripts as the `x-csrf-token` header. The JSON API is exempt: it
 * takes bearer tokens, never cookies.
 */
export default fp(
  async (app: FastifyInstance, opts: { secure: boolean }) => {
    app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
      if (isInfrastructurePath(request.url)) return;
      if (!request.session) {
        const raw = request.cookies[PRE_SESSION_COOKIE];
        const unsigned = raw ? request.unsignCookie(raw) : null;
        if (unsigned?.valid && unsigned.value) {
          request.preSessionCsrf = unsigned.value;
        } else if (request.method === 'GET') {
          request.preSessionCsrf = randomToken();
          reply.setCookie(PRE_SESSION_COOKIE, request.preSessionCsrf, {
            path: '/',
            httpOnly: true,
            secure: opts.secure,
            sameSite: 'lax',
            signed: true,
          });
        }
      }
      if (!STATE_CHANGING.has(request.method)) return;
      // Not signed in and the route needs sign-in: the route refuses it anyway, and says so better.
      if (!request.session && request.routeOptions.config.access?.kind === 'page') return;
      const expected = request.session?.csrfToken ?? request.preSessionCsrf;
      const body = request.body as Record<string, unknown> | undefined;
      const sent = (typeof body?._csrf === 'string' ? body._csrf : undefined) ?? request.headers['x-csrf-token'];
      if (!expected || typeof sent !== 'string' || !safeEqual(sent, expected)) {
        throw new CsrfError('The form could not be checked');
      }
    });
  },
  { name: 'csrf' },
);
