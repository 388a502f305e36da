import { UUID } from '../../platform/http/route-params.js';
import { sql } from 'kysely';
import type { RiskBand } from '../../domain/marac/criteria.js';
import { can } from '../../platform/access/policy.js';
import { recordAudit } from '../../platform/audit/audit-log.js';
import type { CurrentUser } from '../../platform/auth/current-user.js';
import type { Database, Trx } from '../../platform/db/database.js';
import { ServiceError } from '../../platform/http/service-error.js';

export class DaServiceError extends ServiceError {}

/** A domestic abuse service a victim can be referred to, and the level of risk it serves. */
export interface DaService {
  id: string;
  name: string;
  offers: string;
  howToRefer: string;
  band: RiskBand;
  active: boolean;
}

export type DaServiceInput = Omit<DaService, 'id'>;

export const BANDS: readonly RiskBand[] = ['high', 'medium', 'standard'];


const COLUMNS = ['id', 'name', 'offers', 'how_to_refer', 'band', 'active'] as const;

interface Row {
  id: string;
  name: string;
  offers: string;
  how_to_refer: string;
  band: RiskBand;
  active: boolean;
}

const fromRow = (r: Row): DaService => ({ id: r.id, name: r.name, offers: r.offers, howToRefer: r.how_to_refer, band: r.band, active: r.active });

/** Ordered by name the same way on every database, whatever its collation. */
const byName = sql`lower(name)`;

/**
 * The services taking referrals for a level of risk, by name, in the tenant of the transaction.
 * For other features to offer, inside their own transaction, where a victim can be referred.
 */
export async function servicesForBand(trx: Trx, band: RiskBand): Promise<DaService[]> {
  const rows = await trx
    .selectFrom('da_services')
    .select(COLUMNS)
    .where('band', '=', band)
    .where('active', '=', true)
    .orderBy(byName)
    .orderBy('name')
    .orderBy('id')
    .execute();
  return rows.map(fromRow);
}

/** Adds a service in the caller's transaction, audited. No personal data goes in the audit details. */
export async function addDaService(trx: Trx, tenantId: string, input: DaServiceInput, audit: { actorType: 'user' | 'system'; actorId: string | null; requestId: string | null }): Promise<DaService> {
  const row = await trx
    .insertInto('da_services')
    .values({ tenant_id: tenantId, name: input.name, offers: input.offers, how_to_refer: input.howToRefer, band: input.band, active: input.active })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  await recordAudit(trx, tenantId, { ...audit, action: 'da-service.add', subjectType: 'da-service', subjectId: row.id, details: { band: row.band, active: row.active } });
  return fromRow(row);
}

const FIELDS: readonly (keyof DaServiceInput)[] = ['name', 'offers', 'howToRefer', 'band', 'active'];

/** The directory of domestic abuse services, kept by the local authority's administrator. */
export function daServicesService(db: Database) {
  function mayManage(user: CurrentUser): void {
    if (!can(user, 'settings:manage')) throw new DaServiceError(403, 'You do not have permission to do this');
  }

  async function find(trx: Trx, id: string): Promise<DaService> {
    if (!UUID.test(id)) throw new DaServiceError(404, 'Service not found');
    const row = await trx.selectFrom('da_services').select(COLUMNS).where('id', '=', id).executeTakeFirst();
    if (!row) throw new DaServiceError(404, 'Service not found');
    return fromRow(row);
  }

  return {
    /** Every service, active or not, by level of risk and then name. */
    async list(user: CurrentUser): Promise<DaService[]> {
      mayManage(user);
      const rows = await db.tenant(user.tenantId, (trx) => trx.selectFrom('da_services').select(COLUMNS).orderBy(byName).orderBy('name').orderBy('id').execute());
      return rows.map(fromRow).sort((a, b) => BANDS.indexOf(a.band) - BANDS.indexOf(b.band));
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
        const row = await trx
          .updateTable('da_services')
          .set({ name: input.name, offers: input.offers, how_to_refer: input.howToRefer, band: input.band, active: input.active, updated_at: new Date() })
          .where('id', '=', id)
          .returning(COLUMNS)
          .executeTakeFirstOrThrow();
        await recordAudit(trx, user.tenantId, {
          actorType: 'user',
          actorId: user.id,
          action: 'da-service.change',
          subjectType: 'da-service',
          subjectId: id,
          requestId,
          details: { changed, band: row.band, active: row.active },
        });
        return fromRow(row);
      });
    },
  };
}

export type DaServicesService = ReturnType<typeof daServicesService>;
