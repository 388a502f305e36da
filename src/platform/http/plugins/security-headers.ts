import helmet from '@fastify/helmet';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

/** Security headers with a per-response nonce for the few inline scripts the GOV.UK template needs. */
export default fp(
  async (app: FastifyInstance, opts: { secure: boolean }) => {
    await app.register(helmet, {
      enableCSPNonces: true,
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          baseUri: ["'self'"],
          objectSrc: ["'none'"],
          ...(opts.secure ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      strictTransportSecurity: opts.secure ? { maxAge: 31_536_000, includeSubDomains: true } : false,
      referrerPolicy: { policy: 'no-referrer' },
      crossOriginEmbedderPolicy: false,
    });
    app.addHook('onSend', async (request, reply) => {
      // Case pages must never be kept by shared browsers or proxies.
      if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
      allowSignOutAtProvider(request, reply);
    });
  },
  { name: 'security-headers' },
);

/**
 * Someone signed in through their council's provider signs out through it too: the sign-out form posts
 * here and is redirected to the provider's end-session address, and browsers hold a form's redirects
 * to form-action. So a page of such a session also allows that one origin, and only then.
 */
function allowSignOutAtProvider(request: FastifyRequest, reply: FastifyReply): void {
  const signOutUrl = request.session?.providerSignOutUrl;
  const policy = reply.getHeader('content-security-policy');
  if (!signOutUrl || typeof policy !== 'string') return;
  const origin = new URL(signOutUrl).origin;
  reply.header('content-security-policy', policy.replace("form-action 'self'", `form-action 'self' ${origin}`));
}
