import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantService } from '../../src/features/admin/tenants.js';
import { recordAudit } from '../../src/platform/audit/audit-log.js';
import { chainHash, GENESIS_HASH } from '../../src/platform/audit/chain.js';
import { auditChainKeyFrom, currentAuditChainKey, type AuditChainKey } from '../../src/platform/audit/chain-key.js';
import { CheckpointError, publicKeyFrom, readCheckpoints, signedCheckpointLine, signingKeyFrom } from '../../src/platform/audit/checkpoint.js';
import { AuditVerifyError, chainHeads, verifyAuditChain } from '../../src/platform/audit/verify.js';
import type { Database } from '../../src/platform/db/database.js';
import type { AuditEventRow } from '../../src/platform/db/schema.js';
import { tamperWithAudit } from '../helpers/audit.js';
import { testDatabase, type TestDatabase } from '../helpers/database.js';

// Issue 11, finding 2: deleting the newest events, or recomputing every hash after an edit with the
// published function, passed verify-audit. The chain is now keyed with a secret kept outside the
// database, and signed checkpoints anchor it.

let test: TestDatabase;
let db: Database;
const signing = generateKeyPairSync('ed25519');
const signingPem = signing.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const publicPem = signing.publicKey.export({ type: 'spki', format: 'pem' }).toString();

beforeAll(async () => {
  test = await testDatabase();
  db = test.db;
});
afterAll(() => test?.cleanup());

async function tenantWithEvents(label: string, count: number): Promise<string> {
  const tenant = await tenantService(db).createTenant(`anchor-${label}-${randomBytes(3).toString('hex')}`, `Anchor council ${label}`);
  for (let i = 1; i <= count; i++) {
    await db.tenant(tenant.id, (trx) => recordAudit(trx, tenant.id, { actorType: 'system', actorId: null, action: `test.step-${i}`, subjectType: 'test', details: { step: i } }));
  }
  return tenant.id;
}

function chainOf(tenantId: string): Promise<AuditEventRow[]> {
  return db.owner().selectFrom('audit_events').selectAll().where('tenant_id', '=', tenantId).orderBy('seq').execute();
}

const tamper = (statements: [string, unknown[]?][]) => tamperWithAudit(db, statements);

/**
 * Changes one event's action and recomputes every hash from there on with chainHash, as an attacker
 * who read the published code would: with `key` (an insider holding it) or without (unkeyed).
 */
async function rewriteFrom(tenantId: string, index: number, key: AuditChainKey | null): Promise<void> {
  const chain = await chainOf(tenantId);
  let prev = index === 0 ? GENESIS_HASH : chain[index - 1]!.hash;
  const statements: [string, unknown[]][] = [];
  for (const row of chain.slice(index)) {
    const action = row.id === chain[index]!.id ? 'test.innocent' : row.action;
    const hash = chainHash(prev, {
      tenantId: row.tenant_id,
      seq: String(row.seq),
      occurredAt: new Date(row.occurred_at).toISOString(),
      actorType: row.actor_type,
      actorId: row.actor_id,
      action,
      subjectType: row.subject_type,
      subjectId: row.subject_id,
      requestId: row.request_id,
      details: row.details,
    }, key);
    statements.push([`update audit_events set action = $1, prev_hash = $2, hash = $3, chain_key_id = $4 where id = $5`, [action, prev, hash, key?.id ?? null, row.id]]);
    prev = hash;
  }
  await tamper(statements);
}

function checkpointFile(tenantId: string): Promise<string> {
  return chainHeads(db.owner(), tenantId).then((heads) => heads.map((head) => signedCheckpointLine({ ...head, at: new Date().toISOString() }, signingKeyFrom(signingPem))).join('\n'));
}

describe('the keyed audit chain', () => {
  it('writes every event keyed with the configured key, and verifies it', async () => {
    const tenant = await tenantWithEvents('keyed', 3);
    const key = currentAuditChainKey();
    expect(key).not.toBeNull();
    expect((await chainOf(tenant)).every((row) => row.chain_key_id === key!.id)).toBe(true);
    expect(await verifyAuditChain(db.owner(), { tenantId: tenant })).toMatchObject({ eventsChecked: 4, unkeyedEvents: 0, firstBreak: null });
  });

  it('detects an edit followed by recomputing every hash with the published function, without the key', async () => {
    const tenant = await tenantWithEvents('recomputed', 4);
    const chain = await chainOf(tenant);
    await rewriteFrom(tenant, 2, null);
    const result = await verifyAuditChain(db.owner(), { tenantId: tenant });
    expect(result.firstBreak).toMatchObject({ eventId: String(chain[2]!.id), seq: '3' });
    expect(result.firstBreak?.problem).toMatch(/not keyed, but events before it are/);
  });

  it('detects the whole chain rewritten without the key from its first event', async () => {
    const tenant = await tenantWithEvents('downgraded', 3);
    const chain = await chainOf(tenant);
    await rewriteFrom(tenant, 0, null);
    const result = await verifyAuditChain(db.owner(), { tenantId: tenant });
    expect(result.firstBreak).toMatchObject({ eventId: String(chain[0]!.id), seq: '1' });
    expect(result.firstBreak?.problem).toMatch(/not keyed/);
    // Only for a database written before a key was set, and said to be weaker.
    expect((await verifyAuditChain(db.owner(), { tenantId: tenant, allowUnkeyed: true })).firstBreak).toBeNull();
  });

  it('detects hashes made with another key', async () => {
    const tenant = await tenantWithEvents('other-key', 3);
    await rewriteFrom(tenant, 1, auditChainKeyFrom(randomBytes(32).toString('base64')));
    expect((await verifyAuditChain(db.owner(), { tenantId: tenant })).firstBreak?.problem).toMatch(/not the configured key/);
    // Marked with the right key's fingerprint, the hashes still do not match.
    const chain = await chainOf(tenant);
    await tamper(chain.slice(1).map((row) => [`update audit_events set chain_key_id = $1 where id = $2`, [currentAuditChainKey()!.id, row.id]]));
    expect((await verifyAuditChain(db.owner(), { tenantId: tenant })).firstBreak).toMatchObject({ seq: '2', problem: expect.stringMatching(/changed/) as unknown as string });
  });

  it('says the key is needed to check a keyed chain, rather than vouching for it', async () => {
    const tenant = await tenantWithEvents('no-key', 1);
    await expect(verifyAuditChain(db.owner(), { tenantId: tenant, key: null })).rejects.toThrow(AuditVerifyError);
    await expect(verifyAuditChain(db.owner(), { tenantId: tenant, key: null })).rejects.toThrow(/set AUDIT_CHAIN_KEY/);
  });
});

