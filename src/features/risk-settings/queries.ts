import { sql } from 'kysely';
import type { Trx } from '../../platform/db/database.js';

/** The risk settings row of the tenant of the transaction, if it has saved its own. */
export function savedRiskSettings(trx: Trx) {
  return trx
    .selectFrom('risk_settings')
    .select(['high_from', 'medium_from', 'review_weeks', 'escalation_incidents', 'escalation_months', 'repeat_months', 'instrument_versions'])
    .where(sql<boolean>`tenant_id = current_tenant_id()`)
    .executeTakeFirst();
}

export interface RiskSettingsValues {
  high_from: number;
  medium_from: number;
  review_weeks: number;
  escalation_incidents: number;
  escalation_months: number;
  repeat_months: number;
}

/** Saves a tenant's settings, adding its row the first time; the instrument versions stay as they are. */
export async function saveRiskSettings(trx: Trx, tenantId: string, values: RiskSettingsValues): Promise<void> {
  await trx
    .insertInto('risk_settings')
    .values({ tenant_id: tenantId, ...values })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet(values))
    .execute();
}
