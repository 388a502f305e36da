import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../platform/config.js';
import { paths } from '../../platform/http/paths.js';
import { setSessionCookie } from '../../platform/http/plugins/sessions.js';
import type { Router } from '../../platform/http/router.js';
import { REFUSALS } from './refusals.js';
import { ATTEMPT_MINUTES, type SingleSignOnService } from './service.js';

/** Holds the attempt's random value, binding the provider's answer to the browser that asked. */
export const ATTEMPT_COOKIE = 'wa_sso_attempt';

function attemptCookieOptions(config: Config) {
  return { path: '/sign-in', httpOnly: true, secure: config.cookieSecure, sameSite: 'lax' as const, signed: true };
}

/** The address the request came to, for the redirect URI when PUBLIC_URL is not set (never in production). */
function originOf(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

/**
 * Signing in through the council's own provider (AUTH_MODE=oidc): the start, one address per council,
 * and the one callback every provider sends the browser back to. Both are public pages: nobody is
 * signed in yet. The attempt cookie is SameSite=Lax, which a browser sends on the provider's redirect
 * back (a top-level GET) and on no request another site makes in the background.
 */
export function singleSignOnRoutes(router: Router, sso: SingleSignOnService, config: Config): void {
  if (config.authMode !== 'oidc') return;

  router.publicPage({
    method: 'GET',
    url: paths.sso.start(),
    rateLimitPerMinute: config.signInRateLimitPerMinute,
    handler: async (request, reply) => {
      if (request.method === 'HEAD') return headRefused(reply);
      const { tenantSlug } = request.params as { tenantSlug: string };
      const { returnTo } = request.query as { returnTo?: string };
      const started = await sso.start(tenantSlug, returnTo, originOf(request), request.id, (message) => request.log.error(message));
      if (started.kind === 'unknown-council') return reply.code(404).view('errors/404.njk');
      if (started.kind === 'refused') return refusalPage(reply, started.reason, tenantSlug);
      reply.setCookie(ATTEMPT_COOKIE, started.attemptToken, { ...attemptCookieOptions(config), maxAge: ATTEMPT_MINUTES * 60 });
      return reply.redirect(started.url, 303);
    },
  });

  router.publicPage({
    method: 'GET',
    url: paths.sso.callback,
    rateLimitPerMinute: config.signInRateLimitPerMinute,
    handler: async (request, reply) => {
      if (request.method === 'HEAD') return headRefused(reply);
      const raw = request.cookies[ATTEMPT_COOKIE];
      const unsigned = raw ? request.unsignCookie(raw) : null;
      reply.clearCookie(ATTEMPT_COOKIE, attemptCookieOptions(config));
      const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
      const finished = await sso.finish(unsigned?.valid ? unsigned.value : null, query, originOf(request), request.id, (message) => request.log.error(message));
      if (!finished.ok) {
        request.log.info({ reason: finished.reason }, 'single sign-on refused');
        return refusalPage(reply, finished.reason, finished.councilSlug);
      }
      setSessionCookie(reply, finished.sessionId, config.cookieSecure);
      return reply.redirect(finished.returnTo, 303);
    },
  });
}

/** HEAD would start an attempt, or use one up and sign someone in, with no page to show for it. */
function headRefused(reply: FastifyReply) {
  return reply.code(405).header('allow', 'GET').send();
}

function refusalPage(reply: FastifyReply, reason: keyof typeof REFUSALS, councilSlug: string | null) {
  const refusal = REFUSALS[reason];
  return reply.code(refusal.status).view('sso-refused.njk', { refusal, againHref: councilSlug ? paths.sso.start(councilSlug) : paths.signIn });
}
