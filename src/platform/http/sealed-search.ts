import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { paths, safeReturnPath } from './paths.js';
import type { Router } from './router.js';

/**
 * Search terms kept out of addresses (issue 11, finding 10; ASVS 8.3.1): a search form posts its terms,
 * and the page it leads to carries them sealed in `?q=` (AES-256-GCM under a key made from the session
 * secret, bound to the session), so browser history, proxy logs and a shared screen's address bar hold
 * nothing anyone can read, and the address opens nothing outside the session it was made in. The
 * results can still be paged, bookmarked for the session, and reloaded.
 */
export interface SearchSealer {
  seal(sessionIdHash: string, terms: Record<string, string>): string;
  /** The terms, or null for a token that is not one, was made in another session, or is over 12 hours old. */
  open(sessionIdHash: string, token: string): Record<string, string> | null;
}

const MAX_AGE_MS = 12 * 3_600_000;

export function searchSealer(sessionSecret: string): SearchSealer {
  const key = createHmac('sha256', sessionSecret).update('wraparound search terms').digest();
  return {
    seal(sessionIdHash, terms) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(sessionIdHash));
      const body = Buffer.concat([cipher.update(JSON.stringify({ at: Date.now(), terms })), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
    },
    open(sessionIdHash, token) {
      if (!/^[A-Za-z0-9_-]{40,4000}$/.test(token)) return null;
      const raw = Buffer.from(token, 'base64url');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
        decipher.setAAD(Buffer.from(sessionIdHash));
        decipher.setAuthTag(raw.subarray(12, 28));
        const text = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
        const parsed = JSON.parse(text) as { at: number; terms: Record<string, string> };
        if (typeof parsed.at !== 'number' || Date.now() - parsed.at > MAX_AGE_MS) return null;
        return Object.fromEntries(Object.entries(parsed.terms).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
      } catch {
        return null;
      }
    },
  };
}

/** Fields a search form may seal: the terms, never more than a few, each cut to 1,000 characters. */
const MAX_TERMS = 10;

/**
 * The terms a search page shows results for: opened from the sealed `?q=` its form led to (one made in
 * another session, or too old, gives none); else, for an address typed by hand, the plain `keys`.
 */
export function searchTermsOf(request: FastifyRequest, keys: readonly string[]): { terms: Record<string, string>; token: string | null } {
  const query = (request.query ?? {}) as Record<string, unknown>;
  const token = typeof query.q === 'string' ? query.q : null;
  if (token) {
    const opened = request.session ? request.server.searchSealer.open(request.session.idHash, token) : null;
    return { terms: opened ?? {}, token: opened ? token : null };
  }
  const terms: Record<string, string> = {};
  for (const key of keys) if (typeof query[key] === 'string') terms[key] = query[key];
  return { terms, token: null };
}

/**
 * `POST /search`: where the smaller search forms post (a case's people, a new case, a relationship).
 * The terms are sealed, and the browser goes back to the form's page (`returnTo`, a path of this
 * service, whose other parameters are kept) with them in `?q=`. It reads nothing, so it needs only a
 * signed-in session; the results page checks its own permission and records the view.
 */
export function sealedSearchRoute(router: Router): void {
  router.page({
    method: 'POST',
    url: paths.search,
    permission: 'signed-in',
    pageName: 'search',
    handler: async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const back = new URL(safeReturnPath(body.returnTo), 'http://service.invalid');
      const terms = Object.fromEntries(
        Object.entries(body)
          .filter((entry): entry is [string, string] => entry[0] !== '_csrf' && entry[0] !== 'returnTo' && typeof entry[1] === 'string')
          .slice(0, MAX_TERMS)
          .map(([key, value]) => [key.slice(0, 40), value.slice(0, 1_000)]),
      );
      for (const key of Object.keys(terms)) back.searchParams.delete(key);
      back.searchParams.set('q', request.server.searchSealer.seal(request.session!.idHash, terms));
      return reply.redirect(`${back.pathname}${back.search}`, 303);
    },
  });
}
