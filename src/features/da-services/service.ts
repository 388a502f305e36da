import { UUID } from '../../platform/http/route-params.js';
import type { RiskBand } from '../../domain/marac/criteria.js';
import { can } from '../../platform/access/policy.js';
import { recordAudit } from '../../platform/audit/audit-log.js';
import type { CurrentUser } from '../../platform/auth/current-user.js';
import type { Database, Trx } from '../../platform/db/database.js';
import { ServiceError } from '../../platform/http/service-error.js';
import * as q from './queries.js';
import type { DaService, DaServiceInput } from './queries.js';

export type { DaService, DaServiceInput } from './queries.js';

export class DaServiceError extends ServiceError {}

export const BANDS: readonly RiskBand[] = ['high', 'medium', 'standard'];

/**
 * The services taking referrals for a level of risk, by name, in the tenant of the transaction.
 * For other features to offer, inside their own transaction, where a victim can be referred.
 */
export function servicesForBand(trx: Trx, band: RiskBand): Promise<DaService[]> {
  return q.activeServicesForBand(trx, band);
}

/** Adds a service in the caller's transaction, audited. No personal data goes in the audit details. */
export async function addDaService(trx: Trx, tenantId: string, input: DaServiceInput, audit: { actorType: 'user' | 'system'; actorId: string | null; requestId: string | null }): Promise<DaService> {
  const service = await q.insertService(trx, tenantId, input);
  await recordAudit(trx, tenantId, { ...audit, action: 'da-service.add', subjectType: 'da-service', subjectId: service.id, details: { band: service.band, active: service.active } });
  return service;
}

const FIELDS: readonly (keyof DaServiceInput)[] = ['name', 'offers', 'howToRefer', 'band', 'active'];

/** The directory of domestic abuse services, kept by the local authority's administrator. */
export function daServicesService(db: Database) {
  function mayManage(user: CurrentUser): void {
    if (!can(user, 'settings:manage')) throw new DaServiceError(403, 'You do not have permission to do this');
  }

  async function find(trx: Trx, id: string): Promise<DaService> {
    if (!UUID.test(id)) throw new DaServiceError(404, 'Service not found');
    const service = await q.findService(trx, id);
    if (!service) throw new DaServiceError(404, 'Service not found');
    return service;
  }

  return {
    /** Every service, active or not, by level of risk and then name. */
    async list(user: CurrentUser): Promise<DaService[]> {
      mayManage(user);
      const services = await db.tenant(user.tenantId, (trx) => q.allServices(trx));
      return services.sort((a, b) => BANDS.indexOf(a.band) - BANDS.indexOf(b.band));
    },

    async get(user: CurrentUser, id: string): Promise<DaService> {
      mayManage(user);
      return db.tenant(user.tenantId, (trx) => find(trx, id));
    },

    async add(user: CurrentUser, input: DaServiceInput, requestId: string): Promise<DaService> {
      mayManage(user);
      return db.tenant(user.tenantId, (trx) => addDaService(trx, user.tenantId, input, { actorType: 'user', actorId: user.id, requestId }));
    },

    /** Saves the changes; audited with the names of the fields that changed, never their text. */
    async change(user: CurrentUser, id: string, input: DaServiceInput, requestId: string): Promise<DaService> {
      mayManage(user);
      return db.tenant(user.tenantId, async (trx) => {
        const before = await find(trx, id);
        const changed = FIELDS.filter((f) => before[f] !== input[f]);
        if (changed.length === 0) return before;
        const after = await q.updateService(trx, id, input);
        await recordAudit(trx, user.tenantId, {
          actorType: 'user',
          actorId: user.id,
          action: 'da-service.change',
          subjectType: 'da-service',
          subjectId: id,
          requestId,
          details: { changed, band: after.band, active: after.active },
        });
        return after;
      });
    },
  };
}

export type DaServicesService = ReturnType<typeof daServicesService>;