describe('signed checkpoints', () => {
  it('detect the newest events deleted, which the chain alone cannot', async () => {
    const tenant = await tenantWithEvents('cut', 5);
    const checkpoints = readCheckpoints(await checkpointFile(tenant), publicKeyFrom(publicPem));
    expect(checkpoints).toHaveLength(1);
    expect(checkpoints[0]).toMatchObject({ tenantId: tenant, seq: '6' });
    const chain = await chainOf(tenant);
    await tamper(chain.slice(-2).map((row) => [`delete from audit_events where id = $1`, [row.id]]));
    expect((await verifyAuditChain(db.owner(), { tenantId: tenant })).firstBreak).toBeNull();
    const result = await verifyAuditChain(db.owner(), { tenantId: tenant, checkpoints });
    expect(result.firstBreak).toMatchObject({ tenantId: tenant, eventId: null, seq: '5' });
    expect(result.firstBreak?.problem).toMatch(/ends at sequence 4, but the checkpoint .* signed sequence 6 \(events were cut from its end\)/);
  });

  it('detect a chain recomputed by someone holding the key', async () => {
    const tenant = await tenantWithEvents('insider', 4);
    const checkpoints = readCheckpoints(await checkpointFile(tenant), publicKeyFrom(publicPem));
    await rewriteFrom(tenant, 1, currentAuditChainKey());
    expect((await verifyAuditChain(db.owner(), { tenantId: tenant })).firstBreak).toBeNull();
    const result = await verifyAuditChain(db.owner(), { tenantId: tenant, checkpoints });
    expect(result.firstBreak).toMatchObject({ seq: '5', problem: expect.stringMatching(/checkpoint .* signed for this sequence \(the chain was rewritten\)/) as unknown as string });
  });

  it('keep passing while the chain only grows after them', async () => {
    const tenant = await tenantWithEvents('grows', 2);
    const checkpoints = readCheckpoints(await checkpointFile(tenant), publicKeyFrom(publicPem));
    await db.tenant(tenant, (trx) => recordAudit(trx, tenant, { actorType: 'system', actorId: null, action: 'test.later', subjectType: 'test' }));
    expect(await verifyAuditChain(db.owner(), { tenantId: tenant, checkpoints })).toMatchObject({ checkpointsChecked: 1, firstBreak: null });
  });

  it('are refused when altered, signed with another key, or not checkpoints at all', async () => {
    const tenant = await tenantWithEvents('forged', 1);
    const line = await checkpointFile(tenant);
    const altered = line.replace(/"seq":"\d+"/, '"seq":"1"');
    expect(() => readCheckpoints(altered, publicKeyFrom(publicPem))).toThrow(/signature on line 1 .* does not match/);
    const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(() => readCheckpoints(line, publicKeyFrom(other))).toThrow(CheckpointError);
    expect(() => readCheckpoints(`${line}\nnot json`, publicKeyFrom(publicPem))).toThrow(/Line 2 of the checkpoint file is not a checkpoint/);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => signingKeyFrom(rsa)).toThrow(/must be an Ed25519 key/);
    expect(() => signingKeyFrom('not a key')).toThrow(/not a private key in PEM form/);
  });

  it('name a tenant that is no longer in the database', async () => {
    const tenant = await tenantWithEvents('gone', 1);
    const [checkpoint] = readCheckpoints(await checkpointFile(tenant), publicKeyFrom(publicPem));
    const ghost = { ...checkpoint!, tenantId: '00000000-0000-4000-8000-000000000000' };
    const result = await verifyAuditChain(db.owner(), { checkpoints: [ghost] });
    expect(result.firstBreak?.problem).toMatch(/no longer in the database/);
  });
});

describe('the key', () => {
  it('is refused when shorter than 32 bytes', () => {
    expect(() => auditChainKeyFrom(randomBytes(16).toString('hex'))).toThrow(/at least 32 random bytes/);
    expect(auditChainKeyFrom(randomBytes(32).toString('base64')).secret).toHaveLength(32);
  });
});
