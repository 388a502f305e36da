import { scopeProblem } from '../../platform/access/scopes.js';
import { recordAudit } from '../../platform/audit/audit-log.js';
import { newApiToken, tokenHash } from '../../platform/auth/tokens.js';
import type { Database } from '../../platform/db/database.js';
import * as q from './queries/tenants.js';

export class TenantError extends Error {}

const SLUG = /^[a-z0-9][a-z0-9-]{1,62}$/;

/** Operator work at the command line: tenants are created by the owner, never by the application role. */
export function tenantService(db: Database) {
  return {
    async createTenant(slug: string, name: string): Promise<{ id: string; slug: string }> {
      if (!SLUG.test(slug)) throw new TenantError('The slug must be 2 to 63 lower-case letters, digits or hyphens, like north-yorkshire');
      if (!name.trim() || name.length > 200) throw new TenantError('Give the local authority a name of 1 to 200 characters');
      const owner = db.owner();
      if (await q.slugTaken(owner, slug)) throw new TenantError(`A tenant with the slug ${slug} already exists`);
      // One owner transaction: the tenant and its first audit event exist together or not at all.
      return owner.transaction().execute(async (trx) => {
        const tenant = await q.insertTenant(trx, slug, name.trim());
        await recordAudit(trx, tenant.id, { actorType: 'system', actorId: null, action: 'tenant.create', subjectType: 'tenant', subjectId: tenant.id });
        return tenant;
      });
    },

    async findTenant(slug: string): Promise<{ id: string; slug: string; name: string } | null> {
      return q.findTenantBySlug(db.owner(), slug);
    },

    /** Returns the token once; only its hash is kept. */
    async createApiClient(tenantId: string, name: string, scopes: string[]): Promise<{ id: string; token: string }> {
      const problem = scopeProblem(scopes);
      if (problem) throw new TenantError(problem);
      if (!name.trim() || name.length > 200) throw new TenantError('Give the API client a name of 1 to 200 characters');
      const token = newApiToken();
      const id = await db.tenant(tenantId, async (trx) => {
        const clientId = await q.insertApiClient(trx, { tenantId, name: name.trim(), tokenHash: tokenHash(token), scopes: [...new Set(scopes)] });
        await recordAudit(trx, tenantId, { actorType: 'system', actorId: null, action: 'api-client.create', subjectType: 'api-client', subjectId: clientId, details: { scopes } });
        return clientId;
      });
      return { id, token };
    },
  };
}

export type TenantService = ReturnType<typeof tenantService>;
