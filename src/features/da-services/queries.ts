import { sql } from 'kysely';
import type { RiskBand } from '../../domain/marac/criteria.js';
import type { Trx } from '../../platform/db/database.js';

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

/** The services taking referrals for a level of risk, by name. */
export async function activeServicesForBand(trx: Trx, band: RiskBand): Promise<DaService[]> {
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

/** Every service, active or not, by name. */
export async function allServices(trx: Trx): Promise<DaService[]> {
  const rows = await trx.selectFrom('da_services').select(COLUMNS).orderBy(byName).orderBy('name').orderBy('id').execute();
  return rows.map(fromRow);
}

export async function findService(trx: Trx, id: string): Promise<DaService | null> {
  const row = await trx.selectFrom('da_services').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  return row ? fromRow(row) : null;
}

export async function insertService(trx: Trx, tenantId: string, input: DaServiceInput): Promise<DaService> {
  const row = await trx
    .insertInto('da_services')
    .values({ tenant_id: tenantId, name: input.name, offers: input.offers, how_to_refer: input.howToRefer, band: input.band, active: input.active })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return fromRow(row);
}

export async function updateService(trx: Trx, id: string, input: DaServiceInput): Promise<DaService> {
  const row = await trx
    .updateTable('da_services')
    .set({ name: input.name, offers: input.offers, how_to_refer: input.howToRefer, band: input.band, active: input.active, updated_at: new Date() })
    .where('id', '=', id)
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return fromRow(row);
}
