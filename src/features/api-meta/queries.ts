import type { Trx } from '../../platform/db/database.js';

export function tenantOfClient(trx: Trx) {
  return trx.selectFrom('tenants').select(['id', 'slug', 'name']).executeTakeFirstOrThrow();
}
