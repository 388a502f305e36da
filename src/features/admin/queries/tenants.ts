import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Trx } from '../../../platform/db/database.js';
import type { Schema } from '../../../platform/db/schema.js';

/**
 * Tenants are the owner's to read and create (operator work at the command line): the look-ups take
 * the owner connection, and the insert the owner's transaction.
 */
export async function findTenantBySlug(owner: Kysely<Schema>, slug: string): Promise<{ id: string; slug: string; name: string } | null> {
  return (await owner.selectFrom('tenants').select(['id', 'slug', 'name']).where('slug', '=', slug).executeTakeFirst()) ?? null;
}

export async function slugTaken(owner: Kysely<Schema>, slug: string): Promise<boolean> {
  const clash = await owner.selectFrom('tenants').select('id').where('slug', '=', slug).executeTakeFirst();
  return clash !== undefined;
}

export function insertTenant(trx: Trx, slug: string, name: string): Promise<{ id: string; slug: string }> {
  return trx.insertInto('tenants').values({ slug, name }).returning(['id', 'slug']).executeTakeFirstOrThrow();
}

/** Keeps only the token's hash. */
export async function insertApiClient(trx: Trx, values: { tenantId: string; name: string; tokenHash: string; scopes: string[]; expiresAt: Date; agencyId?: string | null }): Promise<string> {
  const row = await trx
    .insertInto('api_clients')
    .values({ tenant_id: values.tenantId, name: values.name, token_hash: values.tokenHash, scopes: values.scopes, expires_at: values.expiresAt, agency_id: values.agencyId ?? null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface ApiClientRow {
  id: string;
  name: string;
  scopes: string[];
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  active: boolean;
}

export async function listApiClients(trx: Trx): Promise<ApiClientRow[]> {
  const rows = await trx.selectFrom('api_clients').select(['id', 'name', 'scopes', 'created_at', 'expires_at', 'revoked_at', 'last_used_at', 'active']).orderBy('created_at').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, scopes: r.scopes, createdAt: r.created_at, expiresAt: r.expires_at, revokedAt: r.revoked_at, lastUsedAt: r.last_used_at, active: r.active }));
}

/** Revokes a client's token now; false when there is no such client or it was already revoked. */
export async function revokeApiClient(trx: Trx, id: string, at: Date): Promise<boolean> {
  const result = await trx.updateTable('api_clients').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Gives a client a new token (the old one stops working at once) and a new expiry; false when there is no such usable client. */
export async function rotateApiClient(trx: Trx, id: string, tokenHash: string, expiresAt: Date, at: Date): Promise<boolean> {
  const result = await trx
    .updateTable('api_clients')
    .set({ token_hash: tokenHash, expires_at: expiresAt, rotated_at: at })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .where('active', '=', true)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function setSessionLifetime(trx: Trx, tenantId: string, hours: number): Promise<void> {
  await trx.updateTable('tenants').set({ session_max_hours: hours }).where('id', '=', tenantId).execute();
}

export async function setSecondStepRequired(trx: Trx, tenantId: string, required: boolean): Promise<void> {
  await trx.updateTable('tenants').set({ mfa_required: required }).where('id', '=', tenantId).execute();
}

/** Where the outcome of each notification the client sends is emailed (null: nowhere); false when there is no such client. */
export async function setOutcomeEmail(trx: Trx, id: string, email: string | null): Promise<boolean> {
  const result = await trx.updateTable('api_clients').set({ outcome_email: email }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The partner agency with this name (any case), if there is one. */
export function agencyByName(trx: Trx, name: string) {
  return trx.selectFrom('partner_agencies').select('id').where(sql<boolean>`lower(name) = lower(${name})`).executeTakeFirst();
}
