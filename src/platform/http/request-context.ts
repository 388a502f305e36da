import type { ActiveSession } from '../auth/sessions.js';
import type { CurrentUser } from '../auth/current-user.js';

export interface ApiClientIdentity {
  id: string;
  tenantId: string;
  name: string;
  scopes: string[];
  /** The partner agency the client was issued to, if any: it then acts as that agency's representative. */
  agencyId: string | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in person, once the session plugin has run. */
    user: CurrentUser | null;
    session: ActiveSession | null;
    /** True when the cookie named a session that had timed out. */
    sessionExpired: boolean;
    /** When that session ended because it reached the tenant's session lifetime: the lifetime in hours. */
    sessionLifetimeHours: number | null;
    /** CSRF token for forms shown to someone not yet signed in. */
    preSessionCsrf: string | null;
    apiClient: ApiClientIdentity | null;
    /** Where the request's time went, when SERVER_TIMING is on (request-timings.ts). */
    timings?: import('../request-timings.js').RequestTimings;
  }
  interface FastifyInstance {
    /** Seals search terms into `?q=` so they never travel in an address (sealed-search.ts). */
    searchSealer: import('./sealed-search.js').SearchSealer;
  }
  interface FastifyReply {
    view(template: string, context?: Record<string, unknown>): FastifyReply;
  }
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}

/** What a route requires, declared once through the router helpers and read by the access hooks. */
export type RouteAccess =
  | { kind: 'public' }
  | { kind: 'page'; permission: import('../access/policy.js').Action | 'signed-in'; pageName: string }
  | { kind: 'api'; scope: string | 'authenticated' };
