import { createHash } from 'node:crypto';

/**
 * The secret the audit chain is keyed with (AUDIT_CHAIN_KEY). It is kept outside the database, so
 * someone who can write to the database but does not hold it cannot recompute the chain after
 * changing an event: each event's hash is an HMAC under this key.
 */
export interface AuditChainKey {
  /** A short fingerprint of the key, stored with each event it keyed; never the key itself. */
  readonly id: string;
  readonly secret: Buffer;
}

export class AuditChainKeyError extends Error {}

const MIN_BYTES = 32;

/** Reads a key written as hex or base64 (at least 32 bytes, e.g. `openssl rand -base64 32`). */
export function auditChainKeyFrom(text: string): AuditChainKey {
  const trimmed = text.trim();
  const secret = /^[0-9a-f]+$/i.test(trimmed) && trimmed.length % 2 === 0 ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (secret.length < MIN_BYTES) {
    throw new AuditChainKeyError(`AUDIT_CHAIN_KEY must hold at least ${MIN_BYTES} random bytes, written as hex or base64 (for example from "openssl rand -base64 32")`);
  }
  return { id: createHash('sha256').update('wraparound audit chain key\n').update(secret).digest('hex').slice(0, 16), secret };
}

let current: AuditChainKey | null = null;

/**
 * Sets the key new audit events are chained with, once at start-up (the CLI, from the configuration;
 * the test setup). Null writes unkeyed events, as before keys existed.
 */
export function useAuditChainKey(key: AuditChainKey | null): void {
  current = key;
}

export function currentAuditChainKey(): AuditChainKey | null {
  return current;
}
