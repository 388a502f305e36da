import type { Trx } from '../../../platform/db/database.js';

/** The notifying unit's address of the partner system that sent this contact, if it gave one. */
export async function outcomeAddressOf(trx: Trx, apiClientId: string): Promise<string | null> {
  const row = await trx.selectFrom('api_clients').select('outcome_email').where('id', '=', apiClientId).executeTakeFirst();
  return row?.outcome_email ?? null;
}
