import { UUID } from '../../domain/ids.js';
import { scopeProblem } from '../../platform/access/scopes.js';
import { recordAudit } from '../../platform/audit/audit-log.js';
import { newApiToken, tokenHash } from '../../platform/auth/tokens.js';
import type { Database } from '../../platform/db/database.js';
import * as q from './queries/tenants.js';

export class TenantError extends Error {}

const SLUG = /^[a-z0-9][a-z0-9-]{1,62}$/;

/** API tokens last 90 days unless the operator says otherwise, and never more than a year. */
export const DEFAULT_TOKEN_DAYS = 90;
const MAX_TOKEN_DAYS = 365;

function tokenExpiry(days: number): Date {
  if (!Number.isInteger(days) || days < 1 || days > MAX_TOKEN_DAYS) throw new TenantError(`A token lasts a whole number of days from 1 to ${MAX_TOKEN_DAYS}`);
  return new Date(Date.now() + days * 86_400_000);
}

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

    /** Returns the token once; only its hash is kept. It expires after `days` (90 unless said). */
    /**
     * A new API client and its token. Issued to a partner agency (by the agency's name), it sees and
     * changes only what that agency's Marac representatives could.
     */
    async createApiClient(tenantId: string, name: string, scopes: string[], days = DEFAULT_TOKEN_DAYS, agencyName?: string): Promise<{ id: string; token: string; expiresAt: Date }> {
      const problem = scopeProblem(scopes);
      if (problem) throw new TenantError(problem);
      if (!name.trim() || name.length > 200) throw new TenantError('Give the API client a name of 1 to 200 characters');
      const expiresAt = tokenExpiry(days);
      const token = newApiToken();
      const id = await db.tenant(tenantId, async (trx) => {
        const agency = agencyName === undefined ? null : await q.agencyByName(trx, agencyName.trim());
        if (agencyName !== undefined && !agency) throw new TenantError(`There is no partner agency called ${agencyName.trim()}: the Marac coordinator adds agencies on the Marac set-up page`);
        const clientId = await q.insertApiClient(trx, { tenantId, name: name.trim(), tokenHash: tokenHash(token), scopes: [...new Set(scopes)], expiresAt, agencyId: agency?.id ?? null });
        await recordAudit(trx, tenantId, { actorType: 'system', actorId: null, action: 'api-client.create', subjectType: 'api-client', subjectId: clientId, details: { scopes, expiresAt: expiresAt.toISOString(), agencyId: agency?.id ?? null } });
        return clientId;
      });
      return { id, token, expiresAt };
    },

    listApiClients(tenantId: string): Promise<q.ApiClientRow[]> {
      return db.tenant(tenantId, (trx) => q.listApiClients(trx));
    },

    /**
     * The address of the notifying unit that hears the outcome of each notification this client sends
     * (the reference, the decision and its date, nothing about the people); none stops the emails.
     */
    async setOutcomeEmail(tenantId: string, clientId: string, email: string | null): Promise<void> {
      if (!UUID.test(clientId)) throw new TenantError('Give the API client’s id, as list-api-clients shows it');
      const address = email?.trim() || null;
      if (address && (address.length > 320 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address))) throw new TenantError('Give an email address in the right format, like public.protection@police.example');
      await db.tenant(tenantId, async (trx) => {
        if (!(await q.setOutcomeEmail(trx, clientId, address))) throw new TenantError('There is no API client with that id that is not revoked');
        await recordAudit(trx, tenantId, { actorType: 'system', actorId: null, action: 'api-client.outcome-email', subjectType: 'api-client', subjectId: clientId, details: { set: address !== null } });
      });
    },

    /** Stops a client's token working from now on (issue 11, finding 7). */
    async revokeApiClient(tenantId: string, clientId: string): Promise<void> {
      if (!UUID.test(clientId)) throw new TenantError('Give the API client’s id, as list-api-clients shows it');
      await db.tenant(tenantId, async (trx) => {
        if (!(await q.revokeApiClient(trx, clientId, new Date()))) throw new TenantError('There is no API client with that id that is not already revoked');
        await recordAudit(trx, tenantId, { actorType: 'system', actorId: null, action: 'api-client.revoke', subjectType: 'api-client', subjectId: clientId });
      });
    },

    /** A new token for a client, shown once; the old one stops working at once. */
    async rotateApiClient(tenantId: string, clientId: string, days = DEFAULT_TOKEN_DAYS): Promise<{ token: string; expiresAt: Date }> {
      if (!UUID.test(clientId)) throw new TenantError('Give the API client’s id, as list-api-clients shows it');
      const expiresAt = tokenExpiry(days);
      const token = newApiToken();
      await db.tenant(tenantId, async (trx) => {
        if (!(await q.rotateApiClient(trx, clientId, tokenHash(token), expiresAt, new Date()))) throw new TenantError('There is no API client with that id that may still be used (a revoked one cannot be rotated)');
        await recordAudit(trx, tenantId, { actorType: 'system', actorId: null, action: 'api-client.rotate', subjectType: 'api-client', subjectId: clientId, details: { expiresAt: expiresAt.toISOString() } });
      });
      return { token, expiresAt };
    },

    /** How many hours a session lasts at most in this tenant, however active (issue 11, finding 5). */
    async setSessionLifetime(tenantId: string, hours: number): Promise<void> {
      if (!Number.isInteger(hours) || hours < 1 || hours > 24) throw new TenantError('A session lifetime is a whole number of hours from 1 to 24');
      await db.owner().transaction().execute(async (trx) => {
        await q.setSessionLifetime(trx, tenantId, hours);
        await recordAudit(trx, tenantId, { actorType: 'system', actorId: null, action: 'tenant.session-lifetime', subjectType: 'tenant', subjectId: tenantId, details: { hours } });
      });
    },

    /**
     * Whether everyone with a sensitive role (one that sees case content, withheld addresses or the
     * audit log, or administers) must enter a code from an authenticator app after their password
     * (issue 11, build 2). Whoever has not set one up is asked to at their next page.
     */
    async setSecondStepRequired(tenantId: string, required: boolean): Promise<void> {
      await db.owner().transaction().execute(async (trx) => {
        await q.setSecondStepRequired(trx, tenantId, required);
        await recordAudit(trx, tenantId, { actorType: 'system', actorId: null, action: 'tenant.second-step', subjectType: 'tenant', subjectId: tenantId, details: { required } });
      });
    },
  };
}

export type TenantService = ReturnType<typeof tenantService>;
