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
export async function insertApiClient(trx: Trx, values: { tenantId: string; name: string; tokenHash: string; scopes: string[] }): Promise<string> {
  const row = await trx
    .insertInto('api_clients')
    .values({ tenant_id: values.tenantId, name: values.name, token_hash: values.tokenHash, scopes: values.scopes })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
