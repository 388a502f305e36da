import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from './chain.js';

/**
 * A signed checkpoint: where a tenant's audit chain had got to (its last sequence and hash) at a
 * moment, signed with an Ed25519 key kept away from the database. Checkpoints are written to a file
 * kept elsewhere (`wraparound audit-checkpoint`); `verify-audit --checkpoints` then detects events
 * cut from the end of the chain, and a chain recomputed after an edit, up to the last checkpoint.
 */
export interface AuditCheckpoint {
  tenantId: string;
  seq: string;
  hash: string;
  /** When it was taken (ISO 8601). */
  at: string;
}

export class CheckpointError extends Error {}

const VERSION = 1;

function payload(checkpoint: AuditCheckpoint): Buffer {
  return Buffer.from(canonicalJson({ v: VERSION, tenantId: checkpoint.tenantId, seq: checkpoint.seq, hash: checkpoint.hash, at: checkpoint.at }));
}

/** An Ed25519 private key from PEM text (e.g. `openssl genpkey -algorithm ed25519`). */
export function signingKeyFrom(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new CheckpointError('The signing key is not a private key in PEM form (make one with "openssl genpkey -algorithm ed25519 -out audit-signing.pem")');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new CheckpointError(`The signing key must be an Ed25519 key, not ${key.asymmetricKeyType ?? 'unknown'}`);
  return key;
}

/** An Ed25519 public key from PEM text (`openssl pkey -in audit-signing.pem -pubout`). */
export function publicKeyFrom(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    throw new CheckpointError('The public key is not a public key in PEM form (make it with "openssl pkey -in audit-signing.pem -pubout -out audit-signing.pub")');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new CheckpointError(`The public key must be an Ed25519 key, not ${key.asymmetricKeyType ?? 'unknown'}`);
  return key;
}

/** One line of a checkpoint file: the checkpoint and its signature, as JSON. */
export function signedCheckpointLine(checkpoint: AuditCheckpoint, signingKey: KeyObject): string {
  const signature = sign(null, payload(checkpoint), signingKey).toString('base64');
  return JSON.stringify({ v: VERSION, ...checkpoint, signature });
}

function isCheckpointFields(value: unknown): value is AuditCheckpoint & { v: number; signature: string } {
  const v = value as Record<string, unknown> | null;
  return (
    typeof v === 'object' && v !== null && v.v === VERSION &&
    typeof v.tenantId === 'string' && typeof v.seq === 'string' && /^\d+$/.test(v.seq) &&
    typeof v.hash === 'string' && typeof v.at === 'string' && typeof v.signature === 'string'
  );
}

/**
 * Reads a checkpoint file, checking every line's signature. A line that is not a checkpoint, or whose
 * signature does not verify, is an error naming the line: a forged or altered checkpoint is never used.
 */
export function readCheckpoints(text: string, publicKey: KeyObject): AuditCheckpoint[] {
  const checkpoints: AuditCheckpoint[] = [];
  for (const [index, line] of text.split('\n').entries()) {
    if (!line.trim()) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      throw new CheckpointError(`Line ${index + 1} of the checkpoint file is not a checkpoint`);
    }
    if (!isCheckpointFields(parsed)) throw new CheckpointError(`Line ${index + 1} of the checkpoint file is not a checkpoint`);
    const checkpoint: AuditCheckpoint = { tenantId: parsed.tenantId, seq: parsed.seq, hash: parsed.hash, at: parsed.at };
    if (!verify(null, payload(checkpoint), publicKey, Buffer.from(parsed.signature, 'base64'))) {
      throw new CheckpointError(`The signature on line ${index + 1} of the checkpoint file does not match (it was changed, or signed with another key)`);
    }
    checkpoints.push(checkpoint);
  }
  return checkpoints;
}

/** The checkpoint with the highest sequence for each tenant. */
export function latestCheckpoints(checkpoints: AuditCheckpoint[]): Map<string, AuditCheckpoint> {
  const latest = new Map<string, AuditCheckpoint>();
  for (const checkpoint of checkpoints) {
    const held = latest.get(checkpoint.tenantId);
    if (!held || BigInt(checkpoint.seq) > BigInt(held.seq)) latest.set(checkpoint.tenantId, checkpoint);
  }
  return latest;
}
