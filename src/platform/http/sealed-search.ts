import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

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
