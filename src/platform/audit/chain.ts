import { createHash, createHmac } from 'node:crypto';
import type { AuditChainKey } from './chain-key.js';

/** The fields of an audit event that its hash covers. */
export interface ChainedEventContent {
  tenantId: string;
  seq: string;
  occurredAt: string;
  actorType: string;
  actorId: string | null;
  action: string;
  subjectType: string;
  subjectId: string | null;
  requestId: string | null;
  details: unknown;
}

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every depth, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * hash = HMAC-SHA256 under the chain key (or, for events written before a key was set, SHA-256) of
 * the previous hash and the canonical content: changing or removing any event breaks every later
 * link, and without the key the links cannot be made again.
 */
export function chainHash(prevHash: string, content: ChainedEventContent, key: AuditChainKey | null = null): string {
  const digest = key ? createHmac('sha256', key.secret) : createHash('sha256');
  return digest.update(prevHash).update('\n').update(canonicalJson(content)).digest('hex');
}
