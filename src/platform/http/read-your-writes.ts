import type { FastifyInstance, FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify';
import type { Database } from '../db/database.js';
import { mayReadFromReplica } from '../db/read-replica.js';

/** Set after a person changes something: until it runs out their pages are read from the primary. */
export const RECENT_CHANGE_COOKIE = 'wa_changed';

/** The replica is read from only while it holds what the primary had this long ago at most, plus one check's interval. */
const SAMPLING_MARGIN_MS = 2000;

/**
 * Read-your-writes for a read replica (issue 12, point 7). A signed-in page's GET may be read from
 * the replica, except for a person who changed something a moment ago: a change (a page's POST that
 * succeeded) sets a short-lived cookie saying until when, and until then their pages are read from
 * the primary, so nobody sees their own change seem to vanish. The cookie says nothing but a time;
 * a person who alters it changes only where their own pages are read from. Without a replica this
 * does nothing.
 */
export function readYourWrites(db: Database, secure: boolean) {
  const windowMs = db.replicaMaxLagMs === null ? 0 : db.replicaMaxLagMs + SAMPLING_MARGIN_MS;
  const changedRecently = (request: FastifyRequest): boolean => {
    const until = Number(request.cookies[RECENT_CHANGE_COOKIE]);
    return Number.isFinite(until) && until > Date.now();
  };
  return {
    /** A GET page's handler, run where its reads may go to the replica unless this person just changed something. */
    reading(app: FastifyInstance, handler: RouteHandlerMethod): RouteHandlerMethod {
      if (windowMs === 0) return handler;
      return function (request, reply) {
        return changedRecently(request) ? handler.call(app, request, reply) : mayReadFromReplica(() => handler.call(app, request, reply));
      };
    },
    /** After a page's change: marks the person as having changed something, when it succeeded. */
    async changed(_request: FastifyRequest, reply: FastifyReply): Promise<void> {
      if (windowMs === 0 || reply.statusCode >= 400) return;
      const until = Date.now() + windowMs;
      reply.setCookie(RECENT_CHANGE_COOKIE, String(until), { path: '/', httpOnly: true, secure, sameSite: 'lax', maxAge: Math.ceil(windowMs / 1000) });
    },
  };
}
